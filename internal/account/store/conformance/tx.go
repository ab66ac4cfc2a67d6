package conformance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

func testTxRollback(t *testing.T, s store.Store) {
	ctx := t.Context()
	createPeople(t, s, simplePerson("p-keep", "keep", epoch))
	createGroups(t, s, groupFrom("g", "Team", true, epoch))
	boom := errors.New("boom")
	err := s.Tx(ctx, func(tx store.Tx) error {
		if err := tx.CreatePerson(ctx, simplePerson("p-new", "new", epoch)); err != nil {
			return err
		}
		if _, err := tx.AddMembers(ctx, "g", []account.Member{{PersonID: "p-new"}, {PersonID: "p-keep"}}); err != nil {
			return err
		}
		if err := tx.DeletePerson(ctx, "p-keep"); err != nil {
			return err
		}
		if err := tx.AppendAudit(ctx, account.AuditEvent{Time: epoch, Action: "x"}); err != nil {
			return err
		}
		return fmt.Errorf("fn failed: %w", boom)
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Tx = %v, want fn's error", err)
	}
	if _, err := s.GetPerson(ctx, "p-new"); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("a person created in a failed transaction exists: %v", err)
	}
	if _, err := s.GetPerson(ctx, "p-keep"); err != nil {
		t.Errorf("a person deleted in a failed transaction is gone: %v", err)
	}
	if ms, _ := s.Members(ctx, "g", store.ScopeAll); len(ms) != 0 {
		t.Errorf("members added in a failed transaction: %v", ms)
	}
	if events, _ := s.ListAudit(ctx, store.AuditQuery{}); len(events) != 0 {
		t.Errorf("audit events of a failed transaction: %v", events)
	}
}

func testTxReadsOwnWrites(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustTx(t, s, func(tx store.Tx) error {
		if err := tx.CreatePerson(ctx, simplePerson("p-1", "One", epoch)); err != nil {
			return err
		}
		if err := tx.CreateGroup(ctx, groupFrom("g", "Team", true, epoch)); err != nil {
			return err
		}
		if _, err := tx.AddMembers(ctx, "g", []account.Member{{PersonID: "p-1"}}); err != nil {
			return err
		}
		if p, err := tx.GetPersonByUserName(ctx, "one"); err != nil || p.ID != "p-1" {
			return fmt.Errorf("finding the person in the transaction: = %v, %v", p.ID, err)
		}
		if people, n, err := tx.ListPeople(ctx, store.Query{Scope: store.ScopeAll, Count: 10}); err != nil || n != 1 || len(people) != 1 {
			return fmt.Errorf("listing people in the transaction: = %v, %d, %v", people, n, err)
		}
		if ms, err := tx.Members(ctx, "g", store.ScopeAll); err != nil || len(ms) != 1 {
			return fmt.Errorf("listing members in the transaction: = %v, %v", ms, err)
		}
		return nil
	})
}

func testLockNotFound(t *testing.T, s store.Store) {
	ctx := t.Context()
	err := txErr(t, s, func(tx store.Tx) error {
		_, err := tx.LockPerson(ctx, "nobody")
		return err
	})
	wantKind(t, err, account.ErrNotFound, "LockPerson(nobody)")
	err = txErr(t, s, func(tx store.Tx) error {
		_, err := tx.LockGroup(ctx, "nothing")
		return err
	})
	wantKind(t, err, account.ErrNotFound, "LockGroup(nothing)")

	createPeople(t, s, simplePerson("p-1", "one", epoch))
	createGroups(t, s, groupFrom("g-1", "One", true, epoch))
	mustTx(t, s, func(tx store.Tx) error {
		if p, err := tx.LockPerson(ctx, "p-1"); err != nil || p.UserName != "one" {
			return fmt.Errorf("locking the person: %v, %v", p.UserName, err)
		}
		if g, err := tx.LockGroup(ctx, "g-1"); err != nil || g.DisplayName != "One" {
			return fmt.Errorf("locking the group: %v, %v", g.DisplayName, err)
		}
		return nil
	})
}

// testCancelled checks that a cancelled context stops reads and
// transactions.
func testCancelled(t *testing.T, s store.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.GetPerson(ctx, "p-1"); !errors.Is(err, context.Canceled) {
		t.Errorf("GetPerson with a cancelled context = %v", err)
	}
	if _, _, err := s.ListPeople(ctx, store.Query{Count: 10}); !errors.Is(err, context.Canceled) {
		t.Errorf("ListPeople with a cancelled context = %v", err)
	}
	ran := false
	err := s.Tx(ctx, func(tx store.Tx) error {
		ran = true
		return tx.CreatePerson(ctx, simplePerson("p-1", "one", epoch))
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Tx with a cancelled context = %v (fn ran: %v)", err, ran)
	}
	if _, err := s.GetPerson(t.Context(), "p-1"); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("a cancelled transaction wrote: %v", err)
	}
}

// testConcurrentAddMembers adds 64 people to one group, each in its own
// transaction that locks the group and bumps its version: none is lost.
func testConcurrentAddMembers(t *testing.T, s store.Store) {
	ctx := t.Context()
	const n = 64
	var people []account.Person
	for i := range n {
		people = append(people, simplePerson(fmt.Sprintf("p-%02d", i), fmt.Sprintf("user%02d", i), epoch))
	}
	createPeople(t, s, people...)
	createGroups(t, s, groupFrom("g", "Crowd", true, epoch))

	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			errs <- s.Tx(ctx, func(tx store.Tx) error {
				g, err := tx.LockGroup(ctx, "g")
				if err != nil {
					return err
				}
				added, err := tx.AddMembers(ctx, "g", []account.Member{{PersonID: people[i].ID}})
				if err != nil {
					return err
				}
				if len(added) != 1 {
					return fmt.Errorf("adding a member added %q", added)
				}
				g.Version++
				return tx.UpdateGroup(ctx, g)
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	members, err := s.Members(ctx, "g", store.ScopeAll)
	if err != nil {
		t.Fatal(err)
	}
	if len(members) != n {
		t.Errorf("%d members, want %d", len(members), n)
	}
	g, err := s.GetGroup(ctx, "g")
	if err != nil {
		t.Fatal(err)
	}
	if g.Version != 1+n {
		t.Errorf("group version %d, want %d", g.Version, 1+n)
	}
}

// testConcurrentCreateSameUserName races 16 creations of one userName in
// different cases: exactly one wins.
func testConcurrentCreateSameUserName(t *testing.T, s store.Store) {
	ctx := t.Context()
	names := []string{"race@example.com", "RACE@example.com", "Race@Example.com", "rAcE@eXaMpLe.CoM"}
	const n = 16
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			errs <- s.Tx(ctx, func(tx store.Tx) error {
				return tx.CreatePerson(ctx, simplePerson("p-"+strconv.Itoa(i), names[i%len(names)], epoch))
			})
		})
	}
	wg.Wait()
	close(errs)
	won := 0
	for err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, account.ErrAlreadyExists):
			t.Errorf("a losing CreatePerson gave %v, want ErrAlreadyExists", err)
		}
	}
	if won != 1 {
		t.Errorf("%d creations succeeded, want 1", won)
	}
	people, total, err := s.ListPeople(ctx, store.Query{Scope: store.ScopeAll, Count: 100})
	if err != nil || total != 1 || len(people) != 1 {
		t.Errorf("ListPeople = %d people, total %d, %v", len(people), total, err)
	}
}

// testConcurrentReadModifyWrite increments a counter in a person's
// attributes from many transactions: LockPerson keeps every increment.
func testConcurrentReadModifyWrite(t *testing.T, s store.Store) {
	ctx := t.Context()
	p := personFrom("p-1", epoch, map[string]any{"userName": "counter", "count": json.Number("0")})
	createPeople(t, s, p)
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			for range each {
				err := s.Tx(ctx, func(tx store.Tx) error {
					p, err := tx.LockPerson(ctx, "p-1")
					if err != nil {
						return err
					}
					c, ok := p.Attributes["count"].(json.Number)
					if !ok {
						return fmt.Errorf("count is %T", p.Attributes["count"])
					}
					n, err := c.Int64()
					if err != nil {
						return err
					}
					p.Attributes["count"] = json.Number(strconv.FormatInt(n+1, 10))
					p.Version++
					return tx.UpdatePerson(ctx, p)
				})
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.GetPerson(ctx, "p-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Attributes["count"] != json.Number(strconv.Itoa(workers*each)) || got.Version != 1+workers*each {
		t.Errorf("count %v, version %d; want %d, %d", got.Attributes["count"], got.Version, workers*each, 1+workers*each)
	}
}
