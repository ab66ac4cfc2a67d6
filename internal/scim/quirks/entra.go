package quirks

import (
	"maps"
	"slices"
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// adscimGroupSchema is the extra schema Entra ID lists when it creates a group.
const adscimGroupSchema = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"

// entraADGroupSchema: Entra ID's group creates list an extra,
// Microsoft-only schema that describes no attributes we have.
var entraADGroupSchema = Normalization{
	Name:        "entra-adscim-group-schema",
	Provider:    "Microsoft Entra ID",
	Description: "the Microsoft-only ADSCIM Group schema is dropped from a group's schemas",
	Apply: func(r *Request) bool {
		if r.Body == nil || r.Resource != schema.Groups || (r.Kind != Create && r.Kind != Replace) {
			return false
		}
		k, ok := key(r.Body, "schemas")
		if !ok {
			return false
		}
		list, _ := r.Body[k].([]any)
		kept := list[:0:0]
		for _, s := range list {
			if str, ok := s.(string); ok && strings.EqualFold(str, adscimGroupSchema) {
				continue
			}
			kept = append(kept, s)
		}
		if len(kept) == len(list) {
			return false
		}
		r.Body[k] = kept
		return true
	},
}

// entraCapitalisedOps: Entra ID (without aadOptscim062020) writes op names
// capitalised: "Add", "Replace", "Remove".
var entraCapitalisedOps = Normalization{
	Name:        "entra-capitalised-ops",
	Provider:    "Microsoft Entra ID",
	Description: `PATCH op names in any case ("Add", "Replace", "Remove") become lower-case`,
	Apply: func(r *Request) bool {
		if r.Kind != Patch {
			return false
		}
		changed := false
		for _, op := range operations(r.Body) {
			k, _ := key(op, "op")
			s, ok := op[k].(string)
			if !ok {
				continue
			}
			switch lower := strings.ToLower(s); lower {
			case "add", "remove", "replace":
				if lower != s {
					op[k] = lower
					changed = true
				}
			}
		}
		return changed
	},
}

// entraDottedPathlessKeys: with aadOptscim062020 Entra ID sends one
// path-less replace whose value holds paths as keys:
// {"name.givenName": "Ana", "emails[type eq \"work\"].value": "a@x"}. Each
// such key becomes an operation of its own with that path.
var entraDottedPathlessKeys = Normalization{
	Name:        "entra-dotted-pathless-keys",
	Provider:    "Microsoft Entra ID (aadOptscim062020)",
	Description: `keys that are attribute paths (name.givenName, emails[type eq "work"].value) inside a path-less value become operations with that path`,
	Apply: func(r *Request) bool {
		if r.Kind != Patch {
			return false
		}
		ops := operations(r.Body)
		var out []map[string]any
		changed := false
		for _, op := range ops {
			out = append(out, op)
			if p, _ := stringField(op, "path"); p != "" {
				continue
			}
			vk, ok := key(op, "value")
			if !ok {
				continue
			}
			value, ok := op[vk].(map[string]any)
			if !ok {
				continue
			}
			opName, _ := stringField(op, "op")
			// Sorted, so the same request always gives the same operations.
			for _, k := range slices.Sorted(maps.Keys(value)) {
				v := value[k]
				if strings.HasPrefix(strings.ToLower(k), "urn:") || !strings.ContainsAny(k, ".[") {
					continue // plain names and fully qualified names are standard
				}
				out = append(out, map[string]any{"op": opName, "path": k, "value": v})
				delete(value, k)
				changed = true
			}
		}
		if changed {
			setOperations(r.Body, dropEmptyPathless(out))
		}
		return changed
	},
}

// entraReplaceCreatesValue: Entra ID sets a user's work email, work
// address or mobile phone with a replace through a value filter,
// {"op":"Replace","path":"emails[type eq \"work\"].value","value":"a@x"}
// (also addresses[type eq "work"].streetAddress, phoneNumbers[type eq
// "mobile"].value), for users who have no such value too, and expects it to
// be created. RFC 7644 §3.5.2.3 makes a replace whose filter matches
// nothing fail with noTarget; an add through the same path sets the value
// where it exists and creates it where it does not (§3.5.2.1), which is
// what Entra ID means. So its replace through a filter of "eq" comparisons
// ending in a sub-attribute becomes an add. (Only paths ending in a
// sub-attribute: there add and replace of an existing value are the same
// change.)
//
// The shape alone cannot tell Entra ID from a standard client, whose
// replace of emails[type eq "fax"].value must still be noTarget, so this
// applies only to Entra ID's requests: those the bridge names as Entra ID
// (Provider, from the User-Agent or aadOptscim062020), and those that
// write the op capitalised ("Replace"), as only Entra ID's default mode
// does. It therefore runs before entra-capitalised-ops.
var entraReplaceCreatesValue = Normalization{
	Name:        "entra-replace-creates-value",
	Provider:    "Microsoft Entra ID",
	Description: `Entra ID's replace through an eq value filter ending in a sub-attribute (emails[type eq "work"].value) becomes an add, which creates the value when the filter matches none`,
	Apply: func(r *Request) bool {
		if r.Kind != Patch || r.Resource == nil {
			return false
		}
		changed := false
		for _, op := range operations(r.Body) {
			k, _ := key(op, "op")
			name, _ := op[k].(string)
			if !strings.EqualFold(name, "replace") || (name == "replace" && r.Provider != EntraID) {
				continue
			}
			path, _ := stringField(op, "path")
			p, err := filter.ParsePath(path)
			if err != nil || p.Filter == nil || !eqOnly(p.Filter) {
				continue
			}
			if t, ok := resolvePath(r.Resource, path); !ok || t.sub == nil || !t.attr.MultiValued {
				continue
			}
			op[k] = "add"
			changed = true
		}
		return changed
	},
}

// eqOnly reports whether a filter is "eq" comparisons joined by "and", so
// that it pins down the value it selects.
func eqOnly(e filter.Expr) bool {
	switch e := e.(type) {
	case *filter.And:
		return eqOnly(e.Left) && eqOnly(e.Right)
	case *filter.Compare:
		return e.Op == filter.Eq
	}
	return false
}

// dropEmptyPathless removes path-less operations left with an empty value
// after their keys moved into operations of their own.
func dropEmptyPathless(ops []map[string]any) []map[string]any {
	kept := ops[:0:0]
	for _, op := range ops {
		if p, _ := stringField(op, "path"); p == "" {
			if vk, ok := key(op, "value"); ok {
				if m, ok := op[vk].(map[string]any); ok && len(m) == 0 {
					continue
				}
			}
		}
		kept = append(kept, op)
	}
	return kept
}

// entraRemoveMembersByValue: Entra ID removes members with
// {"op":"Remove","path":"members","value":[{"value":"id"}]}. By the RFC a
// remove without a filter removes every member; Entra means just those
// listed. Each listed value becomes a remove with a value filter:
// members[value eq "id"].
var entraRemoveMembersByValue = Normalization{
	Name:        "entra-remove-members-by-value",
	Provider:    "Microsoft Entra ID, JumpCloud",
	Description: `a remove on a multi-valued attribute with a value list removes just those values (path members[value eq "id"] each)`,
	Apply: func(r *Request) bool {
		if r.Kind != Patch || r.Resource == nil {
			return false
		}
		var out []map[string]any
		changed := false
		for _, op := range operations(r.Body) {
			if split, ok := removeByValue(r.Resource, op); ok {
				out = append(out, split...)
				changed = true
				continue
			}
			out = append(out, op)
		}
		if changed {
			setOperations(r.Body, out)
		}
		return changed
	},
}

func removeByValue(rt *schema.ResourceType, op map[string]any) ([]map[string]any, bool) {
	if name, _ := stringField(op, "op"); !strings.EqualFold(name, "remove") {
		return nil, false
	}
	path, _ := stringField(op, "path")
	vk, hasValue := key(op, "value")
	if path == "" || !hasValue {
		return nil, false
	}
	t, ok := resolvePath(rt, path)
	if !ok || t.filtered || t.sub != nil || !t.attr.MultiValued || t.attr.Type != schema.Complex {
		return nil, false
	}
	values, ok := op[vk].([]any)
	if !ok {
		values = []any{op[vk]}
	}
	var ids []string
	for _, v := range values {
		var id string
		switch v := v.(type) {
		case map[string]any:
			id, _ = stringField(v, "value")
		case string:
			id = v
		}
		if id == "" {
			return nil, false
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, false
	}
	out := make([]map[string]any, len(ids))
	for i, id := range ids {
		out[i] = map[string]any{"op": "remove", "path": path + "[value eq " + filter.QuoteString(id) + "]"}
	}
	return out, true
}

// entraMadeUpMembers: Microsoft's SCIM reference tests add members given
// as bare strings whose ids are made up ("value": "string id 1") and
// expect 204. A member that is not a person of the account is otherwise
// refused (400 invalidValue); a request with members as bare strings (a
// shape only these tests send) has member ids that are not people ignored
// instead, as the bridge did for every request before. The bodies are
// left as they are: members-as-strings makes the members objects.
var entraMadeUpMembers = Normalization{
	Name:        "entra-made-up-members",
	Provider:    "Microsoft Entra ID (reference tests)",
	Description: `in a request giving members as bare id strings, member ids that are not people of the account are ignored rather than refused`,
	Apply: func(r *Request) bool {
		if r.IgnoreUnknownMembers || r.Resource != schema.Groups {
			return false
		}
		found := false
		walkBody(r, func(a *schema.Attribute, holder map[string]any, k string) bool {
			if a.Name != "members" {
				return false
			}
			switch v := holder[k].(type) {
			case string:
				found = true
			case []any:
				for _, e := range v {
					if _, ok := e.(string); ok {
						found = true
					}
				}
			}
			return false
		})
		r.IgnoreUnknownMembers = found
		return found
	},
}

// entraMemberDisplayName: Microsoft's reference tests name a member's
// display "displayName" ({"displayName": "new User", "value": id}); the
// Group schema calls it "display".
var entraMemberDisplayName = Normalization{
	Name:        "entra-member-display-name",
	Provider:    "Microsoft Entra ID (reference tests)",
	Description: `a member's "displayName" is taken as its "display"`,
	Apply: func(r *Request) bool {
		visit := func(a *schema.Attribute, holder map[string]any, k string) bool {
			if a.Name != "members" || r.Resource != schema.Groups {
				return false
			}
			list, _ := holder[k].([]any)
			changed := false
			for _, e := range list {
				m, ok := e.(map[string]any)
				if !ok {
					continue
				}
				dk, ok := key(m, "displayName")
				if _, hasDisplay := key(m, "display"); ok && !hasDisplay && dk != "display" {
					m["display"] = m[dk]
					delete(m, dk)
					changed = true
				}
			}
			return changed
		}
		changed := walkBody(r, visit)
		// A filtered member path carries one member object as its value.
		if r.Kind == Patch {
			for _, op := range operations(r.Body) {
				path, _ := stringField(op, "path")
				if t, ok := resolvePath(r.Resource, path); ok && t.filtered && t.sub == nil {
					vk, _ := key(op, "value")
					if m, ok := op[vk].(map[string]any); ok {
						holder := map[string]any{"members": []any{m}}
						changed = visit(t.attr, holder, "members") || changed
					}
				}
			}
		}
		return changed
	},
}

// entraUnquotedFilterValues: Entra ID sends externalId eq jyoung, and
// Microsoft's reference tests name.familyName eq Employee and
// meta.created gt 2015-10-10T14:38:21.8617979-07:00. A bare word where a
// comparison value belongs becomes a string.
var entraUnquotedFilterValues = Normalization{
	Name:        "entra-unquoted-filter-values",
	Provider:    "Microsoft Entra ID",
	Description: "a bare word where a filter's comparison value belongs (externalId eq jyoung) is taken as a string",
	Apply: func(r *Request) bool {
		toks, err := filter.Lex(r.Filter)
		if err != nil || r.Filter == "" {
			return false
		}
		changed := false
		for i := 1; i < len(toks); i++ {
			prev := toks[i-1]
			if prev.Kind == filter.TokOp && !strings.EqualFold(prev.Text, "pr") && toks[i].Kind == filter.TokWord {
				toks[i] = filter.Token{Kind: filter.TokString, Text: filter.QuoteString(toks[i].Text), Pos: toks[i].Pos}
				changed = true
			}
		}
		if changed {
			r.Filter = filter.Format(toks)
		}
		return changed
	},
}

// entraFilterSubAttribute: Entra ID matches users by
// emails[type eq "work"].value eq "a@x", which the RFC grammar lacks. It
// means emails[type eq "work" and value eq "a@x"], which it becomes.
var entraFilterSubAttribute = Normalization{
	Name:        "entra-filter-sub-attribute",
	Provider:    "Microsoft Entra ID",
	Description: `attr[filter].sub op value in a filter becomes attr[(filter) and sub op value]`,
	Apply: func(r *Request) bool {
		toks, err := filter.Lex(r.Filter)
		if err != nil || r.Filter == "" {
			return false
		}
		changed := false
		for i := 0; i+2 < len(toks); i++ {
			if toks[i].Kind != filter.TokRBracket || toks[i+1].Kind != filter.TokSubAttr || toks[i+2].Kind != filter.TokOp {
				continue
			}
			open := matchingBracket(toks, i)
			if open < 0 {
				return false
			}
			end := i + 3 // first token after "op"
			if !strings.EqualFold(toks[i+2].Text, "pr") {
				if end >= len(toks) {
					return false
				}
				end++ // the value
			}
			var out []filter.Token
			out = append(out, toks[:open+1]...)
			out = append(out, filter.Token{Kind: filter.TokLParen, Text: "("})
			out = append(out, toks[open+1:i]...)
			out = append(out, filter.Token{Kind: filter.TokRParen, Text: ")"}, filter.Token{Kind: filter.TokAnd, Text: "and"})
			out = append(out, filter.Token{Kind: filter.TokWord, Text: toks[i+1].Text})
			out = append(out, toks[i+2:end]...)
			out = append(out, toks[i])
			out = append(out, toks[end:]...)
			toks = out
			changed = true
		}
		if changed {
			r.Filter = filter.Format(toks)
		}
		return changed
	},
}

// matchingBracket returns the index of the '[' that the ']' at close
// closes, or -1.
func matchingBracket(toks []filter.Token, close int) int {
	for j := close - 1; j >= 0; j-- {
		switch toks[j].Kind {
		case filter.TokLBracket:
			return j
		case filter.TokRBracket:
			return -1
		}
	}
	return -1
}

// entraAttributesValueFilter: Microsoft's reference tests ask for
// attributes=emails[type eq "work"]. The parameter takes attribute names
// only; the bracketed filter is dropped, which returns the attribute whole.
// Only a well-formed value filter after an attribute path is dropped
// (name[filter], optionally followed by .sub): anything else with brackets
// is left as it came, for the strict core to refuse as the malformed
// attribute name it is.
var entraAttributesValueFilter = Normalization{
	Name:        "entra-attributes-value-filter",
	Provider:    "Microsoft Entra ID (reference tests)",
	Description: `a value filter inside the attributes or excludedAttributes parameter (emails[type eq "work"]) is dropped, naming the attribute`,
	Apply: func(r *Request) bool {
		a, ca := stripValueFilters(r.Attributes)
		e, ce := stripValueFilters(r.ExcludedAttributes)
		r.Attributes, r.ExcludedAttributes = a, e
		return ca || ce
	},
}

// stripValueFilters rewrites each name[filter] (and name[filter].sub) of
// an attribute list to name (name.sub), and reports whether it changed
// anything. Commas inside brackets and quoted strings do not separate
// names.
func stripValueFilters(s string) (string, bool) {
	if !strings.Contains(s, "[") {
		return s, false
	}
	parts := splitAttrList(s)
	changed := false
	for i, part := range parts {
		if p, ok := stripValueFilter(part); ok {
			parts[i], changed = p, true
		}
	}
	if !changed {
		return s, false
	}
	return strings.Join(parts, ","), true
}

// stripValueFilter rewrites one name[filter] or name[filter].sub; ok is
// false when part is not that shape (it has no brackets, the name or the
// filter is malformed, or something else follows).
func stripValueFilter(part string) (string, bool) {
	trimmed := strings.TrimSpace(part)
	open := strings.IndexByte(trimmed, '[')
	if open <= 0 {
		return "", false
	}
	closing := closingBracket(trimmed, open)
	if closing < 0 {
		return "", false
	}
	name, inner, rest := trimmed[:open], trimmed[open+1:closing], trimmed[closing+1:]
	if rest != "" && !strings.HasPrefix(rest, ".") {
		return "", false
	}
	if _, err := filter.ParseAttrPath(name + rest); err != nil {
		return "", false
	}
	if p, err := filter.ParseAttrPath(name); err != nil || p.Sub != "" {
		return "", false // a value filter follows an attribute, not a sub-attribute
	}
	if _, err := filter.Parse(inner); err != nil {
		return "", false
	}
	return name + rest, true
}

// quotes follows a scan through quoted strings (with \ escapes) of a filter.
type quotes struct{ in, escaped bool }

// step takes the next byte and reports whether it is part of a quoted
// string, its quotes included; open says whether a string may start here.
func (q *quotes) step(c byte, open bool) bool {
	switch {
	case q.in:
		switch {
		case q.escaped:
			q.escaped = false
		case c == '\\':
			q.escaped = true
		case c == '"':
			q.in = false
		}
		return true
	case c == '"' && open:
		q.in = true
		return true
	}
	return false
}

// closingBracket returns the index of the ']' closing the '[' at open,
// skipping quoted strings, or -1.
func closingBracket(s string, open int) int {
	var q quotes
	for i := open + 1; i < len(s); i++ {
		switch c := s[i]; {
		case q.step(c, true):
		case c == '[':
			return -1 // value filters do not nest
		case c == ']':
			return i
		}
	}
	return -1
}

// splitAttrList splits an attribute list at the commas outside brackets
// and quoted strings (which only value filters, in brackets, hold).
func splitAttrList(s string) []string {
	var parts []string
	var q quotes
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case q.step(c, depth > 0):
		case c == '[':
			depth++
		case c == ']' && depth > 0:
			depth--
		case c == ',' && depth == 0:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}
