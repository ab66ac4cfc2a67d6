package sqlstore

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

// SQLite spells JSON access with json_type / json_extract, and iterates arrays
// with json_each, whose rows have a type and a value column.

// jsonPath renders keys as a SQLite JSON path literal: $."k1"."k2". Keys are
// quoted because extension URNs contain ':' and '.'.
func sqliteJSONPath(path []string) string {
	var b strings.Builder
	b.WriteString("$")
	for _, k := range path {
		b.WriteString(`."`)
		b.WriteString(k)
		b.WriteString(`"`)
	}
	return sqlString(b.String())
}

// jsonParts gives the expressions of the JSON type name and the SQL value at
// r. An element that is not an object has no keys below it.
func (sqliteDialect) jsonParts(r jsonRef) (typ, val string) {
	switch {
	case r.elem && len(r.path) == 0:
		return r.doc + ".type", r.doc + ".value"
	case r.elem:
		p := sqliteJSONPath(r.path)
		guard := "CASE WHEN " + r.doc + ".type = 'object' THEN "
		return guard + "json_type(" + r.doc + ".value, " + p + ") END",
			guard + "json_extract(" + r.doc + ".value, " + p + ") END"
	default:
		p := sqliteJSONPath(r.path)
		return "json_type(" + r.doc + ", " + p + ")", "json_extract(" + r.doc + ", " + p + ")"
	}
}

func (d sqliteDialect) jsonText(r jsonRef) string {
	typ, val := d.jsonParts(r)
	return "(CASE WHEN " + typ + " = 'text' THEN " + val + " END)"
}

func (d sqliteDialect) jsonNumber(r jsonRef) string {
	typ, val := d.jsonParts(r)
	return "(CASE WHEN " + typ + " IN ('integer', 'real') THEN " + val + " END)"
}

func (d sqliteDialect) jsonBool(r jsonRef, b bool) string {
	typ, _ := d.jsonParts(r)
	return "(" + typ + " = " + sqlString(strconv.FormatBool(b)) + ")"
}

// jsonPresent follows filter.Match: null, "", [] and {} are absent, and
// an object or array is present when one of its members is (one level
// deep, which is as deep as SCIM attributes go).
func (d sqliteDialect) jsonPresent(r jsonRef) string {
	typ, val := d.jsonParts(r)
	member := "pm.type <> 'null' AND NOT (pm.type = 'text' AND pm.value = '')" +
		" AND NOT (pm.type IN ('array', 'object') AND pm.value IN ('[]', '{}'))"
	return "(CASE WHEN " + typ + " IS NULL OR " + typ + " = 'null' THEN FALSE" +
		" WHEN " + typ + " = 'text' THEN " + val + " <> ''" +
		" WHEN " + typ + " IN ('array', 'object') THEN EXISTS (SELECT 1 FROM json_each(" + val + ") AS pm WHERE " + member + ")" +
		" ELSE TRUE END)"
}

// jsonElements iterates an array; any other value counts as an array of
// itself, as filter.Match has it. json_each alone would walk the members of
// an object, so the value is wrapped in an array first (-> gives its JSON
// text, which json() marks as JSON for json_array).
func (d sqliteDialect) jsonElements(r jsonRef, alias string) (string, jsonRef, string) {
	typ, val := d.jsonParts(r)
	from := "json_each(CASE WHEN " + typ + " = 'array' THEN " + val +
		" WHEN " + typ + " <> 'null' THEN json_array(json(" + d.jsonRaw(r) + ")) END) AS " + alias
	return from, jsonRef{doc: alias, elem: true}, alias + ".key"
}

// jsonRaw is the JSON text of the value at r (not of an element itself,
// which no caller needs).
func (sqliteDialect) jsonRaw(r jsonRef) string {
	p := sqliteJSONPath(r.path)
	if r.elem {
		return "CASE WHEN " + r.doc + ".type = 'object' THEN " + r.doc + ".value -> " + p + " END"
	}
	return r.doc + " -> " + p
}

// textOp uses instr and substr, which compare exactly: LIKE would ignore
// ASCII case and treat '%' and '_' in the value as wildcards.
func (sqliteDialect) textOp(op filter.Op, lhs, v string) (string, []any) {
	switch op {
	case filter.Co:
		return "instr(" + lhs + ", ?) > 0", []any{v}
	case filter.Sw:
		return "instr(" + lhs + ", ?) = 1", []any{v}
	case filter.Ew:
		return "substr(" + lhs + ", -?) = ?", []any{int64(utf8.RuneCountInString(v)), v}
	}
	panic(fmt.Sprintf("sqlstore: textOp %q", op))
}

func (sqliteDialect) number(lit string) (string, any, error) {
	if n, err := strconv.ParseInt(lit, 10, 64); err == nil {
		return "?", n, nil
	}
	f, err := parseNumber(lit)
	if err != nil {
		return "", nil, err
	}
	return "?", f, nil
}

// timeText renders unix microseconds as Go's time.RFC3339Nano does in UTC
// (2006-01-02T15:04:05.999999Z, trailing zeros of the fraction dropped), for
// co, sw and ew on meta.created and meta.lastModified, which compare text.
func (sqliteDialect) timeText(us string) string {
	return "(strftime('%Y-%m-%dT%H:%M:%S', " + us + " / 1000000, 'unixepoch') ||" +
		" CASE WHEN " + us + " % 1000000 = 0 THEN '' ELSE '.' || rtrim(printf('%06d', " + us + " % 1000000), '0') END || 'Z')"
}
