package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/scimbridge/scimbridge/internal/account/store"
)

// SQLite has one writer, so write transactions queue for it, and each
// commit writes every page it changed to the WAL: a create touches the same
// few pages (the end of the people table, its indexes, the audit log) as
// the create before it. Group commit runs the transactions that queued while
// one committed as one SQLite transaction, each in a savepoint of its own:
// one that fails rolls back to its savepoint and leaves the others alone,
// and each caller hears of its own result only once the whole batch has
// committed, so nobody is told of a write the database does not hold. A
// failed commit fails the whole batch, and Tx retries what is retryable as
// it always has (fn may run more than once: store.Store).

// maxBatch bounds a batch, so one commit stays short.
const maxBatch = 64

// errClosed is what Tx answers once the store is closed.
var errClosed = errors.New("sqlstore: the store is closed")

// batcher runs the writer's transactions in batches, one batch at a time.
type batcher struct {
	s     *Store
	queue chan *txRequest
	done  chan struct{} // closed by close: no more requests
	idle  chan struct{} // closed when the loop has finished

	commits, items atomic.Int64 // batches committed, and the requests in them
}

type txRequest struct {
	ctx    context.Context
	fn     func(tx store.Tx) error
	result chan txResult
}

type txResult struct {
	err   error
	panic any // fn panicked: the panic goes on in the caller
}

func newBatcher(s *Store) *batcher {
	b := &batcher{s: s, queue: make(chan *txRequest), done: make(chan struct{}), idle: make(chan struct{})}
	go b.loop()
	return b
}

// run queues fn and waits for its batch to commit.
func (b *batcher) run(ctx context.Context, fn func(tx store.Tx) error) error {
	req := &txRequest{ctx: ctx, fn: fn, result: make(chan txResult, 1)}
	select {
	case b.queue <- req:
	case <-b.done:
		return errClosed
	case <-ctx.Done():
		return fmt.Errorf("sqlstore: transaction: %w", ctx.Err())
	}
	// Once queued, wait for the answer even if ctx ends: the batch may be
	// committing the request's writes, and its caller must learn whether.
	r := <-req.result
	if r.panic != nil {
		panic(r.panic)
	}
	return r.err
}

func (b *batcher) close() {
	close(b.done)
	<-b.idle
}

func (b *batcher) loop() {
	defer close(b.idle)
	for {
		var first *txRequest
		select {
		case first = <-b.queue:
		case <-b.done:
			return
		}
		batch := []*txRequest{first}
	gather: // whatever else is waiting now; never wait for more
		for len(batch) < maxBatch {
			select {
			case r := <-b.queue:
				batch = append(batch, r)
			default:
				break gather
			}
		}
		b.commit(batch)
	}
}

// commit runs a batch in one transaction and answers every request.
func (b *batcher) commit(batch []*txRequest) {
	results := make([]txResult, len(batch))
	answer := func() {
		for i, r := range batch {
			r.result <- results[i]
		}
	}
	fail := func(err error) {
		for i := range results {
			if results[i].err == nil && results[i].panic == nil {
				results[i].err = err
			}
		}
		answer()
	}
	s := b.s
	ctx := context.Background() // the batch outlives any one request's context
	if s.writerStmts != nil {
		s.writerStmts.preparePending(ctx)
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		fail(dbErr(ctx, s.d, err, "begin transaction"))
		return
	}
	wrote := false
	for i, r := range batch {
		if err := r.ctx.Err(); err != nil {
			results[i].err = fmt.Errorf("sqlstore: transaction: %w", err)
			continue
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT batch_item"); err != nil {
			tx.Rollback()
			fail(dbErr(ctx, s.d, err, "savepoint"))
			return
		}
		results[i] = runItem(r, tx, s)
		end := []string{"RELEASE batch_item"}
		if results[i].err != nil || results[i].panic != nil {
			end = []string{"ROLLBACK TO batch_item", "RELEASE batch_item"}
		} else {
			wrote = true
		}
		for _, stmt := range end {
			if _, err := tx.ExecContext(ctx, stmt); err != nil {
				tx.Rollback()
				fail(dbErr(ctx, s.d, err, "end savepoint"))
				return
			}
		}
	}
	if !wrote {
		tx.Rollback()
		answer()
		return
	}
	if err := tx.Commit(); err != nil {
		fail(dbErr(ctx, s.d, err, "commit"))
		return
	}
	b.commits.Add(1)
	b.items.Add(int64(len(batch)))
	if s.ckpt != nil {
		s.ckpt.committed()
	}
	answer()
}

// runItem runs one request's fn inside the batch's transaction, catching a
// panic to hand back to its caller.
func runItem(r *txRequest, tx *sql.Tx, s *Store) (res txResult) {
	defer func() {
		if p := recover(); p != nil {
			res = txResult{panic: p}
		}
	}()
	return txResult{err: r.fn(&txn{reader{d: s.d, q: tx, tx: tx, stmts: s.writerStmts}})}
}
