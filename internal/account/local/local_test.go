package local_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/account/servicetest"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

func TestServiceSQLite(t *testing.T) {
	servicetest.Run(t, func(t *testing.T) (account.Service, servicetest.Fixture) {
		l := servicetest.NewLocal(t, servicetest.OpenSQLite(t), local.Options{})
		return l.Service(t), l
	})
}

func TestServicePostgres(t *testing.T) {
	servicetest.Run(t, func(t *testing.T) (account.Service, servicetest.Fixture) {
		l := servicetest.NewLocal(t, servicetest.OpenPostgres(t), local.Options{})
		return l.Service(t), l
	})
}

// clock is a fake clock for the account's Options.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func quiet() *slog.Logger { return slog.New(slog.DiscardHandler) }

func TestInit(t *testing.T) {
	ctx := t.Context()
	acct := local.New(servicetest.OpenSQLite(t), local.Options{Logger: quiet()})
	ownerKey, err := acct.Init(ctx, "Acme", "owner@acme.example")
	if err != nil {
		t.Fatalf("Init: %v", err)
	}
	cred, err := acct.Authenticate(ctx, ownerKey)
	if err != nil || cred.Kind != account.CredentialOwner {
		t.Fatalf("Authenticate(owner key) = %+v, %v", cred, err)
	}
	info, err := acct.Info(ctx)
	if err != nil || info.Name != "Acme" || info.ID == "" {
		t.Errorf("Info = %+v, %v", info, err)
	}

	groups, err := acct.Groups(ctx)
	if err != nil {
		t.Fatalf("Groups: %v", err)
	}
	kinds := map[account.GroupKind]local.GroupView{}
	for _, g := range groups {
		kinds[g.Kind] = g
	}
	want := map[account.GroupKind]string{
		account.KindOwners: "Owners", account.KindAdministrators: "Administrators", account.KindProvisionManagers: "Provision Managers",
	}
	if len(groups) != len(want) {
		t.Errorf("%d groups, want the %d built-in ones", len(groups), len(want))
	}
	for kind, name := range want {
		g, ok := kinds[kind]
		if !ok || g.DisplayName != name || g.Managed || !kind.Builtin() {
			t.Errorf("built-in group %s = %+v", kind, g.Group)
		}
	}

	people, err := acct.People(ctx)
	if err != nil || len(people) != 1 {
		t.Fatalf("People = %v, %v; want the owner", people, err)
	}
	owner := people[0]
	if owner.UserName != "owner@acme.example" || owner.Email != "owner@acme.example" || owner.State != account.StateActive || owner.Provisioned {
		t.Errorf("owner = %+v; want active, not provisioned", owner.Person)
	}
	if len(owner.Groups) != 1 || owner.Groups[0].GroupID != kinds[account.KindOwners].ID {
		t.Errorf("owner's groups = %v, want Owners", owner.Groups)
	}
	if m := kinds[account.KindOwners].Members; len(m) != 1 || m[0].PersonID != owner.ID {
		t.Errorf("Owners members = %v", m)
	}

	if _, err := acct.Init(ctx, "Again", ""); !errors.Is(err, account.ErrAlreadyExists) {
		t.Errorf("Init twice: %v, want ErrAlreadyExists", err)
	}
	if _, err := acct.Provisioning(ctx, ownerKey); !errors.Is(err, account.ErrForbidden) {
		t.Errorf("Provisioning(owner key): %v, want ErrForbidden", err)
	}
}

func TestInitWithoutOwnerEmail(t *testing.T) {
	acct := local.New(servicetest.OpenSQLite(t), local.Options{Logger: quiet()})
	if _, err := acct.Init(t.Context(), "Acme", ""); err != nil {
		t.Fatalf("Init: %v", err)
	}
	people, err := acct.People(t.Context())
	if err != nil || len(people) != 0 {
		t.Errorf("People = %v, %v; want nobody", people, err)
	}
}

func TestAcceptInvitation(t *testing.T) {
	ctx := t.Context()
	clk := newClock()
	l := servicetest.NewLocal(t, servicetest.OpenSQLite(t), local.Options{Now: clk.Now, InviteTTL: 24 * time.Hour})
	svc := l.Service(t)
	ann, err := svc.CreatePerson(ctx, map[string]any{"userName": "ann", "emails": []any{map[string]any{"value": "ann@example.com"}}})
	if err != nil {
		t.Fatal(err)
	}

	p, err := l.Account.AcceptInvitation(ctx, "ann@example.com")
	if err != nil {
		t.Fatalf("AcceptInvitation: %v", err)
	}
	if p.ID != ann.ID || p.State != account.StateAwaitingConfirmation || p.Version != ann.Version+1 {
		t.Errorf("accepted: %s %s version %d", p.ID, p.State, p.Version)
	}
	if got, err := svc.GetPerson(ctx, ann.ID); err != nil || got.State != account.StateAwaitingConfirmation {
		t.Errorf("GetPerson after accepting: %s, %v", got.State, err)
	}
	if _, err := l.Account.AcceptInvitation(ctx, ann.ID); !errors.Is(err, account.ErrInvalidTransition) {
		t.Errorf("accepting twice: %v, want ErrInvalidTransition", err)
	}

	bob, err := svc.CreatePerson(ctx, map[string]any{"userName": "bob@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	clk.Add(25 * time.Hour)
	if _, err := l.Account.AcceptInvitation(ctx, "BOB@example.com"); !errors.Is(err, account.ErrInvalidTransition) {
		t.Errorf("accepting an expired invitation: %v, want ErrInvalidTransition", err)
	}
	if got, _ := svc.GetPerson(ctx, bob.ID); got.State != account.StateInvited || got.Version != bob.Version {
		t.Errorf("an expired acceptance changed the person: %s version %d", got.State, got.Version)
	}
	if _, err := l.Account.AcceptInvitation(ctx, "nobody@example.com"); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("accepting for nobody: %v, want ErrNotFound", err)
	}
}

func TestRevokedIntegration(t *testing.T) {
	ctx := t.Context()
	clk := newClock()
	l := servicetest.NewLocal(t, servicetest.OpenSQLite(t), local.Options{Now: clk.Now})
	svc := l.Service(t)
	if _, err := svc.Info(ctx); err != nil {
		t.Fatalf("Info before revoking: %v", err)
	}
	if err := l.Account.RevokeCredential(ctx, l.IntegrationID); err != nil {
		t.Fatalf("RevokeCredential: %v", err)
	}
	// Sessions may live on from the credential cache, but not past its TTL.
	clk.Add(3 * time.Second)
	if _, err := svc.Info(ctx); !errors.Is(err, account.ErrUnauthorized) {
		t.Errorf("Info after revoking: %v, want ErrUnauthorized", err)
	}
	if _, err := svc.CreatePerson(ctx, map[string]any{"userName": "x@example.com"}); !errors.Is(err, account.ErrUnauthorized) {
		t.Errorf("CreatePerson after revoking: %v, want ErrUnauthorized", err)
	}
	if _, err := l.Account.Provisioning(ctx, l.IntegrationKey); !errors.Is(err, account.ErrUnauthorized) {
		t.Errorf("Provisioning after revoking: %v, want ErrUnauthorized", err)
	}
	if err := l.Account.RevokeCredential(ctx, l.IntegrationID); err != nil {
		t.Errorf("revoking twice: %v", err)
	}
	if err := l.Account.RevokeCredential(ctx, account.NewID()); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("revoking nothing: %v, want ErrNotFound", err)
	}

	// A fresh integration works; a key with its id but another secret does not.
	_, key, err := l.Account.CreateIntegration(ctx, "Second")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.Account.Provisioning(ctx, key); err != nil {
		t.Errorf("Provisioning with a new integration: %v", err)
	}
	forged := key[:len(key)-4] + "AAAA"
	if forged == key {
		forged = key[:len(key)-4] + "BBBB"
	}
	for _, k := range []string{forged, "sbk1_nothing", "", l.IntegrationKey} {
		if _, err := l.Account.Authenticate(ctx, k); !errors.Is(err, account.ErrUnauthorized) {
			t.Errorf("Authenticate(bad key): %v, want ErrUnauthorized", err)
		}
	}
}

func TestAudit(t *testing.T) {
	l := servicetest.NewLocal(t, servicetest.OpenSQLite(t), local.Options{})
	svc := l.Service(t)
	var annID, groupID string
	ops := func(o patch.Op, path string, value any) []patch.Operation {
		op, err := patch.NewOperation(o, path, value, value != nil)
		if err != nil {
			t.Fatal(err)
		}
		return []patch.Operation{op}
	}
	steps := []struct {
		actions []string // the events the step writes, in any order
		do      func(ctx context.Context) error
	}{
		{[]string{"person.invite"}, func(ctx context.Context) error {
			p, err := svc.CreatePerson(ctx, map[string]any{"userName": "ann@example.com"})
			annID = p.ID
			return err
		}},
		{[]string{"person.update"}, func(ctx context.Context) error {
			_, err := svc.PatchPerson(ctx, annID, ops(patch.Replace, "displayName", "Ann"), 0)
			return err
		}},
		{nil, func(ctx context.Context) error { // no change, no event
			_, err := svc.PatchPerson(ctx, annID, ops(patch.Replace, "displayName", "Ann"), 0)
			return err
		}},
		{nil, func(ctx context.Context) error { // a failed change, no event
			_, err := svc.PatchPerson(ctx, annID, ops(patch.Replace, "displayName", "Ann"), 99)
			if !errors.Is(err, account.ErrPrecondition) {
				return fmt.Errorf("want ErrPrecondition, got %v", err)
			}
			return nil
		}},
		{[]string{"person.suspend"}, func(ctx context.Context) error {
			_, err := svc.PatchPerson(ctx, annID, ops(patch.Replace, "active", false), 0)
			return err
		}},
		{[]string{"group.create", "group.members.add"}, func(ctx context.Context) error {
			g, err := svc.CreateGroup(ctx, map[string]any{"displayName": "Audited", "members": []any{map[string]any{"value": annID}}})
			groupID = g.ID
			return err
		}},
		{[]string{"group.members.remove"}, func(ctx context.Context) error {
			_, err := svc.PatchGroup(ctx, groupID, ops(patch.Remove, `members[value eq "`+annID+`"]`, nil), 0)
			return err
		}},
		{[]string{"group.update"}, func(ctx context.Context) error {
			_, err := svc.PatchGroup(ctx, groupID, ops(patch.Replace, "displayName", "Audited Again"), 0)
			return err
		}},
		{[]string{"group.delete"}, func(ctx context.Context) error { return svc.DeleteGroup(ctx, groupID, 0) }},
		{[]string{"person.deprovision"}, func(ctx context.Context) error { return svc.DeletePerson(ctx, annID, 0) }},
	}
	for i, st := range steps {
		reqID := fmt.Sprintf("req-%d", i)
		ctx := account.WithActor(t.Context(), account.Actor{RequestID: reqID, Provider: "Okta"})
		if err := st.do(ctx); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		events, err := l.Account.Audit(t.Context(), store.AuditQuery{Limit: 1000})
		if err != nil {
			t.Fatalf("Audit: %v", err)
		}
		var got []string
		for _, e := range events {
			if e.Actor.RequestID != reqID {
				continue
			}
			got = append(got, e.Action)
			want := account.Actor{Kind: account.ActorIntegration, ID: l.IntegrationID, RequestID: reqID, Provider: "Okta"}
			if e.Actor != want || e.Time.IsZero() || e.TargetID == "" {
				t.Errorf("step %d: event %+v, want actor %+v, a time and a target", i, e, want)
			}
			if e.Action == "person.suspend" && (e.BeforeState != "invited" || e.AfterState != "suspended") {
				t.Errorf("step %d: suspend event states %q -> %q", i, e.BeforeState, e.AfterState)
			}
		}
		slices.Sort(got)
		want := slices.Clone(st.actions)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("step %d: events %v, want %v", i, got, want)
		}
	}
}

// TestManyMembers adds more members than one visibility query or one audit
// event covers: every visible person lands, one hidden among them refuses
// the whole write, and the audit log names every person added.
func TestManyMembers(t *testing.T) {
	for _, open := range []struct {
		name string
		open func(testing.TB) store.Store
	}{{"sqlite", servicetest.OpenSQLite}, {"postgres", servicetest.OpenPostgres}} {
		t.Run(open.name, func(t *testing.T) {
			ctx := t.Context()
			l := servicetest.NewLocal(t, open.open(t), local.Options{})
			svc := l.Service(t)
			const n = 450
			members := make([]any, n)
			ids := make([]string, n)
			for i := range n {
				p, err := svc.CreatePerson(ctx, map[string]any{"userName": fmt.Sprintf("m%03d@example.com", i)})
				if err != nil {
					t.Fatal(err)
				}
				ids[i], members[i] = p.ID, map[string]any{"value": p.ID}
			}
			hidden := ids[n-1]
			if err := svc.DeletePerson(ctx, hidden, 0); err != nil {
				t.Fatal(err)
			}
			_, err := svc.CreateGroup(ctx, map[string]any{"displayName": "Many", "members": members})
			if err == nil || !strings.Contains(err.Error(), hidden) {
				t.Fatalf("a hidden member among %d: %v", n, err)
			}
			g, err := svc.CreateGroup(ctx, map[string]any{"displayName": "Many", "members": members[:n-1]})
			if err != nil {
				t.Fatal(err)
			}
			got, err := svc.Members(ctx, g.ID)
			if err != nil || len(got) != n-1 {
				t.Fatalf("%d members, %v", len(got), err)
			}
			events, err := l.Account.Audit(ctx, store.AuditQuery{TargetID: g.ID, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			named := 0
			for _, e := range events {
				if e.Action == "group.members.add" {
					for _, id := range ids[:n-1] {
						if strings.Contains(e.Detail, id) {
							named++
						}
					}
				}
			}
			if named != n-1 {
				t.Errorf("the audit log names %d of %d people added", named, n-1)
			}
		})
	}
}
