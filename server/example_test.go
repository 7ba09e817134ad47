package server_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/sdkjwt/sdkjwt/jwt"
	"github.com/sdkjwt/sdkjwt/server"
)

func ExampleNew() {
	signer, err := jwt.NewSigner([]byte("Zk7QpWm2rTx9LsVb4NcYh6JdFg1Ra8Eu"))
	if err != nil {
		panic(err)
	}
	h, err := server.New(server.Config{
		Routes:  []server.Route{server.Video(&server.Credentials{Key: "vQ3xR8sTzLmN4pKwYb2Hc", Signer: signer}, false)},
		Default: "video",
		Now:     func() time.Time { return time.Unix(1700000000, 0) },
	})
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(h) // in use: server.NewServer(addr, h).ListenAndServe()
	defer srv.Close()

	res, err := http.Post(srv.URL, "application/json", strings.NewReader(`{"sessionName":"Cool Cars","role":"3"}`))
	if err != nil {
		panic(err)
	}
	body, err := io.ReadAll(res.Body)
	if err != nil {
		panic(err)
	}
	fmt.Println(res.StatusCode, string(body))
	// Output:
	// 400 {"errors":[{"property":"role","reason":"Value is not valid. Got 3, expected 0,1"}]}
}

func ExampleNewServer() {
	srv := server.NewServer(":4000", http.NotFoundHandler())
	fmt.Println(srv.ReadHeaderTimeout, srv.WriteTimeout)
	// Output:
	// 5s 10s
}
