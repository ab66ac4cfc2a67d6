package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/scimbridge/scimbridge/internal/bridge"
)

// home is GET /app: the install guide while no scimsession is installed
// (signed in or not), else the sign-in form, else the status.
func (h *handler) home(w http.ResponseWriter, r *http.Request) {
	sess, _, ended := h.current(w, r)
	signedIn := sess.token != ""
	st := h.b.Status(r.Context())
	switch {
	case !st.Session:
		h.installWith(w, r, http.StatusOK, signedIn, "", st)
	case !signedIn:
		h.signInWith(w, r, http.StatusOK, ended, st)
	default:
		h.render(w, r, http.StatusOK, pageStatus, view{
			Title: "Status", Refresh: h.refresh, SignedIn: true, Version: st.Version, Build: st.Build,
			Notice: redact(sess.notice, sess.token), SCIMBase: baseURL(r) + "/scim/v2", Unlocked: st.Unlocked,
			Status: statusOf(st, h.now()),
		})
	}
}

// signInForm renders the form with a message (an error, or why a session
// ended).
func (h *handler) signInForm(w http.ResponseWriter, r *http.Request, status int, alert string) {
	h.signInWith(w, r, status, alert, h.b.Status(r.Context()))
}

func (h *handler) signInWith(w http.ResponseWriter, r *http.Request, status int, alert string, st bridge.Status) {
	if !st.Session {
		h.installWith(w, r, status, false, alert, st)
		return
	}
	h.render(w, r, status, pageSignIn, view{
		Title: "Sign in", Version: st.Version, Build: st.Build, Alert: alert, Unlocked: st.Unlocked,
		SCIMBase: baseURL(r) + "/scim/v2",
	})
}

// install renders the install guide.
func (h *handler) install(w http.ResponseWriter, r *http.Request, status int, signedIn bool, alert string) {
	h.installWith(w, r, status, signedIn, alert, h.b.Status(r.Context()))
}

func (h *handler) installWith(w http.ResponseWriter, r *http.Request, status int, signedIn bool, alert string, st bridge.Status) {
	h.render(w, r, status, pageInstall, view{
		Title: "Install a scimsession", SignedIn: signedIn, Version: st.Version, Build: st.Build, Alert: alert,
		SCIMBase: baseURL(r) + "/scim/v2",
	})
}

// logs is the download of the recent log lines, for the signed in.
func (h *handler) logs(w http.ResponseWriter, r *http.Request) {
	if sess, _, ended := h.current(w, r); sess.token == "" {
		h.signInForm(w, r, http.StatusForbidden, firstOf(ended, "Sign in to download the logs."))
		return
	}
	body := h.b.Logs()
	if len(body) == 0 {
		body = []byte("This bridge keeps no recent log lines.\n")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="scimbridge-logs.txt"`)
	_, _ = w.Write(body)
}

// statusJSON is the status for scripts holding a session cookie (scripts
// with the bearer token have /health).
func (h *handler) statusJSON(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if sess, _, _ := h.current(w, r); sess.token == "" {
		w.WriteHeader(http.StatusForbidden)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "sign in on /app first"})
		return
	}
	_ = json.NewEncoder(w).Encode(jsonOf(h.b.Status(r.Context()), h.now()))
}

// statusDoc is the JSON of /app/status.json.
type statusDoc struct {
	Version     string          `json:"version"`
	Build       string          `json:"build"`
	State       string          `json:"state"`
	Session     bool            `json:"scimsessionInstalled"`
	Unlocked    bool            `json:"credentialsUnlocked"`
	Reports     []bridge.Report `json:"reports"`
	Account     *accountDoc     `json:"account,omitempty"`
	Integration *accountDoc     `json:"integration,omitempty"`
	People      map[string]int  `json:"people,omitempty"`
	Groups      *int            `json:"groups,omitempty"`
	Events      []eventDoc      `json:"events"`
	Problem     string          `json:"problem,omitempty"`
	RetrievedAt time.Time       `json:"retrievedAt"`
}

type accountDoc struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
}

type eventDoc struct {
	Time       time.Time `json:"time"`
	Action     string    `json:"action"`
	TargetKind string    `json:"targetKind"`
	TargetID   string    `json:"targetId"`
	TargetName string    `json:"targetName,omitempty"`
	Before     string    `json:"before,omitempty"`
	After      string    `json:"after,omitempty"`
	Actor      string    `json:"actor,omitempty"`
	Provider   string    `json:"provider,omitempty"`
	RequestID  string    `json:"requestId,omitempty"`
	Detail     string    `json:"detail,omitempty"`
}

func jsonOf(st bridge.Status, now time.Time) statusDoc {
	d := statusDoc{
		Version: st.Version, Build: st.Build, State: st.State, Session: st.Session, Unlocked: st.Unlocked,
		Reports: st.Reports, Events: []eventDoc{}, Problem: st.Problem, RetrievedAt: now.UTC(),
	}
	if s := st.Summary; s != nil {
		d.Account = &accountDoc{ID: s.Account.ID, Name: s.Account.Name, Created: s.Account.Created}
		d.Integration = &accountDoc{ID: s.Integration.ID, Name: s.Integration.Name, Created: s.Integration.Created}
		// Every state is listed, so scripts need not test for absence.
		d.People = map[string]int{}
		for _, p := range peopleStates {
			d.People[string(p.state)] = 0
		}
		for state, n := range s.People {
			d.People[string(state)] = n
		}
		groups := s.Groups
		d.Groups = &groups
	}
	for _, e := range st.Events {
		d.Events = append(d.Events, eventDoc{
			Time: e.Time, Action: e.Action, TargetKind: e.TargetKind, TargetID: e.TargetID, TargetName: e.TargetName,
			Before: e.BeforeState, After: e.AfterState, Actor: string(e.Actor.Kind), Provider: e.Actor.Provider,
			RequestID: e.Actor.RequestID, Detail: e.Detail,
		})
	}
	return d
}

// notFound is the page's 404: it says so and links back.
func (h *handler) notFound(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusNotFound, pageProblem, view{
		Title: "Page not found", Path: r.URL.Path,
		Alert: "There is no page at this address.",
	})
}

// methodNotAllowed is the page's 405, with the methods that would work.
func (h *handler) methodNotAllowed(w http.ResponseWriter, r *http.Request, methods map[string]http.HandlerFunc) {
	var allowed []string
	for m := range methods {
		allowed = append(allowed, m)
		if m == http.MethodGet {
			allowed = append(allowed, http.MethodHead)
		}
	}
	slices.Sort(allowed)
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	h.render(w, r, http.StatusMethodNotAllowed, pageProblem, view{
		Title: "Method not allowed", Path: r.URL.Path,
		Alert: "This address does not answer " + r.Method + " requests.",
	})
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
