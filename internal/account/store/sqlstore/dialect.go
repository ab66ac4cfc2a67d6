package sqlstore

import (
	"database/sql"
	"strconv"
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

// dialect is what differs between SQLite and PostgreSQL. Queries are written
// once with '?' placeholders and rebound; the rest are small SQL fragments
// that one dialect spells differently from the other.
type dialect interface {
	// name is "sqlite" or "postgres".
	name() string
	// rebind rewrites '?' placeholders for the driver.
	rebind(query string) string
	// readTx is how multi-statement reads outside a transaction see one
	// snapshot of the database.
	readTx() *sql.TxOptions
	// forUpdate is appended to a SELECT of one row to lock it for the rest
	// of the transaction.
	forUpdate() string
	// limit is a LIMIT clause with one placeholder, and one for OFFSET
	// when offset is set.
	limit(offset bool) string
	// inList is a condition "expr is one of the strings in the JSON array
	// bound to the one placeholder it contains".
	inList(expr string) string
	// emailsAgg is a subquery giving a person's emails as a JSON array of
	// [value, type, primary] arrays, in order. personID is the SQL
	// expression of the person's id.
	emailsAgg(personID string) string

	// fold is strings.ToLower in SQL, for values not held in a *_key column.
	fold(expr string) string
	// ordered makes a text expression compare and sort by code point.
	ordered(expr string) string
	// textOp compares a text expression to a string with co, sw or ew.
	textOp(op filter.Op, lhs, v string) (string, []any)
	// number is the placeholder and argument for a number literal.
	number(lit string) (string, any, error)
	// timeText renders a unix-microseconds expression as RFC 3339 text.
	timeText(us string) string

	// JSON access. Each accessor gives NULL when the value is missing or of
	// another JSON type.
	jsonText(r jsonRef) string   // a string, as text
	jsonNumber(r jsonRef) string // a number, as a number
	jsonBool(r jsonRef, b bool) string
	jsonPresent(r jsonRef) string // non-null, never NULL itself
	// jsonElements is a FROM item over the elements of the JSON array at r
	// (none when r is not an array), the reference of one element under
	// alias, and the expression of its position in the array.
	jsonElements(r jsonRef, alias string) (from string, elem jsonRef, pos string)

	// errors
	uniqueViolation(err error) (column string, ok bool)
	foreignKeyViolation(err error) bool
	retryable(err error) bool
	// cannotWrite reports a database that refuses writes because its disk
	// is full or it is read-only.
	cannotWrite(err error) bool
	unavailable(err error) bool
}

// jsonRef names a JSON value: a path of object keys below a JSON document,
// which is a column (people.attributes) or one element of an array being
// iterated.
type jsonRef struct {
	doc  string   // SQL expression of the document, or the element's alias
	elem bool     // doc is the alias of an array element (see jsonElements)
	path []string // object keys, canonical attribute names
}

// child is the reference of a key below r.
func (r jsonRef) child(key string) jsonRef {
	p := make([]string, len(r.path), len(r.path)+1)
	copy(p, r.path)
	return jsonRef{doc: r.doc, elem: r.elem, path: append(p, key)}
}

// rebindDollar rewrites '?' to $1, $2, … outside quoted literals and
// identifiers.
func rebindDollar(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// sqlString quotes s as an SQL string literal. It is used only for names
// from the schema definitions, never for values from a request.
func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
