package filter

import (
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// MaxDepth is how deeply a filter may nest: each parenthesised group, "not"
// and value filter ("[...]") is one level. Chains of "and" and "or" do not
// nest (they are parsed in a loop), so a long flat filter is fine.
const MaxDepth = 32

// Parse parses a filter (RFC 7644 §3.4.2.2). It accepts the RFC grammar only:
// quoted strings, JSON numbers, true, false and null as values; "not" followed
// by a parenthesised filter; value filters that do not nest and whose
// attribute paths are sub-attribute names. Precedence is not > and > or, and
// "and" and "or" associate to the left. Keywords and operators are
// case-insensitive, and are valid attribute names where an attribute is
// expected ("pr pr"). Where the ABNF has SP, any run of spaces, tabs or line
// breaks will do, and none is needed next to a parenthesis, bracket or
// quoted string.
//
// Errors are *scim.Error with scimType invalidFilter and a detail naming the
// problem and its position (a 0-based byte offset, as in Token.Pos), quoting
// at most a few dozen bytes of the input. Limits: MaxLength and MaxDepth.
func Parse(s string) (Expr, error) {
	toks, err := lex(s)
	if err != nil {
		return nil, err.scimError(scim.ErrInvalidFilter, "filter")
	}
	return ParseTokens(toks)
}

// ParseTokens parses a token stream from Lex, possibly edited by package
// quirks, with the same rules and errors as Parse. Token texts are checked
// again (a String must be a valid JSON literal, a Number a JSON number).
func ParseTokens(toks []Token) (Expr, error) {
	e, err := parseFilterTokens(toks)
	if err != nil {
		return nil, err.scimError(scim.ErrInvalidFilter, "filter")
	}
	return e, nil
}

func parseFilterTokens(toks []Token) (Expr, *syntaxError) {
	p, err := newParser(toks)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 {
		return nil, errWhole("is empty")
	}
	e, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.Kind != eof {
		return nil, p.unexpected(t, "the end of the filter")
	}
	return e, nil
}

// eof is the kind of the parser's end-of-input token; never produced by Lex.
const eof TokenKind = 0

// parser is a recursive-descent parser over a token slice. Recursion happens
// only at nesting (parentheses, not, value filters), which is bounded by
// MaxDepth; and/or chains are loops.
type parser struct {
	toks    []Token
	i       int
	depth   int
	inValue bool // inside "[...]": paths are sub-attribute names
}

func newParser(toks []Token) (*parser, *syntaxError) {
	if len(toks) > MaxLength {
		return nil, errWhole("has more than %d tokens", MaxLength)
	}
	for _, t := range toks {
		if t.Kind < TokWord || t.Kind > TokNull {
			return nil, errAt(t.Pos, "invalid token kind %d", int(t.Kind))
		}
	}
	return &parser{toks: toks}, nil
}

func (p *parser) peek() Token {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return Token{Kind: eof, Pos: -1}
}

func (p *parser) peekAt(n int) Token {
	if p.i+n < len(p.toks) {
		return p.toks[p.i+n]
	}
	return Token{Kind: eof, Pos: -1}
}

func (p *parser) next() Token {
	t := p.peek()
	if p.i < len(p.toks) {
		p.i++
	}
	return t
}

// unexpected reports token t where something else was wanted.
func (p *parser) unexpected(t Token, want string) *syntaxError {
	if t.Kind == eof {
		return errAtEnd("expected %s", want)
	}
	return errAt(t.Pos, "expected %s, found %s", want, describe(t))
}

func describe(t Token) string {
	switch t.Kind {
	case TokLParen, TokRParen, TokLBracket, TokRBracket:
		return `"` + t.Kind.String() + `"`
	case TokSubAttr:
		return echo("." + t.Text)
	}
	return echo(tokenText(t))
}

// enter counts one more level of nesting at token t.
func (p *parser) enter(t Token) *syntaxError {
	p.depth++
	if p.depth > MaxDepth {
		return errAt(t.Pos, "filter nests deeper than %d levels", MaxDepth)
	}
	return nil
}

// parseOr parses FILTER *("or" FILTER) where each operand is an and-chain.
func (p *parser) parseOr() (Expr, *syntaxError) {
	left, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	for p.peek().Kind == TokOr {
		p.next()
		right, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		left = &Or{Left: left, Right: right}
	}
	return left, nil
}

func (p *parser) parseAnd() (Expr, *syntaxError) {
	left, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for p.peek().Kind == TokAnd {
		p.next()
		right, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		left = &And{Left: left, Right: right}
	}
	return left, nil
}

// parseUnary parses "not" "(" FILTER ")", "(" FILTER ")", an attribute
// expression or a value path.
func (p *parser) parseUnary() (Expr, *syntaxError) {
	t := p.peek()
	switch t.Kind {
	case TokNot:
		// "not" is also a valid attribute name: it is one when an
		// operator or a value filter follows.
		if k := p.peekAt(1).Kind; k == TokOp || k == TokLBracket {
			return p.parseAttrExp()
		}
		p.next()
		if p.peek().Kind != TokLParen {
			return nil, p.unexpected(p.peek(), `"(" after "not"`)
		}
		x, err := p.parseGroup()
		if err != nil {
			return nil, err
		}
		return &Not{X: x}, nil
	case TokLParen:
		return p.parseGroup()
	case eof:
		return nil, p.unexpected(t, "an attribute, \"not\" or \"(\"")
	}
	return p.parseAttrExp()
}

// parseGroup parses "(" FILTER ")".
func (p *parser) parseGroup() (Expr, *syntaxError) {
	open := p.next()
	if err := p.enter(open); err != nil {
		return nil, err
	}
	x, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.next(); t.Kind != TokRParen {
		if t.Kind == eof {
			return nil, errAt(open.Pos, "missing \")\" for this \"(\"")
		}
		return nil, p.unexpected(t, `")"`)
	}
	p.depth--
	return x, nil
}

// isNameKind reports whether a token of kind k may stand in attribute
// position: keywords and operators are valid ATTRNAMEs too ("pr pr" tests
// whether an attribute named "pr" is present).
func isNameKind(k TokenKind) bool {
	switch k {
	case TokWord, TokOp, TokAnd, TokOr, TokNot, TokTrue, TokFalse, TokNull:
		return true
	}
	return false
}

// parseAttrPath reads the attribute path at the current token.
func (p *parser) parseAttrPath() (AttrPath, Token, *syntaxError) {
	t := p.next()
	if !isNameKind(t.Kind) {
		return AttrPath{}, t, p.unexpected(t, "an attribute path")
	}
	path, ok := splitAttrPath(t.Text)
	if !ok {
		return AttrPath{}, t, errAt(t.Pos, "invalid attribute path %s", echo(t.Text))
	}
	if p.inValue && (path.URN != "" || path.Sub != "") {
		return AttrPath{}, t, errAt(t.Pos, "inside a value filter, name a sub-attribute without prefix, not %s", echo(t.Text))
	}
	return path, t, nil
}

// parseAttrExp parses attrPath "pr", attrPath compareOp compValue, or
// attrPath "[" valFilter "]".
func (p *parser) parseAttrExp() (Expr, *syntaxError) {
	path, at, err := p.parseAttrPath()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	switch t.Kind {
	case TokLBracket:
		f, err := p.parseValueFilter(path, at)
		if err != nil {
			return nil, err
		}
		if s := p.peek(); s.Kind == TokSubAttr {
			return nil, errAt(s.Pos, "a sub-attribute (%s) may not follow a value filter", echo("."+s.Text))
		}
		return &ValuePath{Path: path, Filter: f}, nil
	case TokOp:
		p.next()
		op := Op(strings.ToLower(t.Text))
		if _, ok := ops[string(op)]; !ok {
			return nil, errAt(t.Pos, "unknown operator %s", echo(t.Text))
		}
		if op == Pr {
			return &Present{Path: path}, nil
		}
		v, err := p.parseValue(t)
		if err != nil {
			return nil, err
		}
		return &Compare{Path: path, Op: op, Value: v}, nil
	}
	return nil, p.unexpected(t, "an operator after "+echo(at.Text))
}

// parseValueFilter parses "[" valFilter "]" after path.
func (p *parser) parseValueFilter(path AttrPath, at Token) (Expr, *syntaxError) {
	open := p.next()
	if p.inValue {
		return nil, errAt(open.Pos, "value filters may not nest")
	}
	if path.Sub != "" {
		return nil, errAt(at.Pos, "a value filter must follow an attribute, not a sub-attribute (%s)", echo(at.Text))
	}
	if err := p.enter(open); err != nil {
		return nil, err
	}
	p.inValue = true
	f, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.next(); t.Kind != TokRBracket {
		if t.Kind == eof {
			return nil, errAt(open.Pos, "missing \"]\" for this \"[\"")
		}
		return nil, p.unexpected(t, `"]"`)
	}
	p.inValue = false
	p.depth--
	return f, nil
}

// parseValue parses compValue after the operator token op.
func (p *parser) parseValue(op Token) (Value, *syntaxError) {
	t := p.peek()
	var v Value
	switch t.Kind {
	case TokString:
		s, err := unquote(t.Text, t.Pos)
		if err != nil {
			return Value{}, err
		}
		v = Value{Kind: StringValue, Str: s}
	case TokNumber:
		if !isJSONNumber(t.Text) {
			return Value{}, errAt(t.Pos, "malformed number %s", echo(t.Text))
		}
		v = Value{Kind: NumberValue, Str: t.Text}
	case TokTrue, TokFalse:
		v = Value{Kind: BoolValue, Bool: t.Kind == TokTrue}
	case TokNull:
		v = Value{Kind: NullValue}
	case TokWord:
		return Value{}, errAt(t.Pos, "expected a value after %s (a quoted string, number, true, false or null), found %s", echo(op.Text), echo(t.Text))
	default:
		return Value{}, p.unexpected(t, "a value after "+echo(op.Text))
	}
	p.next()
	return v, nil
}
