package schema

import "github.com/scimbridge/scimbridge/internal/scim"

// EnterpriseUser is the enterprise User extension of RFC 7643 §4.3, with the
// characteristics of its representation in §8.7.1. Its attributes live in a
// User under the key "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User".
//
// §4.3 calls manager.value and manager.$ref REQUIRED in prose, yet the
// §8.7.1 JSON marks both "required": false; we follow the JSON, since a
// manager given only by $ref (or not at all) is common.
var EnterpriseUser = &Schema{
	ID:          scim.EnterpriseUserSchema,
	Name:        "EnterpriseUser",
	Description: "Enterprise User",
	Attributes: []*Attribute{
		str("employeeNumber", "Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization."),
		str("costCenter", "Identifies the name of a cost center."),
		str("organization", "Identifies the name of an organization."),
		str("division", "Identifies the name of a division."),
		str("department", "Identifies the name of a department."),
		complexOf("manager", "The User's manager. A complex type that optionally allows service providers to represent organizational hierarchy "+
			"by referencing the 'id' attribute of another User.",
			str("value", "The id of the SCIM resource representing the User's manager. REQUIRED."),
			ref("$ref", "The URI of the SCIM resource representing the User's manager. REQUIRED.", "User"),
			str("displayName", "The displayName of the User's manager. OPTIONAL and READ-ONLY.").mutability(ReadOnly),
		),
	},
}
