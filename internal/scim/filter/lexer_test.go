package filter

import (
	"reflect"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
)

func TestLex(t *testing.T) {
	tests := []struct {
		in   string
		want []Token
	}{
		{`userName eq "bjensen"`, []Token{{TokWord, "userName", 0}, {TokOp, "eq", 9}, {TokString, `"bjensen"`, 12}}},
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value pr`, []Token{
			{TokWord, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value", 0}, {TokOp, "pr", 73}}},
		{`manager.$ref Eq "x"`, []Token{{TokWord, "manager.$ref", 0}, {TokOp, "Eq", 13}, {TokString, `"x"`, 16}}},
		{`AND Or nOt EQ ne CO sw EW gt GE lt le PR`, []Token{
			{TokAnd, "AND", 0}, {TokOr, "Or", 4}, {TokNot, "nOt", 7}, {TokOp, "EQ", 11}, {TokOp, "ne", 14},
			{TokOp, "CO", 17}, {TokOp, "sw", 20}, {TokOp, "EW", 23}, {TokOp, "gt", 26}, {TokOp, "GE", 29},
			{TokOp, "lt", 32}, {TokOp, "le", 35}, {TokOp, "PR", 38}}},
		{`TRUE False null`, []Token{{TokTrue, "TRUE", 0}, {TokFalse, "False", 5}, {TokNull, "null", 11}}},
		{`0 -1 1.5 -0.25e+10 1E5 2.0`, []Token{
			{TokNumber, "0", 0}, {TokNumber, "-1", 2}, {TokNumber, "1.5", 5}, {TokNumber, "-0.25e+10", 9},
			{TokNumber, "1E5", 19}, {TokNumber, "2.0", 23}}},
		// Bare words that are not numbers: values clients forget to quote.
		{`Employee example.com 2015-10-10T14:38:21.8617979-07:00 01 1. .5 - +1 jyoung@example.com`, []Token{
			{TokWord, "Employee", 0}, {TokWord, "example.com", 9}, {TokWord, "2015-10-10T14:38:21.8617979-07:00", 21},
			{TokWord, "01", 55}, {TokWord, "1.", 58}, {TokWord, ".5", 61}, {TokWord, "-", 64}, {TokWord, "+1", 66},
			{TokWord, "jyoung@example.com", 69}}},
		{`emails[type eq "work"].value eq "x"`, []Token{
			{TokWord, "emails", 0}, {TokLBracket, "[", 6}, {TokWord, "type", 7}, {TokOp, "eq", 12},
			{TokString, `"work"`, 15}, {TokRBracket, "]", 21}, {TokSubAttr, "value", 22}, {TokOp, "eq", 29},
			{TokString, `"x"`, 32}}},
		// A '.' after "] " is not a sub-attribute: just a word.
		{`] .value`, []Token{{TokRBracket, "]", 0}, {TokWord, ".value", 2}}},
		{"not(a pr)\tand\r\n(b pr)", []Token{
			{TokNot, "not", 0}, {TokLParen, "(", 3}, {TokWord, "a", 4}, {TokOp, "pr", 6}, {TokRParen, ")", 8},
			{TokAnd, "and", 10}, {TokLParen, "(", 15}, {TokWord, "b", 16}, {TokOp, "pr", 18}, {TokRParen, ")", 20}}},
		// Strings end words; no space is needed around them.
		{`a eq"x"and b pr`, []Token{
			{TokWord, "a", 0}, {TokOp, "eq", 2}, {TokString, `"x"`, 4}, {TokAnd, "and", 7}, {TokWord, "b", 11}, {TokOp, "pr", 13}}},
		{`a eq "q\"uo\\te\/ \u00e9\ud83d\ude00 \b\f\n\r\t"`, []Token{
			{TokWord, "a", 0}, {TokOp, "eq", 2}, {TokString, `"q\"uo\\te\/ \u00e9\ud83d\ude00 \b\f\n\r\t"`, 5}}},
		{`a eq "héllo, wörld"`, []Token{{TokWord, "a", 0}, {TokOp, "eq", 2}, {TokString, `"héllo, wörld"`, 5}}},
		{"", nil},
		{"  \t ", nil},
	}
	for _, tt := range tests {
		got, err := Lex(tt.in)
		if err != nil {
			t.Errorf("Lex(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Lex(%q)\n got %v\nwant %v", tt.in, got, tt.want)
		}
	}
}

func TestLexErrors(t *testing.T) {
	tests := []struct {
		in    string
		parts []string
	}{
		{`userName eq "bjensen`, []string{"unterminated string", "position 12"}},
		{`userName eq "bjensen\"`, []string{"unterminated string", "position 12"}},
		{`userName eq "bjensen\`, []string{"unterminated string"}},
		{`a eq "\x41"`, []string{`invalid escape "\\x"`, "position 6"}},
		{`a eq "\u00g1"`, []string{`invalid \u escape`, "position 6"}},
		{`a eq "\u00"`, []string{`invalid \u escape`}},
		{"a eq \"tab\there\"", []string{"control character", "position 9"}},
		{"a eq \"\xff\"", []string{"invalid UTF-8", "position 6"}},
		{`emails[type eq "work"].`, []string{`after "]."`, "position 22"}},
		{`emails[type eq "work"].1value eq "x"`, []string{`after "].", found "1value"`}},
		{`emails[type eq "work"]. value`, []string{`after "]."`}},
		{strings.Repeat("a", MaxLength+1), []string{"longer than 4096 bytes"}},
		{`a eq "` + strings.Repeat("x", 500), []string{"unterminated string"}},
		{`a eq "x" and b eq "\q` + strings.Repeat("y", 500) + `"`, []string{"invalid escape"}},
	}
	for _, tt := range tests {
		toks, err := Lex(tt.in)
		if toks != nil {
			t.Errorf("Lex(%.40q) returned tokens with an error", tt.in)
		}
		wantSCIMError(t, err, scim.ErrInvalidFilter, tt.parts...)
	}
	// Exactly MaxLength bytes is fine.
	if _, err := Lex(strings.Repeat("a", MaxLength)); err != nil {
		t.Errorf("Lex of %d bytes: %v", MaxLength, err)
	}
}

func TestIsJSONNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"0": true, "-0": true, "12": true, "1.5": true, "1e5": true, "1E+5": true, "1e-5": true, "-0.0e0": true,
		"": false, "-": false, "01": false, "1.": false, ".1": false, "1e": false, "1e+": false, "+1": false,
		"1.5.2": false, "0x10": false, "NaN": false, "Infinity": false, "1_000": false, "١": false,
	} {
		if got := isJSONNumber(s); got != want {
			t.Errorf("isJSONNumber(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestTokenKindString(t *testing.T) {
	if TokSubAttr.String() != "sub-attribute" || TokLParen.String() != "(" || TokenKind(0).String() != "invalid" || TokenKind(99).String() != "invalid" {
		t.Errorf("TokenKind.String: %v %v %v %v", TokSubAttr, TokLParen, TokenKind(0), TokenKind(99))
	}
}
