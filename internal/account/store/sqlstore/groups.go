package sqlstore

import (
	"context"
	"database/sql"

	"github.com/scimbridge/scimbridge/internal/account"
)

// Groups live in the groups table; their members in memberships (members.go).

const groupColumns = "g.id, g.display_name, g.external_id, g.kind, g.managed, g.schemas, g.attributes," +
	" g.created_us, g.modified_us, g.version"

const selectGroups = "SELECT " + groupColumns + " FROM groups g"

func groupConflicts(g account.Group) map[string]string {
	return map[string]string{
		"display_name_key": "displayName " + quote(g.DisplayName) + " is already taken",
		"id":               "group " + quote(g.ID) + " already exists",
		"kind":             "a group of kind " + quote(string(g.Kind)) + " already exists",
	}
}

func scanGroup(row scanner) (account.Group, error) {
	var (
		g                 account.Group
		ext               sql.NullString
		kind              string
		schemas, attrs    []byte
		created, modified int64
	)
	err := row.Scan(&g.ID, &g.DisplayName, &ext, &kind, &g.Managed, &schemas, &attrs, &created, &modified, &g.Version)
	if err != nil {
		return account.Group{}, err
	}
	g.ExternalID, g.Kind = ext.String, account.GroupKind(kind)
	g.Created, g.Modified = fromMicro(created), fromMicro(modified)
	if g.Schemas, err = decodeSchemas(schemas); err != nil {
		return account.Group{}, err
	}
	if g.Attributes, err = decodeAttributes(attrs); err != nil {
		return account.Group{}, err
	}
	return g, nil
}

func (r *reader) getGroup(ctx context.Context, where string, lock bool, args ...any) (account.Group, error) {
	q := selectGroups + " WHERE " + where
	if lock {
		q += r.d.forUpdate()
	}
	return scanGroup(r.queryRow(ctx, q, args...))
}

// GetGroup implements store.Reader.
func (r *reader) GetGroup(ctx context.Context, id string) (account.Group, error) {
	g, err := r.getGroup(ctx, "g.id = ?", false, id)
	if err != nil {
		return account.Group{}, notFound(ctx, r.d, err, "get group", "group %q not found", id)
	}
	return g, nil
}

// GetGroupByDisplayName implements store.Reader.
func (r *reader) GetGroupByDisplayName(ctx context.Context, name string) (account.Group, error) {
	g, err := r.getGroup(ctx, "g.display_name_key = ?", false, foldString(name))
	if err != nil {
		return account.Group{}, notFound(ctx, r.d, err, "get group", "no group has displayName %q", name)
	}
	return g, nil
}

// GetGroupByKind implements store.Reader. For KindCustom it gives the oldest
// custom group.
func (r *reader) GetGroupByKind(ctx context.Context, kind account.GroupKind) (account.Group, error) {
	g, err := r.getGroup(ctx, "g.kind = ? ORDER BY g.seq LIMIT 1", false, string(kind))
	if err != nil {
		return account.Group{}, notFound(ctx, r.d, err, "get group", "no group of kind %q", kind)
	}
	return g, nil
}

// LockGroup implements store.Tx.
func (t *txn) LockGroup(ctx context.Context, id string) (account.Group, error) {
	g, err := t.getGroup(ctx, "g.id = ?", true, id)
	if err != nil {
		return account.Group{}, notFound(ctx, t.d, err, "lock group", "group %q not found", id)
	}
	return g, nil
}

const groupWriteColumns = "display_name, display_name_key, external_id, kind, managed, schemas, attributes," +
	" created_us, modified_us, version"

func groupArgs(g account.Group) ([]any, error) {
	schemas, err := encodeSchemas(g.Schemas)
	if err != nil {
		return nil, err
	}
	attrs, err := encodeAttributes(g.Attributes)
	if err != nil {
		return nil, err
	}
	return []any{
		g.DisplayName, foldString(g.DisplayName), nullString(g.ExternalID), string(g.Kind), g.Managed,
		schemas, attrs, micro(g.Created), micro(g.Modified), g.Version,
	}, nil
}

// CreateGroup implements store.Tx.
func (t *txn) CreateGroup(ctx context.Context, g account.Group) error {
	args, err := groupArgs(g)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, "INSERT INTO groups (id, "+groupWriteColumns+") VALUES (?"+repeat(", ?", len(args))+")",
		append([]any{g.ID}, args...)...)
	return conflict(ctx, t.d, err, "create group", groupConflicts(g))
}

// UpdateGroup implements store.Tx.
func (t *txn) UpdateGroup(ctx context.Context, g account.Group) error {
	args, err := groupArgs(g)
	if err != nil {
		return err
	}
	res, err := t.exec(ctx, "UPDATE groups SET ("+groupWriteColumns+") = (?"+repeat(", ?", len(args)-1)+") WHERE id = ?",
		append(args, g.ID)...)
	if err != nil {
		return conflict(ctx, t.d, err, "update group", groupConflicts(g))
	}
	if ok, err := affected(res); err != nil || !ok {
		return notFound(ctx, t.d, orNoRows(err), "update group", "group %q not found", g.ID)
	}
	return nil
}

// DeleteGroup implements store.Tx; its memberships go with it.
func (t *txn) DeleteGroup(ctx context.Context, id string) error {
	res, err := t.exec(ctx, "DELETE FROM groups WHERE id = ?", id)
	if err != nil {
		return dbErr(ctx, t.d, err, "delete group")
	}
	if ok, err := affected(res); err != nil || !ok {
		return notFound(ctx, t.d, orNoRows(err), "delete group", "group %q not found", id)
	}
	return nil
}
