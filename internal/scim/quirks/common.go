package quirks

import (
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// booleanStrings: Entra ID (without aadOptscim062020) sends PATCH values
// such as "value": "False", Microsoft's reference tests POST
// "active": "True", and OneLogin templates render "{$user.active}" as a
// string. Where the schema says boolean, "true"/"false" in any case become
// JSON booleans.
var booleanStrings = Normalization{
	Name:        "boolean-strings",
	Provider:    "Microsoft Entra ID, OneLogin",
	Description: `booleans sent as the strings "True"/"False" (any case) become JSON booleans where the schema says boolean`,
	Apply: func(r *Request) bool {
		visit := func(a *schema.Attribute, holder map[string]any, key string) bool {
			if a.Type != schema.Boolean {
				return false
			}
			s, ok := holder[key].(string)
			if !ok {
				return false
			}
			switch strings.ToLower(strings.TrimSpace(s)) {
			case "true":
				holder[key] = true
			case "false":
				holder[key] = false
			default:
				return false
			}
			return true
		}
		return walkBody(r, visit)
	},
}

// singleValueForMultiValued: OneLogin templates may send "emails" as one
// object instead of an array of one. A single value where the schema says
// multi-valued becomes an array of that value.
var singleValueForMultiValued = Normalization{
	Name:        "single-value-for-multi-valued",
	Provider:    "OneLogin",
	Description: "a single object or value given for a multi-valued attribute (emails: {...}) becomes an array of one",
	Apply: func(r *Request) bool {
		visit := func(a *schema.Attribute, holder map[string]any, key string) bool {
			if !a.MultiValued {
				return false
			}
			switch v := holder[key].(type) {
			case nil, []any:
				return false
			default:
				holder[key] = []any{v}
				return true
			}
		}
		return walkBody(r, visit)
	},
}

// missingSchemas: templated clients (OneLogin, JumpCloud custom apps) and
// hand-written scripts leave out "schemas" in the resources they create or
// replace. Such a body gets the schemas its content implies: the
// resource's core schema and the extensions present.
//
// A PATCH without the PatchOp schema is not normalised: RFC 7644 §3.5.2
// requires it, no provider we know of (Okta, Entra ID, their reference
// tests) leaves it out, and the strict core answers 400 invalidSyntax.
var missingSchemas = Normalization{
	Name:        "missing-schemas",
	Provider:    "OneLogin, JumpCloud, scripts",
	Description: `a POST or PUT body without "schemas" gets the core schema and the extensions it carries`,
	Apply: func(r *Request) bool {
		if r.Body == nil || r.Resource == nil {
			return false
		}
		if _, ok := key(r.Body, "schemas"); ok {
			return false
		}
		switch r.Kind {
		case Create, Replace:
			list := []any{r.Resource.Schema.ID}
			for _, e := range r.Resource.Extensions {
				if _, ok := key(r.Body, e.Schema.ID); ok {
					list = append(list, e.Schema.ID)
				}
			}
			r.Body["schemas"] = list
		default:
			return false
		}
		return true
	},
}

// unqualifiedExtensionPath: Entra ID sends the enterprise manager as
// "path": "manager", without the extension's URN. A PATCH path naming no
// core attribute, but an attribute of exactly one extension, gets that
// extension's URN.
var unqualifiedExtensionPath = Normalization{
	Name:        "unqualified-extension-path",
	Provider:    "Microsoft Entra ID",
	Description: `a PATCH path naming an extension attribute without its URN ("manager") is qualified with the one extension that has it`,
	Apply: func(r *Request) bool {
		if r.Kind != Patch || r.Resource == nil {
			return false
		}
		changed := false
		for _, op := range operations(r.Body) {
			k, _ := key(op, "path")
			path, _ := op[k].(string)
			if path == "" || strings.HasPrefix(strings.ToLower(path), "urn:") {
				continue
			}
			p, err := filter.ParsePath(path)
			if err != nil {
				continue
			}
			if _, ok := r.Resource.Resolve(filter.AttrPath{Name: p.Attr.Name}); ok {
				continue
			}
			var owner *schema.Schema
			for _, e := range r.Resource.Extensions {
				if e.Schema.Attr(p.Attr.Name) != nil {
					if owner != nil {
						owner = nil // ambiguous: leave it to fail
						break
					}
					owner = e.Schema
				}
			}
			if owner != nil {
				op[k] = owner.ID + ":" + path
				changed = true
			}
		}
		return changed
	},
}

// managerAsValue: Entra ID sets the enterprise manager as a plain string id
// or as an array [{"$ref": ..., "value": id}], where the schema has a single
// complex value {"value": id}.
var managerAsValue = Normalization{
	Name:        "manager-as-value",
	Provider:    "Microsoft Entra ID",
	Description: `an enterprise manager given as a string id or a one-element array becomes {"value": id}`,
	Apply: func(r *Request) bool {
		visit := func(a *schema.Attribute, holder map[string]any, key string) bool {
			if a.Name != "manager" || a.Type != schema.Complex || a.MultiValued {
				return false
			}
			switch v := holder[key].(type) {
			case string:
				holder[key] = map[string]any{"value": v}
			case []any:
				switch {
				case len(v) == 0:
					holder[key] = nil
				case len(v) == 1:
					if s, ok := v[0].(string); ok {
						holder[key] = map[string]any{"value": s}
					} else {
						holder[key] = v[0]
					}
				default:
					return false
				}
			default:
				return false
			}
			return true
		}
		return walkBody(r, visit)
	},
}

// membersAsStrings: Microsoft's SCIM reference tests add members as bare
// id strings ("value": "string id 1"). Strings where member objects belong
// become {"value": id}.
var membersAsStrings = Normalization{
	Name:        "members-as-strings",
	Provider:    "Microsoft Entra ID (reference tests)",
	Description: `members given as bare id strings become {"value": id} objects`,
	Apply: func(r *Request) bool {
		visit := func(a *schema.Attribute, holder map[string]any, key string) bool {
			if a.Name != "members" || r.Resource != schema.Groups {
				return false
			}
			switch v := holder[key].(type) {
			case string:
				holder[key] = []any{map[string]any{"value": v}}
				return true
			case []any:
				changed := false
				for i, e := range v {
					if s, ok := e.(string); ok {
						v[i] = map[string]any{"value": s}
						changed = true
					}
				}
				return changed
			}
			return false
		}
		return walkBody(r, visit)
	},
}

// walkBody visits the attribute values of a create, replace or patch body.
func walkBody(r *Request, visit visitFunc) bool {
	if r.Body == nil || r.Resource == nil {
		return false
	}
	switch r.Kind {
	case Create, Replace:
		return walkDoc(r.Resource, r.Body, visit)
	case Patch:
		return walkPatchValues(r.Resource, r.Body, visit)
	}
	return false
}
