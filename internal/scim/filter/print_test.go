package filter

import (
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
)

func TestString(t *testing.T) {
	a, b, c := prE("a"), prE("b"), prE("c")
	tests := []struct {
		e    Expr
		want string
	}{
		{cmpE("userName", Eq, strV("bjensen")), `userName eq "bjensen"`},
		{cmpE("a", Op("EQ"), strV("x")), `a eq "x"`},
		{cmpE("a", Co, strV("say \"hi\"\\\n")), `a co "say \"hi\"\\\n"`},
		{cmpE("a", Gt, numV("-1.5e3")), `a gt -1.5e3`},
		{cmpE("a", Eq, boolV(true)), `a eq true`},
		{cmpE("a", Ne, boolV(false)), `a ne false`},
		{cmpE("a", Eq, nullV), `a eq null`},
		{&Compare{Path: AttrPath{URN: scim.EnterpriseUserSchema, Name: "manager", Sub: "value"}, Op: Eq, Value: strV("1")},
			`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "1"`},
		{prE("title"), `title pr`},
		{andE(a, b), `a pr and b pr`},
		{orE(a, b), `a pr or b pr`},
		{andE(orE(a, b), c), `(a pr or b pr) and c pr`},
		{andE(c, orE(a, b)), `c pr and (a pr or b pr)`},
		{orE(andE(a, b), c), `a pr and b pr or c pr`},
		{orE(a, orE(b, c)), `a pr or b pr or c pr`},
		{andE(andE(a, b), c), `a pr and b pr and c pr`},
		{notE(a), `not (a pr)`},
		{notE(andE(a, orE(b, c))), `not (a pr and (b pr or c pr))`},
		{andE(notE(orE(a, b)), c), `not (a pr or b pr) and c pr`},
		{vpE("emails", andE(cmpE("type", Eq, strV("work")), cmpE("value", Co, strV("@example.com")))),
			`emails[type eq "work" and value co "@example.com"]`},
		{andE(orE(a, b), vpE("emails", orE(prE("type"), prE("value")))), `(a pr or b pr) and emails[type pr or value pr]`},
	}
	for _, tt := range tests {
		got := tt.e.String()
		if got != tt.want {
			t.Errorf("String() = %s, want %s", got, tt.want)
		}
		// What String prints parses back to a tree that prints the same.
		e, err := Parse(got)
		if err != nil {
			t.Errorf("Parse(%q): %v", got, err)
		} else if again := e.String(); again != got {
			t.Errorf("round trip of %s gave %s", got, again)
		}
	}
}

func TestStringCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{`userName Eq "john"`, `userName eq "john"`},
		{`  a   PR  `, `a pr`},
		{`((a pr))`, `a pr`},
		{`not(a pr)`, `not (a pr)`},
		{`NOT (a pr) AND (b pr OR c pr)`, `not (a pr) and (b pr or c pr)`},
		{`a pr or (b pr and c pr)`, `a pr or b pr and c pr`},
		{`(a pr or b pr) or c pr`, `a pr or b pr or c pr`},
		{`a eq "\u0041\/\ud83d\ude00"`, `a eq "A/😀"`},
		{`a eq "\u0007"`, `a eq "\u0007"`},
		{`a eq TRUE or b eq Null`, `a eq true or b eq null`},
		{`a gt 1E+5`, `a gt 1E+5`},
		{`emails[(type eq "work")]`, `emails[type eq "work"]`},
	}
	for _, tt := range tests {
		e, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := e.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %s, want %s", tt.in, got, tt.want)
		}
	}
	// The RFC examples are canonical but for a case and redundant parentheses.
	notCanonical := map[string]string{
		`userName Eq "john"`: `userName eq "john"`,
		`userType eq "Employee" and (emails.type eq "work")`: `userType eq "Employee" and emails.type eq "work"`,
	}
	for _, tt := range rfcExamples {
		want := tt.in
		if c, ok := notCanonical[tt.in]; ok {
			want = c
		}
		if got := tt.want.String(); got != want {
			t.Errorf("String() = %s, want %s", got, want)
		}
	}
}

func TestValueString(t *testing.T) {
	for v, want := range map[Value]string{
		strV(`x"y`): `"x\"y"`, numV("12.5"): "12.5", boolV(true): "true", boolV(false): "false", nullV: "null",
	} {
		if got := v.String(); got != want {
			t.Errorf("%#v.String() = %s, want %s", v, got, want)
		}
	}
}
