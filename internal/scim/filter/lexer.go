package filter

import (
	"strings"
	"unicode/utf8"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// MaxLength is the longest filter or PATCH path, in bytes, that Lex, Parse
// and ParsePath accept. Real filters are a few dozen bytes; the limit bounds
// the work one request can cause.
const MaxLength = 4096

// TokenKind classifies a token.
type TokenKind int

// The kinds of token Lex produces. The zero TokenKind is not a valid kind.
const (
	TokWord     TokenKind = iota + 1 // an attribute path or any other bare word
	TokOp                            // eq ne co sw ew gt ge lt le pr, any case
	TokAnd                           // "and", any case
	TokOr                            // "or", any case
	TokNot                           // "not", any case
	TokLParen                        // (
	TokRParen                        // )
	TokLBracket                      // [
	TokRBracket                      // ]
	TokSubAttr                       // ".name" right after "]"; Text is the name without the dot
	TokString                        // a JSON string; Text is the literal with its quotes
	TokNumber                        // a JSON number; Text is the literal
	TokTrue                          // "true", any case
	TokFalse                         // "false", any case
	TokNull                          // "null", any case
)

var kindNames = [...]string{
	TokWord: "word", TokOp: "operator", TokAnd: "and", TokOr: "or", TokNot: "not",
	TokLParen: "(", TokRParen: ")", TokLBracket: "[", TokRBracket: "]", TokSubAttr: "sub-attribute",
	TokString: "string", TokNumber: "number", TokTrue: "true", TokFalse: "false", TokNull: "null",
}

// String names the kind, for messages and tests.
func (k TokenKind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// Token is one lexical element of a filter.
type Token struct {
	Kind TokenKind
	Text string // as written (see TokString and TokSubAttr)
	Pos  int    // byte offset of the token's first byte (for a TokSubAttr, the '.')
}

// Lex splits a filter into tokens. Whitespace separates tokens and is
// otherwise insignificant. A word is a run of bytes up to whitespace, a
// parenthesis, a bracket or a '"'; it is classified as a keyword, operator,
// literal or JSON number when it is one, and is a Word otherwise, so values
// that clients forget to quote (externalId eq jyoung,
// meta.created gt 2015-10-10T14:38:21.8617979-07:00) survive as Words for
// package quirks to rewrite. Format turns the tokens back into text that Lex
// splits the same way.
//
// Errors are invalidFilter: an input longer than MaxLength, an unterminated
// or malformed string, or a '.' after ']' that does not start a name.
func Lex(s string) ([]Token, error) {
	toks, err := lex(s)
	if err != nil {
		return nil, err.scimError(scim.ErrInvalidFilter, "filter")
	}
	return toks, nil
}

func lex(s string) ([]Token, *syntaxError) {
	if len(s) > MaxLength {
		return nil, errWhole("is longer than %d bytes", MaxLength)
	}
	var toks []Token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case isSpace(c):
			i++
		case c == '(' || c == ')' || c == '[' || c == ']':
			toks = append(toks, Token{Kind: punctKind(c), Text: s[i : i+1], Pos: i})
			i++
			if c == ']' && i < len(s) && s[i] == '.' {
				end := wordEnd(s, i+1)
				name := s[i+1 : end]
				if !validName(name) {
					return nil, errAt(i, "expected an attribute name after \"].\", found %s", echo(name))
				}
				toks = append(toks, Token{Kind: TokSubAttr, Text: name, Pos: i})
				i = end
			}
		case c == '"':
			end, err := scanString(s, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, Token{Kind: TokString, Text: s[i:end], Pos: i})
			i = end
		default:
			end := wordEnd(s, i)
			w := s[i:end]
			toks = append(toks, Token{Kind: classify(w), Text: w, Pos: i})
			i = end
		}
	}
	return toks, nil
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// isDelim reports whether c ends a word.
func isDelim(c byte) bool {
	return isSpace(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '"'
}

func wordEnd(s string, i int) int {
	for i < len(s) && !isDelim(s[i]) {
		i++
	}
	return i
}

func punctKind(c byte) TokenKind {
	switch c {
	case '(':
		return TokLParen
	case ')':
		return TokRParen
	case '[':
		return TokLBracket
	default:
		return TokRBracket
	}
}

// ops are the comparison operators, lower case.
var ops = map[string]Op{
	"eq": Eq, "ne": Ne, "co": Co, "sw": Sw, "ew": Ew,
	"gt": Gt, "ge": Ge, "lt": Lt, "le": Le, "pr": Pr,
}

// classify tells what kind of token a bare word is.
func classify(w string) TokenKind {
	if len(w) <= 5 {
		switch l := strings.ToLower(w); l {
		case "and":
			return TokAnd
		case "or":
			return TokOr
		case "not":
			return TokNot
		case "true":
			return TokTrue
		case "false":
			return TokFalse
		case "null":
			return TokNull
		default:
			if _, ok := ops[l]; ok {
				return TokOp
			}
		}
	}
	if isJSONNumber(w) {
		return TokNumber
	}
	return TokWord
}

// isJSONNumber reports whether s is a number in the JSON grammar
// (RFC 8259 §6): -? int frac? exp?.
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i = digits(s, i)
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		j := digits(s, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := digits(s, i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(s)
}

func digits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// scanString finds the end of the JSON string literal starting at s[start]
// (a '"') and checks it: escapes, no raw control characters, valid UTF-8.
// It returns the offset just past the closing quote.
func scanString(s string, start int) (int, *syntaxError) {
	for i := start + 1; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			return i + 1, nil
		case c == '\\':
			if i+1 >= len(s) {
				return 0, errAt(start, "unterminated string")
			}
			switch s[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(s) || !isHex4(s[i+2:i+6]) {
					return 0, errAt(i, "invalid \\u escape in string")
				}
				i += 6
			default:
				return 0, errAt(i, "invalid escape %s in string", echo(s[i:i+2]))
			}
		case c < 0x20:
			return 0, errAt(i, "control character in string (escape it)")
		case c < utf8.RuneSelf:
			i++
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 {
				return 0, errAt(i, "invalid UTF-8 in string")
			}
			i += n
		}
	}
	return 0, errAt(start, "unterminated string")
}

func isHex4(s string) bool {
	for i := 0; i < 4; i++ {
		if hexVal(s[i]) < 0 {
			return false
		}
	}
	return true
}

func hexVal(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
