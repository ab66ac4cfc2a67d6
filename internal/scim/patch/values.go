package patch

import "github.com/scimbridge/scimbridge/internal/scim/filter"

// deepCopy copies decoded JSON so Apply never changes its input.
func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = deepCopy(e)
		}
		return out
	default:
		return v
	}
}

func attrPath(name string) filter.AttrPath { return filter.AttrPath{Name: name} }

// mustPath parses a path known to be valid (an attribute's own name).
func mustPath(s string) *filter.Path {
	p, err := filter.ParsePath(s)
	if err != nil {
		panic("patch: invalid built-in path " + s)
	}
	return &p
}
