package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
)

const selectCredentials = "SELECT id, kind, name, salt, verifier, provision_manager, created_us, revoked_us FROM credentials"

func scanCredential(row scanner) (account.Credential, error) {
	var (
		c       account.Credential
		kind    string
		created int64
		revoked sql.NullInt64
	)
	if err := row.Scan(&c.ID, &kind, &c.Name, &c.Salt, &c.Verifier, &c.ProvisionManager, &created, &revoked); err != nil {
		return account.Credential{}, err
	}
	c.Kind, c.Created, c.Revoked = account.CredentialKind(kind), fromMicro(created), fromNullMicro(revoked)
	return c, nil
}

// GetCredential implements store.Reader.
func (r *reader) GetCredential(ctx context.Context, id string) (account.Credential, error) {
	c, err := scanCredential(r.queryRow(ctx, selectCredentials+" WHERE id = ?", id))
	if err != nil {
		return account.Credential{}, notFound(ctx, r.d, err, "get credential", "credential %q not found", id)
	}
	return c, nil
}

// ListCredentials implements store.Reader: oldest first.
func (r *reader) ListCredentials(ctx context.Context) ([]account.Credential, error) {
	return collect(ctx, r, "list credentials", func(rows *sql.Rows) (account.Credential, error) { return scanCredential(rows) },
		selectCredentials+" ORDER BY created_us, id")
}

// CreateCredential implements store.Tx.
func (t *txn) CreateCredential(ctx context.Context, c account.Credential) error {
	_, err := t.exec(ctx, "INSERT INTO credentials (id, kind, name, salt, verifier, provision_manager, created_us, revoked_us)"+
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		c.ID, string(c.Kind), c.Name, nonNilBytes(c.Salt), nonNilBytes(c.Verifier), c.ProvisionManager, micro(c.Created), nullMicro(c.Revoked))
	return conflict(ctx, t.d, err, "create credential", map[string]string{
		"id": "credential " + quote(c.ID) + " already exists",
	})
}

// RevokeCredential implements store.Tx. Revoking a revoked credential keeps
// the first revocation time.
func (t *txn) RevokeCredential(ctx context.Context, id string, at time.Time) error {
	res, err := t.exec(ctx, "UPDATE credentials SET revoked_us = COALESCE(revoked_us, ?) WHERE id = ?", micro(at), id)
	return t.updated(ctx, res, err, "revoke credential", "credential %q not found", id)
}

// SetProvisionManager implements store.Tx.
func (t *txn) SetProvisionManager(ctx context.Context, credentialID string, member bool) error {
	res, err := t.exec(ctx, "UPDATE credentials SET provision_manager = ? WHERE id = ?", member, credentialID)
	return t.updated(ctx, res, err, "set provision manager", "credential %q not found", credentialID)
}

// updated checks that an UPDATE of one row found it.
func (t *txn) updated(ctx context.Context, res sql.Result, err error, doing, format string, id string) error {
	if err != nil {
		return dbErr(ctx, t.d, err, doing)
	}
	if ok, err := affected(res); err != nil || !ok {
		return notFound(ctx, t.d, orNoRows(err), doing, format, id)
	}
	return nil
}

// nonNilBytes keeps NOT NULL byte columns from receiving NULL for an empty
// slice.
func nonNilBytes(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
