package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/invite"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/account/store/sqlstore"
	"github.com/scimbridge/scimbridge/internal/bridge"
	"github.com/scimbridge/scimbridge/internal/buildinfo"
	"github.com/scimbridge/scimbridge/internal/config"
	"github.com/scimbridge/scimbridge/internal/credentials"
	"github.com/scimbridge/scimbridge/internal/setup"
	"github.com/scimbridge/scimbridge/internal/web"
)

// runQuickstart runs the whole system in one process: an account on SQLite
// in the data directory, the credentials pair (made once, kept for
// restarts), and the bridge with the account in-process.
func runQuickstart(ctx context.Context, args []string, out, logOut io.Writer) error {
	fs := newFlags("quickstart", out)
	dataDir := fs.String("data-dir", "./scimbridge-data", "where the account, the scimsession and the bearer token live")
	addr := fs.String("addr", "127.0.0.1:3002", "the address the bridge listens on")
	if err := parse(fs, args); err != nil {
		return err
	}
	bridgeCfg, err := config.BridgeFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	acctCfg, err := config.AccountFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	version, build := buildinfo.Get()
	rt, err := newRuntime(ctx, logOut, bridgeCfg, version, build)
	if err != nil {
		return err
	}
	defer rt.close()
	log := rt.log
	log.Info("scimbridge starting", "version", version, "build", build, "command", "quickstart")
	warnShortInterval(log, bridgeCfg)
	if err := os.MkdirAll(*dataDir, 0o700); err != nil {
		return err
	}

	st, err := sqlstore.Open(ctx, quickstartDB(*dataDir))
	if err != nil {
		return fmt.Errorf("opening the account database: %w", err)
	}
	defer st.Close()
	opts, err := accountOptions(acctCfg, log, "http://"+*addr)
	if err != nil {
		return err
	}
	acct := local.New(st, opts)
	defer acct.Close()
	if err := initQuickstartAccount(ctx, acct, *dataDir); err != nil {
		return err
	}
	sessionPath, tokenPath := filepath.Join(*dataDir, "scimsession"), filepath.Join(*dataDir, "bearer-token")
	token, err := quickstartCredentials(ctx, acct, sessionPath, tokenPath)
	if err != nil {
		return err
	}
	sessions, err := bridge.NewFileSession(sessionPath)
	if err != nil {
		return err
	}
	session, err := sessions.Session()
	if err != nil {
		return err
	}
	monitoringPath := filepath.Join(*dataDir, "monitoring-token")
	monitoringKept := false
	if mon, err := setup.ReadSecret(monitoringPath); err == nil && session.VerifyMonitoring(mon) {
		monitoringKept = true
	}
	// The same start-up story as serve: one line per component.
	log.Info("component", "name", "scimsession", "state", "installed", "path", sessionPath, "credential", session.CredentialID)
	log.Info("component", "name", "account", "state", "in process", "db", quickstartDB(*dataDir), "detail", "the first valid bearer token unlocks the connection")
	log.Info("component", "name", "confirmation watcher", "state", "waiting", "interval_seconds", bridgeCfg.ConfirmationInterval.Seconds())

	b := bridge.New(bridge.Config{
		Session: sessions,
		Connect: func(ctx context.Context, u credentials.Unlocked, _ string) (account.Service, error) {
			// No cache in front: the account is in this process, so a
			// hit would save one SQLite read, while every write empties
			// the cache and its entries keep the collector busy. Measured
			// at 100,000 people, lookups ran faster without it (5,538/s
			// against 4,303/s) in a third of the memory (58 MB against
			// 203 MB); see docs/performance.md.
			return acct.Provisioning(ctx, u.APIKey)
		},
		Logger: log, Version: version, Build: build, Metrics: rt.metrics, Logs: rt.ring.Bytes,
		MaxBodyBytes: bridgeCfg.MaxBodyBytes, RateLimit: bridgeCfg.RateLimit,
		ConfirmationInterval: bridgeCfg.ConfirmationInterval, Locker: rt.locker, Redis: rt.redis,
		UI: func(s *bridge.Server) http.Handler { return web.New(s, web.Options{}) },
	})
	// One listener: the bridge, and the page invitation links open.
	mux := http.NewServeMux()
	mux.Handle("/invitations/", invite.Handler(acct, log))
	mux.Handle("/", b)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	log.Info("component", "name", "listener", "state", "serving", "addr", ln.Addr().String(), "tls", "off")
	log.Info("component", "name", "invitation page", "state", "serving", "url", base+"/invitations/")
	monitoring := "in " + monitoringPath + " (read-only: /metrics and /monitoring)"
	if !monitoringKept {
		monitoring = "none kept in " + *dataDir + " (its credentials predate monitoring tokens; remove " + sessionPath + " to make a new pair, and a new bearer token)"
	}
	fmt.Fprintf(out, "scimbridge quickstart is running.\n\n  SCIM base URL:     %s/scim/v2\n  Bearer token:      %s\n  Monitoring token:  %s\n\n"+
		"The bearer token is kept in %s; the account in %s.\nSee the people and groups with: scimbridge account people list --data-dir %s\n",
		base, token, monitoring, tokenPath, quickstartDB(*dataDir), *dataDir)
	srv := newHTTPServer(mux, log)
	err = runBridge(ctx, b, srv, func() error { return serve(ctx, srv, ln, srv.Serve) })
	log.Info("scimbridge stopped")
	return err
}

// initQuickstartAccount creates the account on the first start; its owner
// API key is kept in the data directory.
func initQuickstartAccount(ctx context.Context, acct *local.Account, dataDir string) error {
	if _, err := acct.Info(ctx); err == nil || !errors.Is(err, account.ErrNotFound) {
		return err
	}
	key, err := acct.Init(ctx, "Quickstart", "")
	if err != nil {
		return err
	}
	return setup.WriteSecret(filepath.Join(dataDir, "owner-key"), key)
}

// quickstartCredentials keeps the credentials pair of an earlier start
// when it still works, and makes a new one otherwise.
func quickstartCredentials(ctx context.Context, acct *local.Account, sessionPath, tokenPath string) (string, error) {
	previous, err := credentials.Load(sessionPath)
	if err == nil {
		if token, err := setup.ReadSecret(tokenPath); err == nil && previous.Verify(token) {
			if u, err := previous.Open(token); err == nil {
				if _, err := acct.Provisioning(ctx, u.APIKey); err == nil {
					return token, nil
				}
			}
		}
	} else {
		previous = nil
	}
	pair, err := setup.Run(ctx, localIntegrations{acct}, "", time.Now())
	if err != nil {
		return "", err
	}
	if err := setup.Write(pair, sessionPath, tokenPath); err != nil {
		return "", err
	}
	if err := setup.WriteSecret(filepath.Join(filepath.Dir(sessionPath), "monitoring-token"), pair.Monitoring); err != nil {
		return "", err
	}
	return pair.Token, setup.Revoke(ctx, localIntegrations{acct}, previous)
}

// localIntegrations lets setup work on an account in this process.
type localIntegrations struct{ a *local.Account }

func (l localIntegrations) CreateIntegration(ctx context.Context, name string) (string, string, error) {
	return l.a.CreateIntegration(ctx, name)
}

func (l localIntegrations) RevokeIntegration(ctx context.Context, id string) error {
	return l.a.RevokeCredential(ctx, id)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
