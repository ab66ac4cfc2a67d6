package mail

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/mail/mailtest"
)

func TestSendInvitation(t *testing.T) {
	srv := mailtest.Start(t)
	m, err := New(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	inv := account.Invitation{Email: "ana@example.com", Link: "https://team.example.com/invitations/tok123", Expires: time.Date(2030, 1, 2, 3, 4, 0, 0, time.UTC)}
	if err := m.SendInvitation(context.Background(), inv, "Acme\r\nBcc: evil@example.com"); err != nil {
		t.Fatal(err)
	}
	msgs := srv.Wait(1, 5*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	got := msgs[0]
	if got.From != "team@example.com" || len(got.To) != 1 || got.To[0] != "ana@example.com" {
		t.Fatalf("envelope %+v", got)
	}
	if !strings.Contains(got.Data, inv.Link) || !strings.Contains(got.Data, "2 January 2030") || !strings.Contains(got.Data, "Subject: ") {
		t.Fatalf("message:\n%s", got.Data)
	}
	if strings.Contains(got.Data, "\r\nBcc:") {
		t.Fatalf("the account name injected a header:\n%s", got.Data)
	}
}

func TestNewRefusesBadURLsWithoutEchoing(t *testing.T) {
	for _, raw := range []string{"http://user:hunter2@mail", "smtp://", "smtp://u:hunter2@mail?from=not-an-address", "::"} {
		_, err := New(raw)
		if err == nil || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%q: %v", raw, err)
		}
	}
	if m, err := New("smtps://mail.example.com"); err != nil || m.host != "mail.example.com:465" || !m.implicit {
		t.Fatalf("smtps defaults: %+v %v", m, err)
	}
}

func TestUnreachableServer(t *testing.T) {
	m, _ := New("smtp://127.0.0.1:1")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := m.SendInvitation(ctx, account.Invitation{Email: "a@example.com"}, "x"); err == nil {
		t.Fatal("no error")
	}
	if err := m.SendInvitation(ctx, account.Invitation{Email: "not an address"}, "x"); err == nil {
		t.Fatal("a bad address was accepted")
	}
}
