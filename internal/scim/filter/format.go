package filter

import "strings"

// Format writes tokens back as filter text: one space between tokens, none
// after '(' or '[', none before ')', ']', '[' or a SubAttr. For tokens that
// came from Lex, Lex(Format(toks)) gives the same kinds and texts, so package
// quirks can edit a token stream and hand the text on.
//
// Punctuation is written by kind. Tokens that quirks build without a Text
// get their canonical text: keywords and literals in lower case; an Op must
// carry its Text.
func Format(toks []Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && spaceBetween(toks[i-1].Kind, t.Kind) {
			b.WriteByte(' ')
		}
		b.WriteString(tokenText(t))
	}
	return b.String()
}

func spaceBetween(prev, next TokenKind) bool {
	switch {
	case prev == TokLParen || prev == TokLBracket:
		return false
	case next == TokRParen || next == TokRBracket || next == TokLBracket || next == TokSubAttr:
		return false
	}
	return true
}

func tokenText(t Token) string {
	switch t.Kind {
	case TokLParen:
		return "("
	case TokRParen:
		return ")"
	case TokLBracket:
		return "["
	case TokRBracket:
		return "]"
	case TokSubAttr:
		return "." + t.Text
	}
	if t.Text != "" {
		return t.Text
	}
	switch t.Kind {
	case TokAnd, TokOr, TokNot, TokTrue, TokFalse, TokNull:
		return t.Kind.String()
	}
	return ""
}
