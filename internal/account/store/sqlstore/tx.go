package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/scimbridge/scimbridge/internal/account/store"
)

// txAttempts is how many times Tx runs fn when the database asks for a retry
// (a PostgreSQL serialization failure or deadlock, SQLite busy).
const txAttempts = 5

// txn is a transaction: the reader over it, and the writes.
type txn struct {
	reader
}

var _ store.Tx = (*txn)(nil)

// Tx runs fn in a transaction on the writer. On SQLite the transaction takes
// the database's write lock when it begins, so transactions run one at a
// time, and those that queue meanwhile commit together (batch.go); on
// PostgreSQL they run concurrently and LockPerson / LockGroup take row
// locks. fn must not call Tx itself.
func (s *Store) Tx(ctx context.Context, fn func(tx store.Tx) error) error {
	backoff := 2 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := s.runTx(ctx, fn)
		if err == nil || !s.d.retryable(err) || ctx.Err() != nil {
			return err
		}
		if attempt == txAttempts {
			return fmt.Errorf("sqlstore: transaction gave up after %d attempts: %w: %w", attempt, errUnavailable, err)
		}
		// Jitter keeps the transactions that collided from colliding again.
		sleep := backoff/2 + rand.N(backoff)
		select {
		case <-time.After(sleep):
		case <-ctx.Done():
			return fmt.Errorf("sqlstore: transaction: %w", ctx.Err())
		}
		backoff *= 2
	}
}

func (s *Store) runTx(ctx context.Context, fn func(tx store.Tx) error) (err error) {
	if s.batch != nil {
		return s.batch.run(ctx, fn)
	}
	if s.writerStmts != nil {
		s.writerStmts.preparePending(ctx)
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return dbErr(ctx, s.d, err, "begin transaction")
	}
	done := false
	defer func() {
		if !done {
			tx.Rollback() // fn failed or panicked; the panic goes on
		}
	}()
	if err := fn(&txn{reader{d: s.d, q: tx, tx: tx, stmts: s.writerStmts}}); err != nil {
		return err
	}
	done = true
	if err := tx.Commit(); err != nil {
		return dbErr(ctx, s.d, err, "commit")
	}
	return nil
}

// affected reports whether the statement changed a row.
func affected(res sql.Result) (bool, error) {
	n, err := res.RowsAffected()
	return n > 0, err
}
