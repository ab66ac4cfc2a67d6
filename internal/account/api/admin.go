package api

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
)

// The routes that are not provisioning: health, the account's description
// and the management of integrations.

// healthTimeout bounds the database check of GET /v1/health.
const healthTimeout = 5 * time.Second

// health answers load balancers and the bridge's health report without a
// credential: ok when the account's database answers.
func (s *server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
	defer cancel()
	if _, err := s.acct.Info(ctx); err != nil {
		if errors.Is(err, account.ErrNotFound) {
			err = account.Errorf(account.ErrUnavailable, "the account has not been created yet (scimbridge account init)")
		}
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, healthResponse{Status: "ok"})
}

func (s *server) info(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	info, err := svc.Info(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, infoJSON{ID: info.ID, Name: info.Name, Created: wireTime(info.Created)})
	return nil
}

// maxIntegrationName bounds an integration's name, which the audit log and
// the admin views show.
const maxIntegrationName = 200

func (s *server) createIntegration(w http.ResponseWriter, r *http.Request) error {
	var req integrationRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	name := strings.TrimSpace(req.Name)
	if name == "" || len(name) > maxIntegrationName {
		return scim.BadRequest(scim.ErrInvalidValue, "an integration needs a name of 1 to %d bytes", maxIntegrationName)
	}
	id, key, err := s.acct.CreateIntegration(r.Context(), name)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/integrations/"+url.PathEscape(id))
	writeJSON(w, http.StatusCreated, integrationResponse{CredentialID: id, APIKey: key})
	return nil
}

// revokeIntegration revokes an integration's credential. Only integrations:
// owner and administrator credentials are not this route's to revoke.
// Revoking a revoked integration succeeds, so retries are harmless.
func (s *server) revokeIntegration(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.acct.Store().GetCredential(r.Context(), id)
	if err == nil && c.Kind != account.CredentialIntegration || errors.Is(err, account.ErrNotFound) {
		return account.Errorf(account.ErrNotFound, "no integration with id %q", clipShort(id))
	}
	if err != nil {
		return err
	}
	if err := s.acct.RevokeCredential(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
