package filter

import (
	"reflect"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
)

func TestParsePath(t *testing.T) {
	tests := []struct {
		in   string
		want Path
	}{
		{`members`, Path{Attr: ap("members")}},
		{`name.familyName`, Path{Attr: ap("name.familyName")}},
		{`members[value eq "2819c223-7f76-453a-919d-413861904646"]`,
			Path{Attr: ap("members"), Filter: cmpE("value", Eq, strV("2819c223-7f76-453a-919d-413861904646"))}},
		{`emails[type eq "work"].value`, Path{Attr: ap("emails"), Filter: cmpE("type", Eq, strV("work")), Sub: "value"}},
		{`emails[type eq "work" and primary eq true].Display`,
			Path{Attr: ap("emails"), Filter: andE(cmpE("type", Eq, strV("work")), cmpE("primary", Eq, boolV(true))), Sub: "Display"}},
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`,
			Path{Attr: AttrPath{URN: scim.EnterpriseUserSchema, Name: "employeeNumber"}}},
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`,
			Path{Attr: AttrPath{URN: scim.EnterpriseUserSchema, Name: "manager", Sub: "value"}}},
		{`urn:ietf:params:scim:schemas:core:2.0:User:name.givenName`,
			Path{Attr: AttrPath{URN: scim.UserSchema, Name: "name", Sub: "givenName"}}},
		{`addresses[type eq "work" or not (primary pr)].streetAddress`,
			Path{Attr: ap("addresses"), Filter: orE(cmpE("type", Eq, strV("work")), notE(prE("primary"))), Sub: "streetAddress"}},
		{`manager.$ref`, Path{Attr: ap("manager.$ref")}},
		{`not`, Path{Attr: ap("not")}},
	}
	for _, tt := range tests {
		got, err := ParsePath(tt.in)
		if err != nil {
			t.Errorf("ParsePath(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParsePath(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
		}
	}
}

func TestParsePathErrors(t *testing.T) {
	tests := []struct {
		in    string
		parts []string
	}{
		{``, []string{"path is empty"}},
		{`   `, []string{"path is empty"}},
		{`name.given.name`, []string{`invalid attribute path "name.given.name"`, "position 0 of path"}},
		{`1name`, []string{`invalid attribute path "1name"`}},
		{`"members"`, []string{`expected an attribute path, found "\"members\""`}},
		{`members[`, []string{`expected an attribute`, "at end of path"}},
		{`members[value eq "x"`, []string{`missing "]"`, "position 7"}},
		{`members]`, []string{`expected the end of the path, found "]"`}},
		{`members[value eq "x"].`, []string{`after "]."`}},
		{`members[value eq "x"].value.x`, []string{`after "].", found "value.x"`}},
		{`members[value eq "x"] .value`, []string{`expected the end of the path, found ".value"`}},
		{`members[value eq "x"]x`, []string{`expected the end of the path, found "x"`}},
		{`members[value]`, []string{`expected an operator after "value", found "]"`}},
		{`members[value eq x]`, []string{`expected a value after "eq"`}},
		{`members[value eq "x`, []string{"unterminated string"}},
		{`emails.value[type eq "work"]`, []string{"not a sub-attribute"}},
		{`emails[type[value pr]]`, []string{"may not nest"}},
		{`emails[emails.type eq "work"]`, []string{"inside a value filter"}},
		{`members eq "x"`, []string{`expected the end of the path, found "eq"`}},
		{`members[value eq "x"][value eq "y"]`, []string{`expected the end of the path, found "["`}},
		{`emails[` + strings.Repeat("(", MaxDepth) + `type pr` + strings.Repeat(")", MaxDepth) + `]`, []string{"nests deeper than 32"}},
		{strings.Repeat("a", MaxLength+1), []string{"path is longer than 4096 bytes"}},
	}
	for _, tt := range tests {
		_, err := ParsePath(tt.in)
		wantSCIMError(t, err, scim.ErrInvalidPath, tt.parts...)
	}
}

func TestParseAttrPath(t *testing.T) {
	tests := []struct {
		in   string
		want AttrPath
		ok   bool
	}{
		{"userName", AttrPath{Name: "userName"}, true},
		{"name.givenName", AttrPath{Name: "name", Sub: "givenName"}, true},
		{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
			AttrPath{URN: scim.EnterpriseUserSchema, Name: "manager", Sub: "value"}, true},
		{"URN:x:y", AttrPath{URN: "URN:x", Name: "y"}, true},
		{"$ref", AttrPath{Name: "$ref"}, true},
		{"", AttrPath{}, false},
		{"a.", AttrPath{}, false},
		{"a.b.c", AttrPath{}, false},
		{"a b", AttrPath{}, false},
		{"emails[type eq \"work\"]", AttrPath{}, false},
	}
	for _, tt := range tests {
		got, err := ParseAttrPath(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseAttrPath(%q) = %+v, %v", tt.in, got, err)
		}
		if err != nil {
			wantSCIMError(t, err, scim.ErrInvalidPath, "invalid attribute path")
		}
	}
}
