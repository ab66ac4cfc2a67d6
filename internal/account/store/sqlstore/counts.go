package sqlstore

import (
	"context"
	"database/sql"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

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
