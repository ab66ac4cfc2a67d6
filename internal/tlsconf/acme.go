package tlsconf

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/caddyserver/certmagic"
	"github.com/mholt/acmez/v3"
)

// The ACME directories of Let's Encrypt.
const (
	LetsEncryptProduction = certmagic.LetsEncryptProductionCA
	LetsEncryptStaging    = certmagic.LetsEncryptStagingCA
)

// DefaultStorageDir is where the ACME account and certificates are kept by
// default: next to the scimsession in the image, on the volume that keeps
// it across restarts.
const DefaultStorageDir = "/home/opuser/.op/certificates"

// DefaultHTTPSAddr is where the bridge serves HTTPS in TLS mode, as the
// 1Password bridge does (Compose maps 443 to it).
const DefaultHTTPSAddr = ":8443"

// ACMEOptions configures a certificate from an ACME CA.
type ACMEOptions struct {
	Domain string // OP_TLS_DOMAIN: the one name on the certificate
	Email  string // OP_LETSENCRYPT_EMAIL: the account's contact; may be empty
	// StorageDir keeps the ACME account and the certificates. It must
	// survive restarts: a start with an empty directory orders a new
	// certificate, and Let's Encrypt allows only 5 for the same name a
	// week. Empty means DefaultStorageDir.
	StorageDir string
	// CA is the ACME directory URL; empty means LetsEncryptProduction.
	// With Let's Encrypt production, retries after a failure are tried
	// against its staging CA first, so that a broken set-up does not use
	// up the production rate limits.
	CA string
	// TrustedRoots are the roots to trust for the CA's own HTTPS; nil
	// means the system's (right for Let's Encrypt).
	TrustedRoots *x509.CertPool
	// ListenAddr is the address the HTTPS listener serving TLSConfig is
	// bound to (host:port); TLS-ALPN-01 challenges arrive there. Empty
	// means DefaultHTTPSAddr. Bind that listener before StartACME: when
	// the port is free, certmagic opens its own challenge listener on it.
	ListenAddr string
	Logger     *slog.Logger
}

// ACME serves a certificate obtained and renewed from an ACME CA.
//
// certmagic keeps some state in package variables that no option reaches:
// the challenges being solved (shared by every Config in the process, so
// that one listener can answer for all), the background job queue, the
// ACME account email it discovered, and storage locks. A process runs one
// ACME, so that sharing is harmless; its Cache, Config, issuer, storage and
// logger here are its own, never certmagic.Default.
type ACME struct {
	opts   ACMEOptions
	log    *slog.Logger
	cache  *certmagic.Cache
	magic  *certmagic.Config
	cancel context.CancelFunc

	readyOnce sync.Once
	ready     chan struct{}
}

// StartACME checks that the storage directory is usable, then manages the
// certificate in the background: it loads the stored certificate, or
// obtains one (retrying with backoff, logging each attempt), and renews it
// before it expires, until ctx ends or Close is called. Handshakes fail
// until the certificate is there; Ready says when it is.
func StartACME(ctx context.Context, opts ACMEOptions) (*ACME, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	if err := checkWritable(opts.StorageDir); err != nil {
		return nil, fmt.Errorf("TLS certificate storage: %w", err)
	}
	host, port, err := splitListenAddr(opts.ListenAddr)
	if err != nil {
		return nil, err
	}
	a := &ACME{opts: opts, log: opts.Logger.With("domain", opts.Domain), ready: make(chan struct{})}
	zl := zapToSlog(opts.Logger)

	a.cache = certmagic.NewCache(certmagic.CacheOptions{
		GetConfigForCert: func(certmagic.Certificate) (*certmagic.Config, error) { return a.magic, nil },
		Logger:           zl,
	})
	a.magic = certmagic.New(a.cache, certmagic.Config{
		Storage:           &certmagic.FileStorage{Path: opts.StorageDir},
		Logger:            zl,
		DefaultServerName: opts.Domain, // clients without SNI (health checks by IP) get it too
		OnEvent:           a.onEvent,
		ShouldEmitFunc:    func(event string) bool { return strings.HasPrefix(event, "cert_") || event == "cached_managed_cert" },
	})
	issuer := certmagic.NewACMEIssuer(a.magic, certmagic.ACMEIssuer{
		CA:                   opts.CA,
		Email:                opts.Email,
		Agreed:               true, // setting OP_TLS_DOMAIN is the operator's agreement, as in the 1Password bridge
		DisableHTTPChallenge: true,
		ListenHost:           host,
		AltTLSALPNPort:       port,
		TrustedRoots:         opts.TrustedRoots,
		Logger:               zl,
	})
	a.magic.Issuers = []certmagic.Issuer{issuer}

	if !a.stored() {
		a.log.Info("no stored TLS certificate: ordering one by TLS-ALPN-01; keep the storage directory on a persistent volume so that restarts reuse it",
			"ca", opts.CA, "storage", opts.StorageDir, "challenge_port", port)
	}
	mctx, cancel := context.WithCancel(ctx)
	a.cancel = cancel
	if err := a.magic.ManageAsync(mctx, []string{opts.Domain}); err != nil {
		a.Close()
		return nil, fmt.Errorf("managing the certificate for %s: %w", opts.Domain, err)
	}
	return a, nil
}

// TLSConfig serves the managed certificate over TLS 1.2 or later, for
// HTTP/2 and HTTP/1.1, and answers TLS-ALPN-01 challenges ("acme-tls/1").
func (a *ACME) TLSConfig() *tls.Config {
	return &tls.Config{
		MinVersion:     MinVersion,
		NextProtos:     append(append([]string(nil), httpProtos...), acmez.ACMETLS1Protocol),
		GetCertificate: a.magic.GetCertificate,
	}
}

// Ready is closed once a certificate is loaded and being served.
func (a *ACME) Ready() <-chan struct{} { return a.ready }

// Certificate is the certificate being served for the domain, if any.
func (a *ACME) Certificate() *x509.Certificate {
	for _, c := range a.cache.AllMatchingCertificates(a.opts.Domain) {
		if c.Leaf != nil {
			return c.Leaf
		}
	}
	return nil
}

// Close stops obtaining and renewing, and the cache's maintenance.
func (a *ACME) Close() {
	if a.cancel != nil {
		a.cancel()
	}
	a.cache.Stop()
}

// onEvent turns certmagic's events into the bridge's log lines: what an
// operator needs to follow issuance, without the ACME chatter.
func (a *ACME) onEvent(_ context.Context, event string, data map[string]any) error {
	switch event {
	case "cert_obtaining":
		a.log.Info("obtaining a TLS certificate", "ca", a.opts.CA, "renewal", data["renewal"] == true)
	case "cert_obtained":
		a.log.Info("TLS certificate obtained and stored", "renewal", data["renewal"] == true, "issuer", data["issuer"])
	case "cert_failed":
		a.log.Error("could not obtain the TLS certificate; retrying with backoff", "renewal", data["renewal"] == true, "error", data["error"],
			"hint", "the CA must reach this bridge on port 443 (forwarded to "+a.opts.ListenAddr+") at "+a.opts.Domain+", which must resolve to it")
	case "cached_managed_cert":
		if leaf := a.Certificate(); leaf != nil {
			a.log.Info("serving the TLS certificate", "issuer", leaf.Issuer.String(), "not_after", leaf.NotAfter.UTC().Format(time.RFC3339))
		}
		a.readyOnce.Do(func() { close(a.ready) })
	}
	return nil
}

// stored reports whether storage already holds a certificate for the
// domain, to tell the operator when a start is about to order one.
func (a *ACME) stored() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, iss := range a.magic.Issuers {
		key := certmagic.StorageKeys.SiteCert(iss.IssuerKey(), a.opts.Domain)
		if a.magic.Storage.Exists(ctx, key) {
			return true
		}
	}
	return false
}

func (o *ACMEOptions) defaults() error {
	o.Domain = strings.ToLower(strings.TrimSpace(o.Domain))
	if o.Domain == "" {
		return errors.New("no domain for the TLS certificate")
	}
	if !certmagic.SubjectQualifiesForPublicCert(o.Domain) || strings.Contains(o.Domain, "*") {
		return fmt.Errorf("%q cannot get a certificate from an ACME CA: it must be a public DNS name without wildcards", o.Domain)
	}
	if o.StorageDir == "" {
		o.StorageDir = DefaultStorageDir
	}
	if o.CA == "" {
		o.CA = LetsEncryptProduction
	}
	if o.ListenAddr == "" {
		o.ListenAddr = DefaultHTTPSAddr
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return nil
}

func splitListenAddr(addr string) (string, int, error) {
	host, p, err := net.SplitHostPort(addr)
	if err != nil {
		return "", 0, fmt.Errorf("HTTPS listen address %q: %w", addr, err)
	}
	port, err := strconv.Atoi(p)
	if err != nil || port < 1 || port > 65535 {
		return "", 0, fmt.Errorf("HTTPS listen address %q: the port must be a number from 1 to 65535", addr)
	}
	return host, port, nil
}

// checkWritable creates dir (owner only) and writes a file in it, so that
// an unwritable volume fails at start, not at the first issuance.
func checkWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(filepath.Clean(name))
}
