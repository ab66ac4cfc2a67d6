package patch

import (
	"fmt"
	"reflect"

	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// Apply applies ops in order to doc, a canonical document of rt, and returns
// the new document; doc itself is not modified. Either every operation
// applies or Apply returns an error and no document (RFC 7644 §3.5.2: the
// PATCH is atomic). The result must still hold the required attributes.
func Apply(rt *schema.ResourceType, doc map[string]any, ops []Operation) (map[string]any, error) {
	out, _ := deepCopy(doc).(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	for i, op := range ops {
		if err := applyOne(rt, out, op); err != nil {
			if e, ok := scim.AsError(err); ok {
				return nil, &scim.Error{Status: e.Status, ScimType: e.ScimType, Detail: fmt.Sprintf("Operations[%d]: %s", i, e.Detail)}
			}
			return nil, err
		}
	}
	dropEmptyExtensions(rt, out)
	if err := rt.CheckRequired(out); err != nil {
		return nil, err
	}
	return out, nil
}

func applyOne(rt *schema.ResourceType, doc map[string]any, op Operation) error {
	if op.path == nil && op.Path != "" {
		if err := op.check(); err != nil {
			return err
		}
	}
	if op.path == nil {
		return applyPathless(rt, doc, op)
	}
	t, err := resolveTarget(rt, op.path)
	if err != nil {
		return err
	}
	switch {
	case t.whole != nil:
		return applyExtension(rt, doc, op, t.whole)
	case t.filter != nil:
		return applyFiltered(rt, doc, op, t)
	case t.res.Sub != nil:
		return applySub(rt, doc, op, t.res)
	}
	c := container(rt, doc, t.res, op.Op != Remove)
	if op.Op == Remove {
		if c == nil {
			return nil
		}
		return removeAttr(c, t.res.Attr)
	}
	v, err := normalizeWhole(rt, t.res, op.Value)
	if err != nil {
		return err
	}
	return setAttr(c, t.res.Attr, op.Op, v)
}

// applyPathless handles add and replace without a path: the value is an
// object of attributes, each added or replaced in turn (RFC 7644 §3.5.2.1,
// §3.5.2.3).
func applyPathless(rt *schema.ResourceType, doc map[string]any, op Operation) error {
	value, ok := op.Value.(map[string]any)
	if !ok {
		return scim.BadRequest(scim.ErrInvalidValue, "an %s operation without a path needs an object of attributes as its value", op.Op)
	}
	if err := checkWritable(rt, value); err != nil {
		return err
	}
	norm, err := rt.NormalizePartial(value)
	if err != nil {
		return err
	}
	for k, v := range norm {
		if ext := rt.ExtensionSchema(k); ext != nil {
			if err := mergeExtension(rt, doc, op.Op, ext, v); err != nil {
				return err
			}
			continue
		}
		r, ok := rt.Resolve(attrPath(k))
		if !ok {
			continue // normalisation only keeps known attributes
		}
		if err := setAttr(doc, r.Attr, op.Op, v); err != nil {
			return err
		}
	}
	return nil
}

// applyExtension handles a path that names a whole extension schema.
func applyExtension(rt *schema.ResourceType, doc map[string]any, op Operation, ext *schema.Schema) error {
	if op.Op == Remove {
		for _, a := range ext.Attributes {
			if a.Mutability == schema.ReadOnly || a.Mutability == schema.Immutable {
				if m, ok := doc[ext.ID].(map[string]any); ok && m[a.Name] != nil {
					return scim.BadRequest(scim.ErrMutability, "attribute %q is %s", a.Name, a.Mutability)
				}
			}
		}
		delete(doc, ext.ID)
		return nil
	}
	value, ok := op.Value.(map[string]any)
	if !ok {
		return scim.BadRequest(scim.ErrInvalidValue, "the value for %q must be an object", ext.ID)
	}
	if err := checkWritable(rt, map[string]any{ext.ID: value}); err != nil {
		return err
	}
	norm, err := rt.NormalizePartial(map[string]any{ext.ID: value})
	if err != nil {
		return err
	}
	if v, ok := norm[ext.ID]; ok {
		return mergeExtension(rt, doc, op.Op, ext, v)
	}
	return nil
}

func mergeExtension(rt *schema.ResourceType, doc map[string]any, op Op, ext *schema.Schema, v any) error {
	m, _ := v.(map[string]any)
	c := container(rt, doc, schema.Resolved{Schema: ext}, true)
	for k, sv := range m {
		if a := ext.Attr(k); a != nil {
			if err := setAttr(c, a, op, sv); err != nil {
				return err
			}
		}
	}
	return nil
}

// setAttr adds or replaces the whole value of attribute a in c; v is
// normalised. Adding to a multi-valued attribute appends; adding or
// replacing a complex attribute merges sub-attributes (RFC 7644 §3.5.2.1,
// §3.5.2.3); null (v == nil) unassigns.
func setAttr(c map[string]any, a *schema.Attribute, op Op, v any) error {
	old, had := c[a.Name]
	if err := checkMutability(a, op, old, had, v); err != nil {
		return err
	}
	switch {
	case v == nil:
		delete(c, a.Name)
	case a.MultiValued && op == Add:
		elems, _ := old.([]any)
		added, _ := v.([]any)
		var written []int
		c[a.Name], written = appendElements(elems, added)
		return fixPrimary(c, a, written)
	case a.MultiValued:
		c[a.Name] = v
	case a.Type == schema.Complex:
		merged, _ := old.(map[string]any)
		if merged == nil {
			merged = map[string]any{}
		}
		for k, sv := range v.(map[string]any) {
			merged[k] = sv
		}
		c[a.Name] = merged
	default:
		c[a.Name] = v
	}
	return nil
}

func removeAttr(c map[string]any, a *schema.Attribute) error {
	old, had := c[a.Name]
	if err := checkMutability(a, Remove, old, had, nil); err != nil {
		return err
	}
	delete(c, a.Name)
	return nil
}

// checkMutability applies RFC 7644 §3.5.2: readOnly attributes cannot be
// changed; immutable ones can be set when unassigned, and "changed" to the
// value they already have.
func checkMutability(a *schema.Attribute, op Op, old any, had bool, v any) error {
	switch a.Mutability {
	case schema.ReadOnly:
		return readOnlyError(a.Name)
	case schema.Immutable:
		if !had || old == nil {
			return nil
		}
		if op != Remove && reflect.DeepEqual(old, v) {
			return nil
		}
		return scim.BadRequest(scim.ErrMutability, "attribute %q is immutable", a.Name)
	}
	return nil
}

// normalizeWhole normalises a value for a whole attribute. A single element
// given for a multi-valued attribute is taken as a one-element array: the
// meaning is plain and several clients send it.
func normalizeWhole(rt *schema.ResourceType, r schema.Resolved, value any) (any, error) {
	if r.Attr.MultiValued && r.Sub == nil && value != nil {
		if _, isList := value.([]any); !isList {
			v, err := rt.NormalizeValue(r, value, true)
			if err != nil || v == nil {
				return nil, err
			}
			return []any{v}, nil
		}
	}
	return rt.NormalizeValue(r, value, false)
}
