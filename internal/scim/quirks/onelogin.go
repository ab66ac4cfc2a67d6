package quirks

import (
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// SCIM 1.1 schema URNs and their SCIM 2.0 equivalents.
const (
	scim11Core       = "urn:scim:schemas:core:1.0"
	scim11Enterprise = "urn:scim:schemas:extension:enterprise:1.0"
)

// scim11URNs: OneLogin templates (and older clients) use the SCIM 1.1 URNs
// urn:scim:schemas:core:1.0 and urn:scim:schemas:extension:enterprise:1.0.
// They become the SCIM 2.0 URNs, in "schemas" and as extension keys.
var scim11URNs = Normalization{
	Name:        "scim11-urns",
	Provider:    "OneLogin",
	Description: "SCIM 1.1 schema URNs (urn:scim:schemas:core:1.0, …enterprise:1.0) become their SCIM 2.0 equivalents",
	Apply: func(r *Request) bool {
		if r.Body == nil || r.Resource == nil || (r.Kind != Create && r.Kind != Replace) {
			return false
		}
		core := r.Resource.Schema.ID
		changed := false
		if k, ok := key(r.Body, "schemas"); ok {
			if list, ok := r.Body[k].([]any); ok {
				for i, s := range list {
					str, _ := s.(string)
					switch {
					case strings.EqualFold(str, scim11Core):
						list[i], changed = core, true
					case strings.EqualFold(str, scim11Enterprise):
						list[i], changed = scim.EnterpriseUserSchema, true
					}
				}
			}
		}
		if k, ok := key(r.Body, scim11Enterprise); ok && r.Resource.ExtensionSchema(scim.EnterpriseUserSchema) != nil {
			r.Body[scim.EnterpriseUserSchema] = r.Body[k]
			delete(r.Body, k)
			changed = true
		}
		return changed
	},
}
