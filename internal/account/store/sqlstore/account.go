package sqlstore

import (
	"context"

	"github.com/scimbridge/scimbridge/internal/account"
)

// The account is the one row of the account table.

// GetAccount implements store.Reader.
func (r *reader) GetAccount(ctx context.Context) (account.Info, error) {
	var (
		info account.Info
		us   int64
	)
	err := r.queryRow(ctx, "SELECT id, name, created_us FROM account WHERE singleton = 1").Scan(&info.ID, &info.Name, &us)
	if err != nil {
		return account.Info{}, notFound(ctx, r.d, err, "get account", "the account does not exist")
	}
	info.Created = fromMicro(us)
	return info, nil
}

// CreateAccount implements store.Tx.
func (t *txn) CreateAccount(ctx context.Context, info account.Info) error {
	_, err := t.exec(ctx, "INSERT INTO account (singleton, id, name, created_us) VALUES (1, ?, ?, ?)",
		info.ID, info.Name, micro(info.Created))
	return conflict(ctx, t.d, err, "create account", map[string]string{
		"singleton": "the account already exists",
	})
}
