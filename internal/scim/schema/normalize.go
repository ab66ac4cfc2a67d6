package schema

import (
	"maps"
	"slices"
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

// Normalize turns a POST or PUT body (decoded JSON, numbers as json.Number
// or float64) into a new document in canonical form, leaving doc untouched:
//
//   - attribute names matched without regard to case (RFC 7643 §2.1) and
//     written as the schema spells them; extension attributes under their
//     schema's URN; fully qualified names (RFC 7644 §3.10) such as
//     "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName" merged in;
//   - "schemas", unknown attributes and sub-attributes, unknown URN-keyed
//     objects and readOnly attributes (id, meta, groups, ...) dropped;
//   - null, empty arrays and empty objects dropped (unassigned, §2.5);
//   - values checked strictly against their types, numbers written as
//     json.Number; at most one primary value per multi-valued attribute;
//   - required attributes present (CheckRequired).
//
// Errors are 400 invalidValue *scim.Error; they name the attribute and never
// quote a value, so no password reaches a log.
func (rt *ResourceType) Normalize(doc map[string]any) (map[string]any, error) {
	out, err := rt.normalize(doc)
	if err != nil {
		return nil, err
	}
	if err := rt.CheckRequired(out); err != nil {
		return nil, err
	}
	return out, nil
}

// NormalizePartial is Normalize for the value of a PATCH operation without a
// path: the same rules, except that required top-level attributes may be
// missing (the operation changes only what it names).
func (rt *ResourceType) NormalizePartial(doc map[string]any) (map[string]any, error) {
	return rt.normalize(doc)
}

// NormalizeValue normalises a value destined for the attribute r names, as
// PATCH needs it. With element true, v is one element of the multi-valued
// attribute r.Attr (a complex object or a simple value); otherwise v is the
// whole value of what r names: an array for a multi-valued attribute, an
// object for a complex one, the sub-attribute's value for a sub-attribute
// path (the simple value for emails.value, which PATCH applies to each
// matching element). It returns nil when v leaves the attribute unassigned.
//
// It does not judge r's own mutability (the PATCH engine answers a write to
// a readOnly target itself); readOnly sub-attributes inside a complex value
// are dropped as in Normalize.
func (rt *ResourceType) NormalizeValue(r Resolved, v any, element bool) (any, error) {
	if r.Attr == nil {
		return nil, scim.BadRequest(scim.ErrInvalidPath, "no attribute to normalise a value for")
	}
	path := r.Path(rt).String()
	a := r.Leaf()
	if element && a.MultiValued {
		return normalizeOne(a, v, path)
	}
	return normalizeValue(a, v, path)
}

// docNormalizer builds one canonical document.
type docNormalizer struct {
	rt  *ResourceType
	out map[string]any
	// claimed holds the canonical paths given so far ("userName",
	// "name.givenName", "urn:...:User:department"), to reject one attribute
	// given twice under different spellings rather than keep either silently.
	claimed map[string]bool
}

func (rt *ResourceType) normalize(doc map[string]any) (map[string]any, error) {
	n := &docNormalizer{rt: rt, out: map[string]any{}, claimed: map[string]bool{}}
	// Sorted keys make the outcome (and which error wins) independent of
	// map order.
	for _, key := range slices.Sorted(maps.Keys(doc)) {
		if err := n.member(key, doc[key]); err != nil {
			return nil, err
		}
	}
	return n.out, nil
}

// member handles one top-level member of the document.
func (n *docNormalizer) member(key string, v any) error {
	if strings.EqualFold(key, "schemas") {
		return nil // not an attribute; CheckSchemas judges it
	}
	if ext := n.rt.ExtensionSchema(key); ext != nil {
		return n.extension(ext, v)
	}
	// A plain name, a dotted "name.givenName" or a fully qualified
	// "urn:...:User:name.givenName". Anything that is not an attribute path
	// or resolves to nothing is an unknown attribute, and ignored.
	p, err := filter.ParseAttrPath(key)
	if err != nil {
		return nil
	}
	r, ok := n.rt.Resolve(p)
	if !ok {
		return nil
	}
	return n.assign(r, v)
}

// extension handles the object under an extension schema's URN.
func (n *docNormalizer) extension(ext *Schema, v any) error {
	if v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return invalid("attribute %q must be an object", ext.ID)
	}
	for _, key := range slices.Sorted(maps.Keys(m)) {
		p, err := filter.ParseAttrPath(key)
		if err != nil || p.URN != "" {
			continue // not an attribute name of the extension: unknown
		}
		p.URN = ext.ID
		r, ok := n.rt.Resolve(p)
		if !ok {
			continue
		}
		if err := n.assign(r, m[key]); err != nil {
			return err
		}
	}
	return nil
}

// assign normalises v for what r names and stores it in the output.
func (n *docNormalizer) assign(r Resolved, v any) error {
	a := r.Attr
	if a.Mutability == ReadOnly || (r.Sub != nil && r.Sub.Mutability == ReadOnly) {
		return nil // set by the service provider only (RFC 7643 §7)
	}
	path := r.Path(n.rt).String()
	switch {
	case r.Sub != nil:
		if a.MultiValued {
			// "emails.value" as a member names no single value; the
			// element it belongs to is unknown. Treated as unknown.
			return nil
		}
		if err := n.claim(path); err != nil {
			return err
		}
		nv, err := normalizeValue(r.Sub, v, path)
		if err != nil || nv == nil {
			return err
		}
		n.complexTarget(r)[r.Sub.Name] = nv
	case a.Type == Complex && !a.MultiValued:
		// Merged sub-attribute by sub-attribute, so "name" and a fully
		// qualified "...:name.givenName" can both contribute.
		nv, err := normalizeValue(a, v, path)
		if err != nil || nv == nil {
			return err
		}
		m := nv.(map[string]any)
		for _, k := range slices.Sorted(maps.Keys(m)) {
			if err := n.claim(path + "." + k); err != nil {
				return err
			}
			n.complexTarget(r)[k] = m[k]
		}
	default:
		if err := n.claim(path); err != nil {
			return err
		}
		nv, err := normalizeValue(a, v, path)
		if err != nil || nv == nil {
			return err
		}
		n.target(r)[a.Name] = nv
	}
	return nil
}

func (n *docNormalizer) claim(path string) error {
	if n.claimed[path] {
		return invalid("attribute %q is given more than once", path)
	}
	n.claimed[path] = true
	return nil
}

// target is the object r.Attr belongs in: the document, or the extension's
// object, created on first use so an extension with nothing in it is left
// out.
func (n *docNormalizer) target(r Resolved) map[string]any {
	if !r.Extension(n.rt) {
		return n.out
	}
	return child(n.out, r.Schema.ID)
}

// complexTarget is the object of the single-valued complex attribute r.Attr.
func (n *docNormalizer) complexTarget(r Resolved) map[string]any {
	return child(n.target(r), r.Attr.Name)
}

func child(m map[string]any, key string) map[string]any {
	c, ok := m[key].(map[string]any)
	if !ok {
		c = map[string]any{}
		m[key] = c
	}
	return c
}

// CheckRequired checks that a canonical document has every required
// attribute the client must provide (RFC 7643 §7; User.userName and
// Group.displayName), each value of a complex attribute its required
// sub-attributes (Group members.value), and every required extension. An
// empty string counts as missing: §4.1.1 asks for a non-empty userName.
// PATCH uses it on the result of applying the operations.
func (rt *ResourceType) CheckRequired(doc map[string]any) error {
	if err := checkRequired(rt.Schema.Attributes, doc, ""); err != nil {
		return err
	}
	for _, e := range rt.Extensions {
		obj, ok := doc[e.Schema.ID].(map[string]any)
		if !ok {
			if e.Required {
				return invalid("extension %q is required", e.Schema.ID)
			}
			continue
		}
		if err := checkRequired(e.Schema.Attributes, obj, e.Schema.ID+":"); err != nil {
			return err
		}
	}
	return nil
}

func checkRequired(attrs []*Attribute, obj map[string]any, prefix string) error {
	for _, a := range attrs {
		v := obj[a.Name]
		if a.Required && a.Mutability != ReadOnly && isUnassigned(v) {
			return invalid("attribute %q is required", prefix+a.Name)
		}
		if a.Type != Complex || v == nil {
			continue
		}
		values := []any{v}
		if list, ok := v.([]any); ok {
			values = list
		}
		for _, e := range values {
			if m, ok := e.(map[string]any); ok {
				if err := checkRequired(a.SubAttributes, m, prefix+a.Name+"."); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func isUnassigned(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

func invalid(format string, args ...any) error {
	return scim.BadRequest(scim.ErrInvalidValue, format, args...)
}
