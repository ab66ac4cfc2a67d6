package main

import (
	"context"
	"io"
	"net"
	"os"

	"github.com/scimbridge/scimbridge/internal/account/api"
	"github.com/scimbridge/scimbridge/internal/config"
	"github.com/scimbridge/scimbridge/internal/obs"
)

// runAccountServe serves the account API (docs/account-api.md) for remote
// bridges and setup.
func runAccountServe(ctx context.Context, args []string, out, logOut io.Writer) error {
	cfg, err := config.AccountFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	fs := newFlags("account serve", out)
	db := addDBFlags(fs)
	addr := fs.String("addr", cfg.Addr, "the address to listen on (SCIMBRIDGE_ACCOUNT_ADDR)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *db.db == "" && *db.dataDir == "" {
		*db.db = cfg.DB
	}
	log := obs.NewLogger(out, cfg.Log)
	// Same opt-in profiler as the bridge: the account service is the other
	// half of a production topology's latency.
	startProfiler(ctx, log)
	opts, err := accountOptions(cfg, log, "http://"+*addr)
	if err != nil {
		return err
	}
	acct, done, err := openAccount(ctx, db, opts)
	if err != nil {
		return err
	}
	defer done()
	defer acct.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	log.Info("account service listening", "addr", ln.Addr().String(), "delete_policy", string(cfg.DeletePolicy))
	srv := newHTTPServer(api.NewServer(acct, log), log)
	return serve(ctx, srv, ln, srv.Serve)
}
