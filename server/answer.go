package server

import (
	"net/http"
	"strconv"

	"github.com/sdkjwt/sdkjwt/jwt"
)

// This file writes every answer: one place sends the status, the JSON body
// and what the log and the metrics say of it.

// fail answers a request-level error in the samples' error shape.
func fail(w http.ResponseWriter, status int, reason string) {
	refuse(w, status, []Problem{{"$request", reason}}, "")
}

// refuse answers problems, and tells the metrics the first property refused.
func refuse(w http.ResponseWriter, status int, problems []Problem, kind string) {
	if rec, ok := w.(*record); ok {
		rec.property = problems[0].Property
	}
	write(w, status, errorBody(problems), kind, "")
}

func errorBody(problems []Problem) []byte {
	b := []byte(`{"errors":[`)
	for i, p := range problems {
		if i > 0 {
			b = append(b, ',')
		}
		var o jwt.Object
		b = o.String(o.Open(b), "property", p.Property)
		b = o.String(b, "reason", p.Reason)
		b, _ = o.Close(b) // reasons quote request text, which JSON decoding made valid UTF-8
	}
	return append(b, "]}"...)
}

// The values of headers every answer carries are made once, not per
// answer: net/http only reads them (it copies the handler's header before
// adding its own).
var (
	jsonContentType = []string{"application/json; charset=utf-8"}
	anyOrigin       = []string{"*"}
)

// write sends a JSON answer, and tells the log the kind and role issued.
func write(w http.ResponseWriter, status int, body []byte, kind, role string) {
	writeAs(w, status, "", body, kind, role)
}

// writeAs is write with a content type other than JSON's, if not "".
func writeAs(w http.ResponseWriter, status int, contentType string, body []byte, kind, role string) {
	if rec, ok := w.(*record); ok {
		rec.kind, rec.role = kind, role
	}
	if contentType == "" {
		w.Header()["Content-Type"] = jsonContentType
	} else {
		w.Header().Set("Content-Type", contentType)
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}
