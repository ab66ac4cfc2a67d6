package filter

import (
	"strings"
)

// Match reports whether the resource doc satisfies the filter e (RFC 7644
// §3.4.2.2). It first runs Check, so a filter the schema rejects gives the
// same invalidFilter error here.
//
// doc is decoded JSON (string, bool, json.Number or any Go number, nil,
// []any, map[string]any). Keys match without regard to case. Attributes of
// an extension live under their schema URN as a key (any case); a path
// with a core schema URN (urn:ietf:params:scim:schemas:core:...) reads the
// top level of doc unless doc has a key by that URN.
//
// Semantics:
//   - A multi-valued attribute matches when any of its values does.
//   - "ne" is exactly "not eq": an absent attribute matches "ne", and a
//     multi-valued one matches "ne" when none of its values is equal.
//   - "pr" matches a value that is not null, "", [] or {} (an object counts
//     when one of its members is present). "eq null" is "not pr" and
//     "ne null" is "pr" (RFC 7643 §2.5: null, absent and empty are one state).
//   - Strings compare by Fold unless the attribute is caseExact; gt, ge, lt
//     and le compare them byte-wise (code point order).
//   - dateTime compares instants; co, sw and ew compare its text.
//   - Numbers compare exactly, whatever their spelling (1, 1.0, 1e0).
//   - A value path (emails[type eq "work" and value co "@x"]) matches when
//     one element satisfies the whole inner filter; on a single-valued
//     complex attribute the inner filter applies to the object.
//   - A document value of the wrong JSON kind for the attribute's type
//     (a number for a string attribute, say) matches nothing.
func Match(e Expr, doc map[string]any, s Schema) (bool, error) {
	if err := Check(e, s); err != nil {
		return false, err
	}
	return match(e, doc, scope{schema: s}), nil
}

// match evaluates a checked filter against obj: the resource at the top
// scope, one element of the outer attribute inside a value filter.
func match(e Expr, obj map[string]any, sc scope) bool {
	switch e := e.(type) {
	case *And:
		return match(e.Left, obj, sc) && match(e.Right, obj, sc)
	case *Or:
		return match(e.Left, obj, sc) || match(e.Right, obj, sc)
	case *Not:
		return !match(e.X, obj, sc)
	case *Present:
		return anyPresent(sc.values(obj, e.Path))
	case *Compare:
		return matchCompare(e, obj, sc)
	case *ValuePath:
		inner, err := sc.valueScope(e)
		if err != nil {
			return false
		}
		for _, el := range sc.values(obj, e.Path) {
			if m, ok := el.(map[string]any); ok && match(e.Filter, m, inner) {
				return true
			}
		}
	}
	return false
}

func matchCompare(c *Compare, obj map[string]any, sc scope) bool {
	path, info, err := sc.compareTarget(c)
	if err != nil {
		return false
	}
	vals := sc.values(obj, path)
	if c.Value.Kind == NullValue {
		return anyPresent(vals) == (c.Op == Ne)
	}
	op := c.Op
	if op == Ne {
		op = Eq
	}
	cmp := newComparer(info, op, c.Value)
	found := false
	for _, v := range vals {
		if cmp(v) {
			found = true
			break
		}
	}
	return found != (c.Op == Ne)
}

// values returns the values at p in obj, flattened: the elements of arrays,
// without nulls. With a sub-attribute, it collects that member of every
// object among the attribute's values.
func (sc scope) values(obj map[string]any, p AttrPath) []any {
	if sc.outer != nil {
		// Inside a value filter obj is an element and p.Name its member.
		return lookup(obj, p.Name, nil)
	}
	var out []any
	for _, c := range containers(obj, p.URN) {
		out = lookup(c, p.Name, out)
	}
	if p.Sub == "" {
		return out
	}
	var subs []any
	for _, v := range out {
		if m, ok := v.(map[string]any); ok {
			subs = lookup(m, p.Sub, subs)
		}
	}
	return subs
}

// containers returns the objects that hold the attributes of schema urn.
func containers(doc map[string]any, urn string) []map[string]any {
	if urn == "" {
		return []map[string]any{doc}
	}
	var out []map[string]any
	for k, v := range doc {
		if m, ok := v.(map[string]any); ok && strings.EqualFold(k, urn) {
			out = append(out, m)
		}
	}
	if len(out) == 0 && isCoreURN(urn) {
		out = append(out, doc)
	}
	return out
}

// isCoreURN reports whether urn names a core schema (RFC 7643 §8.7.1),
// whose attributes sit at the top level of a resource.
func isCoreURN(urn string) bool {
	const prefix = "urn:ietf:params:scim:schemas:core:"
	return len(urn) > len(prefix) && strings.EqualFold(urn[:len(prefix)], prefix)
}

// lookup appends the values of obj's members named key (any case) to out.
// A document should not have two keys that differ only in case; if it has,
// both count, so the result does not depend on map order.
func lookup(obj map[string]any, key string, out []any) []any {
	if v, ok := obj[key]; ok {
		out = flatten(v, out)
	}
	for k, v := range obj {
		if k != key && strings.EqualFold(k, key) {
			out = flatten(v, out)
		}
	}
	return out
}

func flatten(v any, out []any) []any {
	switch v := v.(type) {
	case nil:
	case []any:
		for _, x := range v {
			if x != nil {
				out = append(out, x)
			}
		}
	default:
		out = append(out, v)
	}
	return out
}

func anyPresent(vals []any) bool {
	for _, v := range vals {
		if present(v) {
			return true
		}
	}
	return false
}

// present reports whether v is a value rather than an empty one.
func present(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case string:
		return v != ""
	case []any:
		for _, x := range v {
			if present(x) {
				return true
			}
		}
		return false
	case map[string]any:
		for _, x := range v {
			if present(x) {
				return true
			}
		}
		return false
	}
	return true
}
