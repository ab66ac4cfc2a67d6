package invite_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/invite"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/account/servicetest"
)

func TestInvitationPage(t *testing.T) {
	l := servicetest.NewLocal(t, servicetest.OpenSQLite(t), local.Options{InviteBaseURL: "https://x"})
	p, err := l.Service(t).CreatePerson(t.Context(), map[string]any{"userName": "page@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	v, _ := l.Account.Person(t.Context(), p.ID)
	path := strings.TrimPrefix(v.Invitation.Link, "https://x")
	h := invite.Handler(l.Account, nil)
	do := func(method, path string) (int, string, http.Header) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
		b, _ := io.ReadAll(rec.Body)
		return rec.Code, string(b), rec.Header()
	}

	code, body, hdr := do("GET", path)
	if code != 200 || !strings.Contains(body, "page@example.com") || !strings.Contains(body, "Test account") || !strings.Contains(body, `method="post"`) {
		t.Fatalf("offer: %d\n%s", code, body)
	}
	if !strings.Contains(hdr.Get("Content-Security-Policy"), "default-src 'none'") || hdr.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("headers: %v", hdr)
	}
	if code, body, _ := do("POST", path); code != 200 || !strings.Contains(body, "Invitation accepted") {
		t.Fatalf("accept: %d\n%s", code, body)
	}
	if got, _ := l.Account.Person(t.Context(), p.ID); got.State != account.StateAwaitingConfirmation {
		t.Fatalf("state %s", got.State)
	}
	if code, body, _ := do("GET", path); code != 400 || !strings.Contains(body, "already been accepted") {
		t.Fatalf("used link: %d\n%s", code, body)
	}
	if code, body, _ := do("POST", path); code != 400 || strings.Contains(body, "Invitation accepted") {
		t.Fatalf("second accept: %d\n%s", code, body)
	}
	if code, body, _ := do("GET", "/invitations/forged<script>"); code != 400 || strings.Contains(body, "<script>") {
		t.Fatalf("forged link: %d\n%s", code, body)
	}
}
