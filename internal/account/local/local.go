// Package local is the account service itself, running in this process over
// a store: it enforces the account's rules (package account) inside store
// transactions and writes the audit log. The HTTP account API (package api)
// serves it to remote bridges; quickstart hands it to the bridge directly.
package local

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// Options configure the account.
type Options struct {
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
	// DeletePolicy is what a provisioning DELETE of a person does;
	// account.DeleteSuspends when empty.
	DeletePolicy account.DeletePolicy
	// InviteTTL is how long an invitation link stays valid; 7 days when 0.
	InviteTTL time.Duration
	// InviteBaseURL prefixes invitation links ("https://team.example.com").
	InviteBaseURL string
	// Logger receives the account's log lines; slog.Default when nil.
	Logger *slog.Logger
	// Mailer mails invitations; when nil, their links are logged.
	Mailer Mailer
}

// Account is the account service over a store.
type Account struct {
	store store.Store
	opts  Options
	log   *slog.Logger

	// credCache remembers recent credential checks so provisioning calls
	// do not read the credential row every time; entries live credTTL.
	credMu    sync.Mutex
	credCache map[string]credEntry

	mailing sync.WaitGroup // invitations being mailed
}

type credEntry struct {
	cred    account.Credential
	checked time.Time
}

// credTTL bounds how long a revoked credential can keep working.
const credTTL = 2 * time.Second

// New returns the account service over st.
func New(st store.Store, opts Options) *Account {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.DeletePolicy == "" {
		opts.DeletePolicy = account.DeleteSuspends
	}
	if opts.InviteTTL == 0 {
		opts.InviteTTL = 7 * 24 * time.Hour
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Account{store: st, opts: opts, log: opts.Logger, credCache: map[string]credEntry{}}
}

// Store returns the store the account runs on.
func (a *Account) Store() store.Store { return a.store }

// now is the current time at the store's precision.
func (a *Account) now() time.Time { return a.opts.Now().UTC().Truncate(time.Microsecond) }

// Info describes the account.
func (a *Account) Info(ctx context.Context) (account.Info, error) {
	return a.store.GetAccount(ctx)
}

// tx runs fn in a store transaction.
func (a *Account) tx(ctx context.Context, fn func(tx store.Tx) error) error {
	return a.store.Tx(ctx, fn)
}

// audit appends an audit event in the transaction; the actor comes from the
// context.
func (a *Account) audit(ctx context.Context, tx store.Tx, e account.AuditEvent) error {
	e.Time = a.now()
	if e.Actor.Kind == "" {
		e.Actor = account.ActorFrom(ctx)
	}
	if e.Actor.RequestID == "" {
		// Changes that came in no request (the command line, an
		// invitation page) still get an id to find them by.
		var b [8]byte
		_, _ = rand.Read(b[:])
		e.Actor.RequestID = "local-" + hex.EncodeToString(b[:])
	}
	return tx.AppendAudit(ctx, e)
}

func personEvent(action string, p account.Person, before account.State, detail string) account.AuditEvent {
	return account.AuditEvent{
		Action: action, TargetKind: "person", TargetID: p.ID, TargetName: p.UserName,
		BeforeState: string(before), AfterState: string(p.State), Detail: detail,
	}
}

func groupEvent(action string, g account.Group, detail string) account.AuditEvent {
	return account.AuditEvent{Action: action, TargetKind: "group", TargetID: g.ID, TargetName: g.DisplayName, Detail: detail}
}

// invite records a new invitation for the person and logs its link.
func (a *Account) invite(ctx context.Context, tx store.Tx, p account.Person) (account.Invitation, error) {
	var token [32]byte
	_, _ = rand.Read(token[:])
	t := base64.RawURLEncoding.EncodeToString(token[:])
	sum := sha256.Sum256([]byte(t))
	now := a.now()
	inv := account.Invitation{
		PersonID: p.ID, Email: p.Email, TokenHash: sum[:],
		Link:    strings.TrimRight(a.opts.InviteBaseURL, "/") + "/invitations/" + t,
		Created: now, Expires: now.Add(a.opts.InviteTTL),
	}
	if err := tx.CreateInvitation(ctx, inv); err != nil {
		return account.Invitation{}, err
	}
	return inv, nil
}

// checkVersion enforces a write's precondition.
func checkVersion(kind string, have, want int64) error {
	if want != 0 && have != want {
		return account.Errorf(account.ErrPrecondition, "the %s has changed (it is at version %d, not %d)", kind, have, want)
	}
	return nil
}

func notFound(kind, id string) error {
	return account.Errorf(account.ErrNotFound, "no %s with id %q", kind, truncate(id))
}

// isNotFound reports whether err says a row is missing.
func isNotFound(err error) bool { return errors.Is(err, account.ErrNotFound) }

func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}
