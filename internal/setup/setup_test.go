package setup

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/credentials"
)

// fakeAccount records what setup asks of the account.
type fakeAccount struct {
	created []string
	revoked []string
	fail    error
}

func (f *fakeAccount) CreateIntegration(_ context.Context, name string) (string, string, error) {
	if f.fail != nil {
		return "", "", f.fail
	}
	id := "11111111-2222-4333-8444-55555555555" + string(rune('0'+len(f.created)))
	f.created = append(f.created, id)
	key, _, _, err := credentials.NewAPIKey(id)
	return id, key, err
}

func (f *fakeAccount) RevokeIntegration(_ context.Context, id string) error {
	f.revoked = append(f.revoked, id)
	return nil
}

func TestRunWriteRegenerate(t *testing.T) {
	ctx := context.Background()
	acct := &fakeAccount{}
	dir := t.TempDir()
	session, tokenFile := filepath.Join(dir, "scimsession"), filepath.Join(dir, "bearer-token")

	first, err := Run(ctx, acct, "https://account.example.com", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(first, session, tokenFile); err != nil {
		t.Fatal(err)
	}
	loaded, err := credentials.Load(session)
	if err != nil {
		t.Fatal(err)
	}
	token, err := ReadSecret(tokenFile)
	if err != nil || token != first.Token || !loaded.Verify(token) || loaded.AccountURL != "https://account.example.com" {
		t.Fatalf("the written pair does not match: %v", err)
	}
	if !loaded.VerifyMonitoring(first.Monitoring) || loaded.Verify(first.Monitoring) {
		t.Fatal("the monitoring token is not the session's, or opens it")
	}
	u, err := loaded.Open(token)
	if err != nil || u.CredentialID != acct.created[0] {
		t.Fatalf("unlocked %+v, %v", u, err)
	}
	for _, f := range []string{session, tokenFile} {
		if st, _ := os.Stat(f); st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v", f, st.Mode().Perm())
		}
	}

	second, err := Run(ctx, acct, "https://account.example.com", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if second.Token == first.Token || second.Session.CredentialID == first.Session.CredentialID {
		t.Fatal("regenerating made the same pair")
	}
	if err := Revoke(ctx, acct, loaded); err != nil || len(acct.revoked) != 1 || acct.revoked[0] != acct.created[0] {
		t.Fatalf("revoked %v, %v", acct.revoked, err)
	}
	if second.Session.Verify(first.Token) {
		t.Fatal("the new scimsession accepts the old token")
	}
	if err := Revoke(ctx, acct, nil); err != nil || len(acct.revoked) != 1 {
		t.Fatal("revoking nothing revoked something")
	}
}

func TestRunFails(t *testing.T) {
	boom := errors.New("account unavailable")
	if _, err := Run(context.Background(), &fakeAccount{fail: boom}, "", time.Now()); !errors.Is(err, boom) {
		t.Fatalf("error %v", err)
	}
}
