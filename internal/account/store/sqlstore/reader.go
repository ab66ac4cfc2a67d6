package sqlstore

import (
	"context"
	"database/sql"

	"github.com/scimbridge/scimbridge/internal/account/store"
)

// queryer is what *sql.DB and *sql.Tx share.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// reader implements store.Reader over a pool (outside transactions) or a
// transaction. Queries are written with '?' placeholders.
type reader struct {
	d     dialect
	q     queryer
	db    *sql.DB    // the pool, outside transactions; nil inside one
	tx    *sql.Tx    // the transaction, inside one
	stmts *stmtCache // prepared statements of the pool q belongs to, if any
	pos   *positions // where lists' pages start (SQLite only), or nil
}

var _ store.Reader = (*reader)(nil)

// prepared is query's cached prepared statement, bound to the transaction
// inside one, or nil.
func (r *reader) prepared(ctx context.Context, query string) *sql.Stmt {
	if r.stmts == nil {
		return nil
	}
	st := r.stmts.get(ctx, query, r.tx != nil)
	if st != nil && r.tx != nil {
		st = r.tx.StmtContext(ctx, st) // closed with the transaction
	}
	return st
}

func (r *reader) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	query = r.d.rebind(query)
	if st := r.prepared(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.q.QueryRowContext(ctx, query, args...)
}

func (r *reader) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query = r.d.rebind(query)
	if st := r.prepared(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.q.QueryContext(ctx, query, args...)
}

func (r *reader) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	query = r.d.rebind(query)
	if st := r.prepared(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return r.q.ExecContext(ctx, query, args...)
}

// snapshot runs fn over one consistent view of the database: a read-only
// transaction outside transactions, the transaction itself inside one. Reads
// of more than one statement use it.
func (r *reader) snapshot(ctx context.Context, fn func(r *reader) error) error {
	if r.db == nil {
		return fn(r)
	}
	if r.stmts != nil {
		r.stmts.preparePending(ctx)
	}
	tx, err := r.db.BeginTx(ctx, r.d.readTx())
	if err != nil {
		return dbErr(ctx, r.d, err, "begin read")
	}
	defer tx.Rollback()
	return fn(&reader{d: r.d, q: tx, tx: tx, stmts: r.stmts, pos: r.pos})
}

// collect scans every row of a query.
func collect[T any](ctx context.Context, r *reader, doing string, scan func(*sql.Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := r.query(ctx, query, args...)
	if err != nil {
		return nil, dbErr(ctx, r.d, err, doing)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, dbErr(ctx, r.d, err, doing)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, dbErr(ctx, r.d, err, doing)
	}
	return out, nil
}

// scanString scans a one-column row of text.
func scanString(rows *sql.Rows) (string, error) {
	var s string
	err := rows.Scan(&s)
	return s, err
}
