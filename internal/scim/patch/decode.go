// Package patch implements SCIM PATCH (RFC 7644 §3.5.2): decoding a PatchOp
// message into operations and applying them to a resource document.
//
// Apply works on canonical documents, the form schema.Normalize returns:
// canonical attribute names, extension attributes under their schema URN.
// Identity providers' deviations from the standard (capitalised op names,
// member removal by value, dotted keys in path-less values) are normalised
// by package quirks before Decode runs; this package accepts the standard.
package patch

import (
	"fmt"
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

// Op is a PATCH operation's kind.
type Op string

// The operations of RFC 7644 §3.5.2.
const (
	Add     Op = "add"
	Remove  Op = "remove"
	Replace Op = "replace"
)

// MaxOperations bounds the operations in one PATCH request, so one request
// cannot hold a transaction for long.
const MaxOperations = 1000

// Operation is one decoded PATCH operation.
type Operation struct {
	Op       Op
	Path     string // as sent; "" when absent
	Value    any    // decoded JSON; meaningful when HasValue
	HasValue bool

	path *filter.Path // Path parsed; nil when Path is ""
}

// ParsedPath returns the parsed path, or nil for a path-less operation.
func (o Operation) ParsedPath() *filter.Path { return o.path }

// NewOperation builds an operation, parsing its path; it is how code other
// than Decode makes operations (the account API, tests, quirks).
func NewOperation(op Op, path string, value any, hasValue bool) (Operation, error) {
	o := Operation{Op: op, Path: path, Value: value, HasValue: hasValue}
	if err := o.check(); err != nil {
		return Operation{}, err
	}
	return o, nil
}

func (o *Operation) check() error {
	switch o.Op {
	case Add, Remove, Replace:
	default:
		return scim.BadRequest(scim.ErrInvalidSyntax, "unknown PATCH op %q: expected add, remove or replace", truncate(string(o.Op)))
	}
	if o.Path != "" {
		p, err := filter.ParsePath(o.Path)
		if err != nil {
			return err
		}
		o.path = &p
	}
	if o.Op == Remove && o.path == nil {
		return scim.BadRequest(scim.ErrNoTarget, "a remove operation needs a path")
	}
	if o.Op != Remove && !o.HasValue {
		return scim.BadRequest(scim.ErrInvalidSyntax, "an %s operation needs a value", o.Op)
	}
	return nil
}

// Decode reads a PatchOp message (already decoded from JSON). Member names
// are matched without regard to case, as for every SCIM attribute; the op
// values themselves must be lower-case, as the RFC writes them.
func Decode(body map[string]any) ([]Operation, error) {
	schemas, ok := lookup(body, "schemas")
	if !ok {
		return nil, scim.BadRequest(scim.ErrInvalidSyntax, "a PATCH request needs schemas [%q]", scim.PatchOpMessage)
	}
	if !containsString(schemas, scim.PatchOpMessage) {
		return nil, scim.BadRequest(scim.ErrInvalidSyntax, "a PATCH request's schemas must be [%q]", scim.PatchOpMessage)
	}
	raw, ok := lookup(body, "Operations")
	if !ok {
		return nil, scim.BadRequest(scim.ErrInvalidSyntax, "a PATCH request needs Operations")
	}
	list, ok := raw.([]any)
	if !ok || len(list) == 0 {
		return nil, scim.BadRequest(scim.ErrInvalidSyntax, "Operations must be a non-empty array")
	}
	if len(list) > MaxOperations {
		return nil, scim.NewError(413, scim.ErrTooMany, "a PATCH request may hold at most %d operations", MaxOperations)
	}
	ops := make([]Operation, 0, len(list))
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, scim.BadRequest(scim.ErrInvalidSyntax, "Operations[%d] must be an object", i)
		}
		op, err := decodeOne(m)
		if err != nil {
			if e, ok := scim.AsError(err); ok {
				return nil, &scim.Error{Status: e.Status, ScimType: e.ScimType, Detail: fmt.Sprintf("Operations[%d]: %s", i, e.Detail)}
			}
			return nil, err
		}
		ops = append(ops, op)
	}
	return ops, nil
}

func decodeOne(m map[string]any) (Operation, error) {
	var o Operation
	rawOp, _ := lookup(m, "op")
	s, ok := rawOp.(string)
	if !ok {
		return o, scim.BadRequest(scim.ErrInvalidSyntax, "op must be a string")
	}
	o.Op = Op(s)
	if rawPath, ok := lookup(m, "path"); ok && rawPath != nil {
		p, ok := rawPath.(string)
		if !ok {
			return o, scim.BadRequest(scim.ErrInvalidPath, "path must be a string")
		}
		o.Path = strings.TrimSpace(p)
	}
	o.Value, o.HasValue = lookup(m, "value")
	return o, o.check()
}

// lookup finds a member of a JSON object without regard to case.
func lookup(m map[string]any, name string) (any, bool) {
	if v, ok := m[name]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

func containsString(v any, want string) bool {
	list, ok := v.([]any)
	if !ok {
		return false
	}
	for _, s := range list {
		if s, ok := s.(string); ok && strings.EqualFold(s, want) {
			return true
		}
	}
	return false
}

// truncate keeps error details short whatever a client sends.
func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}
