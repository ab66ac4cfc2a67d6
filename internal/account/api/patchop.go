package api

import (
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

// patchMessage encodes operations as the SCIM PatchOp message the server
// decodes with patch.Decode: "path" only when the operation has one,
// "value" only when it has one (a value of null is sent as null).
func patchMessage(ops []patch.Operation) map[string]any {
	list := make([]any, len(ops))
	for i, op := range ops {
		m := map[string]any{"op": string(op.Op)}
		if op.Path != "" {
			m["path"] = op.Path
		}
		if op.HasValue {
			m["value"] = op.Value
		}
		list[i] = m
	}
	return map[string]any{"schemas": []string{scim.PatchOpMessage}, "Operations": list}
}
