package sqlstore

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// TestTxRetriesDeadlock has two transactions lock two people in opposite
// orders. On PostgreSQL one of them is chosen as the deadlock victim and Tx
// runs it again; both must succeed. (On SQLite the transactions cannot
// overlap, so there is nothing to retry.)
func TestTxRetriesDeadlock(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			s := b.open(t)
			ctx := t.Context()
			for _, p := range []account.Person{person("p-1", "one"), person("p-2", "two")} {
				if err := createPerson(ctx, s, p); err != nil {
					t.Fatal(err)
				}
			}
			var runs atomic.Int32
			locked := [2]chan struct{}{make(chan struct{}), make(chan struct{})}
			var once [2]sync.Once
			lockBoth := func(me int, first, second string) error {
				return s.Tx(ctx, func(tx store.Tx) error {
					runs.Add(1)
					p, err := tx.LockPerson(ctx, first)
					if err != nil {
						return err
					}
					once[me].Do(func() { close(locked[me]) })
					select { // wait for the other to hold its first lock, once
					case <-locked[1-me]:
					case <-time.After(300 * time.Millisecond):
					}
					if _, err := tx.LockPerson(ctx, second); err != nil {
						return err
					}
					p.Version++
					return tx.UpdatePerson(ctx, p)
				})
			}
			var wg sync.WaitGroup
			errs := make([]error, 2)
			wg.Go(func() { errs[0] = lockBoth(0, "p-1", "p-2") })
			wg.Go(func() { errs[1] = lockBoth(1, "p-2", "p-1") })
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatal(err)
			}
			if b.name == "postgres" && runs.Load() < 3 {
				t.Errorf("fn ran %d times: no retry after the deadlock", runs.Load())
			}
			for _, id := range []string{"p-1", "p-2"} {
				if p, err := s.GetPerson(ctx, id); err != nil || p.Version != 2 {
					t.Errorf("%s: version %d, %v", id, p.Version, err)
				}
			}
		})
	}
}
