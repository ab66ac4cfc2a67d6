package schema

import (
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// normalizeCase is one document through Normalize or NormalizePartial: want
// is the canonical output (JSON) or wantErr a fragment of the error detail.
type normalizeCase struct {
	name     string
	rt       *ResourceType
	in       string
	want     string
	wantErr  string
	errType  string // scimType of the error; invalidValue when ""
	notInErr string // must not appear in the error (a password)
}

func runNormalize(t *testing.T, tests []normalizeCase, f func(*ResourceType, map[string]any) (map[string]any, error)) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decode(t, tt.in)
			before := canon(t, doc)
			got, err := f(tt.rt, doc)
			unchanged(t, before, doc)
			errType := tt.errType
			if errType == "" {
				errType = scim.ErrInvalidValue
			}
			if !checkErr(t, err, errType, tt.wantErr) {
				if err != nil && tt.notInErr != "" && strings.Contains(err.Error(), tt.notInErr) {
					t.Errorf("error %q reveals %q", err, tt.notInErr)
				}
				return
			}
			if g, w := canon(t, got), canonJSON(t, tt.want); g != w {
				t.Errorf("got  %s\nwant %s", g, w)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	tests := []normalizeCase{
		{name: "minimal user", rt: Users,
			in:   `{"schemas":["` + coreURN + `"],"userName":"bjensen"}`,
			want: `{"userName":"bjensen"}`},
		{name: "names in any case", rt: Users,
			in: `{"UserName":"b","NAME":{"GivenName":"Barbara","familyname":"Jensen"},"Active":true,
				"emails":[{"Value":"b@example.com","TYPE":"work","Primary":true},{"value":"babs@example.org"}]}`,
			want: `{"userName":"b","name":{"givenName":"Barbara","familyName":"Jensen"},"active":true,
				"emails":[{"value":"b@example.com","type":"work","primary":true},{"value":"babs@example.org"}]}`},
		{name: "enterprise extension in any case", rt: Users,
			in:   `{"userName":"b","URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:user":{"Department":"x","Manager":{"Value":"id"}}}`,
			want: `{"userName":"b","` + entURN + `":{"department":"x","manager":{"value":"id"}}}`},
		{name: "readOnly ignored", rt: Users,
			in: `{"id":"client-chosen","meta":{"resourceType":"User","created":"2010-01-23T04:56:22Z"},"userName":"b",
				"groups":[{"value":"g1","display":"Admins"}],
				"` + entURN + `":{"manager":{"value":"m","displayName":"Boss"}}}`,
			want: `{"userName":"b","` + entURN + `":{"manager":{"value":"m"}}}`},
		{name: "nulls and empties dropped", rt: Users,
			in: `{"userName":"b","addresses":null,"displayName":null,"phoneNumbers":[],"name":{},"nickName":"",
				"emails":[null,{"value":null,"type":null},{"value":"b@example.com","display":null}],
				"ims":[{"value":null}],
				"x509Certificates":[{"value":null,"primary":null}],
				"` + entURN + `":{"department":null,"manager":{"value":null}}}`,
			want: `{"userName":"b","nickName":"","emails":[{"value":"b@example.com"}]}`},
		{name: "address whose every sub-attribute is null", rt: Users,
			in:   `{"userName":"b","addresses":[{"streetAddress":null,"locality":null,"type":null,"primary":null}]}`,
			want: `{"userName":"b"}`},
		{name: "unknown attributes dropped", rt: Users,
			in: `{"userName":"b","adreses":[{"streetAddress":"1 Main St"}],"emails":[{"value":"b@x","verified":true}],
				"urn:ietf:params:scim:schemas:extension:okta:2.0:User":{"login":"b"},
				"` + entURN + `":{"favouriteColour":"blue","department":"d"},
				"urn:ietf:params:scim:schemas:core:2.0:Group:displayName":"g","department":"not without URN",
				"name..x":"bad path","emails.value":"which one?"}`,
			want: `{"userName":"b","emails":[{"value":"b@x"}],"` + entURN + `":{"department":"d"}}`},
		{name: "fully qualified names", rt: Users,
			in: `{"urn:ietf:params:scim:schemas:core:2.0:User:userName":"b",
				"urn:ietf:params:scim:schemas:core:2.0:User:name.givenName":"Barbara","name":{"familyName":"Jensen"},
				"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"42",
				"URN:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.Value":"m",
				"` + entURN + `":{"department":"d"},
				"urn:ietf:params:scim:schemas:core:2.0:User:externalId":"ext"}`,
			want: `{"userName":"b","externalId":"ext","name":{"givenName":"Barbara","familyName":"Jensen"},
				"` + entURN + `":{"employeeNumber":"42","department":"d","manager":{"value":"m"}}}`},
		{name: "dotted name", rt: Users,
			in:   `{"userName":"b","name.givenName":"Barbara"}`,
			want: `{"userName":"b","name":{"givenName":"Barbara"}}`},
		{name: "password kept", rt: Users,
			in:   `{"userName":"b","password":"t1meMa$heen"}`,
			want: `{"userName":"b","password":"t1meMa$heen"}`},
		{name: "other types", rt: Users,
			in: `{"userName":"b","profileUrl":"https://example.com/b","x509Certificates":[{"value":"MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw"}],
				"photos":[{"value":"https://photos.example.com/b.jpg","type":"photo"}]}`,
			want: `{"userName":"b","profileUrl":"https://example.com/b","x509Certificates":[{"value":"MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw"}],
				"photos":[{"value":"https://photos.example.com/b.jpg","type":"photo"}]}`},
		{name: "canonical values not enforced", rt: Users,
			in:   `{"userName":"b","emails":[{"value":"b@x","type":"Work Email"}]}`,
			want: `{"userName":"b","emails":[{"value":"b@x","type":"Work Email"}]}`},
		{name: "one primary and a false one", rt: Users,
			in:   `{"userName":"b","emails":[{"value":"a","primary":true},{"value":"b","primary":false}]}`,
			want: `{"userName":"b","emails":[{"value":"a","primary":true},{"value":"b","primary":false}]}`},

		{name: "string boolean", rt: Users, in: `{"userName":"b","active":"True"}`, wantErr: `attribute "active" must be a boolean`},
		{name: "number for a string", rt: Users, in: `{"userName":5}`, wantErr: `attribute "userName" must be a string`},
		{name: "single object for multi-valued", rt: Users, in: `{"userName":"b","emails":{"value":"b@x"}}`, wantErr: `attribute "emails" must be an array`},
		{name: "string element of complex", rt: Users, in: `{"userName":"b","emails":["b@x"]}`, wantErr: `each value of attribute "emails" must be an object`},
		{name: "string for complex", rt: Users, in: `{"userName":"b","name":"Barbara Jensen"}`, wantErr: `attribute "name" must be an object`},
		{name: "bad sub-attribute type", rt: Users, in: `{"userName":"b","emails":[{"value":"b@x","primary":"true"}]}`, wantErr: `attribute "emails.primary" must be a boolean`},
		{name: "bad base64", rt: Users, in: `{"userName":"b","x509Certificates":[{"value":"not base64!"}]}`, wantErr: `attribute "x509Certificates.value" must be a base64 string`},
		{name: "bad reference type", rt: Users, in: `{"userName":"b","profileUrl":true}`, wantErr: `attribute "profileUrl" must be a string`},
		{name: "extension not an object", rt: Users, in: `{"userName":"b","` + entURN + `":"x"}`, wantErr: `attribute "` + entURN + `" must be an object`},
		{name: "extension attribute type", rt: Users, in: `{"userName":"b","` + entURN + `":{"department":7}}`, wantErr: `attribute "` + entURN + `:department" must be a string`},
		{name: "extension sub-attribute type", rt: Users, in: `{"userName":"b","` + entURN + `":{"manager":{"value":["m"]}}}`, wantErr: `attribute "` + entURN + `:manager.value" must be a string`},
		{name: "array for single-valued", rt: Users, in: `{"userName":["a","b"]}`, wantErr: `attribute "userName" must be a string`},
		{name: "password value not in error", rt: Users, in: `{"userName":"b","password":918273645}`, wantErr: `attribute "password" must be a string`, notInErr: "918273645"},
		{name: "two primaries", rt: Users, in: `{"userName":"b","emails":[{"value":"a","primary":true},{"value":"b","Primary":true}]}`, wantErr: `attribute "emails" may have at most one value with primary true`},
		{name: "userName missing", rt: Users, in: `{"schemas":["` + coreURN + `"],"displayName":"B"}`, wantErr: `attribute "userName" is required`},
		{name: "userName null", rt: Users, in: `{"userName":null}`, wantErr: `attribute "userName" is required`},
		{name: "userName empty", rt: Users, in: `{"userName":""}`, wantErr: `attribute "userName" is required`},
		{name: "userName only under a wrong URN", rt: Users, in: `{"urn:ietf:params:scim:schemas:core:2.0:Group:userName":"b"}`, wantErr: `attribute "userName" is required`},
		{name: "same attribute twice", rt: Users, in: `{"userName":"a","USERNAME":"b"}`, wantErr: `attribute "userName" is given more than once`},
		{name: "same sub-attribute twice", rt: Users, in: `{"userName":"a","name":{"givenName":"x"},"urn:ietf:params:scim:schemas:core:2.0:User:name.givenName":"y"}`, wantErr: `attribute "name.givenName" is given more than once`},
		{name: "same sub-attribute twice in an object", rt: Users, in: `{"userName":"a","emails":[{"value":"x","VALUE":"y"}]}`, wantErr: `attribute "emails.value" is given more than once`},

		{name: "group", rt: Groups,
			in: `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"DisplayName":"Admins","externalId":"e1",
				"Members":[{"Value":"u1","Display":"Barbara","type":"User","$ref":"https://example.com/v2/Users/u1"},{"value":"u2"}]}`,
			want: `{"displayName":"Admins","externalId":"e1",
				"members":[{"value":"u1","display":"Barbara","type":"User","$ref":"https://example.com/v2/Users/u1"},{"value":"u2"}]}`},
		{name: "group drops User attributes and the enterprise extension", rt: Groups,
			in:   `{"displayName":"G","userName":"b","` + entURN + `":{"department":"d"},"` + entURN + `:department":"d"}`,
			want: `{"displayName":"G"}`},
		{name: "group member left empty dropped", rt: Groups,
			in:   `{"displayName":"G","members":[{"value":null,"display":null}]}`,
			want: `{"displayName":"G"}`},
		{name: "group displayName missing", rt: Groups, in: `{"members":[]}`, wantErr: `attribute "displayName" is required`},
		{name: "group member without value", rt: Groups, in: `{"displayName":"G","members":[{"display":"Barbara"}]}`, wantErr: `attribute "members.value" is required`},
		{name: "group member not an object", rt: Groups, in: `{"displayName":"G","members":["u1"]}`, wantErr: `each value of attribute "members" must be an object`},
	}
	runNormalize(t, tests, (*ResourceType).Normalize)
}

func TestNormalizePartial(t *testing.T) {
	tests := []normalizeCase{
		{name: "no userName needed", rt: Users, in: `{"Active":false}`, want: `{"active":false}`},
		{name: "empty", rt: Users, in: `{}`, want: `{}`},
		{name: "extension only", rt: Users,
			in:   `{"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"7"}`,
			want: `{"` + entURN + `":{"employeeNumber":"7"}}`},
		{name: "null kept out", rt: Users, in: `{"displayName":null,"title":"CEO"}`, want: `{"title":"CEO"}`},
		{name: "no displayName needed", rt: Groups, in: `{"members":[{"value":"u1"}]}`, want: `{"members":[{"value":"u1"}]}`},
		{name: "types still checked", rt: Users, in: `{"active":"false"}`, wantErr: `attribute "active" must be a boolean`},
		{name: "primaries still checked", rt: Users, in: `{"emails":[{"value":"a","primary":true},{"value":"b","primary":true}]}`, wantErr: "primary"},
		{name: "members still need value", rt: Groups, in: `{"members":[{"display":"x"}]}`, wantErr: `attribute "members.value" is required`},
	}
	runNormalize(t, tests, (*ResourceType).NormalizePartial)
}

// TestNormalizeFloat64 accepts documents decoded without UseNumber.
func TestNormalizeFloat64(t *testing.T) {
	a := &Attribute{Name: "n", Type: Integer, Mutability: ReadWrite, Returned: Default, Uniqueness: None}
	got, err := normalizeValue(a, float64(3), "n")
	if err != nil || canon(t, got) != "3" {
		t.Errorf("normalizeValue(3.0) = %v, %v", got, err)
	}
}
