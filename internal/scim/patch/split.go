package patch

import (
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// Split separates the operations on one top-level core attribute from the
// rest, so a caller can apply them its own way: the account keeps a group's
// members apart from its document, because a group can have 100,000 of
// them. A path-less operation whose value holds the attribute is split in
// two, an operation on the attribute's path and the rest. The order of the
// operations on the attribute is kept.
func Split(rt *schema.ResourceType, ops []Operation, attr string) (on, rest []Operation) {
	a := rt.Schema.Attr(attr)
	for _, op := range ops {
		p := op.ParsedPath()
		if p != nil {
			r, ok := rt.Resolve(p.Attr)
			if ok && r.Attr == a {
				on = append(on, op)
			} else {
				rest = append(rest, op)
			}
			continue
		}
		value, ok := op.Value.(map[string]any)
		if !ok {
			rest = append(rest, op)
			continue
		}
		others := make(map[string]any, len(value))
		var found bool
		var v any
		for k, kv := range value {
			if strings.EqualFold(k, a.Name) {
				found, v = true, kv
			} else {
				others[k] = kv
			}
		}
		if !found {
			rest = append(rest, op)
			continue
		}
		on = append(on, Operation{Op: op.Op, Path: a.Name, Value: v, HasValue: true, path: mustPath(a.Name)})
		if len(others) > 0 {
			rest = append(rest, Operation{Op: op.Op, Value: others, HasValue: true})
		}
	}
	return on, rest
}
