package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// Memberships are rows (group, person) in the order they were added
// (added_seq), with the display name the identity provider gave, if any.

// memberDisplay is what a member is shown as: the display the provider gave,
// else the person's display name, else their userName.
const memberDisplay = "COALESCE(m.display, p.display_name, p.user_name)"

// Members implements store.Reader.
func (r *reader) Members(ctx context.Context, groupID string, scope store.Scope) ([]account.Member, error) {
	q := "SELECT m.person_id, " + memberDisplay + " FROM memberships m JOIN people p ON p.id = m.person_id WHERE m.group_id = ?"
	if scope == store.ScopeProvisioning {
		q += " AND p.provisioned = TRUE"
	}
	q += " ORDER BY m.added_seq"
	var members []account.Member
	err := r.snapshot(ctx, func(r *reader) error {
		var err error
		members, err = collect(ctx, r, "list members", func(rows *sql.Rows) (account.Member, error) {
			var m account.Member
			err := rows.Scan(&m.PersonID, &m.Display)
			return m, err
		}, q, groupID)
		if err != nil || len(members) > 0 {
			return err
		}
		return r.groupExists(ctx, groupID)
	})
	return members, err
}

func (r *reader) groupExists(ctx context.Context, groupID string) error {
	var one int
	err := r.queryRow(ctx, "SELECT 1 FROM groups WHERE id = ?", groupID).Scan(&one)
	return notFound(ctx, r.d, err, "find group", "group %q not found", groupID)
}

// MembersAmong implements store.Reader.
func (r *reader) MembersAmong(ctx context.Context, groupID string, personIDs []string) ([]string, error) {
	if len(personIDs) == 0 {
		return nil, nil
	}
	return collect(ctx, r, "find members", scanString,
		"SELECT m.person_id FROM memberships m WHERE m.group_id = ? AND "+r.d.inList("m.person_id"),
		groupID, jsonList(personIDs))
}

// GroupsOf implements store.Reader.
func (r *reader) GroupsOf(ctx context.Context, personIDs []string, scope store.Scope) (map[string][]account.GroupRef, error) {
	out := make(map[string][]account.GroupRef)
	if len(personIDs) == 0 {
		return out, nil
	}
	// One person (a User read by id or looked up) is the common case: an
	// equality spares the statement its JSON list of ids to expand.
	var arg any = jsonList(personIDs)
	in := r.d.inList("m.person_id")
	if len(personIDs) == 1 {
		arg, in = personIDs[0], "m.person_id = ?"
	}
	q := "SELECT m.person_id, g.id, g.display_name FROM memberships m JOIN groups g ON g.id = m.group_id WHERE " + in
	if scope == store.ScopeProvisioning {
		q += " AND g.managed = TRUE"
	}
	q += " ORDER BY m.person_id, g.display_name_key, g.id"
	type row struct {
		person string
		ref    account.GroupRef
	}
	rows, err := collect(ctx, r, "list groups of people", func(rows *sql.Rows) (row, error) {
		var x row
		err := rows.Scan(&x.person, &x.ref.GroupID, &x.ref.DisplayName)
		return x, err
	}, q, arg)
	if err != nil {
		return nil, err
	}
	for _, x := range rows {
		out[x.person] = append(out[x.person], x.ref)
	}
	return out, nil
}

// AddMembers implements store.Tx. The group and the people are looked up
// first, so that a missing one is reported by name.
func (t *txn) AddMembers(ctx context.Context, groupID string, members []account.Member) ([]string, error) {
	if err := t.groupExists(ctx, groupID); err != nil {
		return nil, err
	}
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = m.PersonID
	}
	found, err := t.ExistingPeople(ctx, ids, store.ScopeAll)
	if err != nil {
		return nil, err
	}
	exists := make(map[string]bool, len(found))
	for _, id := range found {
		exists[id] = true
	}
	for _, id := range ids {
		if !exists[id] {
			return nil, account.Errorf(account.ErrNotFound, "person %q not found", id)
		}
	}

	now := time.Now().UnixMicro()
	var added []string
	for _, m := range members {
		res, err := t.exec(ctx, "INSERT INTO memberships (group_id, person_id, group_key, person_key, display, display_key, added_us)"+
			" VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (group_id, person_id) DO NOTHING",
			groupID, m.PersonID, foldString(groupID), foldString(m.PersonID), nullString(m.Display), key(m.Display), now)
		if t.d.foreignKeyViolation(err) {
			return nil, account.Errorf(account.ErrNotFound, "person %q or group %q no longer exists", m.PersonID, groupID)
		}
		if err != nil {
			return nil, dbErr(ctx, t.d, err, "add member")
		}
		if ok, err := affected(res); err != nil {
			return nil, dbErr(ctx, t.d, err, "add member")
		} else if ok {
			added = append(added, m.PersonID)
			continue
		}
		if m.Display != "" {
			_, err := t.exec(ctx, "UPDATE memberships SET display = ?, display_key = ? WHERE group_id = ? AND person_id = ?",
				m.Display, key(m.Display), groupID, m.PersonID)
			if err != nil {
				return nil, dbErr(ctx, t.d, err, "update member")
			}
		}
	}
	return added, nil
}

// RemoveMembers implements store.Tx.
func (t *txn) RemoveMembers(ctx context.Context, groupID string, personIDs []string) ([]string, error) {
	if len(personIDs) == 0 {
		return nil, nil
	}
	return collect(ctx, &t.reader, "remove members", scanString,
		"DELETE FROM memberships WHERE group_id = ? AND "+t.d.inList("person_id")+" RETURNING person_id",
		groupID, jsonList(personIDs))
}
