package filter

import (
	"strings"
)

// The String methods print canonical filter syntax: operators and keywords
// in lower case, strings re-quoted with QuoteString, numbers as written,
// parentheses only where precedence needs them ("not" always has its own),
// single spaces. Parse accepts the output and gives a tree that prints the
// same.

// String renders the value as a filter literal.
func (v Value) String() string {
	switch v.Kind {
	case StringValue:
		return QuoteString(v.Str)
	case NumberValue:
		return v.Str
	case BoolValue:
		if v.Bool {
			return "true"
		}
		return "false"
	default:
		return "null"
	}
}

func (e *And) String() string       { return printExpr(e) }
func (e *Or) String() string        { return printExpr(e) }
func (e *Not) String() string       { return printExpr(e) }
func (e *Compare) String() string   { return printExpr(e) }
func (e *Present) String() string   { return printExpr(e) }
func (e *ValuePath) String() string { return printExpr(e) }

func printExpr(e Expr) string {
	var b strings.Builder
	writeExpr(&b, e)
	return b.String()
}

// precedence ranks the node kinds: a child that binds more loosely than its
// parent needs parentheses.
func precedence(e Expr) int {
	switch e.(type) {
	case *Or:
		return 1
	case *And:
		return 2
	default:
		return 3
	}
}

func writeExpr(b *strings.Builder, e Expr) {
	switch e := e.(type) {
	case *And:
		writeOperand(b, e.Left, 2)
		b.WriteString(" and ")
		writeOperand(b, e.Right, 2)
	case *Or:
		writeOperand(b, e.Left, 1)
		b.WriteString(" or ")
		writeOperand(b, e.Right, 1)
	case *Not:
		b.WriteString("not (")
		writeExpr(b, e.X)
		b.WriteByte(')')
	case *Compare:
		b.WriteString(e.Path.String())
		b.WriteByte(' ')
		b.WriteString(strings.ToLower(string(e.Op)))
		b.WriteByte(' ')
		b.WriteString(e.Value.String())
	case *Present:
		b.WriteString(e.Path.String())
		b.WriteString(" pr")
	case *ValuePath:
		b.WriteString(e.Path.String())
		b.WriteByte('[')
		writeExpr(b, e.Filter)
		b.WriteByte(']')
	}
}

// writeOperand writes an operand of an and/or, parenthesised when it binds
// more loosely than the parent (prec). "a and b and c" needs none whichever
// way it associates, since and and or are associative.
func writeOperand(b *strings.Builder, e Expr, prec int) {
	if precedence(e) < prec {
		b.WriteByte('(')
		writeExpr(b, e)
		b.WriteByte(')')
		return
	}
	writeExpr(b, e)
}
