package local

import (
	"context"
	"fmt"
	"strings"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// A group's members are kept apart from its document (a group can have
// 100,000 of them), so PATCH operations on "members" are turned into
// membership changes here instead of being applied to a document.

// applyMemberOp applies one PATCH operation on a group's members and
// returns how many memberships it changed.
func (a *Account) applyMemberOp(ctx context.Context, tx store.Tx, g account.Group, op patch.Operation) (int, error) {
	p := op.ParsedPath()
	if p == nil || p.Attr.Sub != "" || p.Sub != "" {
		return 0, scim.BadRequest(scim.ErrMutability, "the sub-attributes of members are immutable: add or remove members instead")
	}
	if p.Filter == nil {
		switch op.Op {
		case patch.Remove:
			n, err := tx.RemoveAllMembers(ctx, g.ID)
			if err != nil || n == 0 {
				return n, err
			}
			return n, a.audit(ctx, tx, groupEvent("group.members.remove", g, fmt.Sprintf("removed all %d members", n)))
		case patch.Replace:
			members, err := memberValues(op.Value)
			if err != nil {
				return 0, err
			}
			return a.replaceMembers(ctx, tx, g, members)
		default:
			members, err := memberValues(op.Value)
			if err != nil {
				return 0, err
			}
			return a.addMembers(ctx, tx, g, members)
		}
	}

	ids, err := a.matchMembers(ctx, tx, g.ID, p.Filter)
	if err != nil {
		return 0, err
	}
	n := 0
	if op.Op != patch.Add && len(ids) > 0 {
		removed, err := tx.RemoveMembers(ctx, g.ID, ids)
		if err != nil {
			return 0, err
		}
		if len(removed) > 0 {
			n += len(removed)
			if err := a.audit(ctx, tx, groupEvent("group.members.remove", g, listDetail("removed", removed))); err != nil {
				return 0, err
			}
		}
	}
	if op.Op == patch.Remove {
		return n, nil
	}
	members, err := memberValues(op.Value)
	if err != nil {
		return 0, err
	}
	added, err := a.addMembers(ctx, tx, g, members)
	return n + added, err
}

// memberValues normalises the value of an operation on members: an array
// of member objects, or one member object.
func memberValues(v any) ([]account.Member, error) {
	if m, ok := v.(map[string]any); ok {
		v = []any{m}
	}
	r := schema.Resolved{Schema: schema.Group, Attr: schema.Group.Attr("members")}
	norm, err := schema.Groups.NormalizeValue(r, v, false)
	if err != nil {
		return nil, err
	}
	list, _ := norm.([]any)
	if err := checkMemberTypes(list); err != nil {
		return nil, err
	}
	return membersOf(list), nil
}

// matchMembers returns the ids of the members a value filter selects. The
// common filters (value eq "id", possibly or-ed) are answered without
// reading the member list.
func (a *Account) matchMembers(ctx context.Context, tx store.Tx, groupID string, f filter.Expr) ([]string, error) {
	if ids, ok := valueIDs(f); ok {
		return ids, nil
	}
	members, err := tx.Members(ctx, groupID, store.ScopeAll)
	if err != nil {
		return nil, err
	}
	vp := &filter.ValuePath{Path: filter.AttrPath{Name: "members"}, Filter: f}
	var ids []string
	for _, m := range members {
		doc := map[string]any{"members": []any{map[string]any{"value": m.PersonID, "display": m.Display, "type": "User"}}}
		ok, err := filter.Match(vp, doc, schema.Groups)
		if err != nil {
			return nil, err
		}
		if ok {
			ids = append(ids, m.PersonID)
		}
	}
	return ids, nil
}

// valueIDs recognises value eq "id" [or value eq "id" ...].
func valueIDs(f filter.Expr) ([]string, bool) {
	switch f := f.(type) {
	case *filter.Compare:
		if f.Op == filter.Eq && strings.EqualFold(f.Path.Name, "value") && f.Path.Sub == "" && f.Value.Kind == filter.StringValue {
			return []string{f.Value.Str}, true
		}
	case *filter.Or:
		l, ok1 := valueIDs(f.Left)
		r, ok2 := valueIDs(f.Right)
		if ok1 && ok2 {
			return append(l, r...), true
		}
	}
	return nil, false
}

// addMembers adds members to the group and returns how many were newly
// added. Members must be people of the account: an id that is not (a
// group's, or nobody's) is refused with 400 invalidValue naming it, and
// since the caller's transaction then rolls back, the request writes
// nothing (RFC 7644 §3.5.2: a PATCH is atomic). Neither Okta nor Entra ID
// adds members it did not provision; only Microsoft's reference tests send
// made-up ids, and for them (account.UnknownMembersIgnored) such ids are
// ignored and logged.
func (a *Account) addMembers(ctx context.Context, tx store.Tx, g account.Group, members []account.Member) (int, error) {
	members = dedupe(members)
	if len(members) == 0 {
		return 0, nil
	}
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = m.PersonID
	}
	known, err := tx.ExistingPeople(ctx, ids)
	if err != nil {
		return 0, err
	}
	exists := make(map[string]bool, len(known))
	for _, id := range known {
		exists[id] = true
	}
	kept := members[:0:0]
	var unknown []string
	for _, m := range members {
		if exists[m.PersonID] {
			kept = append(kept, m)
		} else {
			unknown = append(unknown, m.PersonID)
		}
	}
	if len(unknown) > 0 {
		if !account.UnknownMembersIgnored(ctx) {
			more := ""
			if len(unknown) > 1 {
				more = fmt.Sprintf(" (and %d more)", len(unknown)-1)
			}
			return 0, scim.BadRequest(scim.ErrInvalidValue, "member %q is not a person of the account%s: members are Users, and groups cannot be members of groups",
				truncate(unknown[0]), more)
		}
		a.log.WarnContext(ctx, "ignored members that are not people of the account", "group", g.ID, "ignored", len(unknown))
	}
	if len(kept) == 0 {
		return 0, nil
	}
	added, err := tx.AddMembers(ctx, g.ID, kept)
	if err != nil || len(added) == 0 {
		return 0, err
	}
	return len(added), a.audit(ctx, tx, groupEvent("group.members.add", g, listDetail("added", added)))
}

// replaceMembers makes the group's members exactly members (those that
// exist), changing only the difference.
func (a *Account) replaceMembers(ctx context.Context, tx store.Tx, g account.Group, members []account.Member) (int, error) {
	current, err := tx.Members(ctx, g.ID, store.ScopeAll)
	if err != nil {
		return 0, err
	}
	want := make(map[string]bool, len(members))
	for _, m := range members {
		want[m.PersonID] = true
	}
	var gone []string
	for _, m := range current {
		if !want[m.PersonID] {
			gone = append(gone, m.PersonID)
		}
	}
	n := 0
	if len(gone) > 0 {
		removed, err := tx.RemoveMembers(ctx, g.ID, gone)
		if err != nil {
			return 0, err
		}
		n = len(removed)
		if err := a.audit(ctx, tx, groupEvent("group.members.remove", g, listDetail("removed", removed))); err != nil {
			return 0, err
		}
	}
	added, err := a.addMembers(ctx, tx, g, members)
	return n + added, err
}

func dedupe(members []account.Member) []account.Member {
	seen := make(map[string]int, len(members))
	var out []account.Member
	for _, m := range members {
		if i, ok := seen[m.PersonID]; ok {
			if m.Display != "" {
				out[i].Display = m.Display
			}
			continue
		}
		seen[m.PersonID] = len(out)
		out = append(out, m)
	}
	return out
}

// listDetail summarises changed ids for the audit log.
func listDetail(verb string, ids []string) string {
	const show = 10
	s := fmt.Sprintf("%s %d: %s", verb, len(ids), strings.Join(ids[:min(len(ids), show)], ", "))
	if len(ids) > show {
		s += ", …"
	}
	return s
}
