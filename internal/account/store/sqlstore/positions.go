package sqlstore

import (
	"context"
	"database/sql"
	"sync"

	"github.com/scimbridge/scimbridge/internal/account/store"
)

// Providers page through everyone in creation order (GET /Users?startIndex=
// …&count=100, no filter). An OFFSET makes the database step over every
// entry before the page, and the total makes it count them all: both grow
// with the directory. On SQLite the store remembers, per list, the total
// and where every positionStep-th entry starts, for the list's version
// (list_versions, bumped by triggers in the transaction of every change to
// who is in the list, from any process). A page then reads the version
// and at most positionStep index entries besides its own rows. The
// positions are read again, in one statement, when the version moves.
const positionStep = 64

// positions are the remembered starts of each list (people, groups).
type positions struct {
	mu    sync.Mutex
	lists map[string]*listPositions
}

type listPositions struct {
	version int64
	total   int
	starts  []int64 // starts[k] is the seq at position k*positionStep
}

func newPositions() *positions { return &positions{lists: map[string]*listPositions{}} }

// fastPage reports whether q pages the list in its default order, with
// nothing but the provisioning scope: the case positions serve.
func fastPage(q store.Query) bool {
	return q.Filter == nil && q.SortBy == nil && q.State == "" && q.Scope == store.ScopeProvisioning && q.Count > 0
}

// locate returns the list's total and, for the 0-based offset, the seq to
// start from and how many entries to skip after it. r must be a snapshot,
// so the version and the page are read at one point in time.
func (p *positions) locate(ctx context.Context, r *reader, res *resource, offset int) (total int, from int64, skip int, err error) {
	var version int64
	if err := r.queryRow(ctx, "SELECT version FROM list_versions WHERE name = ?", res.table).Scan(&version); err != nil {
		return 0, 0, 0, dbErr(ctx, r.d, err, "read the list version of "+res.table)
	}
	p.mu.Lock()
	lp := p.lists[res.table]
	p.mu.Unlock()
	if lp == nil || lp.version != version {
		if lp, err = readPositions(ctx, r, res, version); err != nil {
			return 0, 0, 0, err
		}
		p.mu.Lock()
		if cur := p.lists[res.table]; cur == nil || cur.version < version {
			p.lists[res.table] = lp
		}
		p.mu.Unlock()
	}
	if offset >= lp.total {
		return lp.total, 0, 0, nil
	}
	k := offset / positionStep
	return lp.total, lp.starts[k], offset - k*positionStep, nil
}

// readPositions reads a list's total and every positionStep-th start, from
// the (scope, seq) index alone.
func readPositions(ctx context.Context, r *reader, res *resource, version int64) (*listPositions, error) {
	lp := &listPositions{version: version}
	if err := r.queryRow(ctx, countQuery(res)).Scan(&lp.total); err != nil {
		return nil, dbErr(ctx, r.d, err, "count "+res.table)
	}
	var err error
	lp.starts, err = collect(ctx, r, "positions of "+res.table, func(rows *sql.Rows) (int64, error) {
		var s int64
		err := rows.Scan(&s)
		return s, err
	}, startsQuery(res), positionStep)
	return lp, err
}

// The statements, each answered from the list's partial index (seq) WHERE
// <scope> (TestPagePlans).

func countQuery(res *resource) string {
	return "SELECT COUNT(*) FROM " + res.table + " " + res.alias + " WHERE " + res.provisioning
}

// startsQuery numbers the list in order and keeps every ?-th seq.
func startsQuery(res *resource) string {
	seq := res.alias + ".seq"
	return "SELECT seq FROM (SELECT " + seq + " AS seq, ROW_NUMBER() OVER (ORDER BY " + seq + ") - 1 AS pos FROM " + res.table + " " + res.alias +
		" WHERE " + res.provisioning + ") WHERE pos % ? = 0 ORDER BY seq"
}

// pageQuery reads a page from the seq ? on, skipping ?.
func pageQuery(d dialect, res *resource, selectList string) string {
	seq := res.alias + ".seq"
	return "SELECT " + selectList + " FROM " + res.table + " " + res.alias + " WHERE " + res.provisioning + " AND " + seq + " >= ?" +
		" ORDER BY " + seq + d.limit(true)
}

// pageByPosition is page for fastPage queries on a store with positions.
func pageByPosition[T any](ctx context.Context, r *reader, res *resource, q store.Query, selectList string,
	scan func(scanner) (T, error)) (items []T, total int, err error) {
	err = r.snapshot(ctx, func(r *reader) error {
		offset := max(q.StartIndex, 1) - 1
		var from int64
		var skip int
		if total, from, skip, err = r.pos.locate(ctx, r, res, offset); err != nil || offset >= total {
			return err
		}
		items, err = collect(ctx, r, "list "+res.table, func(rows *sql.Rows) (T, error) { return scan(rows) }, pageQuery(r.d, res, selectList), from, q.Count, skip)
		return err
	})
	return items, total, err
}
