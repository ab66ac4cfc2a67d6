package patch

import (
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// target is a PATCH path resolved against a resource type.
type target struct {
	res    schema.Resolved   // the attribute; res.Sub set for "attr.sub" paths without a filter
	filter filter.Expr       // the value filter of "attr[filter]" paths, or nil
	sub    *schema.Attribute // the sub-attribute after a value filter ("attr[filter].sub"), or nil
	whole  *schema.Schema    // set when the path names a whole extension schema
}

// resolveTarget resolves a parsed path. A path naming an extension schema
// itself ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
// targets the extension object as a whole.
func resolveTarget(rt *schema.ResourceType, p *filter.Path) (target, error) {
	if p.Filter == nil && p.Attr.Sub == "" && p.Attr.URN != "" {
		if s := rt.ExtensionSchema(p.Attr.URN + ":" + p.Attr.Name); s != nil {
			return target{whole: s}, nil
		}
	}
	r, ok := rt.Resolve(p.Attr)
	if !ok {
		return target{}, scim.BadRequest(scim.ErrInvalidPath, "no attribute %q in the %s schema", truncate(p.Attr.String()), rt.Name)
	}
	t := target{res: r}
	if p.Filter != nil {
		if r.Attr.Type != schema.Complex || !r.Attr.MultiValued {
			return target{}, scim.BadRequest(scim.ErrInvalidPath, "a value filter needs a multi-valued complex attribute, and %q is not one", r.Attr.Name)
		}
		vp := &filter.ValuePath{Path: filter.AttrPath{URN: p.Attr.URN, Name: p.Attr.Name}, Filter: p.Filter}
		if err := filter.Check(vp, rt); err != nil {
			return target{}, err
		}
		t.filter = p.Filter
	}
	if p.Sub != "" {
		t.sub = r.Attr.Sub(p.Sub)
		if t.sub == nil {
			return target{}, scim.BadRequest(scim.ErrInvalidPath, "no sub-attribute %q in %q", truncate(p.Sub), r.Attr.Name)
		}
	}
	return t, nil
}

// container returns the map that holds the attribute: the document itself
// for core attributes, the extension object for extension attributes
// (created when create is set; nil when absent and not created).
func container(rt *schema.ResourceType, doc map[string]any, r schema.Resolved, create bool) map[string]any {
	if !r.Extension(rt) {
		return doc
	}
	if m, ok := doc[r.Schema.ID].(map[string]any); ok {
		return m
	}
	if !create {
		return nil
	}
	m := map[string]any{}
	doc[r.Schema.ID] = m
	return m
}

// dropEmptyExtensions removes extension objects left without attributes,
// since an empty extension is the same as an absent one.
func dropEmptyExtensions(rt *schema.ResourceType, doc map[string]any) {
	for _, e := range rt.Extensions {
		if m, ok := doc[e.Schema.ID].(map[string]any); ok && len(m) == 0 {
			delete(doc, e.Schema.ID)
		}
	}
}

// checkWritable refuses path-less values that name readOnly attributes
// (RFC 7644 §3.5.2: a client MUST NOT modify readOnly attributes). Unknown
// names are left for normalisation to drop, as everywhere else.
func checkWritable(rt *schema.ResourceType, value map[string]any) error {
	for k, v := range value {
		if strings.EqualFold(k, "schemas") {
			continue
		}
		if ext := rt.ExtensionSchema(k); ext != nil {
			m, _ := v.(map[string]any)
			for sk := range m {
				if a := ext.Attr(sk); a != nil && a.Mutability == schema.ReadOnly {
					return readOnlyError(a.Name)
				}
			}
			continue
		}
		p := filter.AttrPath{Name: k}
		if strings.HasPrefix(strings.ToLower(k), "urn:") {
			var err error
			if p, err = filter.ParseAttrPath(k); err != nil {
				continue
			}
		}
		if r, ok := rt.Resolve(p); ok && r.Leaf().Mutability == schema.ReadOnly {
			return readOnlyError(r.Leaf().Name)
		}
	}
	return nil
}

func readOnlyError(name string) error {
	return scim.BadRequest(scim.ErrMutability, "attribute %q is readOnly", name)
}
