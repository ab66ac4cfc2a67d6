package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"

	"github.com/scimbridge/scimbridge/internal/bridge"
	"github.com/scimbridge/scimbridge/internal/config"
	"github.com/scimbridge/scimbridge/internal/tlsconf"
)

// httpsAddr is where TLS mode listens; tests move it off 8443.
var httpsAddr = tlsconf.DefaultHTTPSAddr

// serveTLS is serve in TLS mode, as the 1Password bridge has it: HTTPS on
// 8443 with a certificate from Let's Encrypt (OP_TLS_DOMAIN) or from files
// (OP_TLS_CERT_FILE, OP_TLS_KEY_FILE), and with OP_PING_SERVER a plain
// /ping on 8080 for load balancers. Nothing is served on OP_PORT.
func serveTLS(ctx context.Context, cfg config.Bridge, b *bridge.Server, srv *http.Server, log *slog.Logger) error {
	if os.Getenv("OP_PORT") != "" {
		log.Warn("OP_PORT is ignored in TLS mode: the bridge serves HTTPS on 8443 (and /ping on 8080 with OP_PING_SERVER)")
	}
	// Listen before the certificate starts: TLS-ALPN-01 challenges arrive
	// on this port.
	ln, err := net.Listen("tcp", httpsAddr)
	if err != nil {
		return fmt.Errorf("HTTPS listener: %w", err)
	}
	defer ln.Close()
	tlsCfg, mode, stop, err := tlsSource(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer stop()
	srv.TLSConfig = tlsCfg
	srv.Handler = tlsconf.HSTS(srv.Handler)
	servers := []func(context.Context) error{func(ctx context.Context) error {
		return serve(ctx, srv, ln, func(l net.Listener) error { return srv.ServeTLS(l, "", "") })
	}}
	log.Info("component", "name", "listener", "state", "serving", "addr", ln.Addr().String(), "tls", mode)
	if cfg.PingServer {
		pln, err := net.Listen("tcp", tlsconf.PingAddr)
		if err != nil {
			return fmt.Errorf("OP_PING_SERVER: %w", err)
		}
		ping := tlsconf.NewPingServer(log)
		servers = append(servers, func(ctx context.Context) error { return serve(ctx, ping, pln, ping.Serve) })
		log.Info("component", "name", "ping listener", "state", "serving", "addr", pln.Addr().String(), "tls", "off")
	}
	return runBridge(ctx, b, srv, func() error { return serveAll(ctx, servers) })
}

// tlsSource builds the HTTPS configuration from the certificate files or
// from ACME; stop ends certificate management.
func tlsSource(ctx context.Context, cfg config.Bridge, log *slog.Logger) (c *tls.Config, mode string, stop func(), err error) {
	if cfg.TLSDomain == "" {
		f, problems, err := tlsconf.LoadFiles(tlsconf.FilesOptions{CertFile: cfg.TLSCertFile, KeyFile: cfg.TLSKeyFile, Logger: log})
		if err != nil {
			return nil, "", nil, fmt.Errorf("OP_TLS_CERT_FILE, OP_TLS_KEY_FILE: %w", err)
		}
		for _, p := range problems {
			log.Warn("OP_TLS_CERT_FILE: " + p.Message)
		}
		leaf := f.Certificate().Leaf
		log.Info("component", "name", "tls certificate", "state", "loaded", "subject", leaf.Subject.String(), "not_after", leaf.NotAfter, "problems", len(problems))
		return f.TLSConfig(), "certificate files", func() {}, nil
	}
	var roots *x509.CertPool
	if cfg.ACMECARoots != "" {
		data, err := os.ReadFile(cfg.ACMECARoots)
		if err == nil {
			roots, err = tlsconf.LoadCertPool(data)
		}
		if err != nil {
			return nil, "", nil, fmt.Errorf("SCIMBRIDGE_ACME_CA_ROOTS: %w", err)
		}
	}
	a, err := tlsconf.StartACME(ctx, tlsconf.ACMEOptions{
		Domain: cfg.TLSDomain, Email: cfg.LetsEncryptEmail, StorageDir: cfg.TLSStorage, CA: cfg.ACMECA,
		TrustedRoots: roots, ListenAddr: httpsAddr, Logger: log,
	})
	if err != nil {
		return nil, "", nil, fmt.Errorf("OP_TLS_DOMAIN (storage SCIMBRIDGE_TLS_STORAGE=%s): %w", cfg.TLSStorage, err)
	}
	log.Info("component", "name", "tls certificate", "state", "managed", "domain", cfg.TLSDomain, "storage", cfg.TLSStorage)
	return a.TLSConfig(), "ACME", a.Close, nil
}

// serveAll runs the servers until ctx ends or one of them fails, then
// stops the others.
func serveAll(ctx context.Context, servers []func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, len(servers))
	for _, s := range servers {
		go func() { errc <- s(ctx) }()
	}
	var errs []error
	for range servers {
		errs = append(errs, <-errc)
		cancel()
	}
	return errors.Join(errs...)
}
