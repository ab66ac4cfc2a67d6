package filter

import (
	"errors"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
)

var fuzzSeeds = []string{
	`userName eq "bjensen"`,
	`userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")`,
	`emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]`,
	`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915"`,
	`meta.lastModified gt "2011-05-13T04:42:34Z" and loginCount ge -1.5e3 and active eq TRUE`,
	`emails[type eq "work"].value eq "x"`,
	`meta.Created gt 2015-10-10T14:38:21.8617979-07:00`,
	`name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)`,
	`a eq "\u00e9\ud83d\ude00\n\"" or not (b pr)`,
	`((a pr) or (b eq null)) and pr pr`,
	`members[value eq "2819c223-7f76-453a-919d-413861904646"].display`,
	`a eq "unterminated`,
	`(((`,
}

// mustBeSCIMError fails unless err is a 400 *scim.Error of the scimType.
func mustBeSCIMError(t *testing.T, err error, scimType string) {
	t.Helper()
	var e *scim.Error
	if !errors.As(err, &e) || e.Status != 400 || e.ScimType != scimType || len(e.Detail) > 200 {
		t.Fatalf("bad error %T %v", err, err)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := Parse(s)
		if err != nil {
			mustBeSCIMError(t, err, scim.ErrInvalidFilter)
			return
		}
		// Evaluating must not panic either, whatever the schema says.
		_, _ = Match(e, bjensen(), userSchema)
		out := e.String()
		if len(out) > MaxLength {
			return // "not(" grows to "not (": may pass the limit
		}
		e2, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(%q) = %s, which does not parse: %v", s, out, err)
		}
		if out2 := e2.String(); out2 != out {
			t.Fatalf("Parse(%q): String %s, then %s", s, out, out2)
		}
	})
}

func FuzzParsePath(f *testing.F) {
	for _, s := range []string{
		`members`, `name.givenName`, `members[value eq "2819c223"]`, `emails[type eq "work"].value`,
		`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`,
		`urn:ietf:params:scim:schemas:core:2.0:User:name.givenName`, `emails[type eq "work" and not (primary pr)]`,
		`members[`, `a.b.c`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePath(s)
		if err != nil {
			mustBeSCIMError(t, err, scim.ErrInvalidPath)
			return
		}
		if p.Attr.Name == "" || (p.Filter != nil && p.Attr.Sub != "") || (p.Filter == nil && p.Sub != "") {
			t.Fatalf("ParsePath(%q) = %+v", s, p)
		}
		// The path printed back parses to the same.
		text := p.Attr.String()
		if p.Filter != nil {
			text += "[" + p.Filter.String() + "]"
			if p.Sub != "" {
				text += "." + p.Sub
			}
		}
		if len(text) > MaxLength {
			return
		}
		p2, err := ParsePath(text)
		if err != nil {
			t.Fatalf("ParsePath(%q) printed as %q, which fails: %v", s, text, err)
		}
		if p2.Attr != p.Attr || p2.Sub != p.Sub || (p.Filter != nil && p2.Filter.String() != p.Filter.String()) {
			t.Fatalf("ParsePath(%q) = %+v; printed %q parses to %+v", s, p, text, p2)
		}
	})
}

func FuzzLexFormat(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		toks, err := Lex(s)
		if err != nil {
			mustBeSCIMError(t, err, scim.ErrInvalidFilter)
			return
		}
		for i, tok := range toks {
			if tok.Pos < 0 || tok.Pos >= len(s) || (i > 0 && tok.Pos <= toks[i-1].Pos) {
				t.Fatalf("Lex(%q): token %d at %d", s, i, tok.Pos)
			}
		}
		out := Format(toks)
		if len(out) > MaxLength {
			return
		}
		again, err := Lex(out)
		if err != nil {
			t.Fatalf("Lex(%q) then Format = %q, which does not lex: %v", s, out, err)
		}
		if len(again) != len(toks) {
			t.Fatalf("Lex(%q) = %v; Format %q lexes to %v", s, toks, out, again)
		}
		for i := range toks {
			if again[i].Kind != toks[i].Kind || again[i].Text != toks[i].Text {
				t.Fatalf("Lex(%q) = %v; Format %q lexes to %v", s, toks, out, again)
			}
		}
	})
}
