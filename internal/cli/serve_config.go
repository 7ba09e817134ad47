package cli

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sdkjwt/sdkjwt/inspect"
	"github.com/sdkjwt/sdkjwt/server"
)

// serveConfig reads what serve's configuration holds beyond its flags:
// the vendors' routes, with their credentials from the environment and
// their files, and the auth token file. SIGHUP calls it again. It returns
// the warnings to give rather than write them: at a reload they go to the
// log.
func (c *Call) serveConfig(o *serveOptions) (cfg server.Config, warnings []string, err error) {
	cc := *c
	cc.warnings = &warnings
	cfg, err = cc.readServeConfig(o)
	return cfg, warnings, err
}

func (c *Call) readServeConfig(o *serveOptions) (server.Config, error) {
	cfg := server.Config{AllowOrigins: o.origins, Default: o.kind,
		MaxConcurrent: o.maxConcurrent, Rate: o.rate, Burst: o.burst, TrustedProxies: o.proxies}
	var served, paths []string // the kinds with credentials, and the path of each one's first route
	for _, routes := range o.routes {
		rs, err := routes(c)
		if err != nil {
			return cfg, err
		}
		for _, r := range rs {
			if r.Token != nil && !slices.Contains(served, r.Kind) {
				served, paths = append(served, r.Kind), append(paths, r.Path)
			}
		}
		cfg.Routes = append(cfg.Routes, rs...)
	}
	switch {
	case o.kind != "" && !slices.Contains(served, o.kind):
		return cfg, fmt.Errorf("--sdk %s: not served: its credentials are not set, or a warning says why", o.kind)
	case len(served) == 0:
		return cfg, errors.New("no endpoint to serve: set " + servedEnv())
	case o.kind == "" && len(served) == 1:
		cfg.Default = served[0]
	case o.kind == "":
		c.warn("the credentials of %s are set: POST / answers 404 unless --sdk names one; POST %s work", strings.Join(served, " and "), strings.Join(paths, ", "))
	}
	if o.authFile != "" {
		b, _, err := c.secret(o.authFile, nil)
		if err != nil {
			return cfg, fmt.Errorf("auth token: %w", err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			cfg.AuthTokens = append(cfg.AuthTokens, []byte(line))
		}
		clear(b)
	}
	if err := cfg.Check(); err != nil { // what Reload would refuse, named now
		return cfg, fmt.Errorf("--auth-token-file %s: %w", o.authFile, err)
	}
	return cfg, nil
}

// credentials returns the kind's key and Signer, or nil if neither of its
// variables is set; one without the other is an error.
func (c *Call) credentials(vars inspect.Env) (*server.Credentials, error) {
	key, err := c.lookup(vars.Key)
	if err != nil {
		return nil, err
	}
	secretFile, err := c.credentialFile(vars.Secret)
	if err != nil {
		return nil, err
	}
	switch secret := c.getenv(vars.Secret) + secretFile; {
	case key == "" && secret == "":
		return nil, nil
	case key == "" || secret == "":
		set, unset := vars.Key, vars.Secret
		if key == "" {
			set, unset = vars.Secret, vars.Key
		}
		return nil, fmt.Errorf("%s is set but %s is not: refusing to start, every request would fail", set, unset)
	}
	k, s, err := c.signer(&common{}, []inspect.Env{vars})
	if err != nil {
		return nil, err
	}
	return &server.Credentials{Key: k, Signer: s}, nil
}
