package schema

import (
	"strings"
	"testing"
)

// TestDefinitionsComplete checks every attribute of every schema (and the
// common ones) states all its characteristics, so /Schemas never shows an
// empty one and the normaliser never meets an unknown type.
func TestDefinitionsComplete(t *testing.T) {
	var check func(path string, a *Attribute, depth int)
	check = func(path string, a *Attribute, depth int) {
		switch a.Type {
		case String, Boolean, Decimal, Integer, DateTime, Reference, Complex, Binary:
		default:
			t.Errorf("%s: type %q", path, a.Type)
		}
		switch a.Mutability {
		case ReadOnly, ReadWrite, Immutable, WriteOnly:
		default:
			t.Errorf("%s: mutability %q", path, a.Mutability)
		}
		switch a.Returned {
		case Always, Never, Default, Request:
		default:
			t.Errorf("%s: returned %q", path, a.Returned)
		}
		switch a.Uniqueness {
		case None, Server, Global:
		default:
			t.Errorf("%s: uniqueness %q", path, a.Uniqueness)
		}
		if a.Description == "" {
			t.Errorf("%s: no description", path)
		}
		if (a.Type == Complex) != (len(a.SubAttributes) > 0) {
			t.Errorf("%s: type %s with %d sub-attributes", path, a.Type, len(a.SubAttributes))
		}
		if a.Type == Reference && len(a.ReferenceTypes) == 0 {
			t.Errorf("%s: reference without referenceTypes", path)
		}
		if depth > 0 && a.Type == Complex {
			t.Errorf("%s: complex sub-attribute (RFC 7643 §2.3.8 forbids it)", path)
		}
		names := map[string]bool{}
		for _, s := range a.SubAttributes {
			if names[strings.ToLower(s.Name)] {
				t.Errorf("%s: sub-attribute %s twice", path, s.Name)
			}
			names[strings.ToLower(s.Name)] = true
			check(path+"."+s.Name, s, depth+1)
		}
	}
	for _, s := range Schemas() {
		if len(s.Attributes) == 0 {
			t.Errorf("%s: no attributes", s.ID)
		}
		names := map[string]bool{}
		for _, a := range s.Attributes {
			if names[strings.ToLower(a.Name)] {
				t.Errorf("%s: attribute %s twice", s.ID, a.Name)
			}
			names[strings.ToLower(a.Name)] = true
			check(s.Name+":"+a.Name, a, 0)
		}
	}
	for _, a := range CommonAttributes() {
		check(a.Name, a, 0)
	}
}

// TestDefinitionsRFC spot-checks the characteristics RFC 7643 §8.7.1 gives
// (and the documented deviations), where a slip would change behaviour.
func TestDefinitionsRFC(t *testing.T) {
	type want struct {
		typ        Type
		multi      bool
		required   bool
		mutability Mutability
		returned   Returned
		uniqueness Uniqueness
	}
	tests := []struct {
		rt   *ResourceType
		path string
		want want
	}{
		{Users, "userName", want{String, false, true, ReadWrite, Default, Server}},
		{Users, "name.givenName", want{String, false, false, ReadWrite, Default, None}},
		{Users, "active", want{Boolean, false, false, ReadWrite, Default, None}},
		{Users, "password", want{String, false, false, WriteOnly, Never, None}},
		{Users, "emails", want{Complex, true, false, ReadWrite, Default, None}},
		{Users, "emails.primary", want{Boolean, false, false, ReadWrite, Default, None}},
		{Users, "addresses.primary", want{Boolean, false, false, ReadWrite, Default, None}},
		{Users, "photos.value", want{Reference, false, false, ReadWrite, Default, None}},
		{Users, "groups", want{Complex, true, false, ReadOnly, Default, None}},
		{Users, "groups.value", want{String, false, false, ReadOnly, Default, None}},
		{Users, "groups.$ref", want{Reference, false, false, ReadOnly, Default, None}},
		{Users, "x509Certificates.value", want{Binary, false, false, ReadWrite, Default, None}},
		{Users, "id", want{String, false, false, ReadOnly, Always, Server}},
		{Users, "meta.created", want{DateTime, false, false, ReadOnly, Default, None}},
		{Users, entURN + ":manager.displayName", want{String, false, false, ReadOnly, Default, None}},
		{Users, entURN + ":manager.$ref", want{Reference, false, false, ReadWrite, Default, None}},
		{Users, entURN + ":employeeNumber", want{String, false, false, ReadWrite, Default, None}},
		{Groups, "displayName", want{String, false, true, ReadWrite, Default, Server}}, // unique: our deviation,
		{Groups, "members", want{Complex, true, false, ReadWrite, Default, None}},
		{Groups, "members.value", want{String, false, true, Immutable, Default, None}},
		{Groups, "members.display", want{String, false, false, Immutable, Default, None}},
		{Groups, "members.type", want{String, false, false, Immutable, Default, None}},
	}
	for _, tt := range tests {
		p := mustPath(t, tt.path)
		r, ok := tt.rt.Resolve(p)
		if !ok {
			t.Errorf("%s %s: not found", tt.rt.ID, tt.path)
			continue
		}
		a := r.Leaf()
		got := want{a.Type, a.MultiValued, a.Required, a.Mutability, a.Returned, a.Uniqueness}
		if got != tt.want {
			t.Errorf("%s %s = %+v, want %+v", tt.rt.ID, tt.path, got, tt.want)
		}
	}
	if got := Users.Schema.Attr("emails").Sub("type").CanonicalValues; strings.Join(got, ",") != "work,home,other" {
		t.Errorf("emails.type canonicalValues = %v", got)
	}
	// Groups do not nest: members are Users only.
	if got := Groups.Schema.Attr("members").Sub("$ref").ReferenceTypes; strings.Join(got, ",") != "User" {
		t.Errorf("members.$ref referenceTypes = %v", got)
	}
	if got := Groups.Schema.Attr("members").Sub("type").CanonicalValues; strings.Join(got, ",") != "User" {
		t.Errorf("members.type canonicalValues = %v", got)
	}
	wantNames := []string{"userName", "name", "displayName", "nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale", "timezone",
		"active", "password", "emails", "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles", "x509Certificates"}
	var got []string
	for _, a := range User.Attributes {
		got = append(got, a.Name)
	}
	if strings.Join(got, " ") != strings.Join(wantNames, " ") {
		t.Errorf("User attributes = %v, want %v", got, wantNames)
	}
}

func TestFind(t *testing.T) {
	if rts := ResourceTypes(); len(rts) != 2 || rts[0] != Users || rts[1] != Groups || rts[0].Endpoint != "/Users" {
		t.Errorf("ResourceTypes() = %v", rts)
	}
	if s := Schemas(); len(s) != 3 || s[0] != User || s[1] != Group || s[2] != EnterpriseUser {
		t.Errorf("Schemas() = %v", s)
	}
	if User.Description != "User Account" || Group.Description != "Group" {
		t.Errorf("descriptions %q %q", User.Description, Group.Description)
	}
	tests := []struct {
		id     string
		schema *Schema
		rt     *ResourceType
	}{
		{"urn:ietf:params:scim:schemas:core:2.0:User", User, nil},
		{"URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:GROUP", Group, nil},
		{entURN, EnterpriseUser, nil},
		{"User", nil, Users},
		{"group", nil, Groups},
		{"Users", nil, nil},
		{"", nil, nil},
	}
	for _, tt := range tests {
		if got := FindSchema(tt.id); got != tt.schema {
			t.Errorf("FindSchema(%q) = %v, want %v", tt.id, got, tt.schema)
		}
		if got := FindResourceType(tt.id); got != tt.rt {
			t.Errorf("FindResourceType(%q) = %v, want %v", tt.id, got, tt.rt)
		}
	}
}

// TestFilterSchema checks the filter.Schema view of the definitions.
func TestFilterSchema(t *testing.T) {
	tests := []struct {
		rt        *ResourceType
		path      string
		typ       string
		caseExact bool
		multi     bool
		found     bool
	}{
		{Users, "userName", "string", false, false, true},
		{Users, "Emails.Value", "string", false, true, true},
		{Users, "id", "string", true, false, true},
		{Users, "meta.lastModified", "dateTime", false, false, true},
		{Users, entURN + ":manager.value", "string", false, false, true},
		{Groups, "members.value", "string", false, true, true},
		{Groups, "userName", "", false, false, false},
	}
	for _, tt := range tests {
		info, ok := tt.rt.Attribute(mustPath(t, tt.path))
		if ok != tt.found || info.Type != tt.typ || info.CaseExact != tt.caseExact || info.MultiValued != tt.multi {
			t.Errorf("%s %s = %+v, %v", tt.rt.ID, tt.path, info, ok)
		}
	}
}
