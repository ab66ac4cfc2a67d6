package filter

import (
	"slices"
	"strings"
)

// Fold is the case folding used for attributes that are not caseExact:
// strings.ToLower, so non-ASCII letters fold too. The SQL store folds stored
// values and filter values with it so both sides agree with Match.
func Fold(s string) string { return strings.ToLower(s) }

// Check validates a parsed filter against a schema without a document:
// every attribute is known, each value has the JSON kind the attribute's
// type needs, each operator is allowed for the type, and dateTime values
// parse. The errors are the invalidFilter errors Match gives. The rules, by
// type:
//
//   - string, reference: eq ne co sw ew gt ge lt le with a string;
//   - binary: eq ne with a string;
//   - dateTime: eq ne gt ge lt le with a string that is an xsd:dateTime;
//     co sw ew with any string (they compare text, so "2011-05" works);
//   - integer, decimal: eq ne gt ge lt le with a number;
//   - boolean: eq ne with true or false;
//   - complex: only pr, eq null and ne null, except that a multi-valued
//     complex attribute without a sub-attribute compares its "value"
//     sub-attribute (emails co "example.com");
//   - any type: pr, and eq or ne with null.
func Check(e Expr, s Schema) error {
	return check(e, scope{schema: s})
}

// scope is where attribute paths resolve: at the top of a resource, or
// inside a value filter, among the sub-attributes of outer.
type scope struct {
	schema Schema
	outer  *AttrPath
}

func check(e Expr, sc scope) error {
	switch e := e.(type) {
	case *And:
		if err := check(e.Left, sc); err != nil {
			return err
		}
		return check(e.Right, sc)
	case *Or:
		if err := check(e.Left, sc); err != nil {
			return err
		}
		return check(e.Right, sc)
	case *Not:
		return check(e.X, sc)
	case *Present:
		_, err := sc.lookup(e.Path)
		return err
	case *Compare:
		_, _, err := sc.compareTarget(e)
		return err
	case *ValuePath:
		inner, err := sc.valueScope(e)
		if err != nil {
			return err
		}
		return check(e.Filter, inner)
	}
	return filterError("missing or unknown filter expression")
}

// lookup asks the schema about p. Inside a value filter p is a bare
// sub-attribute name and the question is about outer.p.
func (sc scope) lookup(p AttrPath) (AttrInfo, error) {
	q := p
	if sc.outer != nil {
		if p.URN != "" || p.Sub != "" {
			return AttrInfo{}, filterError("inside a value filter, name a sub-attribute without prefix, not %s", echo(p.String()))
		}
		q = AttrPath{URN: sc.outer.URN, Name: sc.outer.Name, Sub: p.Name}
	}
	info, ok := sc.schema.Attribute(q)
	if !ok {
		return AttrInfo{}, filterError("unknown attribute %s", echo(q.String()))
	}
	return info, nil
}

// valueScope checks the attribute of a value filter and returns the scope
// its filter runs in.
func (sc scope) valueScope(e *ValuePath) (scope, error) {
	if sc.outer != nil {
		return scope{}, filterError("value filters may not nest (%s inside %s)", echo(e.Path.String()), echo(sc.outer.String()))
	}
	if e.Path.Sub != "" {
		return scope{}, filterError("a value filter must follow an attribute, not a sub-attribute (%s)", echo(e.Path.String()))
	}
	info, err := sc.lookup(e.Path)
	if err != nil {
		return scope{}, err
	}
	if info.Type != "complex" {
		return scope{}, filterError("value filter on %s, which is not a complex attribute", echo(e.Path.String()))
	}
	if e.Filter == nil {
		return scope{}, filterError("empty value filter on %s", echo(e.Path.String()))
	}
	return scope{schema: sc.schema, outer: &e.Path}, nil
}

// compareTarget resolves the attribute a comparison reads and checks the
// operator and value against its type. For a multi-valued complex
// attribute named without a sub-attribute, the target is its "value"
// sub-attribute (RFC 7644 §3.4.2.2, "emails co ..."); comparisons with null
// target the attribute itself.
func (sc scope) compareTarget(c *Compare) (AttrPath, AttrInfo, error) {
	info, err := sc.lookup(c.Path)
	if err != nil {
		return AttrPath{}, AttrInfo{}, err
	}
	path := c.Path
	if _, ok := ops[string(c.Op)]; !ok || c.Op == Pr {
		return AttrPath{}, AttrInfo{}, filterError("invalid operator %s for a comparison", echo(string(c.Op)))
	}
	if c.Value.Kind == NullValue {
		if c.Op != Eq && c.Op != Ne {
			return AttrPath{}, AttrInfo{}, filterError("operator %q cannot compare with null, only eq and ne can", c.Op)
		}
		return path, info, nil
	}
	if info.Type == "complex" {
		if sc.outer != nil || path.Sub != "" || !info.MultiValued {
			return AttrPath{}, AttrInfo{}, filterError("attribute %s is complex: compare one of its sub-attributes", echo(path.String()))
		}
		path.Sub = "value"
		sub, ok := sc.schema.Attribute(path)
		if !ok || sub.Type == "complex" {
			return AttrPath{}, AttrInfo{}, filterError("attribute %s is complex and has no value sub-attribute: compare one of its sub-attributes", echo(c.Path.String()))
		}
		info = sub
	}
	if err := checkOperand(c, info); err != nil {
		return AttrPath{}, AttrInfo{}, err
	}
	return path, info, nil
}

// checkOperand checks c's operator and value against the type in info.
func checkOperand(c *Compare, info AttrInfo) error {
	var kind ValueKind
	var allowed string // operators, space-separated
	switch info.Type {
	case "string", "reference":
		kind, allowed = StringValue, "eq ne co sw ew gt ge lt le"
	case "binary":
		kind, allowed = StringValue, "eq ne"
	case "dateTime":
		kind, allowed = StringValue, "eq ne co sw ew gt ge lt le"
	case "integer", "decimal":
		kind, allowed = NumberValue, "eq ne gt ge lt le"
	case "boolean":
		kind, allowed = BoolValue, "eq ne"
	default:
		return filterError("attribute %s has type %s, which filters cannot compare", echo(c.Path.String()), echo(info.Type))
	}
	if !slices.Contains(strings.Fields(allowed), string(c.Op)) {
		return filterError("operator %q is not allowed on %s attribute %s (allowed: %s pr)", c.Op, info.Type, echo(c.Path.String()), allowed)
	}
	if c.Value.Kind != kind {
		return filterError("attribute %s is %s: compare it with %s, not %s", echo(c.Path.String()), info.Type, kindName(kind), describeValue(c.Value))
	}
	switch {
	case kind == NumberValue && !isJSONNumber(c.Value.Str):
		return filterError("malformed number %s", echo(c.Value.Str))
	case info.Type == "dateTime" && c.Op != Co && c.Op != Sw && c.Op != Ew:
		if _, ok := parseDateTime(c.Value.Str); !ok {
			return filterError("value %s for dateTime attribute %s is not a date and time such as \"2011-05-13T04:42:34Z\"", echo(c.Value.Str), echo(c.Path.String()))
		}
	}
	return nil
}

func kindName(k ValueKind) string {
	switch k {
	case StringValue:
		return "a string"
	case NumberValue:
		return "a number"
	case BoolValue:
		return "true or false"
	}
	return "null"
}

func describeValue(v Value) string {
	if v.Kind == StringValue {
		return "the string " + echo(v.Str)
	}
	return echo(v.String())
}
