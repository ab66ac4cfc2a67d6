package schema

import (
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// CheckSchemas checks the "schemas" attribute of a POST or PUT body
// (RFC 7643 §3): present, an array of strings, holding rt's core schema URN,
// and nothing but that and rt's extensions (compared without regard to case).
// A missing or malformed "schemas" is invalidSyntax; an unknown URN or a
// missing core URN is invalidValue.
func (rt *ResourceType) CheckSchemas(doc map[string]any) error {
	raw, ok := lookupFold(doc, "schemas")
	if !ok || raw == nil {
		return scim.BadRequest(scim.ErrInvalidSyntax, "the request body needs \"schemas\" with %q", rt.Schema.ID)
	}
	list, ok := raw.([]any)
	if !ok {
		return scim.BadRequest(scim.ErrInvalidSyntax, "\"schemas\" must be an array of schema URNs")
	}
	core := false
	for _, item := range list {
		urn, ok := item.(string)
		if !ok {
			return scim.BadRequest(scim.ErrInvalidSyntax, "\"schemas\" must be an array of schema URNs")
		}
		switch {
		case strings.EqualFold(urn, rt.Schema.ID):
			core = true
		case rt.ExtensionSchema(urn) != nil:
		default:
			return invalid("schema %q in \"schemas\" is not %q or one of its extensions", shorten(urn), rt.Schema.ID)
		}
	}
	if !core {
		return invalid("\"schemas\" must contain %q", rt.Schema.ID)
	}
	return nil
}

// SchemasFor is the "schemas" attribute of a canonical document: the core
// schema URN, then the URN of each extension the document has an object for,
// in rt.Extensions order.
func (rt *ResourceType) SchemasFor(doc map[string]any) []string {
	out := []string{rt.Schema.ID}
	for _, e := range rt.Extensions {
		if _, ok := doc[e.Schema.ID]; ok {
			out = append(out, e.Schema.ID)
		}
	}
	return out
}

// lookupFold finds a member of a JSON object without regard to case,
// preferring the exact spelling.
func lookupFold(m map[string]any, name string) (any, bool) {
	if v, ok := m[name]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

// shorten keeps what a client sent from making an error detail huge.
func shorten(s string) string {
	const limit = 100
	if len(s) > limit {
		return s[:limit] + "…"
	}
	return s
}
