package local

import (
	"context"
	"fmt"
	"reflect"
	"strings"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// groupDoc splits a normalised group document into its attributes and its
// members.
func groupDoc(norm map[string]any) (map[string]any, []account.Member, error) {
	list, _ := norm["members"].([]any)
	delete(norm, "members")
	if err := checkMemberTypes(list); err != nil {
		return nil, nil, err
	}
	return norm, membersOf(list), nil
}

// checkMemberTypes refuses members that say they are groups: groups do not
// nest (and /Schemas says members are Users).
func checkMemberTypes(list []any) error {
	for _, v := range list {
		m, _ := v.(map[string]any)
		if typ, _ := m["type"].(string); strings.EqualFold(typ, "Group") {
			id, _ := m["value"].(string)
			return scim.BadRequest(scim.ErrInvalidValue, "member %q has type %q: groups cannot be members of groups, members are Users", truncate(id), typ)
		}
	}
	return nil
}

// membersOf reads normalised member values.
func membersOf(list []any) []account.Member {
	var out []account.Member
	for _, v := range list {
		m, _ := v.(map[string]any)
		if id, _ := m["value"].(string); id != "" {
			display, _ := m["display"].(string)
			out = append(out, account.Member{PersonID: id, Display: display})
		}
	}
	return out
}

func (s *provisioning) CreateGroup(ctx context.Context, doc map[string]any) (account.Group, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return account.Group{}, err
	}
	norm, err := schema.Groups.Normalize(doc)
	if err != nil {
		return account.Group{}, err
	}
	attrs, members, err := groupDoc(norm)
	if err != nil {
		return account.Group{}, err
	}
	var out account.Group
	err = s.a.tx(ctx, func(tx store.Tx) error {
		now := s.a.now()
		g := account.Group{Attributes: attrs, Schemas: schema.Groups.SchemasFor(attrs), Managed: true}
		g.Derive()
		existing, err := tx.GetGroupByDisplayName(ctx, g.DisplayName)
		switch {
		case err == nil && existing.Kind.Builtin():
			return builtinError(existing)
		case err == nil && existing.Managed:
			return account.Errorf(account.ErrAlreadyExists, "a group named %q already exists", existing.DisplayName)
		case err == nil:
			// Take the unmanaged group over, keeping its members.
			if existing, err = tx.LockGroup(ctx, existing.ID); err != nil {
				return err
			}
			g.ID, g.Kind, g.Created, g.Version = existing.ID, existing.Kind, existing.Created, existing.Version+1
			g.Modified = now
			if err := tx.UpdateGroup(ctx, g); err != nil {
				return err
			}
			e := groupEvent("group.takeover", g, "an existing group is now managed by provisioning, keeping its members")
			before, after := account.GroupStateOf(existing), account.GroupStateOf(g)
			before.Managed, after.Managed = new(false), new(true)
			e.BeforeState, e.AfterState = before.Encode(), after.Encode()
			if err := s.a.audit(ctx, tx, e); err != nil {
				return err
			}
		case isNotFound(err):
			g.ID, g.Created, g.Modified, g.Version = account.NewID(), now, now, 1
			if err := tx.CreateGroup(ctx, g); err != nil {
				return err
			}
			e := groupEvent("group.create", g, "")
			e.AfterState = account.GroupStateOf(g).Encode()
			if err := s.a.audit(ctx, tx, e); err != nil {
				return err
			}
		default:
			return err
		}
		out = g
		_, err = s.a.addMembers(ctx, tx, g, members)
		return err
	})
	return out, err
}

func builtinError(g account.Group) error {
	return account.Errorf(account.ErrProtected, "%q is a built-in group of the account; provisioning cannot manage it", g.DisplayName)
}

// checkRename refuses to rename a group to a built-in group's name (without
// regard to case) as creating one is refused: ErrProtected saying so,
// rather than the unique index's "already taken".
func checkRename(ctx context.Context, tx store.Tx, before, after account.Group) error {
	if after.DisplayName == "" || after.DisplayName == before.DisplayName {
		return nil
	}
	other, err := tx.GetGroupByDisplayName(ctx, after.DisplayName)
	switch {
	case isNotFound(err):
		return nil
	case err != nil:
		return err
	case other.ID != before.ID && other.Kind.Builtin():
		return account.Errorf(account.ErrProtected, "%q is the name of a built-in group of the account; provisioning cannot give it to a group it manages", other.DisplayName)
	}
	return nil
}

func (s *provisioning) GetGroup(ctx context.Context, id string) (account.Group, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return account.Group{}, err
	}
	g, err := s.a.store.GetGroup(ctx, id)
	if isNotFound(err) || (err == nil && !g.Managed) {
		return account.Group{}, notFound("group", id)
	}
	return g, err
}

func (s *provisioning) Members(ctx context.Context, groupID string) ([]account.Member, error) {
	if _, err := s.GetGroup(ctx, groupID); err != nil {
		return nil, err
	}
	return s.a.store.Members(ctx, groupID, store.ScopeProvisioning)
}

func (s *provisioning) ReplaceGroup(ctx context.Context, id string, doc map[string]any, ifVersion int64) (account.Group, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return account.Group{}, err
	}
	norm, err := schema.Groups.Normalize(doc)
	if err != nil {
		return account.Group{}, err
	}
	// Members left out of a PUT are not asserted (RFC 7644 §3.5.1 lets the
	// service keep them): renaming a group of 100,000 must not empty it.
	// "members": [] (or null) does empty it.
	replaceMembers := hasKey(doc, "members")
	attrs, members, err := groupDoc(norm)
	if err != nil {
		return account.Group{}, err
	}
	return s.a.updateGroup(ctx, id, ifVersion, func(tx store.Tx, g *account.Group) (bool, error) {
		changed := setGroupAttrs(g, attrs)
		if !replaceMembers {
			return changed, nil
		}
		n, err := s.a.replaceMembers(ctx, tx, *g, members)
		return changed || n > 0, err
	})
}

func (s *provisioning) PatchGroup(ctx context.Context, id string, ops []patch.Operation, ifVersion int64) (account.Group, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return account.Group{}, err
	}
	memberOps, rest := patch.Split(schema.Groups, ops, "members")
	return s.a.updateGroup(ctx, id, ifVersion, func(tx store.Tx, g *account.Group) (bool, error) {
		changed := false
		if len(rest) > 0 {
			attrs, err := patch.Apply(schema.Groups, g.Attributes, rest)
			if err != nil {
				return false, err
			}
			changed = setGroupAttrs(g, attrs)
		}
		for i, op := range memberOps {
			n, err := s.a.applyMemberOp(ctx, tx, *g, op)
			if err != nil {
				return false, fmt.Errorf("members operation %d: %w", i, err)
			}
			changed = changed || n > 0
		}
		return changed, nil
	})
}

// hasKey reports whether a JSON object has a member, without regard to case.
func hasKey(m map[string]any, name string) bool {
	for k := range m {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// setGroupAttrs replaces the group's attributes and reports whether they
// changed.
func setGroupAttrs(g *account.Group, attrs map[string]any) bool {
	if reflect.DeepEqual(g.Attributes, attrs) {
		return false
	}
	g.Attributes, g.Schemas = attrs, schema.Groups.SchemasFor(attrs)
	g.Derive()
	return true
}

// updateGroup changes a managed group in one transaction, holding the group
// locked, so concurrent changes to one group queue up instead of losing
// each other. change reports whether it changed anything; the version moves
// only then.
func (a *Account) updateGroup(ctx context.Context, id string, ifVersion int64, change func(store.Tx, *account.Group) (bool, error)) (account.Group, error) {
	var out account.Group
	err := a.tx(ctx, func(tx store.Tx) error {
		g, err := tx.LockGroup(ctx, id)
		if isNotFound(err) || (err == nil && !g.Managed) {
			return notFound("group", id)
		}
		if err != nil {
			return err
		}
		if err := checkVersion("group", g.Version, ifVersion); err != nil {
			return err
		}
		before := g
		changed, err := change(tx, &g)
		if err != nil {
			return err
		}
		if !changed {
			out = before
			return nil
		}
		if err := checkRename(ctx, tx, before, g); err != nil {
			return err
		}
		g.Version++
		g.Modified = a.now()
		if err := tx.UpdateGroup(ctx, g); err != nil {
			return err
		}
		out = g
		if !reflect.DeepEqual(before.Attributes, g.Attributes) {
			return a.audit(ctx, tx, groupUpdateEvent(before, g))
		}
		return nil
	})
	return out, err
}

// groupUpdateEvent records a change of a group's attributes with its state
// before and after: the name (old and new on a rename), and the externalId
// when it changed.
func groupUpdateEvent(before, after account.Group) account.AuditEvent {
	b, a := account.GroupState{DisplayName: before.DisplayName}, account.GroupState{DisplayName: after.DisplayName}
	if before.ExternalID != after.ExternalID {
		b.ExternalID, a.ExternalID = new(before.ExternalID), new(after.ExternalID)
	}
	var changed []string
	if before.DisplayName != after.DisplayName {
		changed = append(changed, "renamed")
	}
	if before.ExternalID != after.ExternalID {
		changed = append(changed, "externalId changed")
	}
	if len(changed) == 0 {
		changed = append(changed, "attributes changed")
	}
	e := groupEvent("group.update", after, strings.Join(changed, ", "))
	e.BeforeState, e.AfterState = b.Encode(), a.Encode()
	return e
}

func (s *provisioning) DeleteGroup(ctx context.Context, id string, ifVersion int64) error {
	ctx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	return s.a.tx(ctx, func(tx store.Tx) error {
		g, err := tx.LockGroup(ctx, id)
		if isNotFound(err) || (err == nil && !g.Managed) {
			return notFound("group", id)
		}
		if err != nil {
			return err
		}
		if err := checkVersion("group", g.Version, ifVersion); err != nil {
			return err
		}
		if err := tx.DeleteGroup(ctx, id); err != nil {
			return err
		}
		e := groupEvent("group.delete", g, "")
		e.BeforeState = account.GroupStateOf(g).Encode()
		return s.a.audit(ctx, tx, e)
	})
}

func (s *provisioning) ListGroups(ctx context.Context, q account.Query) ([]account.Group, int, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return nil, 0, err
	}
	return s.a.store.ListGroups(ctx, storeQuery(store.ScopeProvisioning, q))
}
