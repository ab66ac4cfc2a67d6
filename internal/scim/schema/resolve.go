package schema

import (
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

// Resolved is an attribute path resolved against a resource type, with the
// canonical definitions.
type Resolved struct {
	// Schema is the schema that defines Attr: the core schema, an
	// extension, or nil for the common attributes id, externalId and meta
	// (RFC 7643 §3.1).
	Schema *Schema
	Attr   *Attribute // the top-level attribute
	Sub    *Attribute // the sub-attribute, or nil
}

// Leaf is the innermost attribute the path names.
func (r Resolved) Leaf() *Attribute {
	if r.Sub != nil {
		return r.Sub
	}
	return r.Attr
}

// Extension reports whether the attribute belongs to an extension schema,
// whose attributes live in resources under the schema URN as a key.
func (r Resolved) Extension(rt *ResourceType) bool {
	return r.Schema != nil && r.Schema != rt.Schema
}

// Path is the canonical form of the resolved path (with the URN for
// extension attributes).
func (r Resolved) Path(rt *ResourceType) filter.AttrPath {
	p := filter.AttrPath{Name: r.Attr.Name}
	if r.Extension(rt) {
		p.URN = r.Schema.ID
	}
	if r.Sub != nil {
		p.Sub = r.Sub.Name
	}
	return p
}

// Resolve finds the attribute a path names, without regard to case
// (RFC 7643 §2.1). A path without a URN names a common or core attribute;
// extension attributes need their URN. It reports false for anything else,
// including a sub-attribute of an attribute that has none.
func (rt *ResourceType) Resolve(p filter.AttrPath) (Resolved, bool) {
	var r Resolved
	switch {
	case p.URN == "" || strings.EqualFold(p.URN, rt.Schema.ID):
		if a := findAttr(commonAttributes, p.Name); a != nil {
			r.Attr = a
		} else if a := findAttr(rt.Schema.Attributes, p.Name); a != nil {
			r.Schema, r.Attr = rt.Schema, a
		}
	default:
		if s := rt.ExtensionSchema(p.URN); s != nil {
			r.Schema, r.Attr = s, findAttr(s.Attributes, p.Name)
		}
	}
	if r.Attr == nil {
		return Resolved{}, false
	}
	if p.Sub != "" {
		r.Sub = findAttr(r.Attr.SubAttributes, p.Sub)
		if r.Sub == nil {
			return Resolved{}, false
		}
	}
	return r, true
}

// ExtensionSchema returns the extension schema with the given URN (any case),
// or nil.
func (rt *ResourceType) ExtensionSchema(urn string) *Schema {
	for _, e := range rt.Extensions {
		if strings.EqualFold(e.Schema.ID, urn) {
			return e.Schema
		}
	}
	return nil
}

// Attribute implements filter.Schema, so filters can be evaluated against
// this resource type's documents.
func (rt *ResourceType) Attribute(p filter.AttrPath) (filter.AttrInfo, bool) {
	r, ok := rt.Resolve(p)
	if !ok {
		return filter.AttrInfo{}, false
	}
	a := r.Leaf()
	multi := r.Attr.MultiValued || a.MultiValued
	return filter.AttrInfo{Type: string(a.Type), CaseExact: a.CaseExact, MultiValued: multi}, true
}

// Sub returns the sub-attribute with the given name (any case), or nil.
func (a *Attribute) Sub(name string) *Attribute { return findAttr(a.SubAttributes, name) }

// Attr returns the schema's attribute with the given name (any case), or nil.
func (s *Schema) Attr(name string) *Attribute { return findAttr(s.Attributes, name) }

func findAttr(attrs []*Attribute, name string) *Attribute {
	for _, a := range attrs {
		if strings.EqualFold(a.Name, name) {
			return a
		}
	}
	return nil
}
