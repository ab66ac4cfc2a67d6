package filter

import (
	"reflect"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// The example filters of RFC 7644 §3.4.2.2.
var rfcExamples = []struct {
	in   string
	want Expr
}{
	{`userName eq "bjensen"`, cmpE("userName", Eq, strV("bjensen"))},
	{`name.familyName co "O'Malley"`, cmpE("name.familyName", Co, strV("O'Malley"))},
	{`userName sw "J"`, cmpE("userName", Sw, strV("J"))},
	{`urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"`,
		&Compare{Path: AttrPath{URN: scim.UserSchema, Name: "userName"}, Op: Sw, Value: strV("J")}},
	{`title pr`, prE("title")},
	{`meta.lastModified gt "2011-05-13T04:42:34Z"`, cmpE("meta.lastModified", Gt, strV("2011-05-13T04:42:34Z"))},
	{`meta.lastModified ge "2011-05-13T04:42:34Z"`, cmpE("meta.lastModified", Ge, strV("2011-05-13T04:42:34Z"))},
	{`meta.lastModified lt "2011-05-13T04:42:34Z"`, cmpE("meta.lastModified", Lt, strV("2011-05-13T04:42:34Z"))},
	{`meta.lastModified le "2011-05-13T04:42:34Z"`, cmpE("meta.lastModified", Le, strV("2011-05-13T04:42:34Z"))},
	{`title pr and userType eq "Employee"`, andE(prE("title"), cmpE("userType", Eq, strV("Employee")))},
	{`title pr or userType eq "Intern"`, orE(prE("title"), cmpE("userType", Eq, strV("Intern")))},
	{`schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"`,
		cmpE("schemas", Eq, strV(scim.EnterpriseUserSchema))},
	{`userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")`,
		andE(cmpE("userType", Eq, strV("Employee")),
			orE(cmpE("emails", Co, strV("example.com")), cmpE("emails.value", Co, strV("example.org"))))},
	{`userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")`,
		andE(cmpE("userType", Ne, strV("Employee")),
			notE(orE(cmpE("emails", Co, strV("example.com")), cmpE("emails.value", Co, strV("example.org")))))},
	{`userType eq "Employee" and (emails.type eq "work")`,
		andE(cmpE("userType", Eq, strV("Employee")), cmpE("emails.type", Eq, strV("work")))},
	{`userType eq "Employee" and emails[type eq "work" and value co "@example.com"]`,
		andE(cmpE("userType", Eq, strV("Employee")),
			vpE("emails", andE(cmpE("type", Eq, strV("work")), cmpE("value", Co, strV("@example.com")))))},
	{`emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]`,
		orE(vpE("emails", andE(cmpE("type", Eq, strV("work")), cmpE("value", Co, strV("@example.com")))),
			vpE("ims", andE(cmpE("type", Eq, strV("xmpp")), cmpE("value", Co, strV("@foo.com")))))},
	// §3.4.2.2 also says names and operators are case-insensitive.
	{`userName Eq "john"`, cmpE("userName", Eq, strV("john"))},
	{`Username eq "john"`, cmpE("Username", Eq, strV("john"))},
}

func TestParseRFCExamples(t *testing.T) {
	for _, tt := range rfcExamples {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	a, b, c, d := prE("a"), prE("b"), prE("c"), prE("d")
	tests := []struct {
		in   string
		want Expr
	}{
		// Precedence: not > and > or; and/or associate to the left.
		{`a pr or b pr and c pr`, orE(a, andE(b, c))},
		{`a pr and b pr or c pr`, orE(andE(a, b), c)},
		{`a pr and b pr or c pr and d pr`, orE(andE(a, b), andE(c, d))},
		{`a pr and b pr and c pr`, andE(andE(a, b), c)},
		{`a pr or b pr or c pr`, orE(orE(a, b), c)},
		{`not (a pr) and b pr`, andE(notE(a), b)},
		{`a pr or not (b pr) and c pr`, orE(a, andE(notE(b), c))},
		// Grouping.
		{`(a pr or b pr) and c pr`, andE(orE(a, b), c)},
		{`a pr and (b pr or c pr)`, andE(a, orE(b, c))},
		{`((a pr))`, a},
		{`not (not (a pr))`, notE(notE(a))},
		{`not (a pr or b pr)`, notE(orE(a, b))},
		// Any case for keywords, operators and literals; any whitespace.
		{"a EQ TRUE AND NOT(b Pr)\tOR\nc ne NULL", orE(andE(cmpE("a", Eq, boolV(true)), notE(b)), cmpE("c", Ne, nullV))},
		{`a eq"x"and b pr`, andE(cmpE("a", Eq, strV("x")), b)},
		// Values.
		{`a eq false`, cmpE("a", Eq, boolV(false))},
		{`a gt -1.5e+3`, cmpE("a", Gt, numV("-1.5e+3"))},
		{`a le 0`, cmpE("a", Le, numV("0"))},
		{`a eq null`, cmpE("a", Eq, nullV)},
		{`a eq ""`, cmpE("a", Eq, strV(""))},
		{`a eq "\"q\" \\ \/ \b\f\n\r\t \u00e9 \ud83d\ude00"`, cmpE("a", Eq, strV("\"q\" \\ / \b\f\n\r\t é 😀"))},
		{`a eq "é€😀"`, cmpE("a", Eq, strV("é€😀"))},
		// Attribute paths.
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915"`,
			&Compare{Path: AttrPath{URN: scim.EnterpriseUserSchema, Name: "manager", Sub: "value"}, Op: Eq, Value: strV("26118915")}},
		{`manager.$ref pr`, prE("manager.$ref")},
		{`$ref pr`, prE("$ref")},
		{`x-custom_1.sub-2 pr`, prE("x-custom_1.sub-2")},
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager[value eq "x"]`,
			&ValuePath{Path: AttrPath{URN: scim.EnterpriseUserSchema, Name: "manager"}, Filter: cmpE("value", Eq, strV("x"))}},
		// Keywords are valid attribute names too.
		{`pr pr`, prE("pr")},
		{`not eq 1 and and pr`, andE(cmpE("not", Eq, numV("1")), prE("and"))},
		{`not[value pr]`, vpE("not", prE("value"))},
		{`true eq false or null pr`, orE(cmpE("true", Eq, boolV(false)), prE("null"))},
		// Value filters: grouping and not inside, combined outside.
		{`emails[not (type eq "work") and (value ew ".org" or primary eq true)]`,
			vpE("emails", andE(notE(cmpE("type", Eq, strV("work"))), orE(cmpE("value", Ew, strV(".org")), cmpE("primary", Eq, boolV(true)))))},
		{`not (emails[type pr])`, notE(vpE("emails", prE("type")))},
		{`emails[type pr] and ims[type pr]`, andE(vpE("emails", prE("type")), vpE("ims", prE("type")))},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	deep := func(n int, open, close string) string {
		return strings.Repeat(open, n) + "a pr" + strings.Repeat(close, n)
	}
	tests := []struct {
		in    string
		parts []string
	}{
		{``, []string{"filter is empty"}},
		{" \t ", []string{"filter is empty"}},
		{`userName eq "bjensen`, []string{"unterminated string", "position 12"}},
		{`userName eq`, []string{`expected a value after "eq"`, "at end of filter"}},
		{`userName eq and b pr`, []string{`expected a value after "eq", found "and"`, "position 12"}},
		{`userName eq )`, []string{`expected a value after "eq", found ")"`}},
		{`userName`, []string{`expected an operator after "userName"`, "at end"}},
		{`userName xx "x"`, []string{`expected an operator after "userName", found "xx"`, "position 9"}},
		{`userName = "x"`, []string{`found "="`}},
		{`userName eq Employee`, []string{`expected a value after "eq" (a quoted string`, `found "Employee"`, "position 12"}},
		{`meta.created gt 2015-10-10T14:38:21.8617979-07:00`, []string{`found "2015-10-10T14:38:21.8617979-07:00"`}},
		{`userName eq 'x'`, []string{`found "'x'"`}},
		{`userName eq 01`, []string{`found "01"`}},
		{`userName pr "x"`, []string{`expected the end of the filter, found "\"x\""`, "position 12"}},
		{`userName eq "a" "b"`, []string{"expected the end of the filter"}},
		{`a pr b pr`, []string{`expected the end of the filter, found "b"`}},
		{`a pr and`, []string{"expected an attribute", "at end of filter"}},
		{`a pr or or b pr`, []string{`expected an operator after "or", found "b"`}},
		{`a pr or or`, []string{`expected an operator after "or"`, "at end"}},
		{`a pr and )`, []string{`expected an attribute path, found ")"`}},
		{`and`, []string{`expected an operator after "and"`}},
		{`"userName" eq "x"`, []string{`expected an attribute path, found "\"userName\""`, "position 0"}},
		{`1abc pr`, []string{`invalid attribute path "1abc"`}},
		{`name.given.name pr`, []string{`invalid attribute path "name.given.name"`}},
		{`name. pr`, []string{`invalid attribute path "name."`}},
		{`user:name pr`, []string{`invalid attribute path "user:name"`}},
		{`(a pr`, []string{`missing ")"`, "position 0"}},
		{`((a pr)`, []string{`missing ")"`, "position 0"}},
		{`(a pr]`, []string{`expected ")", found "]"`, "position 5"}},
		{`a pr)`, []string{`expected the end of the filter, found ")"`, "position 4"}},
		{`()`, []string{`expected an attribute path, found ")"`}},
		{`not`, []string{`expected "(" after "not"`, "at end"}},
		{`not a pr`, []string{`expected "(" after "not", found "a"`, "position 4"}},
		{`emails[type eq "work"`, []string{`missing "]"`, "position 6"}},
		{`emails[type eq "work")`, []string{`expected "]", found ")"`}},
		{`emails[type eq "work"]]`, []string{`expected the end of the filter, found "]"`}},
		{`emails[]`, []string{`expected an attribute path, found "]"`}},
		{`emails type eq "work"]`, []string{`expected an operator after "emails", found "type"`}},
		{`emails[type eq "work"].value eq "x"`, []string{`sub-attribute (".value") may not follow a value filter`, "position 22"}},
		{`emails[value[type pr]]`, []string{"value filters may not nest", "position 12"}},
		{`emails[emails.type eq "work"]`, []string{`inside a value filter, name a sub-attribute without prefix, not "emails.type"`}},
		{`emails[urn:x:y:type eq "work"]`, []string{"inside a value filter"}},
		{`emails.value[type pr]`, []string{`must follow an attribute, not a sub-attribute ("emails.value")`}},
		{deep(MaxDepth+1, "(", ")"), []string{"nests deeper than 32 levels", "position 32"}},
		{deep(MaxDepth+1, "not (", ")"), []string{"nests deeper than 32 levels"}},
		{strings.Repeat("(", 10000), []string{"longer than 4096 bytes"}},
		{"userName eq \"" + strings.Repeat("x", MaxLength) + `"`, []string{"filter is longer than 4096 bytes"}},
		{`a eq "` + strings.Repeat("ü", 300) + `" and b eq ` + strings.Repeat("z", 300), []string{"expected a value", "…"}},
	}
	for _, tt := range tests {
		e, err := Parse(tt.in)
		if e != nil {
			t.Errorf("Parse(%.40q) = %s with an error", tt.in, e)
		}
		wantSCIMError(t, err, scim.ErrInvalidFilter, tt.parts...)
	}
}

func TestParseDepth(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("(", MaxDepth) + "a pr" + strings.Repeat(")", MaxDepth),
		strings.Repeat("not (", MaxDepth) + "a pr" + strings.Repeat(")", MaxDepth),
		strings.Repeat("(", MaxDepth-1) + `emails[type pr]` + strings.Repeat(")", MaxDepth-1),
		strings.Repeat("(", MaxDepth-1) + `emails[` + strings.Repeat("(", 0) + `type pr]` + strings.Repeat(")", MaxDepth-1),
	} {
		if _, err := Parse(s); err != nil {
			t.Errorf("Parse(%q): %v", s, err)
		}
	}
	s := strings.Repeat("(", MaxDepth) + `emails[type pr]` + strings.Repeat(")", MaxDepth)
	_, err := Parse(s)
	wantSCIMError(t, err, scim.ErrInvalidFilter, "nests deeper than 32", "position 38")
}

// A filter of MaxLength bytes made of one long chain parses without deep
// recursion (the chain is a loop), prints back the same, and evaluates.
func TestParseLongChain(t *testing.T) {
	for _, sep := range []string{" and ", " or "} {
		var b strings.Builder
		b.WriteString("a eq 1")
		n := 1
		for b.Len()+len(sep)+6 <= MaxLength {
			b.WriteString(sep)
			b.WriteString("a eq 1")
			n++
		}
		s := b.String()
		e, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%d-byte chain): %v", len(s), err)
		}
		if got := e.String(); got != s {
			t.Errorf("String of the chain differs from its input")
		}
		// Left-associated: n-1 nodes down the left spine.
		depth := 0
		for x := e; ; depth++ {
			if a, ok := x.(*And); ok {
				x = a.Left
			} else if o, ok := x.(*Or); ok {
				x = o.Left
			} else {
				break
			}
		}
		if depth != n-1 {
			t.Errorf("left spine of %d operands is %d deep", n, depth)
		}
	}
}

func TestParseTokens(t *testing.T) {
	// quirks rewrites an unquoted value into a String token.
	toks, err := Lex(`externalId eq jyoung`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseTokens(toks); err == nil {
		t.Fatal("ParseTokens accepted a bare word as value")
	}
	toks[2].Kind, toks[2].Text = TokString, QuoteString(toks[2].Text)
	e, err := ParseTokens(toks)
	if err != nil {
		t.Fatalf("ParseTokens: %v", err)
	}
	if want := cmpE("externalId", Eq, strV("jyoung")); !reflect.DeepEqual(e, want) {
		t.Errorf("ParseTokens = %s, want %s", e, want)
	}

	bad := []struct {
		toks  []Token
		parts []string
	}{
		{nil, []string{"filter is empty"}},
		{[]Token{{TokWord, "a", 0}, {TokOp, "eq", 2}, {TokString, `"unterminated`, 5}}, []string{"unterminated string", "position 5"}},
		{[]Token{{TokWord, "a", 0}, {TokOp, "eq", 2}, {TokString, `"x" and "y"`, 5}}, []string{"malformed string"}},
		{[]Token{{TokWord, "a", 0}, {TokOp, "eq", 2}, {TokString, `x`, 5}}, []string{"malformed string"}},
		{[]Token{{TokWord, "a", 0}, {TokOp, "eq", 2}, {TokNumber, `1.2.3`, 5}}, []string{"malformed number"}},
		{[]Token{{TokWord, "a", 0}, {TokOp, "xx", 2}, {TokNumber, `1`, 5}}, []string{`unknown operator "xx"`}},
		{[]Token{{TokWord, "a", 0}, {TokenKind(0), "", 2}}, []string{"invalid token kind 0", "position 2"}},
		{[]Token{{TokWord, "a", 0}, {TokenKind(42), "", 2}}, []string{"invalid token kind 42"}},
		{make([]Token, MaxLength+1), []string{"more than 4096 tokens"}},
	}
	for _, tt := range bad {
		e, err := ParseTokens(tt.toks)
		if e != nil {
			t.Errorf("ParseTokens(%v) = %s", tt.toks, e)
		}
		wantSCIMError(t, err, scim.ErrInvalidFilter, tt.parts...)
	}
}

func BenchmarkParse(b *testing.B) {
	const okta = `userName eq "someone@example.com"`
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(okta); err != nil {
			b.Fatal(err)
		}
	}
}
