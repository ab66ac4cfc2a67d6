package filter

import (
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct{ in, want string }{
		{`userName eq "bjensen"`, `userName eq "bjensen"`},
		{`  userName   EQ   "bjensen"  `, `userName EQ "bjensen"`},
		{`a eq"x"and b pr`, `a eq "x" and b pr`},
		{`not(a pr)`, `not (a pr)`},
		{`( ( a pr ) or b pr )and c pr`, `((a pr) or b pr) and c pr`},
		{`emails [ type eq "work" ] .value`, `emails[type eq "work"] .value`},
		{`emails[type eq "work"].value eq "x"`, `emails[type eq "work"].value eq "x"`},
		{`meta.Created gt 2015-10-10T14:38:21.8617979-07:00`, `meta.Created gt 2015-10-10T14:38:21.8617979-07:00`},
		{`name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)`,
			`name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)`},
		{`a eq "\u00e9\/"`, `a eq "\u00e9\/"`},
		{"", ""},
	}
	for _, tt := range tests {
		toks, err := Lex(tt.in)
		if err != nil {
			t.Fatalf("Lex(%q): %v", tt.in, err)
		}
		got := Format(toks)
		if got != tt.want {
			t.Errorf("Format(Lex(%q)) = %q, want %q", tt.in, got, tt.want)
		}
		assertSameTokens(t, got, toks)
	}
}

// assertSameTokens checks that lexing s gives want's kinds and texts.
func assertSameTokens(t *testing.T, s string, want []Token) {
	t.Helper()
	got, err := Lex(s)
	if err != nil {
		t.Fatalf("Lex(%q) after Format: %v", s, err)
	}
	if len(got) != len(want) {
		t.Fatalf("Lex(%q) gave %d tokens, want %d: %v vs %v", s, len(got), len(want), got, want)
	}
	for i := range got {
		if got[i].Kind != want[i].Kind || got[i].Text != want[i].Text {
			t.Fatalf("Lex(%q) token %d = %v %q, want %v %q", s, i, got[i].Kind, got[i].Text, want[i].Kind, want[i].Text)
		}
	}
}

// Package quirks edits token streams: it may build tokens without a Text
// or position, and turn Words into Strings.
func TestFormatEditedTokens(t *testing.T) {
	toks, err := Lex(`externalId eq jyoung`)
	if err != nil {
		t.Fatal(err)
	}
	toks[2] = Token{Kind: TokString, Text: QuoteString(toks[2].Text)}
	toks = append(toks, Token{Kind: TokAnd}, Token{Kind: TokNot}, Token{Kind: TokLParen},
		Token{Kind: TokWord, Text: "active"}, Token{Kind: TokOp, Text: "eq"}, Token{Kind: TokFalse}, Token{Kind: TokRParen})
	const want = `externalId eq "jyoung" and not (active eq false)`
	if got := Format(toks); got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
	e, err := ParseTokens(toks)
	if err != nil {
		t.Fatalf("ParseTokens: %v", err)
	}
	if got := e.String(); got != want {
		t.Errorf("parsed = %q, want %q", got, want)
	}
}
