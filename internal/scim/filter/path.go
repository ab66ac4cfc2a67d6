package filter

import (
	"github.com/scimbridge/scimbridge/internal/scim"
)

// ParsePath parses the path of a PATCH operation (RFC 7644 §3.5.2):
//
//	PATH = attrPath / valuePath [subAttr]
//
// as in "name.givenName", "members[value eq \"2819c223\"]",
// `emails[type eq "work"].value` or
// "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber".
// The value filter follows the filter grammar (see Parse). Errors are
// *scim.Error with scimType invalidPath; the length limit is MaxLength.
func ParsePath(s string) (Path, error) {
	path, err := parsePath(s)
	if err != nil {
		return Path{}, err.scimError(scim.ErrInvalidPath, "path")
	}
	return path, nil
}

func parsePath(s string) (Path, *syntaxError) {
	toks, err := lex(s)
	if err != nil {
		return Path{}, err
	}
	if len(toks) == 0 {
		return Path{}, errWhole("is empty")
	}
	p, err := newParser(toks)
	if err != nil {
		return Path{}, err
	}
	attr, at, err := p.parseAttrPath()
	if err != nil {
		return Path{}, err
	}
	out := Path{Attr: attr}
	if p.peek().Kind == TokLBracket {
		if out.Filter, err = p.parseValueFilter(attr, at); err != nil {
			return Path{}, err
		}
		if t := p.peek(); t.Kind == TokSubAttr {
			out.Sub = t.Text
			p.next()
		}
	}
	if t := p.peek(); t.Kind != eof {
		return Path{}, p.unexpected(t, "the end of the path")
	}
	return out, nil
}
