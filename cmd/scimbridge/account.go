package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/account/store/sqlstore"
	"github.com/scimbridge/scimbridge/internal/config"
	"github.com/scimbridge/scimbridge/internal/obs"
	"github.com/scimbridge/scimbridge/internal/setup"
)

func runAccount(ctx context.Context, args []string, out, logOut io.Writer) error {
	sub := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"init":   runAccountInit,
		"serve":  runAccountServe,
		"people": runPeople,
		"groups": runGroups,
		"audit":  runAudit,
	}
	if len(args) == 0 || sub[args[0]] == nil {
		return usageError("scimbridge account init|serve|people|groups|audit [flags]")
	}
	return sub[args[0]](ctx, args[1:], out, logOut)
}

// dbFlags are how the account commands find the account's database.
type dbFlags struct{ db, dataDir *string }

func addDBFlags(fs *flag.FlagSet) dbFlags {
	def := os.Getenv("SCIMBRIDGE_DB")
	return dbFlags{
		db:      fs.String("db", def, "the account database: a SQLite file path or a postgres:// URL (SCIMBRIDGE_DB)"),
		dataDir: fs.String("data-dir", "", "use the account of the quickstart with this data directory"),
	}
}

func (f dbFlags) dsn() (string, error) {
	switch {
	case *f.dataDir != "":
		return quickstartDB(*f.dataDir), nil
	case *f.db != "":
		return *f.db, nil
	}
	return "", usageError("name the account with --db or --data-dir")
}

// quickstartDB is where quickstart keeps its account.
func quickstartDB(dataDir string) string { return filepath.Join(dataDir, "account.db") }

// openAccount opens an initialised account.
func openAccount(ctx context.Context, f dbFlags, opts local.Options) (*local.Account, func(), error) {
	dsn, err := f.dsn()
	if err != nil {
		return nil, nil, err
	}
	if *f.dataDir != "" {
		if _, err := os.Stat(dsn); err != nil {
			return nil, nil, fmt.Errorf("no quickstart account in %s: %w", *f.dataDir, err)
		}
	}
	st, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("opening the account database: %w", err)
	}
	acct := local.New(st, opts)
	if _, err := acct.Info(ctx); err != nil {
		st.Close()
		if errors.Is(err, account.ErrNotFound) {
			return nil, nil, errors.New("the database holds no account yet: run scimbridge account init first")
		}
		return nil, nil, err
	}
	return acct, func() { st.Close() }, nil
}

func runAccountInit(ctx context.Context, args []string, out, logOut io.Writer) error {
	fs := newFlags("account init", out)
	db := addDBFlags(fs)
	name := fs.String("name", "My Team", "the account's name")
	ownerEmail := fs.String("owner-email", "", "also make this person the account's owner")
	keyFile := fs.String("owner-key-file", "", "write the owner API key to this file (mode 0600) instead of printing it")
	ifMissing := fs.Bool("if-missing", false, "do nothing when the database already holds an account (for one-shot containers)")
	if err := parse(fs, args); err != nil {
		return err
	}
	dsn, err := db.dsn()
	if err != nil {
		return err
	}
	st, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return fmt.Errorf("opening the account database: %w", err)
	}
	defer st.Close()
	key, err := local.New(st, local.Options{Logger: obs.NewLogger(io.Discard, config.Log{})}).Init(ctx, *name, *ownerEmail)
	if errors.Is(err, account.ErrAlreadyExists) {
		if *ifMissing {
			_, err := fmt.Fprintln(out, "The database already holds an account; nothing to do.")
			return err
		}
		return errors.New("this database already holds an account")
	}
	if err != nil {
		return err
	}
	if *keyFile != "" {
		if err := setup.WriteSecret(*keyFile, key); err != nil {
			return err
		}
		_, err = fmt.Fprintf(out, "Account %q created. Owner API key written to %s.\n", *name, *keyFile)
		return err
	}
	_, err = fmt.Fprintf(out, "Account %q created.\nOwner API key (shown once; scimbridge setup needs it):\n\n  %s\n\n", *name, key)
	return err
}
