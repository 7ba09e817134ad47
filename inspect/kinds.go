package inspect

// A Kind is what a token is for, and what Inspect knows of it: how to
// recognise one, and its rules. A vendor's package defines its kinds and
// registers them (see Register); sdk, hms and livekit are the examples to
// follow.
type Kind struct {
	// Name is what reports call the kind, e.g. "zoom-video".
	Name string
	// KeyClaim is the claim that names the key (the public half of the
	// credentials), e.g. "app_key": Inspect compares it with Options.Key,
	// looks for the secret in it, and tries it as the secret.
	KeyClaim string
	// Env lists the environment variables that hold the kind's credentials,
	// pairs in the order to try them. Inspect does not read them; the
	// command line does.
	Env []Env
	// Match reports whether a token's claims are of this kind. It may read
	// them, but must not add findings: Check does.
	Match func(c *Claims) bool
	// Check reports, with c's methods, every rule of the kind the claims
	// break.
	Check func(c *Claims)
	// AlgOnly is set for a kind whose tokens' header is {"alg":"HS256"}
	// alone (LiveKit's): a header without typ is not a finding.
	AlgOnly bool
	// NotJWT, set for a kind whose tokens are not JWTs (a vendor's older
	// format), reports whether token is one, with the finding to report.
	NotJWT func(token string) (code Code, message string, ok bool)
	// Decode, set for a kind whose tokens are not JWTs at all (Agora's),
	// reports whether token is one of the kind's and, if so, decodes it,
	// adding with add a finding for each rule it breaks, its times judged
	// at now (Unix seconds). Inspect then checks the key and signature.
	Decode func(token string, now int64, add func(Code, string)) (*Decoded, bool)
}

// Decoded is a token that is not a JWT, as its kind's Decode read it.
type Decoded struct {
	// Content is what the token holds, as JSON: the report's Payload.
	Content []byte
	// Key is the key the token names, as a KeyClaim holds it in a JWT.
	Key string
	// Times are the token's times, for the report.
	Times []Time
	// Matches reports whether a secret signs the token; nil when the
	// signature cannot be checked (a finding of Decode says why).
	Matches func(secret []byte) bool
}

// An Env names the environment variables of one pair of credentials.
type Env struct{ Key, Secret string }

// Unknown is the kind of a token that no registered kind matches.
var Unknown = &Kind{Name: "unknown"}

// kinds returns the registered kinds, in the order to try them.
func kinds() []*Kind {
	registry.RLock()
	defer registry.RUnlock()
	return registry.kinds
}

// match returns the first registered kind whose Match accepts c, or Unknown.
func match(c *Claims) *Kind {
	for _, k := range kinds() {
		if k.Match != nil && k.Match(c) {
			return k
		}
	}
	return Unknown
}

// decode returns the kind that decodes token and what it read, or nil.
func decode(token string, r *Report) (*Kind, *Decoded) {
	for _, k := range kinds() {
		if k.Decode == nil {
			continue
		}
		if d, ok := k.Decode(token, r.Now, r.add); ok {
			return k, d
		}
	}
	return nil, nil
}

// notJWT returns the finding of the first kind that recognises token.
func notJWT(token string) (*Kind, Code, string) {
	for _, k := range kinds() {
		if k.NotJWT == nil {
			continue
		}
		if code, msg, ok := k.NotJWT(token); ok {
			return k, code, msg
		}
	}
	return nil, "", ""
}
