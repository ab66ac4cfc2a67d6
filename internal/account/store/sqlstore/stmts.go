package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// stmtCache keeps the prepared statements of one pool, by query text. On
// SQLite, parsing the SQL is a third of a simple lookup; PostgreSQL needs no
// cache, as pgx caches statements on each connection itself.
//
// Preparing takes a connection of the pool. Inside a transaction, which
// holds one already, that could wait forever (the SQLite writer has one
// connection), so a transaction only uses statements prepared before and
// notes the queries it missed; they are prepared before the next
// transaction begins, when the caller holds no connection.
//
// Filters make queries of many shapes, so the cache stops growing at
// maxStmts and the rest run unprepared.
type stmtCache struct {
	db      *sql.DB
	mu      sync.Mutex
	m       map[string]*sql.Stmt
	pending map[string]bool
}

const maxStmts = 256

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, m: make(map[string]*sql.Stmt), pending: make(map[string]bool)}
}

// get returns the prepared statement for query, or nil. Outside a
// transaction (inTx false) it prepares a missing one; inside, it notes it.
func (c *stmtCache) get(ctx context.Context, query string, inTx bool) *sql.Stmt {
	c.mu.Lock()
	st, ok := c.m[query]
	room := c.m != nil && len(c.m)+len(c.pending) < maxStmts
	if !ok && inTx && room {
		c.pending[query] = true
	}
	c.mu.Unlock()
	if ok || inTx || !room {
		return st
	}
	return c.prepare(ctx, query)
}

// preparePending prepares the queries transactions missed. Failures are
// ignored: the queries then run unprepared, and report their errors then.
func (c *stmtCache) preparePending(ctx context.Context) {
	c.mu.Lock()
	var queries []string
	for q := range c.pending {
		queries = append(queries, q)
	}
	clear(c.pending)
	c.mu.Unlock()
	for _, q := range queries {
		c.prepare(ctx, q)
	}
}

func (c *stmtCache) prepare(ctx context.Context, query string) *sql.Stmt {
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[query]; ok || c.m == nil || len(c.m) >= maxStmts {
		st.Close() // prepared twice at once, closed, or full
		return prev
	}
	c.m[query] = st
	return st
}

func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, st := range c.m {
		errs = append(errs, st.Close())
	}
	c.m = nil
	return errors.Join(errs...)
}
