package patch

import (
	"encoding/json"
	"reflect"

	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// applySub handles "attr.sub" paths without a value filter. On a single
// complex attribute it sets or removes the sub-attribute; on a multi-valued
// one it applies to every element (creating one when there is none to add
// to).
func applySub(rt *schema.ResourceType, doc map[string]any, op Operation, r schema.Resolved) error {
	c := container(rt, doc, r, op.Op != Remove)
	if c == nil {
		return nil
	}
	var v any
	if op.Op != Remove {
		var err error
		if v, err = rt.NormalizeValue(r, op.Value, false); err != nil {
			return err
		}
	}
	if !r.Attr.MultiValued {
		m, _ := c[r.Attr.Name].(map[string]any)
		if m == nil {
			m = map[string]any{}
		}
		if err := setSub(m, r.Sub, op.Op, v); err != nil {
			return err
		}
		storeComplex(c, r.Attr.Name, m)
		return nil
	}
	elems, _ := c[r.Attr.Name].([]any)
	if len(elems) == 0 && op.Op != Remove && v != nil {
		elems = []any{map[string]any{}}
	}
	all := make([]int, len(elems))
	for i := range elems {
		all[i] = i
	}
	return updateElements(c, r, elems, all, op.Op, v)
}

// applyFiltered handles "attr[filter]" and "attr[filter].sub" paths.
func applyFiltered(rt *schema.ResourceType, doc map[string]any, op Operation, t target) error {
	r := t.res
	c := container(rt, doc, r, op.Op != Remove)
	if c == nil {
		return nil
	}
	if r.Attr.Mutability == schema.ReadOnly {
		return readOnlyError(r.Attr.Name)
	}
	elems, _ := c[r.Attr.Name].([]any)
	matched, err := matching(rt, r, t.filter, elems)
	if err != nil {
		return err
	}

	if t.sub == nil {
		switch op.Op {
		case Remove:
			c[r.Attr.Name] = removeIndexes(elems, matched)
			dropEmpty(c, r.Attr.Name)
			return nil
		default:
			v, err := rt.NormalizeValue(r, op.Value, true)
			if err != nil {
				return err
			}
			nv, _ := v.(map[string]any)
			if len(matched) == 0 {
				return appendFromFilter(rt, c, r, op.Op, t.filter, nv)
			}
			for _, i := range matched {
				old, _ := elems[i].(map[string]any)
				if op.Op == Add {
					elems[i] = merge(old, nv)
				} else {
					// Replace the whole value, keeping what the filter
					// pinned so the value stays selectable the same way.
					pinned, _ := eqFields(r, t.filter)
					elems[i] = merge(pinned, nv)
				}
			}
			c[r.Attr.Name] = elems
			return fixPrimary(c, r.Attr, matched)
		}
	}

	sr := schema.Resolved{Schema: r.Schema, Attr: r.Attr, Sub: t.sub}
	var v any
	if op.Op != Remove {
		if v, err = rt.NormalizeValue(sr, op.Value, false); err != nil {
			return err
		}
		if len(matched) == 0 {
			return appendFromFilter(rt, c, r, op.Op, t.filter, map[string]any{t.sub.Name: v})
		}
	}
	return updateElements(c, sr, elems, matched, op.Op, v)
}

// updateElements sets or removes sub-attribute r.Sub in the elements at
// the given indexes.
func updateElements(c map[string]any, r schema.Resolved, elems []any, idx []int, op Op, v any) error {
	for _, i := range idx {
		m, _ := elems[i].(map[string]any)
		if m == nil {
			m = map[string]any{}
		}
		if err := setSub(m, r.Sub, op, v); err != nil {
			return err
		}
		elems[i] = m
	}
	var kept []any
	for _, e := range elems {
		if m, ok := e.(map[string]any); !ok || len(m) > 0 {
			kept = append(kept, e)
		}
	}
	c[r.Attr.Name] = kept
	dropEmpty(c, r.Attr.Name)
	if r.Sub.Name == "primary" && v == true {
		return fixPrimary(c, r.Attr, idx)
	}
	return nil
}

func setSub(m map[string]any, sub *schema.Attribute, op Op, v any) error {
	old, had := m[sub.Name]
	if err := checkMutability(sub, op, old, had, v); err != nil {
		return err
	}
	if op == Remove || v == nil {
		delete(m, sub.Name)
	} else {
		m[sub.Name] = v
	}
	return nil
}

// appendFromFilter handles an add or replace that names values by a filter
// matching none. A replace is noTarget: RFC 7644 §3.5.2.3 says so for a
// value selection filter with no match. An add creates the value (§3.5.2.1:
// a target location that does not exist is added) when the filter pins the
// element down with "eq" comparisons (emails[type eq "work"].value): the
// element to add is then known, the pinned sub-attributes plus the value.
// Any other filter matching nothing is noTarget. (Entra ID sends a replace
// meaning "set, creating it if need be"; the quirk
// entra-replace-creates-value rewrites it to this add.)
func appendFromFilter(rt *schema.ResourceType, c map[string]any, r schema.Resolved, op Op, f filter.Expr, v map[string]any) error {
	pinned, ok := eqFields(r, f)
	if !ok || op != Add {
		return scim.BadRequest(scim.ErrNoTarget, "the filter on %q matched no values", r.Attr.Name)
	}
	elem, err := rt.NormalizeValue(schema.Resolved{Schema: r.Schema, Attr: r.Attr}, merge(pinned, v), true)
	if err != nil {
		return err
	}
	if elem == nil {
		return nil
	}
	elems, _ := c[r.Attr.Name].([]any)
	c[r.Attr.Name] = append(elems, elem)
	return fixPrimary(c, r.Attr, []int{len(elems)})
}

// eqFields returns the sub-attribute values a filter made only of "eq"
// comparisons joined by "and" pins down, with canonical names.
func eqFields(r schema.Resolved, f filter.Expr) (map[string]any, bool) {
	out := map[string]any{}
	var walk func(filter.Expr) bool
	walk = func(e filter.Expr) bool {
		switch e := e.(type) {
		case *filter.And:
			return walk(e.Left) && walk(e.Right)
		case *filter.Compare:
			sub := r.Attr.Sub(e.Path.Name)
			if e.Op != filter.Eq || sub == nil || e.Path.Sub != "" {
				return false
			}
			switch e.Value.Kind {
			case filter.StringValue:
				out[sub.Name] = e.Value.Str
			case filter.BoolValue:
				out[sub.Name] = e.Value.Bool
			case filter.NumberValue:
				out[sub.Name] = json.Number(e.Value.Str)
			default:
				return false
			}
			return true
		}
		return false
	}
	if !walk(f) {
		return nil, false
	}
	return out, true
}

// matching returns the indexes of the elements the filter selects.
func matching(rt *schema.ResourceType, r schema.Resolved, f filter.Expr, elems []any) ([]int, error) {
	vp := &filter.ValuePath{Path: filter.AttrPath{Name: r.Attr.Name}, Filter: f}
	if r.Extension(rt) {
		vp.Path.URN = r.Schema.ID
	}
	var idx []int
	for i, e := range elems {
		doc := map[string]any{r.Attr.Name: []any{e}}
		if r.Extension(rt) {
			doc = map[string]any{r.Schema.ID: doc}
		}
		ok, err := filter.Match(vp, doc, rt)
		if err != nil {
			return nil, err
		}
		if ok {
			idx = append(idx, i)
		}
	}
	return idx, nil
}

// appendElements adds values to a multi-valued attribute. A value equal to
// one already there (the same "value", and the same "type" when both have
// one) updates it in place instead of appearing twice.
// It returns the new list and the indexes written.
func appendElements(elems, added []any) ([]any, []int) {
	out := append([]any(nil), elems...)
	var written []int
	for _, a := range added {
		if i := indexOfSame(out, a); i >= 0 {
			if am, ok := a.(map[string]any); ok {
				om, _ := out[i].(map[string]any)
				out[i] = merge(om, am)
			}
			written = append(written, i)
			continue
		}
		out = append(out, a)
		written = append(written, len(out)-1)
	}
	return out, written
}

func indexOfSame(elems []any, v any) int {
	vm, isMap := v.(map[string]any)
	for i, e := range elems {
		if !isMap {
			if reflect.DeepEqual(e, v) {
				return i
			}
			continue
		}
		em, ok := e.(map[string]any)
		if !ok {
			continue
		}
		if vm["value"] == nil || em["value"] != vm["value"] {
			continue
		}
		if vt, et := vm["type"], em["type"]; vt != nil && et != nil && vt != et {
			continue
		}
		return i
	}
	return -1
}

// fixPrimary keeps at most one primary value (RFC 7644 §3.5.2): when the
// elements just written set primary, every other element loses it.
func fixPrimary(c map[string]any, a *schema.Attribute, written []int) error {
	elems, _ := c[a.Name].([]any)
	winner := -1
	for _, i := range written {
		if i < len(elems) {
			if m, ok := elems[i].(map[string]any); ok && m["primary"] == true {
				if winner >= 0 {
					return scim.BadRequest(scim.ErrInvalidValue, "at most one value of %q may be primary", a.Name)
				}
				winner = i
			}
		}
	}
	if winner < 0 {
		return nil
	}
	for i, e := range elems {
		if m, ok := e.(map[string]any); ok && i != winner && m["primary"] == true {
			m["primary"] = false
		}
	}
	return nil
}

func removeIndexes(elems []any, idx []int) []any {
	drop := make(map[int]bool, len(idx))
	for _, i := range idx {
		drop[i] = true
	}
	var out []any
	for i, e := range elems {
		if !drop[i] {
			out = append(out, e)
		}
	}
	return out
}

// dropEmpty unassigns an attribute left without values.
func dropEmpty(c map[string]any, name string) {
	if l, ok := c[name].([]any); ok && len(l) == 0 {
		delete(c, name)
	}
}

func storeComplex(c map[string]any, name string, m map[string]any) {
	if len(m) == 0 {
		delete(c, name)
		return
	}
	c[name] = m
}

func merge(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}
