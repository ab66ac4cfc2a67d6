package conformance

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
)

func testAccount(t *testing.T, s store.Store) {
	ctx := t.Context()
	_, err := s.GetAccount(ctx)
	wantKind(t, err, account.ErrNotFound, "GetAccount before CreateAccount")

	info := account.Info{ID: "acct-1", Name: "Example Team", Created: epoch.Add(123456789)}
	mustTx(t, s, func(tx store.Tx) error { return tx.CreateAccount(ctx, info) })
	got, err := s.GetAccount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != info.ID || got.Name != info.Name || !got.Created.Equal(us(info.Created)) {
		t.Errorf("GetAccount = %+v, want %+v", got, info)
	}
	err = txErr(t, s, func(tx store.Tx) error {
		return tx.CreateAccount(ctx, account.Info{ID: "acct-2", Name: "Other", Created: epoch})
	})
	wantKind(t, err, account.ErrAlreadyExists, "second CreateAccount")
}

// richPerson has every kind of field set.
func richPerson() account.Person {
	p := personFrom("p-rich", epoch.Add(1500), map[string]any{
		"userName":    "Rich.Person@Example.com",
		"externalId":  "00u1abcd",
		"displayName": "Rich Person",
		"name":        map[string]any{"givenName": "Rich", "familyName": "Person", "formatted": "Rich Person"},
		"emails": []any{
			map[string]any{"value": "rich@example.com", "type": "work", "primary": false},
			map[string]any{"value": "Rich.Home@example.org", "type": "home", "primary": true},
			map[string]any{"value": "untyped@example.net"},
		},
		"phoneNumbers":             []any{map[string]any{"value": "+1 555 0100", "type": "work"}},
		scim.EnterpriseUserSchema:  map[string]any{"employeeNumber": "42", "manager": map[string]any{"value": "boss"}},
		"urn:example:custom:1.0:X": map[string]any{"level": json.Number("3"), "ratio": json.Number("0.25"), "flag": true},
	})
	p.State, p.SuspendedFrom = account.StateSuspended, account.StateAwaitingConfirmation
	p.Version = 7
	return p
}

func testPeople(t *testing.T, s store.Store) {
	ctx := t.Context()
	p := richPerson()
	createPeople(t, s, p)

	got, err := s.GetPerson(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	samePerson(t, got, p)
	for _, name := range []string{p.UserName, "rich.person@example.com", "RICH.PERSON@EXAMPLE.COM"} {
		got, err := s.GetPersonByUserName(ctx, name)
		if err != nil {
			t.Fatalf("GetPersonByUserName(%q): %v", name, err)
		}
		samePerson(t, got, p)
	}
	_, err = s.GetPerson(ctx, "nobody")
	wantKind(t, err, account.ErrNotFound, "GetPerson(nobody)")
	_, err = s.GetPersonByUserName(ctx, "nobody@example.com")
	wantKind(t, err, account.ErrNotFound, "GetPersonByUserName(nobody)")
	err = txErr(t, s, func(tx store.Tx) error { return tx.CreatePerson(ctx, simplePerson(p.ID, "other", epoch)) })
	wantKind(t, err, account.ErrAlreadyExists, "CreatePerson with a taken id")

	// Update overwrites every field, emails included.
	u := p
	u.UserName, u.ExternalID, u.DisplayName, u.GivenName, u.FamilyName = "renamed@example.com", "", "", "", ""
	u.Email, u.Emails = "new@example.com", []account.Email{{Value: "new@example.com", Type: "other", Primary: true}}
	u.State, u.SuspendedFrom, u.Provisioned = account.StateActive, "", false
	u.Attributes = map[string]any{"userName": "renamed@example.com", "title": "Renamed"}
	u.Schemas = []string{scim.UserSchema}
	u.Modified, u.Version = epoch.Add(48*time.Hour+1), 8
	mustTx(t, s, func(tx store.Tx) error { return tx.UpdatePerson(ctx, u) })
	got, err = s.GetPerson(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	samePerson(t, got, u)
	if _, err := s.GetPersonByUserName(ctx, p.UserName); err == nil {
		t.Error("the old userName still finds the person")
	}

	// Emails can be removed altogether.
	u.Emails, u.Attributes, u.Schemas = nil, nil, nil
	mustTx(t, s, func(tx store.Tx) error { return tx.UpdatePerson(ctx, u) })
	got, err = s.GetPerson(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	samePerson(t, got, u)

	err = txErr(t, s, func(tx store.Tx) error { return tx.UpdatePerson(ctx, simplePerson("nobody", "nobody", epoch)) })
	wantKind(t, err, account.ErrNotFound, "UpdatePerson(nobody)")

	// ExistingPeople sees people whether provisioned or not, and in the
	// provisioning scope only those provisioned (p no longer is).
	createPeople(t, s, simplePerson("p-2", "second", epoch))
	found, err := s.ExistingPeople(ctx, []string{"p-2", "ghost", p.ID}, store.ScopeAll)
	if err != nil {
		t.Fatal(err)
	}
	if !sameSet(found, []string{"p-2", p.ID}) {
		t.Errorf("ExistingPeople = %q", found)
	}
	found, err = s.ExistingPeople(ctx, []string{"p-2", "ghost", p.ID}, store.ScopeProvisioning)
	if err != nil || !sameSet(found, []string{"p-2"}) {
		t.Errorf("ExistingPeople(ScopeProvisioning) = %q, %v", found, err)
	}
	if found, err := s.ExistingPeople(ctx, nil, store.ScopeAll); err != nil || len(found) != 0 {
		t.Errorf("ExistingPeople(nil) = %q, %v", found, err)
	}

	mustTx(t, s, func(tx store.Tx) error { return tx.DeletePerson(ctx, p.ID) })
	_, err = s.GetPerson(ctx, p.ID)
	wantKind(t, err, account.ErrNotFound, "GetPerson after DeletePerson")
	err = txErr(t, s, func(tx store.Tx) error { return tx.DeletePerson(ctx, p.ID) })
	wantKind(t, err, account.ErrNotFound, "DeletePerson twice")
	// The emails went with the person: a new person may take them.
	createPeople(t, s, personFrom("p-3", epoch, map[string]any{
		"userName": "third", "emails": []any{map[string]any{"value": "new@example.com", "primary": true}},
	}))
	if got, err := s.GetPerson(ctx, "p-3"); err != nil || len(got.Emails) != 1 {
		t.Errorf("GetPerson(p-3) = %+v, %v", got, err)
	}
}

func testPeopleByEmail(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := simplePerson("p-a", "a", epoch)
	a.Email = "Shared@Example.com"
	b := simplePerson("p-b", "b", epoch.Add(time.Second))
	b.Email = "shared@example.COM"
	c := simplePerson("p-c", "c", epoch.Add(2*time.Second))
	c.Email = "other@example.com"
	createPeople(t, s, b, a, c) // b first: oldest first means by creation, not by time
	got, err := s.GetPeopleByEmail(ctx, "SHARED@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if ids := personIDs(got); len(ids) != 2 || ids[0] != "p-b" || ids[1] != "p-a" {
		t.Errorf("GetPeopleByEmail = %q, want [p-b p-a]", ids)
	}
	if got, err := s.GetPeopleByEmail(ctx, "none@example.com"); err != nil || len(got) != 0 {
		t.Errorf("GetPeopleByEmail(none) = %v, %v", got, err)
	}
}

func testUserNameUnique(t *testing.T, s store.Store) {
	ctx := t.Context()
	createPeople(t, s, simplePerson("p-1", "Ärger@Example.com", epoch), simplePerson("p-2", "other", epoch))
	for _, name := range []string{"Ärger@Example.com", "ärger@example.com", "ÄRGER@EXAMPLE.COM"} {
		err := txErr(t, s, func(tx store.Tx) error { return tx.CreatePerson(ctx, simplePerson("p-new", name, epoch)) })
		wantKind(t, err, account.ErrAlreadyExists, "CreatePerson "+name)
		var ae *account.Error
		if !asAccountError(err, &ae) || ae.Detail == "" {
			t.Errorf("CreatePerson %s: error %v has no detail", name, err)
		}
		p := simplePerson("p-2", name, epoch)
		err = txErr(t, s, func(tx store.Tx) error { return tx.UpdatePerson(ctx, p) })
		wantKind(t, err, account.ErrAlreadyExists, "UpdatePerson to "+name)
	}
	got, err := s.GetPersonByUserName(ctx, "ärger@EXAMPLE.com")
	if err != nil || got.ID != "p-1" {
		t.Errorf("GetPersonByUserName(ärger) = %v, %v", got.ID, err)
	}
	// A person may change the case of their own userName.
	p := simplePerson("p-1", "ÄRGER@example.com", epoch)
	mustTx(t, s, func(tx store.Tx) error { return tx.UpdatePerson(ctx, p) })
	if got, err := s.GetPerson(ctx, "p-1"); err != nil || got.UserName != "ÄRGER@example.com" {
		t.Errorf("after changing case: %q, %v", got.UserName, err)
	}
}
