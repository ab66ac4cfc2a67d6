package schema

import "strings"

// Users is the User resource type (RFC 7643 §6), served at /Users, with the
// optional enterprise extension.
var Users = &ResourceType{
	ID:          "User",
	Name:        "User",
	Endpoint:    "/Users",
	Description: "User Account",
	Schema:      User,
	Extensions:  []Extension{{Schema: EnterpriseUser, Required: false}},
}

// Groups is the Group resource type, served at /Groups.
var Groups = &ResourceType{
	ID:          "Group",
	Name:        "Group",
	Endpoint:    "/Groups",
	Description: "Group",
	Schema:      Group,
}

// ResourceTypes lists the resource types in the order /ResourceTypes shows
// them: Users first, since some clients look for "/Users" in Resources[0].
func ResourceTypes() []*ResourceType { return []*ResourceType{Users, Groups} }

// Schemas lists the schemas /Schemas shows: User, Group, EnterpriseUser.
func Schemas() []*Schema { return []*Schema{User, Group, EnterpriseUser} }

// FindSchema returns the schema with the given URN (any case), or nil.
func FindSchema(id string) *Schema {
	for _, s := range Schemas() {
		if strings.EqualFold(s.ID, id) {
			return s
		}
	}
	return nil
}

// FindResourceType returns the resource type with the given id ("User",
// "Group"; any case), or nil.
func FindResourceType(id string) *ResourceType {
	for _, rt := range ResourceTypes() {
		if strings.EqualFold(rt.ID, id) {
			return rt
		}
	}
	return nil
}
