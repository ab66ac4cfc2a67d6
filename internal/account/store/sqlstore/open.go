package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/scimbridge/scimbridge/internal/account/store"
)

// Store is the account's storage in a SQL database. Its methods are safe for
// concurrent use.
type Store struct {
	reader // reads outside transactions

	d       dialect
	writer  *sql.DB // transactions; one connection on SQLite
	readers *sql.DB // reads; on PostgreSQL the same pool as writer
	// Prepared statements of writer and readers (SQLite only).
	writerStmts, readerStmts *stmtCache
	// batch commits SQLite's queued transactions together, and ckpt
	// copies its WAL into the database file; nil on PostgreSQL.
	batch *batcher
	ckpt  *checkpointer
}

var _ store.Store = (*Store)(nil)

// Open opens the database dsn names and brings its schema up to date: a
// postgres:// or postgresql:// URL opens PostgreSQL, anything else is the
// path of a SQLite file, created (with its directory) if missing.
func Open(ctx context.Context, dsn string) (*Store, error) {
	lower := strings.ToLower(dsn)
	if strings.HasPrefix(lower, "postgres://") || strings.HasPrefix(lower, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	return openSQLite(ctx, dsn)
}

func newStore(d dialect, writer, readers *sql.DB, cacheStmts bool, ckpt *checkpointer) *Store {
	s := &Store{d: d, writer: writer, readers: readers, ckpt: ckpt}
	if cacheStmts {
		s.writerStmts, s.readerStmts = newStmtCache(writer), newStmtCache(readers)
	}
	s.reader = reader{d: d, q: readers, db: readers, stmts: s.readerStmts}
	if d.name() == "sqlite" { // only SQLite keeps list versions (migration 00003)
		s.reader.pos = newPositions()
		s.batch = newBatcher(s)
	}
	return s
}

// Dialect names the database: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name() }

// Close closes the database connections.
func (s *Store) Close() error {
	if s.batch != nil {
		s.batch.close()
	}
	var errs []error
	if s.ckpt != nil {
		errs = append(errs, s.ckpt.close())
	}
	if s.writerStmts != nil {
		errs = append(errs, s.writerStmts.close(), s.readerStmts.close())
	}
	if s.readers != s.writer {
		errs = append(errs, s.readers.Close())
	}
	errs = append(errs, s.writer.Close())
	return errors.Join(errs...)
}
