package schema

import (
	"slices"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

const fullUser = `{
	"schemas":["` + coreURN + `","` + entURN + `"],
	"id":"u1","externalId":"e1",
	"meta":{"resourceType":"User","location":"https://example.com/v2/Users/u1"},
	"userName":"bjensen",
	"name":{"givenName":"Barbara","familyName":"Jensen"},
	"password":"t1meMa$heen",
	"emails":[{"value":"b@example.com","type":"work","primary":true},{"value":"babs@example.org","type":"home"},{"type":"other"}],
	"` + entURN + `":{"department":"Tour Operations","employeeNumber":"701984","manager":{"value":"m1","displayName":"John Smith"}}
}`

const fullGroup = `{
	"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],
	"id":"g1","meta":{"resourceType":"Group"},"displayName":"Tour Guides",
	"members":[{"value":"u1","display":"Babs","type":"User"},{"value":"u2","type":"User"}]
}`

func TestProject(t *testing.T) {
	const (
		schemas = `"schemas":["` + coreURN + `","` + entURN + `"]`
		ent     = `"` + entURN + `"`
	)
	tests := []struct {
		name                string
		rt                  *ResourceType
		res                 string
		attributes, exclude string
		want                string
	}{
		{name: "everything but password", rt: Users, res: fullUser,
			want: `{` + schemas + `,"id":"u1","externalId":"e1","meta":{"resourceType":"User","location":"https://example.com/v2/Users/u1"},
				"userName":"bjensen","name":{"givenName":"Barbara","familyName":"Jensen"},
				"emails":[{"value":"b@example.com","type":"work","primary":true},{"value":"babs@example.org","type":"home"},{"type":"other"}],
				` + ent + `:{"department":"Tour Operations","employeeNumber":"701984","manager":{"value":"m1","displayName":"John Smith"}}}`},
		{name: "attributes=userName,emails", rt: Users, res: fullUser, attributes: "userName,emails",
			want: `{` + schemas + `,"id":"u1","userName":"bjensen",
				"emails":[{"value":"b@example.com","type":"work","primary":true},{"value":"babs@example.org","type":"home"},{"type":"other"}]}`},
		{name: "attributes in any case", rt: Users, res: fullUser, attributes: "USERNAME, Name.GivenName",
			want: `{` + schemas + `,"id":"u1","userName":"bjensen","name":{"givenName":"Barbara"}}`},
		{name: "attributes=emails.value", rt: Users, res: fullUser, attributes: "emails.value",
			want: `{` + schemas + `,"id":"u1","emails":[{"value":"b@example.com"},{"value":"babs@example.org"}]}`},
		{name: "attributes=emails.value,emails.type", rt: Users, res: fullUser, attributes: "emails.value,emails.type",
			want: `{` + schemas + `,"id":"u1","emails":[{"value":"b@example.com","type":"work"},{"value":"babs@example.org","type":"home"},{"type":"other"}]}`},
		{name: "attributes=name (complex kept whole)", rt: Users, res: fullUser, attributes: "name",
			want: `{` + schemas + `,"id":"u1","name":{"givenName":"Barbara","familyName":"Jensen"}}`},
		{name: "attributes=whole extension", rt: Users, res: fullUser, attributes: entURN,
			want: `{` + schemas + `,"id":"u1",` + ent + `:{"department":"Tour Operations","employeeNumber":"701984","manager":{"value":"m1","displayName":"John Smith"}}}`},
		{name: "attributes=extension attribute", rt: Users, res: fullUser, attributes: entURN + ":department",
			want: `{` + schemas + `,"id":"u1",` + ent + `:{"department":"Tour Operations"}}`},
		{name: "attributes=extension sub-attribute", rt: Users, res: fullUser, attributes: "URN:ietf:params:scim:schemas:extension:enterprise:2.0:User:Manager.Value",
			want: `{` + schemas + `,"id":"u1",` + ent + `:{"manager":{"value":"m1"}}}`},
		{name: "attributes=qualified core attribute", rt: Users, res: fullUser, attributes: coreURN + ":userName",
			want: `{` + schemas + `,"id":"u1","userName":"bjensen"}`},
		{name: "attributes=password is never returned", rt: Users, res: fullUser, attributes: "password",
			want: `{` + schemas + `,"id":"u1"}`},
		{name: "attributes=id", rt: Users, res: fullUser, attributes: "id",
			want: `{` + schemas + `,"id":"u1"}`},
		{name: "attributes unknown only", rt: Users, res: fullUser, attributes: "bogus,name.bogus,urn:example:x:y",
			want: `{` + schemas + `,"id":"u1"}`},
		{name: "attributes win over excludedAttributes", rt: Users, res: fullUser, attributes: "userName", exclude: "userName",
			want: `{` + schemas + `,"id":"u1","userName":"bjensen"}`},
		{name: "excluded=emails,meta", rt: Users, res: fullUser, exclude: "emails, meta",
			want: `{` + schemas + `,"id":"u1","externalId":"e1","userName":"bjensen","name":{"givenName":"Barbara","familyName":"Jensen"},
				` + ent + `:{"department":"Tour Operations","employeeNumber":"701984","manager":{"value":"m1","displayName":"John Smith"}}}`},
		{name: "excluded=id is ignored", rt: Users, res: fullUser, exclude: "id,meta,name,emails," + entURN,
			want: `{` + schemas + `,"id":"u1","externalId":"e1","userName":"bjensen"}`},
		{name: "excluded sub-attributes", rt: Users, res: fullUser, exclude: "name.familyName,emails.type,emails.primary,meta,externalId,userName," + entURN + ":manager",
			want: `{` + schemas + `,"id":"u1","name":{"givenName":"Barbara"},"emails":[{"value":"b@example.com"},{"value":"babs@example.org"}],
				` + ent + `:{"department":"Tour Operations","employeeNumber":"701984"}}`},
		{name: "excluded every extension attribute", rt: Users, res: fullUser, exclude: "meta,name,emails,userName,externalId," + entURN + ":department," + entURN + ":employeeNumber," + entURN + ":manager",
			want: `{` + schemas + `,"id":"u1"}`},
		{name: "excluded unknown", rt: Users, res: `{"id":"u1","userName":"b"}`, exclude: "bogus,emails.bogus",
			want: `{"id":"u1","userName":"b"}`},
		{name: "keys outside the schema kept without attributes", rt: Users, res: `{"id":"u1","userName":"b","x-extra":1,"urn:example:ext":{"a":1}}`,
			want: `{"id":"u1","userName":"b","x-extra":1,"urn:example:ext":{"a":1}}`},
		{name: "keys outside the schema dropped with attributes", rt: Users, res: `{"id":"u1","userName":"b","x-extra":1,"urn:example:ext":{"a":1}}`, attributes: "userName",
			want: `{"id":"u1","userName":"b"}`},
		{name: "group excluded=members", rt: Groups, res: fullGroup, exclude: "members",
			want: `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","meta":{"resourceType":"Group"},"displayName":"Tour Guides"}`},
		{name: "group attributes=members.value", rt: Groups, res: fullGroup, attributes: "members.value",
			want: `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","members":[{"value":"u1"},{"value":"u2"}]}`},
		{name: "group attributes=displayName", rt: Groups, res: fullGroup, attributes: "displayName",
			want: `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"id":"g1","displayName":"Tour Guides"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := decode(t, tt.res)
			before := canon(t, res)
			attrs, err := ParseAttrList(tt.attributes)
			if err != nil {
				t.Fatal(err)
			}
			excl, err := ParseAttrList(tt.exclude)
			if err != nil {
				t.Fatal(err)
			}
			got := tt.rt.Project(res, attrs, excl)
			unchanged(t, before, res)
			if g, w := canon(t, got), canonJSON(t, tt.want); g != w {
				t.Errorf("got  %s\nwant %s", g, w)
			}
		})
	}
}

// TestProjectReturned checks the "request" characteristic, which no RFC
// attribute has, on a schema made for the test.
func TestProjectReturned(t *testing.T) {
	s := &Schema{ID: "urn:example:T", Attributes: []*Attribute{
		newAttr("a", String, "a"),
		newAttr("r", String, "r").returned(Request),
		complexOf("c", "c", newAttr("x", String, "x"), newAttr("y", String, "y").returned(Request), newAttr("z", String, "z").returned(Never)),
	}}
	rt := &ResourceType{ID: "T", Schema: s}
	res := map[string]any{"a": "1", "r": "2", "c": map[string]any{"x": "3", "y": "4", "z": "5"}}
	tests := []struct{ attributes, want string }{
		{"", `{"a":"1","c":{"x":"3"}}`},
		{"r", `{"r":"2"}`},
		{"c", `{"c":{"x":"3","y":"4"}}`},
		{"c.y,c.z", `{"c":{"y":"4"}}`},
	}
	for _, tt := range tests {
		attrs, _ := ParseAttrList(tt.attributes)
		if got := canon(t, rt.Project(res, attrs, nil)); got != tt.want {
			t.Errorf("attributes=%s: got %s, want %s", tt.attributes, got, tt.want)
		}
	}
}

func TestParseAttrList(t *testing.T) {
	tests := []struct {
		in      string
		want    []filter.AttrPath
		wantErr string
	}{
		{"", nil, ""},
		{"  ", nil, ""},
		{"userName", []filter.AttrPath{{Name: "userName"}}, ""},
		{"userName, emails.value ,name", []filter.AttrPath{{Name: "userName"}, {Name: "emails", Sub: "value"}, {Name: "name"}}, ""},
		{"userName,,emails,", []filter.AttrPath{{Name: "userName"}, {Name: "emails"}}, ""},
		{entURN + ":manager.value", []filter.AttrPath{{URN: entURN, Name: "manager", Sub: "value"}}, ""},
		{entURN, []filter.AttrPath{{URN: "urn:ietf:params:scim:schemas:extension:enterprise:2.0", Name: "User"}}, ""},
		{"userName,emails..value", nil, `invalid attribute path "emails..value"`},
		{"user name", nil, `invalid attribute path "user name"`},
		{"emails[type eq \"work\"]", nil, "invalid attribute path"},
	}
	for _, tt := range tests {
		got, err := ParseAttrList(tt.in)
		if checkErr(t, err, scim.ErrInvalidValue, tt.wantErr) && !slices.Equal(got, tt.want) {
			t.Errorf("ParseAttrList(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}
