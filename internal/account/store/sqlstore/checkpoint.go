package sqlstore

import (
	"context"
	"database/sql"
	"sync/atomic"
	"time"
)

// A SQLite commit appends the pages it changed to the WAL; a checkpoint
// copies them into the database file and syncs it. By default the
// connection that commits runs the checkpoint itself when the WAL passes
// 1,000 pages, so every few commits the single writer stopped to copy and
// sync, and every transaction queued behind it waited: a quarter of the
// writer's time while provisioning people. The writer runs with automatic
// checkpoints off, and a connection of its own copies the WAL in the
// background instead (PASSIVE: it never blocks the writer or the readers),
// at most every checkpointInterval while commits come in. Creates through
// the Okta flow ran 10% to 30% faster (docs/performance.md). When the process
// ends, SQLite's last connection to close checkpoints what is left.

// checkpointInterval is the least time between two checkpoints.
const checkpointInterval = 100 * time.Millisecond

type checkpointer struct {
	db   *sql.DB
	kick chan struct{} // a commit happened; capacity 1
	done chan struct{} // closed by close
	idle chan struct{} // closed when the loop has finished

	runs atomic.Int64 // checkpoints run, for tests
}

func newCheckpointer(db *sql.DB) *checkpointer {
	c := &checkpointer{db: db, kick: make(chan struct{}, 1), done: make(chan struct{}), idle: make(chan struct{})}
	go c.loop()
	return c
}

// committed tells the checkpointer the WAL has grown. It never blocks.
func (c *checkpointer) committed() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) loop() {
	defer close(c.idle)
	for {
		select {
		case <-c.kick:
		case <-c.done:
			return
		}
		// A failure (the disk is full, say) leaves the pages in the WAL,
		// where readers find them; the next commit tries again.
		var busy, logged, copied int
		_ = c.db.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &logged, &copied)
		c.runs.Add(1)
		select {
		case <-time.After(checkpointInterval):
		case <-c.done:
			return
		}
	}
}

func (c *checkpointer) close() error {
	close(c.done)
	<-c.idle
	return c.db.Close()
}
