package api

import (
	"context"
	"fmt"
	"net/http"
)

// Health reports whether the account service answers and its database
// with it (GET /v1/health, no credential).
func (c *Client) Health(ctx context.Context) error {
	none := ""
	var out healthResponse
	if err := c.do(ctx, call{method: http.MethodGet, path: pathOf("health"), key: &none, out: &out}); err != nil {
		return err
	}
	if out.Status != "ok" {
		return c.unavailable(fmt.Sprintf("its health is %q", clipShort(out.Status)))
	}
	return nil
}

// CreateIntegration creates a provisioning integration in the Provision
// Managers group, signed in with an owner's or administrator's key, and
// returns its credential id and API key (POST /v1/integrations). The key is
// shown this once: the account keeps only a verifier of it.
func (c *Client) CreateIntegration(ctx context.Context, ownerKey, name string) (credentialID, apiKey string, err error) {
	var out integrationResponse
	err = c.do(ctx, call{method: http.MethodPost, path: pathOf("integrations"), key: &ownerKey, body: integrationRequest{Name: name}, out: &out})
	return out.CredentialID, out.APIKey, err
}

// RevokeIntegration revokes an integration's credential, signed in with an
// owner's or administrator's key (DELETE /v1/integrations/{id}). Revoking
// a revoked integration succeeds.
func (c *Client) RevokeIntegration(ctx context.Context, ownerKey, credentialID string) error {
	return c.do(ctx, call{method: http.MethodDelete, path: pathOf("integrations", credentialID), key: &ownerKey})
}
