package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// TestGroupCommit: concurrent transactions commit in batches; in a batch,
// one that fails (a taken userName, an error after a write, a panic, a
// cancelled context) leaves no trace and does not disturb the others, and
// each caller hears its own result.
func TestGroupCommit(t *testing.T) {
	s := openTestSQLite(t)
	ctx := context.Background()
	if err := createPerson(ctx, s, person("taken", "taken")); err != nil {
		t.Fatal(err)
	}
	const n = 96
	errAfterWrite := errors.New("changed my mind")
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	var wg sync.WaitGroup
	results := make([]error, n)
	panics := make([]any, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[i] = recover() }()
			c := ctx
			if i%8 == 7 {
				c = cancelled
			}
			results[i] = s.Tx(c, func(tx store.Tx) error {
				id := fmt.Sprintf("p%03d", i)
				name := id
				if i%8 == 1 {
					name = "TAKEN" // a unique violation
				}
				if err := tx.CreatePerson(c, person(id, name)); err != nil {
					return err
				}
				switch i % 8 {
				case 3:
					return errAfterWrite
				case 5:
					panic("boom")
				}
				return nil
			})
		}()
	}
	wg.Wait()
	for i := range n {
		_, err := s.GetPerson(ctx, fmt.Sprintf("p%03d", i))
		exists := err == nil
		switch i % 8 {
		case 1:
			if !errors.Is(results[i], account.ErrAlreadyExists) || exists {
				t.Errorf("%d: taken userName: %v, exists %v", i, results[i], exists)
			}
		case 3:
			if !errors.Is(results[i], errAfterWrite) || exists {
				t.Errorf("%d: error after a write: %v, exists %v", i, results[i], exists)
			}
		case 5:
			if panics[i] != "boom" || exists {
				t.Errorf("%d: panic %v reached the caller? exists %v", i, panics[i], exists)
			}
		case 7:
			if !errors.Is(results[i], context.Canceled) || exists {
				t.Errorf("%d: cancelled: %v, exists %v", i, results[i], exists)
			}
		default:
			if results[i] != nil || !exists {
				t.Errorf("%d: %v, exists %v", i, results[i], exists)
			}
		}
	}
	commits, items := s.batch.commits.Load(), s.batch.items.Load()
	t.Logf("%d transactions in %d commits", items, commits)
	if commits >= items {
		t.Errorf("no batching: %d commits for %d transactions", commits, items)
	}
}

// TestGroupCommitDiskFull: transactions batched together on a database
// that fills up: each caller is told exactly what the database holds.
func TestGroupCommitDiskFull(t *testing.T) {
	s := openTestSQLite(t)
	ctx := context.Background()
	// Fill the database up to a few pages past its current size: the batch
	// fails when its pages no longer fit.
	var pages int
	if err := s.writer.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if _, err := s.writer.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", pages+2)); err != nil {
		t.Fatal(err)
	}
	big := make([]byte, 20000)
	for i := range big {
		big[i] = 'a' + byte(i%26)
	}
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := person(fmt.Sprintf("big%d", i), fmt.Sprintf("big%d", i))
			p.Attributes = map[string]any{"userName": p.UserName, "nickName": string(big)}
			errs[i] = s.Tx(ctx, func(tx store.Tx) error { return tx.CreatePerson(ctx, p) })
		}()
	}
	wg.Wait()
	failed := 0
	for i, err := range errs {
		if err != nil {
			failed++
		}
		_, gerr := s.GetPerson(ctx, fmt.Sprintf("big%d", i))
		if (err == nil) != (gerr == nil) {
			t.Errorf("big%d: told %v, yet in the database: %v", i, err, gerr == nil)
		}
		if err != nil && !errors.Is(err, account.ErrUnavailable) {
			t.Errorf("big%d: %v, want ErrUnavailable", i, err)
		}
	}
	if failed == 0 {
		t.Fatal("the database never filled up")
	}
}
