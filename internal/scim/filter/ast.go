// Package filter parses SCIM filter expressions (RFC 7644 §3.4.2.2) and PATCH
// paths (RFC 7644 §3.5.2) into a small syntax tree, and evaluates filters
// against resources held in memory (for PATCH value filters). It knows nothing
// of storage: the account store compiles the same tree to SQL.
//
// The parser is strict: it accepts the RFC grammar and nothing else. Shapes
// that real clients send outside the grammar (unquoted values, a sub-attribute
// after a value filter) are rewritten by named normalisations in package
// quirks, working on the token stream that Lex returns, before Parse runs.
package filter

import (
	"strings"
)

// AttrPath names an attribute: an optional schema URN, an attribute name and
// an optional sub-attribute, as in
// "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value".
// Names keep the case they were written in; resolving them against a schema
// is the caller's job (attribute names are case-insensitive, RFC 7643 §2.1).
type AttrPath struct {
	URN  string // schema URN without the trailing ':'; "" when not written
	Name string // attribute name
	Sub  string // sub-attribute name; "" when absent
}

// String renders the path in filter syntax.
func (p AttrPath) String() string {
	var b strings.Builder
	if p.URN != "" {
		b.WriteString(p.URN)
		b.WriteByte(':')
	}
	b.WriteString(p.Name)
	if p.Sub != "" {
		b.WriteByte('.')
		b.WriteString(p.Sub)
	}
	return b.String()
}

// Op is a comparison operator.
type Op string

// The attribute operators of RFC 7644 §3.4.2.2, table 3.
const (
	Eq Op = "eq"
	Ne Op = "ne"
	Co Op = "co"
	Sw Op = "sw"
	Ew Op = "ew"
	Gt Op = "gt"
	Ge Op = "ge"
	Lt Op = "lt"
	Le Op = "le"
	Pr Op = "pr"
)

// ValueKind tells which JSON type a comparison value has.
type ValueKind int

// The kinds of compValue (RFC 7644 §3.4.2.2: false / null / true / number / string).
const (
	StringValue ValueKind = iota
	NumberValue
	BoolValue
	NullValue
)

// Value is the right-hand side of a comparison.
type Value struct {
	Kind ValueKind
	Str  string // the unescaped string for StringValue; the literal text for NumberValue
	Bool bool   // for BoolValue
}

// Expr is a node of a filter: *And, *Or, *Not, *Compare, *Present or *ValuePath.
type Expr interface {
	String() string // canonical filter syntax, fully parenthesised where needed
	expr()
}

// And is "Left and Right".
type And struct{ Left, Right Expr }

// Or is "Left or Right".
type Or struct{ Left, Right Expr }

// Not is "not (X)".
type Not struct{ X Expr }

// Compare is "Path Op Value" for every operator except pr.
type Compare struct {
	Path  AttrPath
	Op    Op
	Value Value
}

// Present is "Path pr".
type Present struct{ Path AttrPath }

// ValuePath is a filter on the values of a multi-valued (or complex)
// attribute: "emails[type eq "work" and value co "@example.com"]". Path has no
// Sub; the attribute paths inside Filter are relative to Path (their Name is
// the sub-attribute, URN and Sub are empty).
type ValuePath struct {
	Path   AttrPath
	Filter Expr
}

func (*And) expr()       {}
func (*Or) expr()        {}
func (*Not) expr()       {}
func (*Compare) expr()   {}
func (*Present) expr()   {}
func (*ValuePath) expr() {}

// Path is a PATCH operation's target (RFC 7644 §3.5.2):
// attrPath, or valuePath followed by an optional sub-attribute, as in
// `members[value eq "2819c223"]` or `emails[type eq "work"].value`.
type Path struct {
	Attr   AttrPath // the attribute; Attr.Sub is set only when there is no Filter
	Filter Expr     // the value filter, or nil
	Sub    string   // the sub-attribute after the value filter, or ""
}
