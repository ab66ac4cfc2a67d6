package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/scimbridge/scimbridge/internal/bridge"
)

// maxFormBytes bounds a sign-in form: a token is well under 200 bytes.
const maxFormBytes = 16 << 10

// signIn checks the token from the form. On success the browser gets a
// session cookie (a random id; the token stays here) and goes back to the
// page; on failure the form comes back saying why, never with the token.
func (h *handler) signIn(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		h.crossSite(w, r)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		h.signInForm(w, r, http.StatusBadRequest, "The form could not be read. Paste the bearer token and try again.")
		return
	}
	// Only the body counts: a token in the query string would already sit
	// in the address bar and in logs, and must not work.
	token := cleanToken(r.PostForm.Get("token"))
	if token == "" {
		h.signInForm(w, r, http.StatusBadRequest, "Enter the bearer token.")
		return
	}
	err := h.b.SignIn(r.Context(), clientAddr(r), token)
	var limited *bridge.RateLimited
	notice := ""
	switch {
	case err == nil:
	case errors.Is(err, bridge.ErrNoSession):
		h.install(w, r, http.StatusServiceUnavailable, false,
			"You cannot sign in yet: this bridge has no scimsession. Install one as described below, then sign in.")
		return
	case errors.As(err, &limited):
		w.Header().Set("Retry-After", strconv.Itoa(limited.Wait))
		h.signInForm(w, r, http.StatusTooManyRequests, fmt.Sprintf(
			"Too many failed sign-ins from your address. Try again in %d seconds.", limited.Wait))
		return
	case errors.Is(err, bridge.ErrWrongToken):
		h.signInForm(w, r, http.StatusForbidden,
			"That is not this bridge's bearer token. Check that you copied all of it; if it was regenerated (scimbridge setup --regenerate), use the new one.")
		return
	case h.b.TokenValid(token):
		// The token is right but the account is unreachable: let the
		// operator in, where the components and the logs tell why.
		notice = "Signed in, but the bridge could not reach the account: " + redact(err.Error(), token)
	default:
		h.signInForm(w, r, http.StatusBadGateway, "The bridge could not check the token: "+redact(err.Error(), token))
		return
	}
	if h.secure && dropsSecureCookie(r) {
		h.signInForm(w, r, http.StatusForbidden, "The token is right, but this browser will not keep the sign-in cookie on a plain-HTTP address ("+
			r.Header.Get("Origin")+"). Open the status page over HTTPS (OP_TLS_DOMAIN or OP_TLS_CERT_FILE, or TLS at your load balancer), "+
			"or through a tunnel to localhost, e.g. ssh -L 3002:localhost:3002 this-host, then http://localhost:3002/app.")
		return
	}
	// A session this browser held before is replaced, not kept beside.
	if c, err := r.Cookie(cookieName); err == nil {
		h.sessions.end(c.Value)
	}
	id, err := h.sessions.create(token, notice)
	if err != nil {
		h.signInForm(w, r, http.StatusInternalServerError, "The bridge could not start a session. Try again.")
		return
	}
	http.SetCookie(w, h.sessionCookie(id, 0))
	http.Redirect(w, r, pathHome, http.StatusSeeOther)
}

// signOut ends the session and goes back to the form.
func (h *handler) signOut(w http.ResponseWriter, r *http.Request) {
	if !sameOrigin(r) {
		h.crossSite(w, r)
		return
	}
	if c, err := r.Cookie(cookieName); err == nil {
		h.sessions.end(c.Value)
	}
	http.SetCookie(w, h.sessionCookie("", -1))
	http.Redirect(w, r, pathHome, http.StatusSeeOther)
}

// cleanToken trims what copying adds: spaces, line breaks, and a
// "Bearer " prefix copied from a header.
func cleanToken(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 7 && strings.EqualFold(s[:7], "bearer ") {
		s = strings.TrimSpace(s[7:])
	}
	return s
}

// redact keeps the token out of a message shown on the page, whatever
// the error it came from says.
func redact(msg, token string) string {
	if token == "" {
		return msg
	}
	return strings.ReplaceAll(msg, token, "[redacted]")
}

// crossSite refuses a form posted from another site.
func (h *handler) crossSite(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusForbidden, pageProblem, view{
		Title: "Request refused", Path: r.URL.Path,
		Alert: "This form was sent from another site, so the bridge refused it. Open the status page directly and try again.",
	})
}
