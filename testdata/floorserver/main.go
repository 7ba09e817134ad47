// Command floorserver is the floor of the throughput measurement in README
// ("sdkjwt serve: throughput"): a net/http server that answers every POST
// with a constant body the size of a Video SDK answer, doing no parsing,
// validation or signing. It is a benchmark helper, not part of sdkjwt.
//
//	go run ./testdata/floorserver -addr 127.0.0.1:4001
package main

import (
	"flag"
	"log"
	"net/http"
	"strconv"
)

const body = `{"signature":"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJhcHBfa2V5IjoidlEzeFI4c1R6TG1ONHBLd1liMkhjIiwicm9sZV90eXBlIjoxLCJ0cGMiOiJDb29sIENhcnMiLCJ2ZXJzaW9uIjoxLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwNzIwMCwidXNlcl9pZGVudGl0eSI6InVzZXIxMjMiLCJzZXNzaW9uX2tleSI6InNlc3Npb24xMjMifQ.hUkZJIcVwHLESluMrKOKoOFAOqZnbGXNOZ2DoVPk4_g"}`

func main() {
	addr := flag.String("addr", "127.0.0.1:4001", "where to listen")
	flag.Parse()
	http.HandleFunc("POST /", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write([]byte(body))
	})
	log.Fatal(http.ListenAndServe(*addr, nil))
}
