// Package invite serves the page an invitation link opens: it shows whom
// the invitation is for and lets the person accept it (what
// `scimbridge account people accept-invite` does on their behalf). The
// token in the link is the only credential, and it works once.
package invite

import (
	"embed"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/local"
)

//go:embed page.html
var files embed.FS

var page = template.Must(template.ParseFS(files, "page.html"))

// Handler serves GET and POST /invitations/{token}.
func Handler(acct *local.Account, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /invitations/{token}", func(w http.ResponseWriter, r *http.Request) {
		inv, info, err := acct.InvitationByToken(r.Context(), r.PathValue("token"))
		v := view{Account: info.Name, Email: inv.Email, Expires: inv.Expires}
		switch {
		case err != nil:
			v.Problem = problem(err)
		case inv.Accepted != nil:
			v.Problem = "This invitation has already been accepted."
		case time.Now().After(inv.Expires):
			v.Problem = "This invitation has expired. Ask your administrator to provision you again: that sends a new one."
		default:
			v.Offer = true
		}
		render(w, log, v)
	})
	mux.HandleFunc("POST /invitations/{token}", func(w http.ResponseWriter, r *http.Request) {
		p, err := acct.AcceptInvitationToken(r.Context(), r.PathValue("token"))
		v := view{Email: p.Email}
		if err != nil {
			v.Problem = problem(err)
		} else {
			v.Accepted = true
		}
		render(w, log, v)
	})
	return mux
}

type view struct {
	Account, Email string
	Expires        time.Time
	Offer          bool
	Accepted       bool
	Problem        string
}

// problem is what the person sees of an error: the account's own detail,
// never internals.
func problem(err error) string {
	var ae *account.Error
	if errors.As(err, &ae) {
		return ae.Detail
	}
	return "Something went wrong; try again in a moment."
}

func render(w http.ResponseWriter, log *slog.Logger, v view) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer") // the URL holds the token
	h.Set("X-Content-Type-Options", "nosniff")
	status := http.StatusOK
	if v.Problem != "" {
		status = http.StatusBadRequest
	}
	w.WriteHeader(status)
	if err := page.Execute(w, v); err != nil {
		log.Error("rendering the invitation page", "error", err)
	}
}
