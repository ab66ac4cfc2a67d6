package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/scimbridge/scimbridge/internal/account/api"
	"github.com/scimbridge/scimbridge/internal/credentials"
	"github.com/scimbridge/scimbridge/internal/setup"
)

// runSetup creates the provisioning integration and writes the credentials
// pair: the scimsession file for the bridge, and the bearer token printed
// once for the identity provider. It works on a local database (--db) or
// on a running account service (--account-url with an owner key).
func runSetup(ctx context.Context, args []string, out, logOut io.Writer) error {
	fs := newFlags("setup", out)
	db := addDBFlags(fs)
	accountURL := fs.String("account-url", os.Getenv("SCIMBRIDGE_ACCOUNT_URL"), "the account service the bridge will use (SCIMBRIDGE_ACCOUNT_URL)")
	ownerKeyFile := fs.String("owner-key-file", "", "a file holding the owner's or an administrator's API key (or set SCIMBRIDGE_OWNER_KEY)")
	sessionPath := fs.String("scimsession", "scimsession", "where to write the scimsession file")
	tokenFile := fs.String("bearer-token-file", "", "also write the bearer token to this file (mode 0600)")
	monitoringFile := fs.String("monitoring-token-file", "", "also write the monitoring token to this file (mode 0600)")
	regenerate := fs.Bool("regenerate", false, "replace an existing scimsession and revoke its integration")
	ifMissing := fs.Bool("if-missing", false, "do nothing when the scimsession already exists (for one-shot setup containers)")
	if err := parse(fs, args); err != nil {
		return err
	}

	var previous *credentials.Session
	if old, err := credentials.Load(*sessionPath); err == nil {
		if *ifMissing && !*regenerate {
			_, err := fmt.Fprintf(out, "%s already holds a scimsession; nothing to do (its bearer token was printed when it was made).\n", *sessionPath)
			return err
		}
		if !*regenerate {
			return fmt.Errorf("%s already holds a scimsession; use --regenerate to replace it (the old token stops working)", *sessionPath)
		}
		previous = old
	} else if _, statErr := os.Stat(*sessionPath); statErr == nil && !*regenerate {
		return fmt.Errorf("%s exists; use --regenerate to replace it", *sessionPath)
	}

	acct, done, err := setupAccount(ctx, db, *accountURL, *ownerKeyFile)
	if err != nil {
		return err
	}
	defer done()
	pair, err := setup.Run(ctx, acct, *accountURL, time.Now())
	if err != nil {
		return err
	}
	if err := setup.Write(pair, *sessionPath, *tokenFile); err != nil {
		return err
	}
	if *monitoringFile != "" {
		if err := setup.WriteSecret(*monitoringFile, pair.Monitoring); err != nil {
			return err
		}
	}
	if err := setup.Revoke(ctx, acct, previous); err != nil {
		return err
	}
	fmt.Fprintf(out, "Wrote the scimsession to %s: give it to the bridge (OP_SESSION).\n", *sessionPath)
	if previous != nil {
		fmt.Fprintf(out, "The previous integration (%s) is revoked: its token no longer works.\n", previous.CredentialID)
	}
	_, err = fmt.Fprintf(out, "\nBearer token for your identity provider (shown once; it is not stored anywhere):\n\n  %s\n\n"+
		"Monitoring token, read-only, for /metrics and /monitoring (shown once):\n\n  %s\n\n", pair.Token, pair.Monitoring)
	return err
}

// setupAccount reaches the account: directly in its database, or through
// its API with an owner's key.
func setupAccount(ctx context.Context, db dbFlags, accountURL, ownerKeyFile string) (setup.Account, func(), error) {
	if *db.db != "" || *db.dataDir != "" {
		acct, done, err := openAccount(ctx, db, adminOptions())
		if err != nil {
			return nil, nil, err
		}
		return localIntegrations{acct}, done, nil
	}
	if accountURL == "" {
		return nil, nil, usageError("name the account with --db (its database) or --account-url (its API)")
	}
	key := os.Getenv("SCIMBRIDGE_OWNER_KEY")
	if ownerKeyFile != "" {
		k, err := setup.ReadSecret(ownerKeyFile)
		if err != nil {
			return nil, nil, err
		}
		key = k
	}
	if key == "" {
		return nil, nil, errors.New("the account API needs an owner's key: --owner-key-file or SCIMBRIDGE_OWNER_KEY")
	}
	return remoteIntegrations{api.NewClient(strings.TrimRight(accountURL, "/"), ""), key}, func() {}, nil
}

// remoteIntegrations lets setup work through the account API.
type remoteIntegrations struct {
	c   *api.Client
	key string
}

func (r remoteIntegrations) CreateIntegration(ctx context.Context, name string) (string, string, error) {
	return r.c.CreateIntegration(ctx, r.key, name)
}

func (r remoteIntegrations) RevokeIntegration(ctx context.Context, id string) error {
	return r.c.RevokeIntegration(ctx, r.key, id)
}
