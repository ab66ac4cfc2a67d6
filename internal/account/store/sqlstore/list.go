package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

// where is the WHERE condition and arguments for a query's scope and filter.
func where(d dialect, res *resource, q store.Query) (string, []any, error) {
	var conds []string
	if q.Scope == store.ScopeProvisioning {
		conds = append(conds, res.provisioning)
	}
	var args []any
	if q.State != "" && res.table == "people" {
		conds, args = append(conds, res.alias+".state = ?"), append(args, string(q.State))
	}
	if q.Filter != nil {
		c := newCompiler(d, res, q.Scope)
		x, err := c.compile(q.Filter)
		if err != nil {
			return "", nil, err
		}
		conds, args = append(conds, x), append(args, c.args...)
	}
	if len(conds) == 0 {
		return "TRUE", nil, nil
	}
	return strings.Join(conds, " AND "), args, nil
}

// scanner is what *sql.Row and *sql.Rows share.
type scanner interface{ Scan(dest ...any) error }

// totalScanner reads the total that page's query puts before each row.
type totalScanner struct {
	rows  *sql.Rows
	total *int
}

func (s totalScanner) Scan(dest ...any) error { return s.rows.Scan(append([]any{s.total}, dest...)...) }

// page reads the requested page of the matches and counts them, in one
// statement (so one snapshot, and one round trip): every row carries the
// count. Only when the page is empty does a second statement count.
func page[T any](ctx context.Context, r *reader, res *resource, q store.Query, selectList string,
	scan func(scanner) (T, error)) ([]T, int, error) {
	if r.pos != nil && fastPage(q) {
		return pageByPosition(ctx, r, res, q, selectList, scan)
	}
	cond, args, err := where(r.d, res, q)
	if err != nil {
		return nil, 0, err
	}
	if atMostOne(res, q.Filter) {
		return onlyRow(ctx, r, res, q, cond, args, selectList, scan)
	}
	order, err := orderBy(r.d, res, q)
	if err != nil {
		return nil, 0, err
	}
	from := " FROM " + res.table + " " + res.alias + " WHERE " + cond
	var (
		items []T
		total int
	)
	if offset := max(q.StartIndex, 1) - 1; q.Count > 0 {
		query := pageStatement(r.d, res, from, order, selectList)
		all := append(append(slices.Clip(args), args...), q.Count, offset)
		items, err = collect(ctx, r, "list "+res.table, func(rows *sql.Rows) (T, error) {
			return scan(totalScanner{rows, &total})
		}, query, all...)
		if err != nil || len(items) > 0 {
			return items, total, err
		}
	}
	if err := r.queryRow(ctx, "SELECT COUNT(*)"+from, args...).Scan(&total); err != nil {
		return nil, 0, dbErr(ctx, r.d, err, "count "+res.table)
	}
	return nil, total, nil
}

// atMostOne reports whether a filter can match one row at most: an
// equality on id or on a unique key (a person's userName, a group's
// displayName). These are the providers' lookups before every create.
func atMostOne(res *resource, f filter.Expr) bool {
	c, ok := f.(*filter.Compare)
	if !ok || c.Op != filter.Eq || c.Value.Kind != filter.StringValue {
		return false
	}
	r, ok := res.rt.Resolve(c.Path)
	if !ok || r.Sub != nil {
		return false
	}
	if r.Schema == nil {
		return r.Attr.Name == "id"
	}
	return !r.Extension(res.rt) && r.Attr.Name == res.unique
}

// onlyRow is page for a filter that matches one row at most: one statement
// reads the row, if any, which is the whole list, so neither the count nor
// the page's subquery (each another search of the same index) is needed.
func onlyRow[T any](ctx context.Context, r *reader, res *resource, q store.Query, cond string, args []any,
	selectList string, scan func(scanner) (T, error)) ([]T, int, error) {
	items, err := collect(ctx, r, "list "+res.table, func(rows *sql.Rows) (T, error) { return scan(rows) },
		"SELECT "+selectList+" FROM "+res.table+" "+res.alias+" WHERE "+cond, args...)
	if err != nil {
		return nil, 0, err
	}
	total := len(items)
	if offset := max(q.StartIndex, 1) - 1; offset >= total || q.Count == 0 {
		return nil, total, nil
	}
	return items, total, nil
}

// pageStatement is page's statement: the count, then selectList for the
// page's rows; its arguments are the condition's twice, then count and
// offset. The rows are chosen by seq alone in a subquery and selectList
// (whose subqueries, such as the emails, cost a lookup a row) computed for
// them only: PostgreSQL computes a select list for every row an OFFSET
// skips, so a page at 15,000 ran the emails subquery 15,100 times
// (EXPLAIN ANALYZE: "loops=15100"). Choosing by seq alone keeps the rows
// the subquery sorts narrow, whatever the planner knows of the table.
func pageStatement(d dialect, res *resource, from, order, selectList string) string {
	seq := res.alias + ".seq"
	page := "SELECT " + seq + from + " ORDER BY " + order + d.limit(true)
	return "SELECT (SELECT COUNT(*)" + from + "), " + selectList + " FROM " + res.table + " " + res.alias +
		" WHERE " + seq + " IN (" + page + ") ORDER BY " + order
}

// ListPeople implements store.Reader.
func (r *reader) ListPeople(ctx context.Context, q store.Query) ([]account.Person, int, error) {
	return page(ctx, r, peopleResource, q, personColumns+", "+r.d.emailsAgg("p.id"), scanPerson)
}

// ListGroups implements store.Reader.
func (r *reader) ListGroups(ctx context.Context, q store.Query) ([]account.Group, int, error) {
	return page(ctx, r, groupsResource, q, groupColumns, scanGroup)
}
