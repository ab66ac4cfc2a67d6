package filter

import (
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// checkErrorTests are filters that parse but do not fit userSchema.
var checkErrorTests = []struct {
	filter string
	parts  []string
}{
	{`nosuch eq "x"`, []string{`unknown attribute "nosuch"`}},
	{`name.nosuch eq "x"`, []string{`unknown attribute "name.nosuch"`}},
	{`userName.sub eq "x"`, []string{`unknown attribute "userName.sub"`}},
	{`department eq "x"`, []string{`unknown attribute "department"`}},
	{`urn:x:y:userName eq "x"`, []string{`unknown attribute "urn:x:y:userName"`}},
	{`emails[nosuch eq "x"]`, []string{`unknown attribute "emails.nosuch"`}},
	{`nosuch[type eq "x"]`, []string{`unknown attribute "nosuch"`}},
	{`nosuch pr`, []string{`unknown attribute "nosuch"`}},
	{`userName pr and (title pr or nosuch pr)`, []string{`unknown attribute "nosuch"`}},
	{`not (nosuch pr)`, []string{`unknown attribute "nosuch"`}},
	// Value kinds.
	{`active eq "yes"`, []string{`attribute "active" is boolean: compare it with true or false, not the string "yes"`}},
	{`active eq 1`, []string{`compare it with true or false, not "1"`}},
	{`userName eq 5`, []string{`attribute "userName" is string: compare it with a string, not "5"`}},
	{`userName eq true`, []string{`compare it with a string, not "true"`}},
	{`loginCount eq "42"`, []string{`attribute "loginCount" is integer: compare it with a number`}},
	{`score gt false`, []string{`is decimal: compare it with a number`}},
	{`meta.created gt 5`, []string{`is dateTime: compare it with a string`}},
	{`meta.created eq "2011-05-13"`, []string{`value "2011-05-13" for dateTime attribute "meta.created" is not a date and time`}},
	{`meta.created gt "yesterday"`, []string{`not a date and time`}},
	{`meta.created lt "2011-13-13T04:42:34Z"`, []string{`not a date and time`}},
	{`emails[primary eq "True"]`, []string{`attribute "primary" is boolean`}},
	// Operators.
	{`active gt true`, []string{`operator "gt" is not allowed on boolean attribute "active" (allowed: eq ne pr)`}},
	{`active co true`, []string{`operator "co" is not allowed on boolean`}},
	{`loginCount co 4`, []string{`operator "co" is not allowed on integer attribute "loginCount"`}},
	{`score sw 4`, []string{`operator "sw" is not allowed on decimal`}},
	{`photo co "aGV"`, []string{`operator "co" is not allowed on binary attribute "photo" (allowed: eq ne pr)`}},
	{`photo gt "aGV"`, []string{`not allowed on binary`}},
	{`title gt null`, []string{`operator "gt" cannot compare with null`}},
	{`title co null`, []string{`cannot compare with null`}},
	// Complex attributes.
	{`name eq "Barbara"`, []string{`attribute "name" is complex: compare one of its sub-attributes`}},
	{`meta gt "2011-05-13T04:42:34Z"`, []string{`attribute "meta" is complex`}},
	{`addresses co "Hollywood"`, []string{`attribute "addresses" is complex and has no value sub-attribute`}},
	{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "26118915"`, []string{`is complex: compare one of its sub-attributes`}},
	{`userName[value eq "x"]`, []string{`value filter on "userName", which is not a complex attribute`}},
	{`emails co 5`, []string{`attribute "emails" is string: compare it with a string`}},
	{`mystery eq "x"`, []string{`attribute "mystery" has type "geometry", which filters cannot compare`}},
}

func TestCheck(t *testing.T) {
	for _, tt := range checkErrorTests {
		e, err := Parse(tt.filter)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.filter, err)
			continue
		}
		wantSCIMError(t, Check(e, userSchema), scim.ErrInvalidFilter, tt.parts...)
	}
	for _, ok := range []string{
		`userName eq "x" and emails[type eq "work" and primary eq true] or not (active eq false)`,
		`meta.created sw "2011"`, `meta.created co "yesterday"`, `mystery pr`, `mystery eq null`,
		`name pr`, `name eq null`, `emails ne null`, `photo eq "x"`, `photo pr`, `addresses pr`,
		`loginCount ge -1.5e10`, `score eq 0`, `profileUrl sw "https://"`, `active ne null`,
		`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName co "Smith"`,
	} {
		e, err := Parse(ok)
		if err != nil {
			t.Errorf("Parse(%q): %v", ok, err)
			continue
		}
		if err := Check(e, userSchema); err != nil {
			t.Errorf("Check(%s): %v", ok, err)
		}
	}
}

// Trees built by hand (not by Parse) can break rules the parser enforces.
func TestCheckBuiltTrees(t *testing.T) {
	tests := []struct {
		e     Expr
		parts []string
	}{
		{nil, []string{"missing or unknown filter expression"}},
		{andE(prE("userName"), nil), []string{"missing or unknown"}},
		{cmpE("userName", Op("xx"), strV("x")), []string{`invalid operator "xx"`}},
		{cmpE("userName", Op("EQ"), strV("x")), []string{`invalid operator "EQ"`}},
		{cmpE("userName", Pr, strV("x")), []string{`invalid operator "pr"`}},
		{cmpE("loginCount", Eq, numV("1.2.3")), []string{`malformed number "1.2.3"`}},
		{cmpE("userName", Eq, Value{Kind: ValueKind(9)}), []string{"compare it with a string"}},
		{vpE("emails", vpE("type", prE("value"))), []string{"value filters may not nest"}},
		{vpE("emails", prE("type.x")), []string{"inside a value filter"}},
		{vpE("name.givenName", prE("x")), []string{"must follow an attribute, not a sub-attribute"}},
		{vpE("emails", nil), []string{"empty value filter"}},
	}
	for _, tt := range tests {
		wantSCIMError(t, Check(tt.e, userSchema), scim.ErrInvalidFilter, tt.parts...)
		ok, err := Match(tt.e, bjensen(), userSchema)
		if ok {
			t.Errorf("Match(%v) = true", tt.e)
		}
		wantSCIMError(t, err, scim.ErrInvalidFilter, tt.parts...)
	}
}
