package schema

// commonAttributes are the attributes every resource has (RFC 7643 §3.1):
// they belong to no schema and are not listed by /Schemas.
var commonAttributes = []*Attribute{
	{
		Name: "id", Type: String, CaseExact: true, Mutability: ReadOnly, Returned: Always, Uniqueness: Server,
		Description: "Unique identifier for the SCIM resource as defined by the service provider.",
	},
	{
		Name: "externalId", Type: String, CaseExact: true, Mutability: ReadWrite, Returned: Default, Uniqueness: None,
		Description: "Identifier for the resource as defined by the provisioning client.",
	},
	{
		Name: "meta", Type: Complex, Mutability: ReadOnly, Returned: Default, Uniqueness: None,
		Description: "Resource metadata.",
		SubAttributes: []*Attribute{
			{Name: "resourceType", Type: String, CaseExact: true, Mutability: ReadOnly, Returned: Default, Uniqueness: None, Description: "The name of the resource type of the resource."},
			{Name: "created", Type: DateTime, Mutability: ReadOnly, Returned: Default, Uniqueness: None, Description: "The date and time the resource was added to the service provider."},
			{Name: "lastModified", Type: DateTime, Mutability: ReadOnly, Returned: Default, Uniqueness: None, Description: "The most recent date and time the resource was modified."},
			{Name: "location", Type: Reference, ReferenceTypes: []string{"uri"}, CaseExact: true, Mutability: ReadOnly, Returned: Default, Uniqueness: None, Description: "The URI of the resource being returned."},
			{Name: "version", Type: String, CaseExact: true, Mutability: ReadOnly, Returned: Default, Uniqueness: None, Description: "The version (entity tag) of the resource."},
		},
	},
}

// CommonAttributes returns the common attribute definitions (id,
// externalId, meta).
func CommonAttributes() []*Attribute { return commonAttributes }
