package bridge

import (
	"encoding/json"
	"math/big"
	"net/http"
	"strings"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// sortedSide is one resource type's part of a sorted root search.
type sortedSide struct {
	q    account.Query
	proj projection
	err  error // the type is left out: its query makes no sense
	has  bool  // the type has the sortBy attribute
	keys []any // the sort values of what was read, nil for none
	leaf *schema.Attribute
}

// searchAllSorted answers a root search with sortBy: one list across
// resource types, sorted as a whole (RFC 7644 §3.4.2.3, §3.4.3). The account
// sorts each type's matches; the page is where those two sorted lists
// merge, so each is read from its start to the end of the page, and only
// the page is rendered. Ties, and resources without a value (last when
// ascending, first when descending, as within each type), keep users before
// groups and each type in its own order, so the order is the same from one
// page to the next. A type without the sortBy attribute has no value for
// any of its resources.
func (s *Server) searchAllSorted(w http.ResponseWriter, r *http.Request, lr listRequest) error {
	by, byErr := filter.ParseAttrPath(lr.sortBy)
	var u, g sortedSide
	for _, side := range []struct {
		rt *schema.ResourceType
		s  *sortedSide
	}{{schema.Users, &u}, {schema.Groups, &g}} {
		typed := lr
		if byErr == nil {
			if res, ok := side.rt.Resolve(by); ok {
				side.s.has, side.s.leaf = true, sortLeaf(res)
			} else {
				typed.sortBy = "" // no value to sort by; the query checks the rest
			}
		}
		side.s.q, side.s.proj, side.s.err = s.query(r, side.rt, typed)
	}
	if byErr != nil || (!u.has && !g.has) {
		_, _, err := s.query(r, schema.Users, lr) // says what is wrong with sortBy
		return err
	}
	if u.err != nil && g.err != nil {
		return u.err
	}
	start, count := max(u.q.StartIndex, g.q.StartIndex), max(u.q.Count, g.q.Count)
	end := start - 1 + count
	if limit := 10 * s.cfg.MaxResults; end > limit {
		return scim.BadRequest(scim.ErrTooMany, "a sorted search across resource types reads each type up to the end of the page, and this one ends past result %d; "+
			"search /Users and /Groups on their own", limit)
	}

	svc, base := service(r), baseURL(r)
	var people []account.Person
	var groups []account.Group
	total := 0
	if u.err == nil {
		u.q.StartIndex, u.q.Count = 1, end
		var n int
		var err error
		if people, n, err = svc.ListPeople(r.Context(), u.q); err != nil {
			return err
		}
		total += n
		var of map[string][]account.GroupRef
		if u.has && strings.EqualFold(by.Name, "groups") && by.URN == "" && len(people) > 0 {
			ids := make([]string, len(people))
			for i, p := range people {
				ids[i] = p.ID
			}
			if of, err = svc.GroupsOf(r.Context(), ids); err != nil {
				return err
			}
		}
		for _, p := range people {
			u.keys = append(u.keys, u.value(schema.Users, userResource(base, p, of[p.ID]), by))
		}
	}
	if g.err == nil {
		g.q.StartIndex, g.q.Count = 1, end
		var n int
		var err error
		if groups, n, err = svc.ListGroups(r.Context(), g.q); err != nil {
			return err
		}
		total += n
		for _, grp := range groups {
			var members []account.Member
			if g.has && strings.EqualFold(by.Name, "members") && by.URN == "" {
				if members, err = svc.Members(r.Context(), grp.ID); err != nil {
					return err
				}
			}
			g.keys = append(g.keys, g.value(schema.Groups, groupResource(base, grp, members), by))
		}
	}

	// Merge, then keep the page: true picks a person, false a group.
	var order []bool
	for i, j := 0, 0; len(order) < end && (i < len(people) || j < len(groups)); {
		if j == len(groups) || (i < len(people) && !sortsBefore(g.keys[j], u.keys[i], g.leaf, u.leaf, u.q.Descending || g.q.Descending)) {
			order, i = append(order, true), i+1
		} else {
			order, j = append(order, false), j+1
		}
	}
	var pagePeople []account.Person
	var pageGroups []account.Group
	var page []bool
	i, j := 0, 0
	for k, isPerson := range order {
		if k >= start-1 {
			page = append(page, isPerson)
		}
		switch {
		case isPerson && k >= start-1:
			pagePeople = append(pagePeople, people[i])
		case !isPerson && k >= start-1:
			pageGroups = append(pageGroups, groups[j])
		}
		if isPerson {
			i++
		} else {
			j++
		}
	}
	ur, err := renderPeople(r, pagePeople, u.proj, u.proj.wants("groups"))
	if err != nil {
		return err
	}
	gr, err := renderGroups(r, pageGroups, g.proj, g.proj.wants("members"))
	if err != nil {
		return err
	}
	resources := make([]any, 0, len(page))
	for _, isPerson := range page {
		if isPerson {
			resources, ur = append(resources, ur[0]), ur[1:]
		} else {
			resources, gr = append(resources, gr[0]), gr[1:]
		}
	}
	writeJSON(w, http.StatusOK, listResponse(total, start, resources))
	return nil
}

// value is what a rendered resource sorts by, or nil.
func (side *sortedSide) value(rt *schema.ResourceType, doc map[string]any, by filter.AttrPath) any {
	if !side.has {
		return nil
	}
	return sortValue(rt, doc, by)
}

// sortLeaf is the attribute whose values are compared: a complex
// attribute named without a sub-attribute sorts by its "value".
func sortLeaf(res schema.Resolved) *schema.Attribute {
	if res.Sub == nil && res.Attr.Type == schema.Complex {
		if v := res.Attr.Sub("value"); v != nil {
			return v
		}
	}
	return res.Leaf()
}

// sortValue reads the value a resource sorts by (RFC 7644 §3.4.2.3): the
// attribute's, for a multi-valued attribute its primary value's, else its
// first's; nil when there is none (absent, null or empty).
func sortValue(rt *schema.ResourceType, doc map[string]any, by filter.AttrPath) any {
	res, ok := rt.Resolve(by)
	if !ok {
		return nil
	}
	c := doc
	if res.Extension(rt) {
		c, _ = doc[res.Schema.ID].(map[string]any)
	}
	v := c[res.Attr.Name]
	if res.Attr.MultiValued {
		list, _ := v.([]any)
		v = nil
		for k, e := range list {
			if m, ok := e.(map[string]any); (ok && m["primary"] == true) || k == 0 {
				v = e
			}
		}
	}
	if m, ok := v.(map[string]any); ok {
		if leaf := sortLeaf(res); leaf != res.Attr {
			v = m[leaf.Name]
		}
	}
	switch x := v.(type) {
	case string:
		if x == "" {
			return nil
		}
	case map[string]any, []any:
		return nil
	}
	return v
}

// sortsBefore reports whether a sorts strictly before b: values in the
// order of their attribute's type (strings by code point, folded unless
// caseExact), reversed when descending; no value last when ascending and
// first when descending. a and b may come from different attributes of the
// same name (one per resource type): a type mismatch compares as equal.
func sortsBefore(a, b any, la, lb *schema.Attribute, descending bool) bool {
	switch {
	case a == nil && b == nil:
		return false
	case a == nil:
		return descending
	case b == nil:
		return !descending
	}
	c := compareValues(a, b, la, lb)
	if descending {
		return c > 0
	}
	return c < 0
}

func compareValues(a, b any, la, lb *schema.Attribute) int {
	if la.Type != lb.Type {
		return 0
	}
	switch la.Type {
	case schema.String, schema.Reference, schema.Binary:
		as, _ := a.(string)
		bs, _ := b.(string)
		if !la.CaseExact || !lb.CaseExact {
			as, bs = filter.Fold(as), filter.Fold(bs)
		}
		return strings.Compare(as, bs)
	case schema.DateTime:
		as, _ := a.(string)
		bs, _ := b.(string)
		at, aerr := time.Parse(time.RFC3339Nano, as)
		bt, berr := time.Parse(time.RFC3339Nano, bs)
		if aerr != nil || berr != nil {
			return strings.Compare(as, bs)
		}
		return at.Compare(bt)
	case schema.Integer, schema.Decimal:
		ar, aok := number(a)
		br, bok := number(b)
		if !aok || !bok {
			return 0
		}
		return ar.Cmp(br)
	case schema.Boolean:
		ab, _ := a.(bool)
		bb, _ := b.(bool)
		switch {
		case ab == bb:
			return 0
		case bb:
			return -1
		}
		return 1
	}
	return 0
}

// number reads a decoded JSON number exactly.
func number(v any) (*big.Rat, bool) {
	switch n := v.(type) {
	case json.Number:
		return new(big.Rat).SetString(n.String())
	case float64:
		r := new(big.Rat)
		if r.SetFloat64(n) == nil {
			return nil, false
		}
		return r, true
	}
	return nil, false
}
