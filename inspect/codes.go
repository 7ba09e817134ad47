package inspect

import (
	"slices"
	"strings"
	"sync"
)

// A Code names one kind of finding, e.g. "iat-float". Codes are stable: a
// program may match them. docs/codes.md lists every code.
type Code string

// A Severity says how much a finding matters.
type Severity string

// Error: the vendor documents the rule, or the token certainly fails.
// Warning: it may fail. Info: worth knowing.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// A CodeInfo defines a code: its severity, and the hint every finding of it
// carries, saying what to change in the terms of the code people write. A
// hint names no command-line flag; the command line adds its own.
type CodeInfo struct {
	Code     Code
	Severity Severity
	Hint     string
}

// The codes of every token: its structure, its times and its signature.
// Each vendor's package registers the codes of its own rules.
var generic = []CodeInfo{
	{"no-token", Error, "give the token as the argument, or on standard input"},
	{"quotes-removed", Info, "send the token without the quotes around it (in JSON, read the string's value)"},
	{"whitespace-removed", Info, "a token is one line: if the client's copy has line breaks or spaces inside, send it whole, as the server made it"},
	{"invisible-character", Warning, "remove the characters named from where the token is kept or pasted (a page, a chat, a document, an env file): the vendor reads them as part of the token"},
	{"no-vendors", Warning, "import the packages of the vendors whose tokens the program explains (github.com/sdkjwt/sdkjwt/sdk, hms, livekit, agora, twilio, stream, daily), if only for their side effect: each registers its kinds"},
	{"kind-ambiguous", Warning, "a token of one vendor has only that vendor's claims and header members: take out those of the other vendor named"},
	{"not-a-jwt", Error, "a JWT is three base64url parts joined by dots (eyJ….eyJ….…): copy the whole token, without quotes"},
	{"alg-not-hs256", Error, `sign with HMAC-SHA256: the header is {"alg":"HS256","typ":"JWT"}`},
	{"typ-not-jwt", Warning, `the usual header is {"alg":"HS256","typ":"JWT"}`},
	{"duplicate-key", Error, "write each member once: JSON parsers disagree on which copy counts"},
	{"duplicate-key-last", Warning, "write each member once: the vendor's server reads the last copy, which may not be the one meant"},
	{"non-canonical-base64", Error, "encode the header and payload as base64url without padding: '-' and '_' for '+' and '/', no '='"},
	{"iat-missing", Error, "add iat, the current time in Unix seconds"},
	{"iat-float", Error, "write iat as an integer: int(time.time()) in Python, not float(...); Math.floor(Date.now() / 1000) in JavaScript"},
	{"iat-string", Error, "write iat as a JSON number, not a string (Zoom: \"iat value is long format, not a string\")"},
	{"iat-milliseconds", Error, "divide by 1000 and round down: Math.floor(Date.now() / 1000), not Date.now()"},
	{"iat-future", Error, "sync the signing server's clock (NTP), or backdate iat by 30 to 120 seconds"},
	{"iat-quantized", Warning, "in Java, use Instant.now().getEpochSecond() or System.currentTimeMillis() / 1000, not Math.round(...)"},
	{"nbf-future", Error, "set nbf to the current time, from a clock kept right by NTP (or a few seconds earlier)"},
	{"nbf-milliseconds", Error, "divide by 1000 and round down: nbf is Unix seconds"},
	{"time-not-integer", Warning, "write the time as whole Unix seconds: RFC 7519 allows a fraction, but many servers refuse one (Zoom's among them)"},
	{"exp-missing", Error, "add exp, the expiry in Unix seconds"},
	{"exp-milliseconds", Error, "divide by 1000 and round down: exp is Unix seconds, as iat is"},
	{"exp-before-iat", Error, "set exp to iat plus the lifetime the vendor allows"},
	{"expired", Error, "make a new token for each join; a token is good only until exp"},
	{"claim-missing", Error, "add the claim the vendor's docs require"},
	{"claim-type", Error, "write the claim with the JSON type the vendor documents: numbers unquoted and integer, names as strings"},
	{"claim-value", Error, "use a value the vendor's docs allow for the claim"},
	{"claim-unknown", Info, "check the name against the vendor's claims: a misspelt claim is ignored (Zoom's Video SDK claims are snake_case: user_identity, not userIdentity)"},
	{"signature-valid", Info, "if the token is still refused, the key and secret may belong to another app, or another finding explains it"},
	{"signature-unchecked", Warning, "give the secret to check it"},
	{"signature-mismatch", Error, "sign with the secret paired with this key (of the same app and product, not an API or OAuth secret); for RS256, with the private key whose public half the server holds (the kid, if any, names it)"},
	{"signature-encoding", Error, "encode the HMAC-SHA256 bytes as base64url without padding, not as hex or standard base64"},
	{"signature-length", Error, "copy the whole token: its signature is 43 base64url characters for HS256 (32 bytes), 342 for RS256 with a 2048-bit key (256 bytes)"},
	{"rs256-unchecked", Warning, "give the public key to check it: --public-key-file PATH (PEM or JWK)"},
	{"alg-mismatch", Error, "check an RS256 token with the public key of the key that signed it (--public-key-file), and an HS256 one with the secret: a server configured for one algorithm refuses the other"},
	{"alg-confusion", Error, "the token is forged or made by mistake: a server must check an RS256 key's tokens as RS256 only, never as HS256 with the public key as the secret (the algorithm-confusion attack)"},
	{"secret-in-token", Error, "rotate the secret now (every client that got a token has it); then give the key as the key and the new secret as the secret (the secret is the longer credential, or Agora's App Certificate)"},
	{"secret-whitespace", Error, "remove the white space or newline around the secret where the token is signed (env files, echo without -n)"},
	{"secret-quoted", Error, "remove the quotes around the secret where the token is signed: an env file or a config read by a tool that keeps them"},
	{"use-wrong-token", Error, "present the token to what its kind serves, or make the kind of token the call takes (the message names both)"},
	{"use-denied", Error, "make a token with what the call needs (the message names it), or present this one to what it grants"},
	{"not-for-joining", Warning, "a client joins with another kind of token (the message names this one's use); give the use to judge it for"},
	{"join-mismatch", Error, "make the token for what the client joins with, or join with what the token is for: the two must be equal"},
	{"key-mismatch", Error, "sign with the key and secret of the app the client joins with; the credentials of different apps and products are not interchangeable"},
	{"key-secret-swapped", Error, "swap them: the secret is the other credential (the longer one, or Agora's App Certificate, not its App ID)"},
	{"jsrsasign-hex-secret", Error, "pass the secret to KJUR.jws.JWS.sign as {utf8: secret}, so that its UTF-8 bytes are the key, as the vendor reads it"},
}

// registry holds the codes and kinds Register was given.
var registry = struct {
	sync.RWMutex
	codes map[Code]CodeInfo
	kinds []*Kind
}{codes: map[Code]CodeInfo{}}

func init() { Register(generic) }

// Register adds a vendor's codes and kinds, for Inspect to use; a vendor's
// package calls it once, from an init function. The order does not matter:
// every kind is tried, and a token two kinds accept is of neither
// (Recognize). Registering a code or kind again, the same, does nothing. It
// panics if a code or kind name is taken by another, or a code is given no
// severity or hint.
func Register(codes []CodeInfo, kinds ...*Kind) {
	registry.Lock()
	defer registry.Unlock()
	for _, c := range codes {
		if old, ok := registry.codes[c.Code]; ok && old != c || c.Hint == "" || !slices.Contains(severities, c.Severity) {
			panic("inspect: code " + string(c.Code) + " registered twice, or without severity or hint")
		}
		registry.codes[c.Code] = c
	}
	for _, k := range kinds {
		i := slices.IndexFunc(registry.kinds, func(r *Kind) bool { return r.Name == k.Name })
		switch {
		case i >= 0 && registry.kinds[i] == k:
		case i >= 0 || k.Name == Unknown.Name:
			panic("inspect: kind " + k.Name + " registered twice")
		default:
			registry.kinds = append(registry.kinds, k)
		}
	}
}

// Kinds returns the registered kinds, in the order registered.
func Kinds() []*Kind { return slices.Clone(kinds()) }

// Codes returns every registered code, sorted.
func Codes() []CodeInfo {
	registry.RLock()
	defer registry.RUnlock()
	var all []CodeInfo
	for _, c := range registry.codes {
		all = append(all, c)
	}
	slices.SortFunc(all, func(a, b CodeInfo) int { return strings.Compare(string(a.Code), string(b.Code)) })
	return all
}

// severities in the order a report lists them.
var severities = []Severity{Error, Warning, Info}
