// Package engine is package inspect with every vendor's kinds registered,
// behind one function of JSON in and JSON out: what the offline page
// inspect.html runs, compiled to WebAssembly (web/main.go). It pulls in no
// network package (TestNoNetwork).
package engine

import (
	"encoding/json"
	"slices"
	"time"

	_ "github.com/sdkjwt/sdkjwt/agora" // each vendor's package registers its kinds
	_ "github.com/sdkjwt/sdkjwt/daily"
	_ "github.com/sdkjwt/sdkjwt/hms"
	"github.com/sdkjwt/sdkjwt/inspect"
	_ "github.com/sdkjwt/sdkjwt/jitsi"
	_ "github.com/sdkjwt/sdkjwt/livekit"
	_ "github.com/sdkjwt/sdkjwt/sdk"
	_ "github.com/sdkjwt/sdkjwt/stream"
	_ "github.com/sdkjwt/sdkjwt/tencent"
	_ "github.com/sdkjwt/sdkjwt/twilio"
	_ "github.com/sdkjwt/sdkjwt/vonage"
	_ "github.com/sdkjwt/sdkjwt/zego"
)

// A Request is what the page asks: the fields of its form, as the command
// line's inspect takes them.
type Request struct {
	Token  string            `json:"token"`
	Secret *string           `json:"secret"` // nil: the signature is not checked
	Key    string            `json:"key"`
	Now    int64             `json:"now"` // Unix seconds: the page's clock, or the "judge at" field
	Use    string            `json:"use"`
	Join   map[string]string `json:"join"`
}

// Inspect answers a request (JSON) with {"report": the report as
// Report.JSON writes it, "json": the same as a string, its numbers as
// written (JSON.parse would change 1700000010.0), "text": the report as
// Report.Text writes it}, or {"error": …} for a request that is not JSON.
func Inspect(request []byte) []byte {
	var req Request
	if err := json.Unmarshal(request, &req); err != nil {
		b, _ := json.Marshal(map[string]string{"error": err.Error()})
		return b
	}
	o := inspect.Options{Now: time.Unix(req.Now, 0), Key: req.Key, Use: req.Use, Join: req.Join}
	if req.Secret != nil {
		o.Secret = []byte(*req.Secret)
	}
	r := inspect.Inspect(req.Token, o)
	b, _ := json.Marshal(struct {
		Report json.RawMessage `json:"report"`
		JSON   string          `json:"json"`
		Text   string          `json:"text"`
	}{r.JSON(), string(r.JSON()), r.Text()})
	return b
}

// A Kind is what the page's form offers for one kind of token.
type Kind struct {
	Name  string   `json:"name"`
	Uses  []string `json:"uses"`
	Joins []string `json:"joins"`
}

// Kinds returns the registered kinds, in the order inspect tries them,
// with their uses and join parameters.
func Kinds() []Kind {
	var ks []Kind
	for _, k := range inspect.Kinds() {
		if k.Name != "" {
			ks = append(ks, Kind{k.Name, slices.Clone(k.Uses), slices.Clone(k.Joins)})
		}
	}
	return ks
}
