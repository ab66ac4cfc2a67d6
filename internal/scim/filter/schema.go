package filter

// Schema tells Match how to compare an attribute's values. Package schema's
// ResourceType implements it.
type Schema interface {
	// Attribute describes the attribute at p, whose names may be in any
	// case. Inside a value filter such as emails[type eq "work"], Match asks
	// about the outer attribute with the inner name as Sub (emails.type).
	Attribute(p AttrPath) (AttrInfo, bool)
}

// AttrInfo is what Match needs to know about an attribute.
type AttrInfo struct {
	// Type is the RFC 7643 type name: "string", "boolean", "decimal",
	// "integer", "dateTime", "reference", "complex" or "binary".
	Type        string
	CaseExact   bool
	MultiValued bool
}
