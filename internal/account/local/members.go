package local

import (
	"context"
	"fmt"
	"slices"
	"strconv"
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
			// All the members provisioning sees: a replace with none.
			return a.replaceMembers(ctx, tx, g, nil)
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
		n += len(removed)
		if err := a.auditMembers(ctx, tx, "group.members.remove", g, "removed", removed); err != nil {
			return 0, err
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
// reading the member list: a provider may remove by id anyone it
// provisioned, including people it has since removed from its view (Entra
// ID removes deleted users from their groups). Other filters select among
// the members provisioning sees.
func (a *Account) matchMembers(ctx context.Context, tx store.Tx, groupID string, f filter.Expr) ([]string, error) {
	if ids, ok := valueIDs(f); ok {
		return ids, nil
	}
	members, err := tx.Members(ctx, groupID, store.ScopeProvisioning)
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
// added. Members must be people provisioning sees (provisioned people): an
// id that is not (a group's, nobody's, or a person provisioning removed
// from its view by a DELETE) is refused with 400 invalidValue naming it,
// and since the caller's transaction then rolls back, the request writes
// nothing (RFC 7644 §3.5.2: a PATCH is atomic). The detail does not tell
// the cases apart: provisioning learns nothing of people it cannot see.
// Neither Okta nor Entra ID adds members it did not provision; only
// Microsoft's reference tests send made-up ids, and for them
// (account.UnknownMembersIgnored) such ids are ignored and logged.
func (a *Account) addMembers(ctx context.Context, tx store.Tx, g account.Group, members []account.Member) (int, error) {
	members = dedupe(members)
	if len(members) == 0 {
		return 0, nil
	}
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = m.PersonID
	}
	found, err := tx.ExistingPeople(ctx, ids, store.ScopeProvisioning)
	if err != nil {
		return 0, err
	}
	visible := make(map[string]bool, len(found))
	for _, id := range found {
		visible[id] = true
	}
	kept := members[:0:0]
	var unknown []string
	for _, m := range members {
		if visible[m.PersonID] {
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
	return len(added), a.auditMembers(ctx, tx, "group.members.add", g, "added", added)
}

// replaceMembers makes the members provisioning sees exactly members,
// changing only the difference. Members it cannot see (people it removed
// from its view, and those of a group it took over that it never
// provisioned) are outside what it replaces: they stay.
func (a *Account) replaceMembers(ctx context.Context, tx store.Tx, g account.Group, members []account.Member) (int, error) {
	current, err := tx.Members(ctx, g.ID, store.ScopeProvisioning)
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
		if err := a.auditMembers(ctx, tx, "group.members.remove", g, "removed", removed); err != nil {
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

// auditChunk is how many people one membership audit event names.
const auditChunk = 50

// auditMembers records a membership change, naming every person added or
// removed: one event for each auditChunk of them, so that no event is
// large and none leaves anyone out.
func (a *Account) auditMembers(ctx context.Context, tx store.Tx, action string, g account.Group, verb string, ids []string) error {
	for chunk := range slices.Chunk(ids, auditChunk) {
		if err := a.audit(ctx, tx, groupEvent(action, g, verb+" "+strconv.Itoa(len(chunk))+": "+strings.Join(chunk, ", "))); err != nil {
			return err
		}
	}
	return nil
}
