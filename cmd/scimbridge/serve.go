package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/api"
	"github.com/scimbridge/scimbridge/internal/bridge"
	"github.com/scimbridge/scimbridge/internal/buildinfo"
	"github.com/scimbridge/scimbridge/internal/config"
	"github.com/scimbridge/scimbridge/internal/credentials"
	"github.com/scimbridge/scimbridge/internal/web"
)

// runServe runs the bridge against a remote account service, configured
// like the 1Password bridge (design §4).
func runServe(ctx context.Context, args []string, out, logOut io.Writer) error {
	cfg, err := config.BridgeFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	fs := newFlags("serve", out)
	fs.StringVar(&cfg.Session, "session", cfg.Session, "the scimsession file, or its base64 (OP_SESSION)")
	fs.IntVar(&cfg.Port, "port", cfg.Port, "the port to listen on (OP_PORT)")
	if err := parse(fs, args); err != nil {
		return err
	}
	version, build := buildinfo.Get()
	rt, err := newRuntime(ctx, out, cfg, version, build)
	if err != nil {
		return err
	}
	defer rt.close()
	log := rt.log
	log.Info("scimbridge starting", "version", version, "build", build)
	warnShortInterval(log, cfg)
	sessions, err := sessionSource(cfg.Session)
	if err != nil {
		return err
	}
	accountURL := cfg.AccountURL
	if s, err := sessions.Session(); err != nil {
		log.Warn("component", "name", "scimsession", "state", "missing", "detail", "SCIM requests get 503 until one is installed (run scimbridge setup); the status page explains", "OP_SESSION", sessionHint(cfg.Session))
	} else {
		log.Info("component", "name", "scimsession", "state", "installed", "OP_SESSION", sessionHint(cfg.Session), "credential", s.CredentialID)
		if loose, mode, err := credentials.CheckFileMode(cfg.Session); err == nil && loose {
			log.Warn("the scimsession file can be read by other users; make it mode 0600", "mode", mode.String())
		}
		accountURL = firstNonEmpty(accountURL, s.AccountURL)
	}
	log.Info("component", "name", "account", "state", "waiting", "url", accountURL, "detail", "the first valid bearer token unlocks the connection")
	log.Info("component", "name", "confirmation watcher", "state", "waiting", "interval_seconds", cfg.ConfirmationInterval.Seconds())

	b := bridge.New(bridge.Config{
		Session: sessions,
		Connect: func(ctx context.Context, u credentials.Unlocked, accountURL string) (account.Service, error) {
			if cfg.AccountURL != "" {
				accountURL = cfg.AccountURL
			}
			if accountURL == "" {
				return nil, errors.New("the scimsession names no account service URL; set SCIMBRIDGE_ACCOUNT_URL")
			}
			return rt.cached(ctx, api.NewClient(accountURL, u.APIKey, api.WithVersion(version)))
		},
		Logger: log, Version: version, Build: build, MaxBodyBytes: cfg.MaxBodyBytes, RateLimit: cfg.RateLimit, Metrics: rt.metrics, Logs: rt.ring.Bytes,
		ConfirmationInterval: cfg.ConfirmationInterval, Locker: rt.locker, Redis: rt.redis,
		UI: func(s *bridge.Server) http.Handler { return web.New(s, web.Options{}) },
	})
	srv := newHTTPServer(b, log)
	if cfg.TLSDomain != "" || cfg.TLSCertFile != "" {
		err := serveTLS(ctx, cfg, b, srv, log)
		log.Info("scimbridge stopped")
		return err
	}
	ln, err := net.Listen("tcp", ":"+strconv.Itoa(cfg.Port))
	if err != nil {
		return fmt.Errorf("OP_PORT: %w", err)
	}
	log.Info("component", "name", "listener", "state", "serving", "addr", ln.Addr().String(), "tls", "off")
	err = runBridge(ctx, b, srv, func() error { return serve(ctx, srv, ln, srv.Serve) })
	log.Info("scimbridge stopped")
	return err
}

// sessionSource reads OP_SESSION: a file path (watched for changes), or the
// file's contents in base64.
func sessionSource(value string) (bridge.SessionSource, error) {
	if _, err := os.Stat(value); err == nil || strings.HasPrefix(value, "/") || strings.HasPrefix(value, ".") {
		return bridge.NewFileSession(value)
	}
	s, err := credentials.Load(value)
	if err != nil {
		return nil, fmt.Errorf("OP_SESSION: %w", err)
	}
	return bridge.StaticSession{S: s}, nil
}

// sessionHint names a session without showing base64 contents.
func sessionHint(value string) string {
	if len(value) > 200 {
		return "(base64 value)"
	}
	return value
}
