package filter

import (
	"encoding/json"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
)

func TestMatchRFCExamples(t *testing.T) {
	want := map[string]bool{
		`userName eq "bjensen"`:         true,
		`name.familyName co "O'Malley"`: true,
		`userName sw "J"`:               false,
		`urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"`: false,
		`title pr`: true,
		`meta.lastModified gt "2011-05-13T04:42:34Z"`:                                                       false,
		`meta.lastModified ge "2011-05-13T04:42:34Z"`:                                                       true,
		`meta.lastModified lt "2011-05-13T04:42:34Z"`:                                                       false,
		`meta.lastModified le "2011-05-13T04:42:34Z"`:                                                       true,
		`title pr and userType eq "Employee"`:                                                               true,
		`title pr or userType eq "Intern"`:                                                                  true,
		`schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"`:                           true,
		`userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")`:             true,
		`userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")`:         false,
		`userType eq "Employee" and (emails.type eq "work")`:                                                true,
		`userType eq "Employee" and emails[type eq "work" and value co "@example.com"]`:                     true,
		`emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]`: true,
		`userName Eq "john"`: false,
		`Username eq "john"`: false,
	}
	for _, tt := range rfcExamples {
		w, ok := want[tt.in]
		if !ok {
			t.Fatalf("no expectation for %q", tt.in)
		}
		got, err := Match(tt.want, bjensen(), userSchema)
		if err != nil || got != w {
			t.Errorf("Match(%s) = %v, %v, want %v", tt.in, got, err, w)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		filter string
		want   bool
	}{
		// Strings: case-insensitive unless caseExact.
		{`userName eq "BJENSEN"`, true},
		{`USERNAME eq "bjensen"`, true},
		{`userName ne "bjensen"`, false},
		{`userName ne "someone"`, true},
		{`externalId eq "Bjensen-Ext"`, true},
		{`externalId eq "bjensen-ext"`, false},
		{`externalId sw "Bj"`, true},
		{`externalId sw "bj"`, false},
		{`userName co "JENS"`, true},
		{`userName ew "SEN"`, true},
		{`userName sw ""`, true},
		{`userName gt "bj"`, true},
		{`userName gt "BJENSEN"`, false},
		{`userName ge "BJENSEN"`, true},
		{`userName lt "c"`, true},
		{`userName le "a"`, false},
		{`photo eq "aGVsbG8="`, true},
		{`photo eq "AGVSBG8="`, false},
		// Presence and absence; ne is "not eq".
		{`nickName pr`, false},
		{`nickName eq null`, true},
		{`nickName ne null`, false},
		{`title ne null`, true},
		{`title eq null`, false},
		{`nickName ne "x"`, true},
		{`nickName eq "x"`, false},
		{`nickName gt "a"`, false},
		{`emails pr`, true},
		{`name pr`, true},
		{`meta pr`, true},
		// Booleans.
		{`active eq true`, true},
		{`active eq false`, false},
		{`active ne false`, true},
		{`emails.primary eq true`, true},
		{`emails[primary eq true and type eq "work"]`, true},
		{`emails[primary eq true and type eq "home"]`, false},
		// Numbers compare by value, whatever their spelling.
		{`loginCount eq 42`, true},
		{`loginCount eq 42.0`, true},
		{`loginCount eq 4.2e1`, true},
		{`loginCount gt 41.999999999999999999999999`, true},
		{`loginCount lt 42.000000000000000000000001`, true},
		{`loginCount ge 43`, false},
		{`loginCount le -1e400`, false},
		{`loginCount lt 1e400`, true},
		{`score eq 3.25`, true},
		{`score gt 3.2499999999999999999999`, true},
		{`score ne 3.250`, false},
		// dateTime compares instants, whatever the offset and precision.
		{`meta.created eq "2010-01-23T04:56:22Z"`, true},
		{`meta.created eq "2010-01-23T04:56:22.000Z"`, true},
		{`meta.created eq "2010-01-22T20:56:22-08:00"`, true},
		{`meta.created eq "2010-01-23T04:56:22"`, true},
		{`meta.created gt "2010-01-23T04:56:21.9999999999Z"`, true},
		{`meta.created lt "2010-01-23T05:56:22+01:00"`, false},
		{`meta.created le "2010-01-23T05:56:22+01:00"`, true},
		{`meta.lastModified gt "2011-05-13T04:42:34.1Z"`, false},
		{`meta.Created gt "2015-10-10T14:38:21.8617979-07:00"`, false},
		{`meta.created sw "2010-01"`, true},
		{`meta.created co "T04:56"`, true},
		{`meta.created ew "z"`, true},
		// Multi-valued: any value; without a sub-attribute, "value".
		{`emails co "example.com"`, true},
		{`emails eq "babs@jensen.org"`, true},
		{`emails.value ew "jensen.org"`, true},
		{`emails.value ne "babs@jensen.org"`, false},
		{`emails.value ne "nobody@example.com"`, true},
		{`emails.type eq "home" and emails.value co "example.com"`, true},
		{`emails[type eq "home" and value co "example.com"]`, false},
		{`emails[type eq "home" and value co "jensen.org"]`, true},
		{`emails[type eq "work"]`, true},
		{`emails[type eq "other"]`, false},
		{`emails[not (type eq "work")]`, true},
		{`emails[type pr]`, true},
		{`emails[primary pr]`, true},
		{`emails[primary pr and type eq "home"]`, false},
		{`not (emails[type eq "other"])`, true},
		{`ims[type eq "aim"]`, true},
		{`schemas eq "URN:ietf:params:scim:schemas:core:2.0:User"`, false},
		// A value filter on a single-valued complex attribute.
		{`name[givenName eq "barbara" and familyName sw "o'"]`, true},
		{`name[givenName eq "Babs"]`, false},
		// Extension attributes under their URN; the core URN is optional.
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "tour operations"`, true},
		{`URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:DEPARTMENT eq "Tour Operations"`, true},
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915"`, true},
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager[displayName sw "John"]`, true},
		{`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager pr`, true},
		{`urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq "Barbara"`, true},
		{`urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"]`, true},
		// Logic.
		{`userName eq "x" or userName eq "bjensen" and active eq true`, true},
		{`(userName eq "x" or userName eq "bjensen") and active eq false`, false},
		{`not (userName eq "x") and not (not (active eq true))`, true},
	}
	for _, tt := range tests {
		e, err := Parse(tt.filter)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.filter, err)
			continue
		}
		got, err := Match(e, bjensen(), userSchema)
		if err != nil || got != tt.want {
			t.Errorf("Match(%s) = %v, %v, want %v", tt.filter, got, err, tt.want)
		}
	}
}

// Documents in other shapes: keys in any case (Entra), a single object where
// an array belongs (OneLogin), empty values, Go numbers.
func TestMatchDocuments(t *testing.T) {
	tests := []struct {
		doc    map[string]any
		filter string
		want   bool
	}{
		{decode(`{"USERNAME": "Ärger@Example.com"}`), `userName eq "ärger@example.COM"`, true},
		{decode(`{"userName": "STRASSE"}`), `userName eq "strasse"`, true},
		{decode(`{"Emails": [{"Value": "a@x.org", "Type": "Work"}]}`), `emails[type eq "work"]`, true},
		{decode(`{"Emails": [{"Value": "a@x.org", "Type": "Work"}]}`), `emails.VALUE eq "A@X.ORG"`, true},
		{decode(`{"emails": {"value": "a@x.org", "type": "work"}}`), `emails[type eq "work" and value ew "x.org"]`, true},
		{decode(`{"emails": {"value": "a@x.org", "type": "work"}}`), `emails co "x.org"`, true},
		{decode(`{"Name": {"FamilyName": "Employee"}, "emails": [{"value": "e@example.org"}]}`),
			`name.FamilyName eq "Employee" and (emails.Value co "example.com" or emails.Value co "example.org")`, true},
		{decode(`{"URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER": {"Department": "Sales"}}`),
			`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "sales"`, true},
		// An extension attribute is not read from the top level.
		{decode(`{"department": "Sales"}`), `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr`, false},
		{decode(`{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": "oops"}`),
			`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr`, false},
		// Empty is absent.
		{decode(`{"nickName": ""}`), `nickName pr`, false},
		{decode(`{"nickName": ""}`), `nickName eq null`, true},
		{decode(`{"nickName": null}`), `nickName pr`, false},
		{decode(`{"nickName": null}`), `nickName ne "x"`, true},
		{decode(`{"emails": []}`), `emails pr`, false},
		{decode(`{"emails": []}`), `emails eq null`, true},
		{decode(`{"emails": [null, {}]}`), `emails pr`, false},
		{decode(`{"emails": [{"value": ""}]}`), `emails pr`, false},
		{decode(`{"emails": [{"value": "", "type": "work"}]}`), `emails pr`, true},
		{decode(`{"name": {}}`), `name pr`, false},
		{decode(`{"name": {"givenName": null}}`), `name pr`, false},
		{decode(`{"name": {"givenName": "B"}}`), `name ne null`, true},
		{decode(`{"emails": [{"type": "work"}]}`), `emails[value pr]`, false},
		{decode(`{"emails": [{"type": "work"}]}`), `emails[value eq null and type eq "work"]`, true},
		// Values of the wrong JSON kind match nothing.
		{decode(`{"userName": 5}`), `userName eq "5"`, false},
		{decode(`{"userName": 5}`), `userName ne "5"`, true},
		{decode(`{"active": "true"}`), `active eq true`, false},
		{decode(`{"loginCount": "42"}`), `loginCount eq 42`, false},
		{decode(`{"meta": {"created": "yesterday"}}`), `meta.created lt "2020-01-01T00:00:00Z"`, false},
		{decode(`{"meta": {"created": 5}}`), `meta.created sw "5"`, false},
		{decode(`{"emails": ["a@x.org"]}`), `emails.value eq "a@x.org"`, false},
		// Numbers of any Go type.
		{map[string]any{"loginCount": 42}, `loginCount eq 42`, true},
		{map[string]any{"loginCount": int64(-7)}, `loginCount lt -6.5`, true},
		{map[string]any{"loginCount": uint8(7)}, `loginCount eq 7`, true},
		{map[string]any{"score": 0.1}, `score eq 0.1`, true},
		{map[string]any{"score": float32(0.5)}, `score eq 0.5`, true},
		{map[string]any{"score": 1e21}, `score eq 1000000000000000000000`, true},
		{map[string]any{"score": json.Number("-0")}, `score eq 0`, true},
		{map[string]any{"score": json.Number("1.0e-2")}, `score eq 0.01`, true},
		{map[string]any{"score": []any{json.Number("1"), json.Number("5")}}, `score gt 4`, true},
		// Two keys that differ only in case both count.
		{map[string]any{"userName": "a", "USERNAME": "b"}, `userName eq "b"`, true},
		{map[string]any{"userName": "a", "USERNAME": "b"}, `userName eq "a"`, true},
		// An empty document.
		{map[string]any{}, `userName ne "x"`, true},
		{nil, `userName pr`, false},
	}
	for _, tt := range tests {
		e, err := Parse(tt.filter)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.filter, err)
			continue
		}
		got, err := Match(e, tt.doc, userSchema)
		if err != nil || got != tt.want {
			t.Errorf("Match(%s) on %v = %v, %v, want %v", tt.filter, tt.doc, got, err, tt.want)
		}
	}
}

func TestMatchErrors(t *testing.T) {
	// Check and Match reject the same filters with the same errors.
	for _, tt := range checkErrorTests {
		e, err := Parse(tt.filter)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.filter, err)
			continue
		}
		got, err := Match(e, bjensen(), userSchema)
		if got {
			t.Errorf("Match(%s) = true with an error", tt.filter)
		}
		wantSCIMError(t, err, scim.ErrInvalidFilter, tt.parts...)
		if cerr := Check(e, userSchema); cerr == nil || cerr.Error() != err.Error() {
			t.Errorf("Check(%s) = %v, Match gave %v", tt.filter, cerr, err)
		}
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"BJensen": "bjensen", "ÄRGER": "ärger", "ΣΊΣΥΦΟΣ": "σίσυφοσ", "": ""} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
