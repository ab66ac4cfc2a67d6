package quirks

import "strings"

// oktaUnchangedID: with every group membership change Okta also sends
// {"op":"replace","value":{"id":"…","displayName":"…"}}, repeating the
// group's own id. id is readOnly, so the strict core would refuse the
// operation; the id is dropped when it is the id in the URL (a different id
// is left for the core to refuse).
var oktaUnchangedID = Normalization{
	Name:        "okta-unchanged-id",
	Provider:    "Okta",
	Description: "a path-less replace that repeats the resource's own id drops the id",
	Apply: func(r *Request) bool {
		if r.Kind != Patch || r.ID == "" {
			return false
		}
		changed := false
		for _, op := range operations(r.Body) {
			if p, _ := stringField(op, "path"); p != "" {
				continue
			}
			vk, _ := key(op, "value")
			value, ok := op[vk].(map[string]any)
			if !ok {
				continue
			}
			if ik, ok := key(value, "id"); ok {
				if id, _ := value[ik].(string); id == r.ID {
					delete(value, ik)
					changed = true
				}
			}
		}
		return changed
	},
}

// PatchWantsResource reports whether the client expects a PATCH response
// to carry the resource (200) rather than no content (204). RFC 7644
// §3.5.2 allows either. Okta's documentation shows 200 with the resource
// for its user PATCH; Microsoft's clients and reference tests expect 204.
// Any client can ask for the resource with the attributes or
// excludedAttributes parameters.
func PatchWantsResource(userAgent string, asked bool) bool {
	return asked || strings.Contains(strings.ToLower(userAgent), "okta")
}
