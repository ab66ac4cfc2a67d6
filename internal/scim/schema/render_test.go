package schema

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSchemaRepresentation(t *testing.T) {
	b, err := json.Marshal(User.Representation("https://example.com/scim/v2"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"User Account"`) {
		t.Errorf("User representation lacks \"User Account\": %.200s", b)
	}
	// Read it back as a client would.
	var got struct {
		Schemas     []string
		ID, Name    string
		Description string
		Attributes  []map[string]any
		Meta        struct{ ResourceType, Location string }
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Schemas) != 1 || got.Schemas[0] != "urn:ietf:params:scim:schemas:core:2.0:Schema" || got.ID != coreURN || got.Name != "User" {
		t.Errorf("header = %v %q %q", got.Schemas, got.ID, got.Name)
	}
	if got.Meta.ResourceType != "Schema" || got.Meta.Location != "https://example.com/scim/v2/Schemas/"+coreURN {
		t.Errorf("meta = %+v", got.Meta)
	}
	if len(got.Attributes) != len(User.Attributes) {
		t.Fatalf("%d attributes, want %d", len(got.Attributes), len(User.Attributes))
	}
	byName := map[string]map[string]any{}
	for _, a := range got.Attributes {
		for _, k := range []string{"name", "type", "multiValued", "description", "required", "caseExact", "mutability", "returned", "uniqueness"} {
			if _, ok := a[k]; !ok {
				t.Errorf("attribute %v lacks %s", a["name"], k)
			}
		}
		byName[a["name"].(string)] = a
	}
	if u := byName["userName"]; u["required"] != true || u["uniqueness"] != "server" || u["type"] != "string" {
		t.Errorf("userName = %v", u)
	}
	if _, ok := byName["userName"]["subAttributes"]; ok {
		t.Error("simple attribute with subAttributes")
	}
	if p := byName["profileUrl"]; p["type"] != "reference" || !equalJSON(p["referenceTypes"], `["external"]`) {
		t.Errorf("profileUrl = %v", p)
	}
	emails := byName["emails"]
	subs, _ := emails["subAttributes"].([]any)
	if emails["multiValued"] != true || len(subs) != 4 {
		t.Fatalf("emails = %v", emails)
	}
	typ := subs[2].(map[string]any)
	if typ["name"] != "type" || !equalJSON(typ["canonicalValues"], `["work","home","other"]`) {
		t.Errorf("emails.type = %v", typ)
	}
	if _, ok := subs[0].(map[string]any)["canonicalValues"]; ok {
		t.Error("emails.value has canonicalValues")
	}

	gb, _ := json.Marshal(Group.Representation(""))
	if !strings.Contains(string(gb), `"description":"Group"`) || !strings.Contains(string(gb), `"location":"/Schemas/`+Group.ID+`"`) {
		t.Errorf("Group representation: %s", gb)
	}
}

func TestResourceTypeRepresentation(t *testing.T) {
	b, _ := json.Marshal(Users.Representation("https://example.com/scim/v2"))
	want := `{"description":"User Account","endpoint":"/Users","id":"User",` +
		`"meta":{"location":"https://example.com/scim/v2/ResourceTypes/User","resourceType":"ResourceType"},"name":"User",` +
		`"schema":"urn:ietf:params:scim:schemas:core:2.0:User",` +
		`"schemaExtensions":[{"required":false,"schema":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"}],` +
		`"schemas":["urn:ietf:params:scim:schemas:core:2.0:ResourceType"]}`
	if string(b) != want {
		t.Errorf("Users:\ngot  %s\nwant %s", b, want)
	}
	g := Groups.Representation("https://example.com")
	if _, ok := g["schemaExtensions"]; ok {
		t.Error("Groups has schemaExtensions")
	}
	if g["endpoint"] != "/Groups" || g["schema"] != "urn:ietf:params:scim:schemas:core:2.0:Group" {
		t.Errorf("Groups = %v", g)
	}
}

func TestServiceProviderConfigRepresentation(t *testing.T) {
	c := ServiceProviderConfig{
		DocumentationURI: "https://example.com/docs", PatchSupported: true,
		BulkSupported: true, BulkMaxOperations: 1000, BulkMaxPayloadSize: 1048576,
		FilterSupported: true, FilterMaxResults: 200, ETagSupported: true,
		AuthenticationSchemes: []AuthScheme{{Type: "oauthbearertoken", Name: "OAuth Bearer Token",
			Description: "Authentication with a bearer token", SpecURI: "https://www.rfc-editor.org/info/rfc6750", Primary: true}},
	}
	b, _ := json.Marshal(c.Representation("https://example.com/scim/v2"))
	want := `{"authenticationSchemes":[{"description":"Authentication with a bearer token","name":"OAuth Bearer Token","primary":true,` +
		`"specUri":"https://www.rfc-editor.org/info/rfc6750","type":"oauthbearertoken"}],` +
		`"bulk":{"maxOperations":1000,"maxPayloadSize":1048576,"supported":true},"changePassword":{"supported":false},` +
		`"documentationUri":"https://example.com/docs","etag":{"supported":true},"filter":{"maxResults":200,"supported":true},` +
		`"meta":{"location":"https://example.com/scim/v2/ServiceProviderConfig","resourceType":"ServiceProviderConfig"},` +
		`"patch":{"supported":true},"schemas":["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],"sort":{"supported":false}}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	empty := ServiceProviderConfig{}.Representation("")
	if _, ok := empty["documentationUri"]; ok {
		t.Error("empty documentationUri rendered")
	}
	if s, _ := json.Marshal(empty["authenticationSchemes"]); string(s) != "[]" {
		t.Errorf("no schemes rendered as %s, want []", s)
	}
}

func equalJSON(v any, want string) bool {
	b, err := json.Marshal(v)
	return err == nil && string(b) == want
}
