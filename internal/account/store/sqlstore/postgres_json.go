package sqlstore

import (
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

// PostgreSQL reaches into JSONB with -> and iterates arrays with
// jsonb_array_elements. None of the expressions below can fail on data of an
// unexpected JSON type: casts happen only after jsonb_typeof says they may.

func (*pgDialect) jsonExpr(r jsonRef) string {
	s := r.doc
	for _, k := range r.path {
		s += " -> " + sqlString(k)
	}
	return "(" + s + ")"
}

func (d *pgDialect) jsonText(r jsonRef) string {
	x := d.jsonExpr(r)
	return "(CASE WHEN jsonb_typeof(" + x + ") = 'string' THEN " + x + " #>> '{}' END)"
}

func (d *pgDialect) jsonNumber(r jsonRef) string {
	x := d.jsonExpr(r)
	return "(CASE WHEN jsonb_typeof(" + x + ") = 'number' THEN CAST(" + x + " #>> '{}' AS numeric) END)"
}

func (d *pgDialect) jsonBool(r jsonRef, b bool) string {
	return "(" + d.jsonExpr(r) + " = " + sqlString(strconv.FormatBool(b)) + "::jsonb)"
}

// jsonPresent follows filter.Match; see the SQLite version.
func (d *pgDialect) jsonPresent(r jsonRef) string {
	x := d.jsonExpr(r)
	member := `jsonb_typeof(pm.v) <> 'null' AND pm.v NOT IN ('""'::jsonb, '[]'::jsonb, '{}'::jsonb)`
	return "(CASE WHEN " + x + " IS NULL THEN FALSE ELSE CASE jsonb_typeof(" + x + ")" +
		" WHEN 'null' THEN FALSE" +
		` WHEN 'string' THEN ` + x + ` <> '""'::jsonb` +
		" WHEN 'object' THEN EXISTS (SELECT 1 FROM jsonb_each(" + x + ") AS pm(k, v) WHERE " + member + ")" +
		" WHEN 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements(" + x + ") AS pm(v) WHERE " + member + ")" +
		" ELSE TRUE END END)"
}

func (d *pgDialect) jsonElements(r jsonRef, alias string) (string, jsonRef, string) {
	x := d.jsonExpr(r)
	// Any value other than an array counts as an array of itself, as
	// filter.Match has it.
	from := "jsonb_array_elements(CASE WHEN jsonb_typeof(" + x + ") = 'array' THEN " + x +
		" WHEN jsonb_typeof(" + x + ") <> 'null' THEN jsonb_build_array(" + x + ") END)" +
		" WITH ORDINALITY AS " + alias + "(v, n)"
	return from, jsonRef{doc: alias + ".v", elem: true}, alias + ".n"
}

func (*pgDialect) textOp(op filter.Op, lhs, v string) (string, []any) {
	switch op {
	case filter.Co:
		return "strpos(" + lhs + ", ?) > 0", []any{v}
	case filter.Sw:
		return "strpos(" + lhs + ", ?) = 1", []any{v}
	case filter.Ew:
		return "right(" + lhs + ", CAST(? AS integer)) = ?", []any{int64(utf8.RuneCountInString(v)), v}
	}
	panic(fmt.Sprintf("sqlstore: textOp %q", op))
}

func (*pgDialect) number(lit string) (string, any, error) {
	f, err := parseNumber(lit)
	switch {
	case err != nil:
		return "", nil, err
	case math.IsInf(f, 1):
		lit = "Infinity"
	case math.IsInf(f, -1):
		lit = "-Infinity"
	case f == 0:
		lit = "0"
	}
	return "CAST(? AS numeric)", lit, nil
}

// timeText renders unix microseconds as Go's time.RFC3339Nano does in UTC;
// see the SQLite version.
func (*pgDialect) timeText(us string) string {
	return "(to_char(to_timestamp(" + us + " / 1000000) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') ||" +
		" CASE WHEN " + us + " % 1000000 = 0 THEN '' ELSE '.' || rtrim(lpad((" + us + " % 1000000)::text, 6, '0'), '0') END || 'Z')"
}
