package sqlstore

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account/store"
)

// TestCheckpointer writes 2,000 people of 8 KiB, one transaction each,
// with SQLite's own checkpoints off on the writer: without the background
// checkpointer the WAL grows past 150 MB (every commit appends the pages
// it changed); with it, the writer starts the WAL over again and again,
// and it stayed under 9 MB.
func TestCheckpointer(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "account.db")
	s := openTestSQLiteAt(t, path)
	bulk := strings.Repeat("x", 8<<10)
	var largest int64
	for i := range 2000 {
		p := benchPerson(i)
		p.Attributes["title"] = bulk
		if err := s.Tx(ctx, func(tx store.Tx) error { return tx.CreatePerson(ctx, p) }); err != nil {
			t.Fatal(err)
		}
		if fi, err := os.Stat(path + "-wal"); err == nil {
			largest = max(largest, fi.Size())
		}
		if i%100 == 99 {
			time.Sleep(2 * checkpointInterval) // let it catch up, as a pause in requests would
		}
	}
	t.Logf("the WAL file grew to %d bytes; %d checkpoints", largest, s.ckpt.runs.Load())
	if s.ckpt.runs.Load() == 0 {
		t.Error("the checkpointer never ran")
	}
	if largest > 32<<20 {
		t.Errorf("the WAL grew to %d bytes: it is not being checkpointed", largest)
	}
	var n int
	if err := s.readers.QueryRowContext(ctx, "SELECT COUNT(*) FROM people").Scan(&n); err != nil || n != 2000 {
		t.Fatalf("%d people, %v", n, err)
	}
}
