package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// GetBlob implements store.Reader.
func (r *reader) GetBlob(ctx context.Context, key string) (account.Blob, error) {
	b := account.Blob{Key: key}
	var us int64
	err := r.queryRow(ctx, "SELECT value, modified_us FROM blobs WHERE key = ?", key).Scan(&b.Value, &us)
	if err != nil {
		return account.Blob{}, notFound(ctx, r.d, err, "read blob", "no blob %q", key)
	}
	b.Modified = fromMicro(us)
	return b, nil
}

// ListBlobs implements store.Reader. The prefix is matched exactly (no
// LIKE wildcards), on the key's first bytes.
func (r *reader) ListBlobs(ctx context.Context, prefix string) ([]account.BlobInfo, error) {
	rows, err := collect(ctx, r, "list blobs", func(rows *sql.Rows) (account.BlobInfo, error) {
		var (
			b  account.BlobInfo
			us int64
		)
		err := rows.Scan(&b.Key, &b.Size, &us)
		b.Modified = fromMicro(us)
		return b, err
	}, "SELECT key, LENGTH(value), modified_us FROM blobs WHERE key >= ? ORDER BY key", prefix)
	if err != nil {
		return nil, err
	}
	out := rows[:0]
	for _, b := range rows {
		if !strings.HasPrefix(b.Key, prefix) {
			break // keys are sorted: past the prefix, nothing more matches
		}
		out = append(out, b)
	}
	return out, nil
}

// CountPeople implements store.Reader.
func (r *reader) CountPeople(ctx context.Context, scope store.Scope) (map[account.State]int, error) {
	q := "SELECT state, COUNT(*) FROM people"
	if scope == store.ScopeProvisioning {
		q += " WHERE provisioned = TRUE"
	}
	type count struct {
		state string
		n     int
	}
	rows, err := collect(ctx, r, "count people", func(rows *sql.Rows) (count, error) {
		var c count
		err := rows.Scan(&c.state, &c.n)
		return c, err
	}, q+" GROUP BY state")
	if err != nil {
		return nil, err
	}
	out := map[account.State]int{}
	for _, c := range rows {
		out[account.State(c.state)] = c.n
	}
	return out, nil
}

// CountGroups implements store.Reader.
func (r *reader) CountGroups(ctx context.Context, scope store.Scope) (int, error) {
	q := "SELECT COUNT(*) FROM groups"
	if scope == store.ScopeProvisioning {
		q += " WHERE managed = TRUE"
	}
	var n int
	err := r.queryRow(ctx, q).Scan(&n)
	return n, dbErr(ctx, r.d, err, "count groups")
}

// PutBlob implements store.Tx.
func (t *txn) PutBlob(ctx context.Context, b account.Blob) error {
	_, err := t.exec(ctx, "INSERT INTO blobs (key, value, modified_us) VALUES (?, ?, ?)"+
		" ON CONFLICT (key) DO UPDATE SET value = excluded.value, modified_us = excluded.modified_us",
		b.Key, b.Value, micro(b.Modified))
	return dbErr(ctx, t.d, err, "write blob")
}

// DeleteBlob implements store.Tx.
func (t *txn) DeleteBlob(ctx context.Context, key string) error {
	_, err := t.exec(ctx, "DELETE FROM blobs WHERE key = ?", key)
	return dbErr(ctx, t.d, err, "delete blob")
}
