package bridge

import (
	"net/http"

	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// serviceProviderConfig tells clients what this bridge supports
// (RFC 7643 §5). It must tell the truth: conformance testers check it.
func (s *Server) serviceProviderConfig(w http.ResponseWriter, r *http.Request) {
	cfg := schema.ServiceProviderConfig{
		DocumentationURI:   "https://github.com/scimbridge/scimbridge/tree/main/docs",
		PatchSupported:     true,
		BulkSupported:      true,
		BulkMaxOperations:  s.cfg.BulkMaxOperations,
		BulkMaxPayloadSize: int(s.cfg.BulkMaxPayloadBytes),
		FilterSupported:    true,
		FilterMaxResults:   s.cfg.MaxResults,
		SortSupported:      true,
		ETagSupported:      true,
		AuthenticationSchemes: []schema.AuthScheme{{
			Type:        "oauthbearertoken",
			Name:        "OAuth Bearer Token",
			Description: "The bearer token printed by scimbridge setup, sent as Authorization: Bearer <token>.",
			SpecURI:     "https://www.rfc-editor.org/info/rfc6750",
			Primary:     true,
		}},
	}
	writeJSON(w, http.StatusOK, cfg.Representation(baseURL(r)))
}

func (s *Server) resourceTypes(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	var list []any
	for _, rt := range schema.ResourceTypes() {
		list = append(list, rt.Representation(base))
	}
	writeJSON(w, http.StatusOK, listResponse(len(list), 1, list))
}

func (s *Server) resourceType(w http.ResponseWriter, r *http.Request) {
	rt := schema.FindResourceType(r.PathValue("id"))
	if rt == nil {
		writeError(w, r, scim.NotFound("no resource type %q", truncate(r.PathValue("id"))))
		return
	}
	writeJSON(w, http.StatusOK, rt.Representation(baseURL(r)))
}

func (s *Server) schemas(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	var list []any
	for _, sc := range schema.Schemas() {
		list = append(list, sc.Representation(base))
	}
	writeJSON(w, http.StatusOK, listResponse(len(list), 1, list))
}

func (s *Server) schema(w http.ResponseWriter, r *http.Request) {
	sc := schema.FindSchema(r.PathValue("id"))
	if sc == nil {
		writeError(w, r, scim.NotFound("no schema %q", truncate(r.PathValue("id"))))
		return
	}
	writeJSON(w, http.StatusOK, sc.Representation(baseURL(r)))
}

// me answers /Me: the bridge's only client is an identity provider, which
// is not a User, so there is no "me" (RFC 7644 §3.11 allows 501).
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	writeError(w, r, scim.NewError(http.StatusNotImplemented, "", "/Me is not supported: the bearer token belongs to a provisioning integration, not to a user"))
}
