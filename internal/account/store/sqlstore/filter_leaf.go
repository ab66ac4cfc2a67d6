package sqlstore

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// operandKind is where a single value comes from.
type operandKind int

const (
	opColumn operandKind = iota // a column (or expression over columns)
	opMicros                    // a column of unix microseconds: a dateTime
	opActive                    // people.state, read as the boolean "active"
	opJSON                      // a value in a JSON document
	opConst                     // the same string for every row
)

// operand is one value a comparison reads.
type operand struct {
	kind     operandKind
	def      *schema.Attribute // the attribute: type and caseExact
	sql      string            // opColumn, opMicros: the expression
	keyed    bool              // sql already holds filter.Fold of the value
	nullable bool              // sql may be NULL (the value is absent)
	ref      jsonRef           // opJSON
	constant string            // opConst
}

// textColumn is a string column: its *_key twin when one exists and the
// attribute is not caseExact, else the column (folded in SQL if need be).
func textColumn(def *schema.Attribute, col, keyCol string, nullable bool) operand {
	if !def.CaseExact && keyCol != "" {
		return operand{kind: opColumn, def: def, sql: keyCol, keyed: true, nullable: nullable}
	}
	return operand{kind: opColumn, def: def, sql: col, nullable: nullable}
}

var sqlOps = map[filter.Op]string{filter.Eq: "=", filter.Gt: ">", filter.Ge: ">=", filter.Lt: "<", filter.Le: "<="}

// leaf compares one operand: op is pr, eq, co, sw, ew, gt, ge, lt or le and
// v is not null (cond has rewritten the rest).
func (c *compiler) leaf(o operand, op filter.Op, v filter.Value) (string, error) {
	if op == filter.Pr {
		return c.present(o), nil
	}
	t := o.def.Type
	switch {
	case t == schema.Boolean && v.Kind == filter.BoolValue && op == filter.Eq:
		return c.boolLeaf(o, v.Bool), nil
	case (t == schema.Integer || t == schema.Decimal) && v.Kind == filter.NumberValue && op != filter.Co && op != filter.Sw && op != filter.Ew:
		return c.numberLeaf(o, op, v.Str)
	case t == schema.DateTime && v.Kind == filter.StringValue && op != filter.Co && op != filter.Sw && op != filter.Ew:
		return c.timeLeaf(o, op, v.Str)
	case (t == schema.String || t == schema.Reference || t == schema.Binary || t == schema.DateTime) && v.Kind == filter.StringValue:
		return c.textLeaf(o, op, v.Str)
	}
	return "", invalid("cannot compare %s attribute %q with %s %s", t, o.def.Name, op, v.String())
}

// guard makes a comparison FALSE where the value is absent.
func (c *compiler) guard(o operand, cond string) string {
	switch {
	case o.kind == opJSON:
		return "COALESCE(" + cond + ", FALSE)"
	case o.nullable:
		return "(" + o.sql + " IS NOT NULL AND " + cond + ")"
	}
	return cond
}

func (c *compiler) present(o operand) string {
	switch {
	case o.kind == opJSON:
		return c.d.jsonPresent(o.ref)
	case o.kind == opColumn && o.def.Type != schema.Boolean:
		return c.guard(o, o.sql+" <> ''")
	}
	return "TRUE" // NOT NULL columns and constants; false is a value too
}

func (c *compiler) boolLeaf(o operand, b bool) string {
	switch o.kind {
	case opActive:
		if b {
			return o.sql + " <> " + sqlString(string(account.StateSuspended))
		}
		return o.sql + " = " + sqlString(string(account.StateSuspended))
	case opJSON:
		return "COALESCE(" + c.d.jsonBool(o.ref, b) + ", FALSE)"
	}
	if b {
		return c.guard(o, o.sql+" = TRUE")
	}
	return c.guard(o, o.sql+" = FALSE")
}

func (c *compiler) numberLeaf(o operand, op filter.Op, lit string) (string, error) {
	if o.kind != opJSON {
		return "", invalid("attribute %q cannot be compared as a number", o.def.Name)
	}
	ph, arg, err := c.d.number(lit)
	if err != nil {
		return "", invalid("malformed number %q", lit)
	}
	c.args = append(c.args, arg)
	return c.guard(o, c.d.jsonNumber(o.ref)+" "+sqlOps[op]+" "+ph), nil
}

// timeLeaf compares instants. A column holds whole microseconds while the
// filter's value may be finer, so its bounds are rounded the way that keeps
// the comparison exact: a stored x is > t exactly when x > floor(t), and >= t
// exactly when x >= ceil(t). A JSON value compares by timeKey, to the
// nanosecond, like filter.Match.
func (c *compiler) timeLeaf(o operand, op filter.Op, s string) (string, error) {
	t, ok := parseDateTime(s)
	if !ok {
		return "", invalid("value %q is not a dateTime", s)
	}
	switch o.kind {
	case opJSON:
		lhs := c.d.ordered("scim_time_key(" + c.d.jsonText(o.ref) + ")")
		return c.guard(o, lhs+" "+sqlOps[op]+" "+c.arg(timeKey(t))), nil
	case opMicros:
	default:
		return "", invalid("attribute %q cannot be compared as a dateTime", o.def.Name)
	}
	us := floorMicro(t)
	exact := time.UnixMicro(us).Equal(t)
	switch {
	case op == filter.Eq && !exact:
		return "FALSE", nil
	case op == filter.Ge && !exact:
		op = filter.Gt
	case op == filter.Lt && !exact:
		op = filter.Le
	}
	return c.guard(o, o.sql+" "+sqlOps[op]+" "+c.arg(us)), nil
}

// textLeaf compares strings: folded on both sides unless the attribute is
// caseExact, by code point for gt, ge, lt and le.
func (c *compiler) textLeaf(o operand, op filter.Op, s string) (string, error) {
	var lhs string
	switch o.kind {
	case opConst:
		if compareText(o.constant, op, s, o.def.CaseExact) {
			return "TRUE", nil
		}
		return "FALSE", nil
	case opJSON:
		lhs = c.d.jsonText(o.ref)
	case opMicros:
		lhs = c.d.timeText(o.sql) // co, sw, ew on a dateTime compare its text
	case opColumn:
		lhs = o.sql
	default:
		return "", invalid("attribute %q cannot be compared as a string", o.def.Name)
	}
	if !o.def.CaseExact {
		s = filter.Fold(s)
		if !o.keyed {
			lhs = c.d.fold(lhs)
		}
	}
	var cond string
	switch op {
	case filter.Eq:
		cond = lhs + " = " + c.arg(s)
	case filter.Co, filter.Sw, filter.Ew:
		if s == "" {
			cond = lhs + " IS NOT NULL" // every string contains ""
			break
		}
		if op == filter.Sw && o.kind == opColumn {
			// A prefix of a column is a range, which its index serves.
			cond = c.d.ordered(lhs) + " >= " + c.arg(s)
			if end, ok := prefixEnd(s); ok {
				cond += " AND " + c.d.ordered(lhs) + " < " + c.arg(end)
			}
			break
		}
		var args []any
		cond, args = c.d.textOp(op, lhs, s)
		c.args = append(c.args, args...)
	default:
		cond = c.d.ordered(lhs) + " " + sqlOps[op] + " " + c.arg(s)
	}
	return c.guard(o, cond), nil
}

// prefixEnd is the least string above every string that starts with s, in
// the order of bytes, which for UTF-8 is the order of code points: the
// strings that start with s are those from s up to, not including,
// prefixEnd(s). ok is false when there is no such string (s is all
// U+10FFFF, or all 0xFF bytes). For valid UTF-8 the result is valid UTF-8
// too (PostgreSQL refuses other text): the last character that has a
// successor is replaced by it, skipping the surrogates.
func prefixEnd(s string) (end string, ok bool) {
	if utf8.ValidString(s) {
		for s != "" {
			r, n := utf8.DecodeLastRuneInString(s)
			s = s[:len(s)-n]
			switch {
			case r == 0xD7FF:
				return s + "\uE000", true
			case r < utf8.MaxRune:
				return s + string(r+1), true
			}
		}
		return "", false
	}
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < 0xFF {
			return s[:i] + string([]byte{s[i] + 1}), true
		}
	}
	return "", false
}

// compareText evaluates a comparison with a constant in Go, as filter.Match
// would.
func compareText(got string, op filter.Op, want string, caseExact bool) bool {
	if !caseExact {
		got, want = filter.Fold(got), filter.Fold(want)
	}
	switch op {
	case filter.Eq:
		return got == want
	case filter.Co:
		return strings.Contains(got, want)
	case filter.Sw:
		return strings.HasPrefix(got, want)
	case filter.Ew:
		return strings.HasSuffix(got, want)
	}
	n := strings.Compare(got, want)
	switch op {
	case filter.Gt:
		return n > 0
	case filter.Ge:
		return n >= 0
	case filter.Lt:
		return n < 0
	case filter.Le:
		return n <= 0
	}
	return false
}
