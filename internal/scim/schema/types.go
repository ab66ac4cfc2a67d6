// Package schema defines the SCIM resource schemas (RFC 7643): the User,
// Group and enterprise User definitions with every attribute's
// characteristics, the resource types, and what is built on them: resolving
// attribute paths without regard to case, normalising and validating resource
// documents, and projecting responses (attributes / excludedAttributes).
package schema

// Type is an attribute's data type (RFC 7643 §2.3).
type Type string

// The attribute data types.
const (
	String    Type = "string"
	Boolean   Type = "boolean"
	Decimal   Type = "decimal"
	Integer   Type = "integer"
	DateTime  Type = "dateTime"
	Reference Type = "reference"
	Complex   Type = "complex"
	Binary    Type = "binary"
)

// Mutability says whether and how an attribute can be written (RFC 7643 §7).
type Mutability string

// The mutability values.
const (
	ReadOnly  Mutability = "readOnly"
	ReadWrite Mutability = "readWrite"
	Immutable Mutability = "immutable"
	WriteOnly Mutability = "writeOnly"
)

// Returned says when an attribute appears in responses (RFC 7643 §7).
type Returned string

// The returned values.
const (
	Always  Returned = "always"
	Never   Returned = "never"
	Default Returned = "default"
	Request Returned = "request"
)

// Uniqueness says how unique an attribute's value is (RFC 7643 §7).
type Uniqueness string

// The uniqueness values.
const (
	None   Uniqueness = "none"
	Server Uniqueness = "server"
	Global Uniqueness = "global"
)

// Attribute is one attribute definition with its characteristics.
type Attribute struct {
	Name            string
	Type            Type
	MultiValued     bool
	Description     string
	Required        bool
	CaseExact       bool
	Mutability      Mutability
	Returned        Returned
	Uniqueness      Uniqueness
	CanonicalValues []string
	ReferenceTypes  []string
	SubAttributes   []*Attribute
}

// Schema is a schema definition: core (User, Group) or extension.
type Schema struct {
	ID          string // the URN
	Name        string
	Description string
	Attributes  []*Attribute
}

// Extension is a schema extension of a resource type.
type Extension struct {
	Schema   *Schema
	Required bool
}

// ResourceType is a kind of resource the service provider serves
// (RFC 7643 §6): its endpoint, core schema and extensions.
type ResourceType struct {
	ID          string // "User"
	Name        string // "User"
	Endpoint    string // "/Users"
	Description string
	Schema      *Schema
	Extensions  []Extension
}
