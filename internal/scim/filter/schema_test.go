package filter

import (
	"encoding/json"
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// testSchema is a small User schema for Match and Check: keys are
// lower-case "name", "name.sub" or "urn:name[.sub]" for extensions. Like
// package schema, it treats the core URN as no URN and answers for
// sub-attributes of multi-valued attributes with MultiValued set.
type testSchema map[string]AttrInfo

func (s testSchema) Attribute(p AttrPath) (AttrInfo, bool) {
	key := strings.ToLower(p.Name)
	if p.Sub != "" {
		key += "." + strings.ToLower(p.Sub)
	}
	if p.URN != "" && !strings.EqualFold(p.URN, scim.UserSchema) {
		key = strings.ToLower(p.URN) + ":" + key
	}
	info, ok := s[key]
	return info, ok
}

const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"

var userSchema = testSchema{
	"schemas":    {Type: "reference", CaseExact: true, MultiValued: true},
	"username":   {Type: "string"},
	"externalid": {Type: "string", CaseExact: true},
	"title":      {Type: "string"},
	"usertype":   {Type: "string"},
	"nickname":   {Type: "string"},
	"active":     {Type: "boolean"},
	"logincount": {Type: "integer"},
	"score":      {Type: "decimal"},
	"photo":      {Type: "binary", CaseExact: true},
	"profileurl": {Type: "reference"},
	"mystery":    {Type: "geometry"},

	"name":            {Type: "complex"},
	"name.givenname":  {Type: "string"},
	"name.familyname": {Type: "string"},

	"emails":         {Type: "complex", MultiValued: true},
	"emails.value":   {Type: "string", MultiValued: true},
	"emails.type":    {Type: "string", MultiValued: true},
	"emails.primary": {Type: "boolean", MultiValued: true},

	"ims":       {Type: "complex", MultiValued: true},
	"ims.value": {Type: "string", MultiValued: true},
	"ims.type":  {Type: "string", MultiValued: true},

	// A multi-valued complex attribute without a "value" sub-attribute.
	"addresses":          {Type: "complex", MultiValued: true},
	"addresses.locality": {Type: "string", MultiValued: true},

	"meta":              {Type: "complex"},
	"meta.created":      {Type: "dateTime"},
	"meta.lastmodified": {Type: "dateTime"},

	enterprise + ":department":          {Type: "string"},
	enterprise + ":employeenumber":      {Type: "string"},
	enterprise + ":manager":             {Type: "complex"},
	enterprise + ":manager.value":       {Type: "string"},
	enterprise + ":manager.displayname": {Type: "string"},
}

// bjensen is the user of RFC 7643 §8.2, abridged, as decoded JSON.
func bjensen() map[string]any {
	return decode(`{
		"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
		"userName": "bjensen",
		"externalId": "Bjensen-Ext",
		"title": "Tour Guide",
		"userType": "Employee",
		"active": true,
		"loginCount": 42,
		"score": 3.25,
		"photo": "aGVsbG8=",
		"name": {"givenName": "Barbara", "familyName": "O'Malley"},
		"emails": [
			{"value": "bjensen@example.com", "type": "work", "primary": true},
			{"value": "babs@jensen.org", "type": "home"}
		],
		"ims": [{"value": "someaimhandle", "type": "aim"}],
		"addresses": [{"locality": "Hollywood"}],
		"meta": {"created": "2010-01-23T04:56:22Z", "lastModified": "2011-05-13T04:42:34Z"},
		"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
			"department": "Tour Operations",
			"employeeNumber": "701984",
			"manager": {"value": "26118915", "displayName": "John Smith"}
		}
	}`)
}

// decode parses JSON the way the bridge does, numbers as json.Number.
func decode(s string) map[string]any {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		panic(err)
	}
	return m
}
