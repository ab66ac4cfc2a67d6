package schema

import (
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

// Project applies the attributes and excludedAttributes parameters
// (RFC 7644 §3.4.2.5) and the "returned" characteristic (RFC 7643 §7) to a
// full canonical resource ("schemas", "id", "meta", extension objects under
// their URN), returning a new map; res is not changed, though unchanged
// values are shared with it.
//
//   - returned "never" (password) is always removed; "always" (id) and
//     "schemas" always kept; "request" only when attributes names it.
//   - A non-empty attributes keeps only what it names: "name.givenName"
//     keeps name with just givenName (in every element of a multi-valued
//     attribute, so emails.value keeps only each value); naming a complex
//     attribute keeps it whole; naming an extension's URN keeps its whole
//     object; an extension attribute keeps the object with just that.
//   - Otherwise excluded removes what it names, never what is always
//     returned.
//
// Paths are resolved without regard to case; unknown ones are ignored.
func (rt *ResourceType) Project(res map[string]any, attributes, excluded []filter.AttrPath) map[string]any {
	pr := projector{selective: len(attributes) > 0}
	if pr.selective {
		pr.sel = rt.selection(attributes)
	} else {
		pr.sel = rt.selection(excluded)
	}
	out := make(map[string]any, len(res))
	for k, v := range res {
		if strings.EqualFold(k, "schemas") {
			out[k] = v
			continue
		}
		if ext := rt.ExtensionSchema(k); ext != nil {
			if pv, ok := pr.extension(ext, v); ok {
				out[k] = pv
			}
			continue
		}
		a := findAttr(commonAttributes, k)
		if a == nil {
			a = rt.Schema.Attr(k)
		}
		if pv, ok := pr.attr(a, v, false); ok {
			out[k] = pv
		}
	}
	return out
}

// selection is what a list of attribute paths names.
type selection struct {
	whole map[*Attribute]bool                // attributes named without a sub-attribute
	subs  map[*Attribute]map[*Attribute]bool // sub-attributes named, by their attribute
	exts  map[*Schema]bool                   // extension objects named by their URN
}

func (rt *ResourceType) selection(paths []filter.AttrPath) selection {
	s := selection{whole: map[*Attribute]bool{}, subs: map[*Attribute]map[*Attribute]bool{}, exts: map[*Schema]bool{}}
	for _, p := range paths {
		// ParseAttrPath reads an extension's URN as a URN and a name:
		// "urn:...:enterprise:2.0" and "User".
		if p.URN != "" && p.Sub == "" {
			if ext := rt.ExtensionSchema(p.URN + ":" + p.Name); ext != nil {
				s.exts[ext] = true
				continue
			}
		}
		r, ok := rt.Resolve(p)
		switch {
		case !ok:
		case r.Sub == nil:
			s.whole[r.Attr] = true
		default:
			if s.subs[r.Attr] == nil {
				s.subs[r.Attr] = map[*Attribute]bool{}
			}
			s.subs[r.Attr][r.Sub] = true
		}
	}
	return s
}

// projector decides what stays: with selective, sel is what attributes
// names (kept); without, what excludedAttributes names (removed).
type projector struct {
	selective bool
	sel       selection
}

func (pr projector) extension(ext *Schema, v any) (any, bool) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	named := pr.sel.exts[ext]
	out := map[string]any{}
	for k, av := range obj {
		if pv, ok := pr.attr(ext.Attr(k), av, named); ok {
			out[k] = pv
		}
	}
	return out, len(out) > 0
}

// attr projects the value v of attribute a (nil when the key is not in the
// schema). wholeNamed says the extension object a lives in was named as a
// whole.
func (pr projector) attr(a *Attribute, v any, wholeNamed bool) (any, bool) {
	if a == nil {
		// Not in the schema (a canonical document has none): kept when
		// the object it is in was asked for whole, or when nothing was
		// asked for by name and its object is not excluded.
		if pr.selective {
			return v, wholeNamed
		}
		return v, !wholeNamed
	}
	switch {
	case a.Returned == Never:
		return nil, false
	case a.Returned == Always:
		return v, true
	case pr.selective && (wholeNamed || pr.sel.whole[a]):
		return filterSubs(a, v, func(s *Attribute) bool { return s == nil || s.Returned != Never })
	case pr.selective:
		named := pr.sel.subs[a]
		if len(named) == 0 {
			return nil, false
		}
		return filterSubs(a, v, func(s *Attribute) bool {
			return s != nil && (s.Returned == Always || named[s] && s.Returned != Never)
		})
	case a.Returned == Request || wholeNamed || pr.sel.whole[a]:
		return nil, false
	default:
		excluded := pr.sel.subs[a]
		return filterSubs(a, v, func(s *Attribute) bool {
			return s == nil || s.Returned == Always || s.Returned == Default && !excluded[s]
		})
	}
}

// filterSubs keeps the sub-attributes keep accepts in the value of the
// complex attribute a, in each element when a is multi-valued; elements left
// empty are dropped, and so is a value left empty (false). Values of other
// types pass unchanged.
func filterSubs(a *Attribute, v any, keep func(*Attribute) bool) (any, bool) {
	if a.Type != Complex {
		return v, true
	}
	if m, ok := v.(map[string]any); ok {
		fm := filterObject(a, m, keep)
		return fm, len(fm) > 0
	}
	list, ok := v.([]any)
	if !ok {
		return v, true
	}
	out := make([]any, 0, len(list))
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			out = append(out, e)
			continue
		}
		if fm := filterObject(a, m, keep); len(fm) > 0 {
			out = append(out, fm)
		}
	}
	return out, len(out) > 0
}

func filterObject(a *Attribute, m map[string]any, keep func(*Attribute) bool) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if keep(a.Sub(k)) {
			out[k] = v
		}
	}
	return out
}

// ParseAttrList parses the value of an attributes or excludedAttributes
// parameter: attribute paths separated by commas, with optional spaces
// around them; empty entries are skipped, and an empty value gives nil.
//
// An invalid path is a 400 with scimType invalidValue: RFC 7644 §3.12 keeps
// invalidPath for PATCH paths and invalidFilter for filters, and this is
// neither; invalidValue ("not compatible with the operation") is the nearest.
func ParseAttrList(s string) ([]filter.AttrPath, error) {
	var out []filter.AttrPath
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := filter.ParseAttrPath(part)
		if err != nil {
			return nil, scim.BadRequest(scim.ErrInvalidValue, "invalid attribute path %q in the attribute list", shorten(part))
		}
		out = append(out, p)
	}
	return out, nil
}
