package api

import (
	"log/slog"
	"net/http"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/invite"
	"github.com/scimbridge/scimbridge/internal/account/local"
)

// server serves one local account.
type server struct {
	acct *local.Account
	log  *slog.Logger
}

// NewServer returns the account API's handler for acct. log receives one
// debug line per request and the errors behind 500 responses; it never
// sees bodies or the Authorization header. A nil log discards everything.
func NewServer(acct *local.Account, log *slog.Logger) http.Handler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &server{acct: acct, log: log}
	mux := http.NewServeMux()

	mux.HandleFunc("GET /v1/health", s.health)
	mux.HandleFunc("GET /v1/account", s.provisioning(s.info))

	mux.HandleFunc("POST /v1/people", s.provisioning(s.createPerson))
	mux.HandleFunc("GET /v1/people", s.provisioning(s.listPeople))
	mux.HandleFunc("POST /v1/people/groups", s.provisioning(s.groupsOf))
	mux.HandleFunc("GET /v1/people/{id}", s.provisioning(s.getPerson))
	mux.HandleFunc("PUT /v1/people/{id}", s.provisioning(s.replacePerson))
	mux.HandleFunc("PATCH /v1/people/{id}", s.provisioning(s.patchPerson))
	mux.HandleFunc("DELETE /v1/people/{id}", s.provisioning(s.deletePerson))

	mux.HandleFunc("POST /v1/groups", s.provisioning(s.createGroup))
	mux.HandleFunc("GET /v1/groups", s.provisioning(s.listGroups))
	mux.HandleFunc("GET /v1/groups/{id}", s.provisioning(s.getGroup))
	mux.HandleFunc("GET /v1/groups/{id}/members", s.provisioning(s.members))
	mux.HandleFunc("PUT /v1/groups/{id}", s.provisioning(s.replaceGroup))
	mux.HandleFunc("PATCH /v1/groups/{id}", s.provisioning(s.patchGroup))
	mux.HandleFunc("DELETE /v1/groups/{id}", s.provisioning(s.deleteGroup))

	mux.HandleFunc("POST /v1/confirmations", s.provisioning(s.confirm))
	mux.HandleFunc("GET /v1/summary", s.provisioning(s.summary))
	mux.HandleFunc("GET /v1/audit", s.provisioning(s.audit))

	mux.HandleFunc("POST /v1/integrations", s.administration(s.createIntegration))
	mux.HandleFunc("DELETE /v1/integrations/{id}", s.administration(s.revokeIntegration))

	// The page an invitation link opens (not part of the API: for people).
	mux.Handle("/invitations/", invite.Handler(acct, log))

	return s.middleware(mux)
}

// provisioningHandler serves a route as the integration whose key the
// request carries sees the account.
type provisioningHandler func(w http.ResponseWriter, r *http.Request, svc account.Service) error

// provisioning authenticates the request as a provisioning integration and
// puts its actor in the context (the account fills in who it is).
func (s *server) provisioning(h provisioningHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key, err := bearer(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ctx := account.WithActor(r.Context(), requestActor(r))
		if r.Header.Get(UnknownMembersHeader) == "ignore" {
			ctx = account.WithUnknownMembersIgnored(ctx)
		}
		svc, err := s.acct.Provisioning(ctx, key)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if err := h(w, r.WithContext(ctx), svc); err != nil {
			s.fail(w, r, err)
		}
	}
}

// adminHandler serves a route for an owner or administrator credential.
type adminHandler func(w http.ResponseWriter, r *http.Request) error

// administration authenticates the request as an owner or administrator
// and makes them the actor of its changes.
func (s *server) administration(h adminHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		key, err := bearer(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		cred, err := s.acct.Authenticate(r.Context(), key)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		actor := requestActor(r)
		switch cred.Kind {
		case account.CredentialOwner:
			actor.Kind = account.ActorOwner
		case account.CredentialAdmin:
			actor.Kind = account.ActorAdmin
		default:
			s.fail(w, r, account.Errorf(account.ErrForbidden, "only an owner or administrator may manage integrations"))
			return
		}
		actor.ID = cred.ID
		if err := h(w, r.WithContext(account.WithActor(r.Context(), actor))); err != nil {
			s.fail(w, r, err)
		}
	}
}
