package schema

import (
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
)

func TestNormalizeValue(t *testing.T) {
	tests := []struct {
		name    string
		rt      *ResourceType
		path    string
		element bool
		in      string // JSON
		want    string // JSON; "null" for unassigned
		wantErr string
	}{
		{name: "one email", rt: Users, path: "emails", element: true,
			in: `{"Value":"b@x","Primary":true,"verified":true}`, want: `{"value":"b@x","primary":true}`},
		{name: "one email left empty", rt: Users, path: "emails", element: true, in: `{"value":null}`, want: `null`},
		{name: "one email as an array", rt: Users, path: "emails", element: true, in: `[{"value":"b@x"}]`, wantErr: `each value of attribute "emails" must be an object`},
		{name: "all emails", rt: Users, path: "emails",
			in: `[{"value":"a","primary":true},{"VALUE":"b"},{}]`, want: `[{"value":"a","primary":true},{"value":"b"}]`},
		{name: "all emails as one object", rt: Users, path: "emails", in: `{"value":"a"}`, wantErr: `attribute "emails" must be an array`},
		{name: "all emails, two primaries", rt: Users, path: "emails",
			in: `[{"value":"a","primary":true},{"value":"b","primary":true}]`, wantErr: `at most one value with primary true`},
		{name: "empty array", rt: Users, path: "emails", in: `[]`, want: `null`},
		{name: "null", rt: Users, path: "emails", in: `null`, want: `null`},
		{name: "emails.value", rt: Users, path: "emails.value", in: `"b@x"`, want: `"b@x"`},
		{name: "emails.value wrong type", rt: Users, path: "Emails.Value", in: `5`, wantErr: `attribute "emails.value" must be a string`},
		{name: "emails.primary", rt: Users, path: "emails.primary", element: true, in: `false`, want: `false`},
		{name: "name", rt: Users, path: "name", in: `{"GivenName":"B","nickname":"dropped"}`, want: `{"givenName":"B"}`},
		{name: "name as a string", rt: Users, path: "name", in: `"B J"`, wantErr: `attribute "name" must be an object`},
		{name: "name.givenName", rt: Users, path: "name.givenName", in: `"B"`, want: `"B"`},
		{name: "name.givenName null", rt: Users, path: "name.givenName", in: `null`, want: `null`},
		{name: "active", rt: Users, path: "active", in: `false`, want: `false`},
		{name: "active as a string", rt: Users, path: "active", in: `"False"`, wantErr: `attribute "active" must be a boolean`},
		{name: "element of a single-valued attribute", rt: Users, path: "userName", element: true, in: `"b"`, want: `"b"`},
		{name: "manager", rt: Users, path: entURN + ":manager", in: `{"Value":"m","displayName":"read only"}`, want: `{"value":"m"}`},
		{name: "manager.value wrong type", rt: Users, path: entURN + ":manager.value", in: `{}`, wantErr: `attribute "` + entURN + `:manager.value" must be a string`},
		{name: "department", rt: Users, path: entURN + ":department", in: `"d"`, want: `"d"`},
		{name: "password not quoted", rt: Users, path: "password", in: `["hunter2"]`, wantErr: `attribute "password" must be a string`},
		{name: "a member", rt: Groups, path: "members", element: true, in: `{"value":"u1","display":"B"}`, want: `{"value":"u1","display":"B"}`},
		{name: "a member without value", rt: Groups, path: "members", element: true, in: `{"display":"B"}`, wantErr: `attribute "members.value" is required`},
		{name: "all members", rt: Groups, path: "members", in: `[{"value":"u1"},{"type":"User"}]`, wantErr: `attribute "members.value" is required`},
		{name: "members.display", rt: Groups, path: "members.display", in: `"B"`, want: `"B"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustResolve(t, tt.rt, tt.path)
			in := decodeAny(t, tt.in)
			before := canon(t, in)
			got, err := tt.rt.NormalizeValue(r, in, tt.element)
			unchanged(t, before, in)
			if !checkErr(t, err, scim.ErrInvalidValue, tt.wantErr) {
				if tt.wantErr != "" && err != nil && tt.path == "password" && contains(err.Error(), "hunter2") {
					t.Errorf("error reveals the password: %v", err)
				}
				return
			}
			if g, w := canon(t, got), canonJSON(t, tt.want); g != w {
				t.Errorf("got %s, want %s", g, w)
			}
		})
	}
	if _, err := Users.NormalizeValue(Resolved{}, "x", false); err == nil {
		t.Error("NormalizeValue with no attribute: no error")
	}
}

func TestCheckRequired(t *testing.T) {
	tests := []struct {
		name    string
		rt      *ResourceType
		doc     string
		wantErr string
	}{
		{"user", Users, `{"userName":"b"}`, ""},
		{"user with extension", Users, `{"userName":"b","` + entURN + `":{"manager":{"value":"m"}}}`, ""},
		{"no userName", Users, `{"displayName":"b"}`, `attribute "userName" is required`},
		{"empty userName", Users, `{"userName":""}`, `attribute "userName" is required`},
		{"misspelt userName", Users, `{"username":"b"}`, `attribute "userName" is required`},
		{"group", Groups, `{"displayName":"G","members":[{"value":"u1"}]}`, ""},
		{"group without members", Groups, `{"displayName":"G"}`, ""},
		{"group without displayName", Groups, `{"members":[{"value":"u1"}]}`, `attribute "displayName" is required`},
		{"member without value", Groups, `{"displayName":"G","members":[{"value":"u1"},{"display":"x"}]}`, `attribute "members.value" is required`},
		{"member with empty value", Groups, `{"displayName":"G","members":[{"value":""}]}`, `attribute "members.value" is required`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, tt.rt.CheckRequired(decode(t, tt.doc)), scim.ErrInvalidValue, tt.wantErr)
		})
	}
	required := &ResourceType{ID: "X", Schema: Group, Extensions: []Extension{{Schema: EnterpriseUser, Required: true}}}
	checkErr(t, required.CheckRequired(decode(t, `{"displayName":"G"}`)), scim.ErrInvalidValue, `extension "`+entURN+`" is required`)
	checkErr(t, required.CheckRequired(decode(t, `{"displayName":"G","`+entURN+`":{"department":"d"}}`)), scim.ErrInvalidValue, "")
}
