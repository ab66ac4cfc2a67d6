package schema

import "github.com/scimbridge/scimbridge/internal/scim"

// The discovery documents are built as plain JSON values (map[string]any,
// []any, strings, bools, ints), the same shapes a decoded document has, so
// the HTTP layer can project or wrap them like any other resource.

// Representation is the schema as /Schemas serves it (RFC 7643 §7). baseURL
// is the SCIM base URL without a trailing slash; meta.location is built on it.
func (s *Schema) Representation(baseURL string) map[string]any {
	return map[string]any{
		"schemas":     []any{scim.SchemaSchema},
		"id":          s.ID,
		"name":        s.Name,
		"description": s.Description,
		"attributes":  attributesRepresentation(s.Attributes),
		"meta": map[string]any{
			"resourceType": "Schema",
			"location":     baseURL + "/Schemas/" + s.ID,
		},
	}
}

func attributesRepresentation(attrs []*Attribute) []any {
	out := make([]any, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, a.representation())
	}
	return out
}

// representation writes every characteristic of RFC 7643 §7, so clients
// need not know the defaults.
func (a *Attribute) representation() map[string]any {
	m := map[string]any{
		"name":        a.Name,
		"type":        string(a.Type),
		"multiValued": a.MultiValued,
		"description": a.Description,
		"required":    a.Required,
		"caseExact":   a.CaseExact,
		"mutability":  string(a.Mutability),
		"returned":    string(a.Returned),
		"uniqueness":  string(a.Uniqueness),
	}
	if len(a.CanonicalValues) > 0 {
		m["canonicalValues"] = stringsToAny(a.CanonicalValues)
	}
	if a.Type == Reference {
		m["referenceTypes"] = stringsToAny(a.ReferenceTypes)
	}
	if a.Type == Complex {
		m["subAttributes"] = attributesRepresentation(a.SubAttributes)
	}
	return m
}

// Representation is the resource type as /ResourceTypes serves it
// (RFC 7643 §6).
func (rt *ResourceType) Representation(baseURL string) map[string]any {
	m := map[string]any{
		"schemas":     []any{scim.ResourceTypeSchema},
		"id":          rt.ID,
		"name":        rt.Name,
		"endpoint":    rt.Endpoint,
		"description": rt.Description,
		"schema":      rt.Schema.ID,
		"meta": map[string]any{
			"resourceType": "ResourceType",
			"location":     baseURL + "/ResourceTypes/" + rt.ID,
		},
	}
	if len(rt.Extensions) > 0 {
		exts := make([]any, 0, len(rt.Extensions))
		for _, e := range rt.Extensions {
			exts = append(exts, map[string]any{"schema": e.Schema.ID, "required": e.Required})
		}
		m["schemaExtensions"] = exts
	}
	return m
}

// ServiceProviderConfig is what the service provider supports
// (RFC 7643 §5); the bridge fills it from its configuration.
type ServiceProviderConfig struct {
	DocumentationURI        string // "" leaves documentationUri out
	PatchSupported          bool
	BulkSupported           bool
	BulkMaxOperations       int
	BulkMaxPayloadSize      int // bytes
	FilterSupported         bool
	FilterMaxResults        int
	ChangePasswordSupported bool
	SortSupported           bool
	ETagSupported           bool
	AuthenticationSchemes   []AuthScheme
}

// AuthScheme is one supported authentication scheme (RFC 7643 §5), such as
// Type "oauthbearertoken".
type AuthScheme struct {
	Type, Name, Description, SpecURI, DocumentationURI string
	Primary                                            bool
}

// Representation is the configuration as /ServiceProviderConfig serves it.
func (c ServiceProviderConfig) Representation(baseURL string) map[string]any {
	schemes := make([]any, 0, len(c.AuthenticationSchemes))
	for _, s := range c.AuthenticationSchemes {
		m := map[string]any{"type": s.Type, "name": s.Name, "description": s.Description, "primary": s.Primary}
		putNonEmpty(m, "specUri", s.SpecURI)
		putNonEmpty(m, "documentationUri", s.DocumentationURI)
		schemes = append(schemes, m)
	}
	m := map[string]any{
		"schemas": []any{scim.ServiceProviderConfigSchema},
		"patch":   map[string]any{"supported": c.PatchSupported},
		"bulk": map[string]any{
			"supported":      c.BulkSupported,
			"maxOperations":  c.BulkMaxOperations,
			"maxPayloadSize": c.BulkMaxPayloadSize,
		},
		"filter":                map[string]any{"supported": c.FilterSupported, "maxResults": c.FilterMaxResults},
		"changePassword":        map[string]any{"supported": c.ChangePasswordSupported},
		"sort":                  map[string]any{"supported": c.SortSupported},
		"etag":                  map[string]any{"supported": c.ETagSupported},
		"authenticationSchemes": schemes,
		"meta": map[string]any{
			"resourceType": "ServiceProviderConfig",
			"location":     baseURL + "/ServiceProviderConfig",
		},
	}
	putNonEmpty(m, "documentationUri", c.DocumentationURI)
	return m
}

func putNonEmpty(m map[string]any, key, value string) {
	if value != "" {
		m[key] = value
	}
}

func stringsToAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
