// Command floorserver is the floor of the throughput measurement in README
// ("sdkjwt serve: throughput"): a net/http server that answers every request
// with a constant body the size of a Video SDK answer, doing no parsing,
// validation or signing. It is a benchmark helper, not part of sdkjwt.
// With -timeouts, it runs with serve's timeouts (server.NewServer), which
// make net/http set deadlines on every request: the floor of a server that
// bounds its slow clients.
//
//	go run ./testdata/floorserver -addr 127.0.0.1:4001 [-timeouts]
package main

import (
	"flag"
	"log"
	"net/http"
	"strconv"

	"github.com/sdkjwt/sdkjwt/server"
)

const body = `{"signature":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoidlEzeFI4c1R6TG1ONHBLd1liMkhjIiwicm9sZV90eXBlIjoxLCJ0cGMiOiJDb29sIENhcnMiLCJ2ZXJzaW9uIjoxLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwNzIwMCwidXNlcl9pZGVudGl0eSI6InVzZXIxMjMiLCJzZXNzaW9uX2tleSI6InNlc3Npb24xMjMifQ.hUkZJIcVwHLESluMrKOKoOFAOqZnbGXNOZ2DoVPk4_g"}`

func main() {
	addr := flag.String("addr", "127.0.0.1:4001", "where to listen")
	timeouts := flag.Bool("timeouts", false, "serve's timeouts")
	flag.Parse()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write([]byte(body))
	})
	srv := &http.Server{Addr: *addr}
	if *timeouts {
		srv = server.NewServer(*addr, nil)
	}
	log.Fatal(srv.ListenAndServe())
}
