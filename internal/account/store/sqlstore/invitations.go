package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
)

// A person has at most one invitation: a new one replaces the last.

const selectInvitations = "SELECT person_id, email, token_hash, link, created_us, expires_us, accepted_us FROM invitations"

func scanInvitation(row *sql.Row) (account.Invitation, error) {
	var (
		inv              account.Invitation
		created, expires int64
		accepted         sql.NullInt64
	)
	if err := row.Scan(&inv.PersonID, &inv.Email, &inv.TokenHash, &inv.Link, &created, &expires, &accepted); err != nil {
		return account.Invitation{}, err
	}
	inv.Created, inv.Expires, inv.Accepted = fromMicro(created), fromMicro(expires), fromNullMicro(accepted)
	return inv, nil
}

// GetInvitation implements store.Reader.
func (r *reader) GetInvitation(ctx context.Context, personID string) (account.Invitation, error) {
	inv, err := scanInvitation(r.queryRow(ctx, selectInvitations+" WHERE person_id = ?", personID))
	if err != nil {
		return account.Invitation{}, notFound(ctx, r.d, err, "get invitation", "no invitation for person %q", personID)
	}
	return inv, nil
}

// GetInvitationByToken implements store.Reader.
func (r *reader) GetInvitationByToken(ctx context.Context, tokenHash []byte) (account.Invitation, error) {
	inv, err := scanInvitation(r.queryRow(ctx, selectInvitations+" WHERE token_hash = ?", nonNilBytes(tokenHash)))
	if err != nil {
		return account.Invitation{}, notFound(ctx, r.d, err, "get invitation", "invitation not found")
	}
	return inv, nil
}

// CreateInvitation implements store.Tx.
func (t *txn) CreateInvitation(ctx context.Context, inv account.Invitation) error {
	_, err := t.exec(ctx, "INSERT INTO invitations (person_id, email, token_hash, link, created_us, expires_us, accepted_us)"+
		" VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET"+
		" email = excluded.email, token_hash = excluded.token_hash, link = excluded.link,"+
		" created_us = excluded.created_us, expires_us = excluded.expires_us, accepted_us = excluded.accepted_us",
		inv.PersonID, inv.Email, nonNilBytes(inv.TokenHash), inv.Link, micro(inv.Created), micro(inv.Expires), nullMicro(inv.Accepted))
	if t.d.foreignKeyViolation(err) {
		return account.Errorf(account.ErrNotFound, "person %q not found", inv.PersonID)
	}
	return conflict(ctx, t.d, err, "create invitation", map[string]string{
		"token_hash": "the invitation token is already in use",
	})
}

// AcceptInvitation implements store.Tx. Accepting again keeps the first
// acceptance time.
func (t *txn) AcceptInvitation(ctx context.Context, personID string, at time.Time) error {
	res, err := t.exec(ctx, "UPDATE invitations SET accepted_us = COALESCE(accepted_us, ?) WHERE person_id = ?", micro(at), personID)
	return t.updated(ctx, res, err, "accept invitation", "no invitation for person %q", personID)
}
