// Package config decodes the bridge's and the account service's
// configuration from the environment once, into typed structs, with errors
// that name the variable (design §4). It uses the 1Password bridge's
// variable names, so its deployment examples work unchanged; our own
// additions start with SCIMBRIDGE_.
package config

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Bridge is the configuration of `scimbridge serve`.
type Bridge struct {
	Session string // OP_SESSION: a scimsession file path, or its base64
	Port    int    // OP_PORT

	Redis Redis // OP_REDIS_*

	TLSDomain        string // OP_TLS_DOMAIN
	TLSCertFile      string // OP_TLS_CERT_FILE
	TLSKeyFile       string // OP_TLS_KEY_FILE
	LetsEncryptEmail string // OP_LETSENCRYPT_EMAIL
	PingServer       bool   // OP_PING_SERVER
	// ACMECA is the ACME directory URL (SCIMBRIDGE_ACME_CA); empty means
	// Let's Encrypt production.
	ACMECA string
	// ACMECARoots is a PEM file of roots to trust for a private ACME CA
	// (SCIMBRIDGE_ACME_CA_ROOTS).
	ACMECARoots string
	// TLSStorage keeps the ACME account and certificates across restarts
	// (SCIMBRIDGE_TLS_STORAGE, default /home/opuser/.op/certificates).
	TLSStorage string

	ConfirmationInterval time.Duration // OP_CONFIRMATION_INTERVAL (seconds)

	Log Log

	// AccountURL overrides the account URL the scimsession names
	// (SCIMBRIDGE_ACCOUNT_URL).
	AccountURL string
	// MaxBodyBytes bounds request bodies (SCIMBRIDGE_MAX_BODY_BYTES).
	MaxBodyBytes int64
	// RateLimit is the requests a second one client address may make
	// (SCIMBRIDGE_RATE_LIMIT, default 1000; 0 turns the limit off).
	RateLimit int
}

// Redis is where the bridge finds Redis, if anywhere.
type Redis struct {
	URL         string // the redis:// or rediss:// URL, built from the parts when not given
	InsecureTLS bool
}

// Configured reports whether Redis is configured at all.
func (r Redis) Configured() bool { return r.URL != "" }

// Log is how the process logs.
type Log struct {
	JSON   bool // OP_JSON_LOGS (the default unless OP_PRETTY_LOGS)
	Pretty bool // OP_PRETTY_LOGS
	Debug  bool // OP_DEBUG
	Trace  bool // OP_TRACE
}

// DefaultRateLimit is the requests a second one client address may make:
// tens of times what Okta or Entra ID send, so only a flood meets it.
const DefaultRateLimit = 1000

// DefaultSession is where the 1Password image keeps its scimsession.
const DefaultSession = "/home/opuser/.op/scimsession"

// BridgeFromEnv reads the bridge's configuration.
func BridgeFromEnv(getenv func(string) string) (Bridge, error) {
	e := env{getenv: getenv}
	c := Bridge{
		Session:              e.str("OP_SESSION", DefaultSession),
		Port:                 e.port("OP_PORT", 3002),
		TLSDomain:            e.str("OP_TLS_DOMAIN", ""),
		TLSCertFile:          e.str("OP_TLS_CERT_FILE", ""),
		TLSKeyFile:           e.str("OP_TLS_KEY_FILE", ""),
		LetsEncryptEmail:     e.str("OP_LETSENCRYPT_EMAIL", ""),
		PingServer:           e.boolean("OP_PING_SERVER"),
		ACMECA:               e.url("SCIMBRIDGE_ACME_CA"),
		ACMECARoots:          e.str("SCIMBRIDGE_ACME_CA_ROOTS", ""),
		ConfirmationInterval: time.Duration(e.integer("OP_CONFIRMATION_INTERVAL", 300, 1, 86400)) * time.Second,
		Log:                  e.log(),
		AccountURL:           e.url("SCIMBRIDGE_ACCOUNT_URL"),
		MaxBodyBytes:         int64(e.integer("SCIMBRIDGE_MAX_BODY_BYTES", 1<<20, 1024, 1<<30)),
		RateLimit:            e.integer("SCIMBRIDGE_RATE_LIMIT", DefaultRateLimit, 0, 1000000),
	}
	c.Redis = e.redis()
	c.TLSStorage = e.str("SCIMBRIDGE_TLS_STORAGE", "/home/opuser/.op/certificates")
	if (c.TLSCertFile == "") != (c.TLSKeyFile == "") {
		e.fail("OP_TLS_CERT_FILE, OP_TLS_KEY_FILE", "set both or neither")
	}
	if c.TLSDomain != "" && c.TLSCertFile != "" {
		e.fail("OP_TLS_DOMAIN", "set either OP_TLS_DOMAIN (Let's Encrypt) or OP_TLS_CERT_FILE and OP_TLS_KEY_FILE, not both")
	}
	return c, e.err
}

// LogFromEnv reads the logging variables.
func LogFromEnv(getenv func(string) string) (Log, error) {
	e := env{getenv: getenv}
	l := e.log()
	return l, e.err
}

func (e *env) log() Log {
	l := Log{Pretty: e.boolean("OP_PRETTY_LOGS"), Debug: e.boolean("OP_DEBUG"), Trace: e.boolean("OP_TRACE")}
	l.JSON = !l.Pretty || e.boolean("OP_JSON_LOGS")
	return l
}

// redis builds the Redis URL from OP_REDIS_URL, or from its parts.
func (e *env) redis() Redis {
	r := Redis{InsecureTLS: e.boolean("OP_REDIS_INSECURE_SSL")}
	if raw := e.getenv("OP_REDIS_URL"); raw != "" {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss") || u.Host == "" {
			// Never echo the URL: it may hold the password.
			e.fail("OP_REDIS_URL", "must be a redis:// or rediss:// URL with a host")
			return r
		}
		r.URL = raw
		return r
	}
	host := e.getenv("OP_REDIS_HOST")
	if host == "" {
		return r
	}
	port := e.port("OP_REDIS_PORT", 6379)
	u := url.URL{Scheme: "redis", Host: host + ":" + strconv.Itoa(port)}
	if e.boolean("OP_REDIS_ENABLE_SSL") {
		u.Scheme = "rediss"
	}
	user, pass := e.getenv("OP_REDIS_USERNAME"), e.getenv("OP_REDIS_PASSWORD")
	switch {
	case user != "" && pass != "":
		u.User = url.UserPassword(user, pass)
	case pass != "":
		u.User = url.UserPassword("", pass)
	case user != "":
		u.User = url.User(user)
	}
	r.URL = u.String()
	return r
}

// env reads variables, collecting the first error.
type env struct {
	getenv func(string) string
	err    error
}

func (e *env) fail(name, format string, args ...any) {
	if e.err == nil {
		e.err = fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...))
	}
}

func (e *env) str(name, def string) string {
	if v := strings.TrimSpace(e.getenv(name)); v != "" {
		return v
	}
	return def
}

func (e *env) boolean(name string) bool {
	v := strings.TrimSpace(e.getenv(name))
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		switch strings.ToLower(v) {
		case "yes", "on":
			return true
		case "no", "off":
			return false
		}
		e.fail(name, "%q is not a boolean (use 1 or 0, true or false)", v)
	}
	return b
}

func (e *env) integer(name string, def, lo, hi int) int {
	v := strings.TrimSpace(e.getenv(name))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		e.fail(name, "%q is not a whole number between %d and %d", v, lo, hi)
		return def
	}
	return n
}

func (e *env) port(name string, def int) int {
	v := strings.TrimSpace(e.getenv(name))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 65535 {
		e.fail(name, "%q is not a port number (1-65535)", v)
		return def
	}
	return n
}

func (e *env) url(name string) string {
	v := strings.TrimSpace(e.getenv(name))
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		e.fail(name, "must be an http:// or https:// URL")
		return ""
	}
	return strings.TrimRight(v, "/")
}
