package deploy_test

// A reader for the Terraform (HCL) the deployment kit is written in, enough
// for the drift tests and without an HCL library: it finds blocks
// (resource "aws_lb_target_group" "this" { … }), attributes (name = expr)
// and the object constructors inside expressions ({ name = "OP_SESSION",
// valueFrom = … }), with line numbers. Expressions are otherwise kept as
// tokens: the checks read literals from them, nothing is evaluated.

import (
	"fmt"
	"strings"
)

type hclTokKind int

const (
	hclIdent hclTokKind = iota
	hclString
	hclNumber
	hclPunct
	hclNewline
)

type hclToken struct {
	kind hclTokKind
	text string // a string's value without quotes (interpolations kept as written)
	line int
}

// hclBody is a block's body or an object constructor: its attributes and
// nested blocks.
type hclBody struct {
	Line   int
	Attrs  []*hclAttr
	Blocks []*hclBlock
}

type hclBlock struct {
	Type   string
	Labels []string
	Line   int
	Body   *hclBody
}

type hclAttr struct {
	Name string
	Line int
	Expr []hclToken // the expression's tokens, nested objects included
	Objs []*hclBody // object constructors anywhere in the expression
}

// attr returns the body's attribute called name, or nil.
func (b *hclBody) attr(name string) *hclAttr {
	for _, a := range b.Attrs {
		if a.Name == name {
			return a
		}
	}
	return nil
}

// literal returns the attribute's value when it is one string or number
// literal, and whether it is.
func (a *hclAttr) literal() (string, bool) {
	if a == nil || len(a.Expr) != 1 || (a.Expr[0].kind != hclString && a.Expr[0].kind != hclNumber) {
		return "", false
	}
	return a.Expr[0].text, true
}

// strings returns every string literal in the attribute's expression.
func (a *hclAttr) strings() []string {
	var out []string
	if a == nil {
		return nil
	}
	for _, t := range a.Expr {
		if t.kind == hclString {
			out = append(out, t.text)
		}
	}
	return out
}

// parseHCL reads a file's top-level body.
func parseHCL(src string) (*hclBody, error) {
	toks, err := lexHCL(src)
	if err != nil {
		return nil, err
	}
	p := &hclParser{toks: toks}
	b, err := p.body(false)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, fmt.Errorf("line %d: unexpected %q", p.toks[p.i].line, p.toks[p.i].text)
	}
	return b, nil
}

type hclParser struct {
	toks []hclToken
	i    int
}

func (p *hclParser) peek() (hclToken, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return hclToken{}, false
}

func isPunct(t hclToken, s string) bool { return t.kind == hclPunct && t.text == s }

// body reads attributes and blocks up to a closing brace (inBraces) or the
// end of the file. Attributes end at a newline or, in objects, a comma.
func (p *hclParser) body(inBraces bool) (*hclBody, error) {
	b := &hclBody{}
	if t, ok := p.peek(); ok {
		b.Line = t.line
	}
	for {
		t, ok := p.peek()
		switch {
		case !ok && inBraces:
			return nil, fmt.Errorf("unclosed {")
		case !ok:
			return b, nil
		case t.kind == hclNewline || isPunct(t, ","):
			p.i++
			continue
		case isPunct(t, "}"):
			if !inBraces {
				return nil, fmt.Errorf("line %d: unexpected }", t.line)
			}
			p.i++
			return b, nil
		case t.kind == hclIdent && t.text == "for" && inBraces && len(b.Attrs) == 0 && len(b.Blocks) == 0:
			// An object "for" expression: opaque.
			if err := p.skipTo("}"); err != nil {
				return nil, err
			}
			return b, nil
		case t.kind != hclIdent && t.kind != hclString:
			return nil, fmt.Errorf("line %d: want a name, got %q", t.line, t.text)
		}
		p.i++
		next, ok := p.peek()
		if ok && (isPunct(next, "=") || isPunct(next, ":")) {
			p.i++
			a := &hclAttr{Name: t.text, Line: t.line}
			if err := p.expr(a); err != nil {
				return nil, err
			}
			b.Attrs = append(b.Attrs, a)
			continue
		}
		blk := &hclBlock{Type: t.text, Line: t.line}
		for ok && (next.kind == hclString || next.kind == hclIdent) {
			blk.Labels = append(blk.Labels, next.text)
			p.i++
			next, ok = p.peek()
		}
		if !ok || !isPunct(next, "{") {
			return nil, fmt.Errorf("line %d: want = or { after %q", t.line, t.text)
		}
		p.i++
		body, err := p.body(true)
		if err != nil {
			return nil, err
		}
		blk.Body = body
		b.Blocks = append(b.Blocks, blk)
	}
}

// expr reads an attribute's expression: up to a newline, comma or closing
// brace outside brackets, reading object constructors as bodies.
func (p *hclParser) expr(a *hclAttr) error {
	var open []string // the brackets open, innermost last
	for {
		depth := len(open)
		t, ok := p.peek()
		if !ok {
			if depth > 0 {
				return fmt.Errorf("line %d: unclosed bracket in %s", a.Line, a.Name)
			}
			return nil
		}
		if depth == 0 && (t.kind == hclNewline || isPunct(t, ",") || isPunct(t, "}")) {
			return nil
		}
		p.i++
		switch {
		case t.kind == hclNewline:
			continue
		case isPunct(t, "{"):
			a.Expr = append(a.Expr, t)
			obj, err := p.body(true)
			if err != nil {
				return err
			}
			a.Objs = append(a.Objs, obj)
			a.Objs = append(a.Objs, nestedObjs(obj)...)
			a.Expr = append(a.Expr, hclToken{kind: hclPunct, text: "}", line: t.line})
			continue
		case isPunct(t, "("):
			open = append(open, ")")
		case isPunct(t, "["):
			open = append(open, "]")
		case isPunct(t, ")") || isPunct(t, "]"):
			if depth == 0 || open[depth-1] != t.text {
				return fmt.Errorf("line %d: unbalanced %q", t.line, t.text)
			}
			open = open[:depth-1]
		}
		a.Expr = append(a.Expr, t)
	}
}

// nestedObjs lists the object constructors inside an object's attributes.
func nestedObjs(b *hclBody) []*hclBody {
	var out []*hclBody
	for _, a := range b.Attrs {
		out = append(out, a.Objs...)
	}
	return out
}

// skipTo skips past the brace that closes the current one.
func (p *hclParser) skipTo(closing string) error {
	depth := 0
	for ; p.i < len(p.toks); p.i++ {
		t := p.toks[p.i]
		switch {
		case isPunct(t, "{"):
			depth++
		case isPunct(t, closing) && depth == 0:
			p.i++
			return nil
		case isPunct(t, "}"):
			depth--
		}
	}
	return fmt.Errorf("unclosed {")
}

// lexHCL splits src into tokens, dropping comments and keeping newlines.
func lexHCL(src string) ([]hclToken, error) {
	var toks []hclToken
	line := 1
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			toks = append(toks, hclToken{kind: hclNewline, text: "\n", line: line})
			line++
			i++
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#' || strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("line %d: unclosed comment", line)
			}
			line += strings.Count(src[i:i+2+end], "\n")
			i += end + 4
		case c == '"':
			s, n, err := lexString(src[i:], line)
			if err != nil {
				return nil, err
			}
			toks = append(toks, hclToken{kind: hclString, text: s, line: line})
			line += strings.Count(src[i:i+n], "\n")
			i += n
		case strings.HasPrefix(src[i:], "<<"):
			return nil, fmt.Errorf("line %d: heredocs are not supported", line)
		case isIdentByte(c) && !(c >= '0' && c <= '9') && c != '-':
			j := i
			for j < len(src) && isIdentByte(src[j]) {
				j++
			}
			toks = append(toks, hclToken{kind: hclIdent, text: src[i:j], line: line})
			i = j
		case c >= '0' && c <= '9':
			j := i
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.') {
				j++
			}
			toks = append(toks, hclToken{kind: hclNumber, text: src[i:j], line: line})
			i = j
		default:
			toks = append(toks, hclToken{kind: hclPunct, text: string(c), line: line})
			i++
		}
	}
	return toks, nil
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// lexString reads a quoted string at the start of s, with its
// interpolations (${…}, which may hold strings and braces) kept as written.
// It returns the value and how many bytes it took.
func lexString(s string, line int) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return b.String(), i + 1, nil
		case c == '\n':
			return "", 0, fmt.Errorf("line %d: newline in a string", line)
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			default:
				b.WriteByte(s[i])
			}
		case (c == '$' || c == '%') && strings.HasPrefix(s[i+1:], "{"):
			end, err := interpolationEnd(s, i+2, line)
			if err != nil {
				return "", 0, err
			}
			b.WriteString(s[i:end])
			i = end - 1
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, fmt.Errorf("line %d: unterminated string", line)
}

// interpolationEnd returns the index just past the } that closes the
// interpolation whose content starts at i.
func interpolationEnd(s string, i, line int) (int, error) {
	depth := 1
	for ; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			if depth--; depth == 0 {
				return i + 1, nil
			}
		case '"':
			_, n, err := lexString(s[i:], line)
			if err != nil {
				return 0, err
			}
			i += n - 1
		case '\n':
			return 0, fmt.Errorf("line %d: newline in an interpolation", line)
		}
	}
	return 0, fmt.Errorf("line %d: unterminated interpolation", line)
}
