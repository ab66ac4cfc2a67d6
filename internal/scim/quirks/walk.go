package quirks

import (
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// visitFunc sees one attribute value: holder[key] is the value of attribute
// a, and the function may replace it.
type visitFunc func(a *schema.Attribute, holder map[string]any, key string) bool

// walkDoc visits every attribute of a resource document (a POST or PUT body,
// or a path-less PATCH value), resolving names without regard to case,
// descending into extension objects and complex values.
func walkDoc(rt *schema.ResourceType, doc map[string]any, visit visitFunc) bool {
	changed := false
	for k := range doc {
		if ext := rt.ExtensionSchema(k); ext != nil {
			if m, ok := doc[k].(map[string]any); ok {
				changed = walkObject(ext.Attributes, m, visit) || changed
			}
			continue
		}
		var a *schema.Attribute
		if strings.HasPrefix(strings.ToLower(k), "urn:") {
			if p, err := filter.ParseAttrPath(k); err == nil {
				if r, ok := rt.Resolve(p); ok {
					a = r.Leaf()
				}
			}
		} else if r, ok := rt.Resolve(filter.AttrPath{Name: k}); ok {
			a = r.Attr
		}
		if a != nil {
			changed = walkValue(a, doc, k, visit) || changed
		}
	}
	return changed
}

// walkObject visits the attributes of an object whose attributes are attrs
// (a complex value or an extension object).
func walkObject(attrs []*schema.Attribute, m map[string]any, visit visitFunc) bool {
	changed := false
	for k := range m {
		for _, a := range attrs {
			if strings.EqualFold(a.Name, k) {
				changed = walkValue(a, m, k, visit) || changed
				break
			}
		}
	}
	return changed
}

// walkValue visits attribute a's value in holder[key], then its
// sub-attributes.
func walkValue(a *schema.Attribute, holder map[string]any, key string, visit visitFunc) bool {
	changed := visit(a, holder, key)
	if a.Type != schema.Complex {
		return changed
	}
	switch v := holder[key].(type) {
	case map[string]any:
		changed = walkObject(a.SubAttributes, v, visit) || changed
	case []any:
		for _, e := range v {
			if m, ok := e.(map[string]any); ok {
				changed = walkObject(a.SubAttributes, m, visit) || changed
			}
		}
	}
	return changed
}

// walkPatchValues visits the values of every PATCH operation: a path-less
// value as a document, a value for a whole attribute as that attribute's
// value, an element (after a value filter) through its sub-attributes, and
// a value for a sub-attribute as that sub-attribute's value.
func walkPatchValues(rt *schema.ResourceType, body map[string]any, visit visitFunc) bool {
	changed := false
	for _, op := range operations(body) {
		valueKey, ok := key(op, "value")
		if !ok {
			continue
		}
		path, _ := stringField(op, "path")
		if path == "" {
			if m, ok := op[valueKey].(map[string]any); ok {
				changed = walkDoc(rt, m, visit) || changed
			}
			continue
		}
		t, ok := resolvePath(rt, path)
		if !ok {
			continue
		}
		switch {
		case t.sub != nil:
			changed = walkValue(t.sub, op, valueKey, visit) || changed
		case t.filtered:
			if m, ok := op[valueKey].(map[string]any); ok {
				changed = walkObject(t.attr.SubAttributes, m, visit) || changed
			}
		default:
			changed = walkValue(t.attr, op, valueKey, visit) || changed
		}
	}
	return changed
}

// pathTarget is what a PATCH path names, as far as quirks need to know.
type pathTarget struct {
	attr     *schema.Attribute // the top-level attribute
	sub      *schema.Attribute // the sub-attribute, if the path ends in one
	filtered bool              // the path has a value filter
}

func resolvePath(rt *schema.ResourceType, path string) (pathTarget, bool) {
	p, err := filter.ParsePath(path)
	if err != nil {
		return pathTarget{}, false
	}
	r, ok := rt.Resolve(filter.AttrPath{URN: p.Attr.URN, Name: p.Attr.Name})
	if !ok {
		return pathTarget{}, false
	}
	t := pathTarget{attr: r.Attr, filtered: p.Filter != nil}
	sub := p.Attr.Sub
	if p.Sub != "" {
		sub = p.Sub
	}
	if sub != "" {
		if t.sub = r.Attr.Sub(sub); t.sub == nil {
			return pathTarget{}, false
		}
	}
	return t, true
}

// operations returns the PATCH operations of a body, whatever the case of
// the "Operations" member.
func operations(body map[string]any) []map[string]any {
	k, ok := key(body, "Operations")
	if !ok {
		return nil
	}
	list, _ := body[k].([]any)
	ops := make([]map[string]any, 0, len(list))
	for _, o := range list {
		if m, ok := o.(map[string]any); ok {
			ops = append(ops, m)
		}
	}
	return ops
}

// setOperations replaces a body's operations.
func setOperations(body map[string]any, ops []map[string]any) {
	k, ok := key(body, "Operations")
	if !ok {
		k = "Operations"
	}
	list := make([]any, len(ops))
	for i, o := range ops {
		list[i] = o
	}
	body[k] = list
}

// key finds the actual key for name in m, without regard to case.
func key(m map[string]any, name string) (string, bool) {
	if _, ok := m[name]; ok {
		return name, true
	}
	for k := range m {
		if strings.EqualFold(k, name) {
			return k, true
		}
	}
	return "", false
}

func stringField(m map[string]any, name string) (string, bool) {
	k, ok := key(m, name)
	if !ok {
		return "", false
	}
	s, ok := m[k].(string)
	return s, ok
}
