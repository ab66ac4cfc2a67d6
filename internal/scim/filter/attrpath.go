package filter

import (
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// ParseAttrPath parses an attribute path ([URN ":"] name ["." sub]) as used
// in the attributes and excludedAttributes parameters and in sortBy. A URN is
// recognised by its "urn:" prefix; the attribute name follows its last ':'.
func ParseAttrPath(s string) (AttrPath, error) {
	p, ok := splitAttrPath(s)
	if !ok {
		return AttrPath{}, scim.BadRequest(scim.ErrInvalidPath, "invalid attribute path %s", echo(s))
	}
	return p, nil
}

// splitAttrPath splits s into URN, name and sub-attribute, reporting whether
// it is a valid attribute path. Filters, PATCH paths and ParseAttrPath share
// it, so the three agree on what an attribute path is.
func splitAttrPath(s string) (AttrPath, bool) {
	var p AttrPath
	rest := s
	if len(s) >= 4 && strings.EqualFold(s[:4], "urn:") {
		i := strings.LastIndexByte(s, ':')
		p.URN, rest = s[:i], s[i+1:]
	}
	name, sub, _ := strings.Cut(rest, ".")
	if !validName(name) || (sub != "" && !validName(sub)) || strings.HasSuffix(rest, ".") || strings.Count(rest, ".") > 1 {
		return AttrPath{}, false
	}
	p.Name, p.Sub = name, sub
	return p, true
}

// validName reports whether s is an ATTRNAME (RFC 7643 §2.1: ALPHA
// *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA) or "$ref".
func validName(s string) bool {
	if s == "$ref" {
		return true
	}
	if s == "" || !isAlpha(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !isAlpha(c) && !isDigit(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }
