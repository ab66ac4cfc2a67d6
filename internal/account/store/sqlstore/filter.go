package sqlstore

import (
	"strconv"

	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// A SCIM filter compiles to a WHERE condition over one resource table. Every
// condition the compiler emits is TRUE or FALSE, never NULL (a missing value
// makes a comparison FALSE, not unknown), so NOT, AND and OR keep their
// two-valued meaning and "ne" can be exactly "not eq", as filter.Match has it.
//
// Attribute paths resolve against the resource type (any case) to a target:
// a column, a JSON value in the attributes column, or rows (emails,
// memberships, elements of a JSON array) that an EXISTS ranges over, so that
// the conditions of a value filter hold on one value.

// compiler builds one WHERE condition and its arguments, in order.
type compiler struct {
	d     dialect
	res   *resource
	scope store.Scope // provisioning sees only provisioned people as members
	args  []any
	alias int
}

func newCompiler(d dialect, res *resource, scope store.Scope) *compiler {
	return &compiler{d: d, res: res, scope: scope}
}

// compile checks e against the schema (unknown attributes, values of the
// wrong kind: *scim.Error invalidFilter) and translates it.
func (c *compiler) compile(e filter.Expr) (string, error) {
	if err := filter.Check(e, c.res.rt); err != nil {
		return "", err
	}
	return c.expr(e, nil)
}

// next is a fresh table alias.
func (c *compiler) next() string {
	c.alias++
	return "f" + strconv.Itoa(c.alias)
}

func (c *compiler) arg(v any) string {
	c.args = append(c.args, v)
	return "?"
}

// invalid is the error for a filter the store cannot run.
func invalid(format string, args ...any) error {
	return scim.BadRequest(scim.ErrInvalidFilter, format, args...)
}

// expr translates e. Inside a value filter, in is the outer attribute's
// target and paths name its sub-attributes.
func (c *compiler) expr(e filter.Expr, in *target) (string, error) {
	switch e := e.(type) {
	case *filter.And:
		return c.binary(e.Left, " AND ", e.Right, in)
	case *filter.Or:
		return c.binary(e.Left, " OR ", e.Right, in)
	case *filter.Not:
		x, err := c.expr(e.X, in)
		if err != nil {
			return "", err
		}
		return "NOT (" + x + ")", nil
	case *filter.Compare:
		return c.cond(e.Path, e.Op, e.Value, in)
	case *filter.Present:
		return c.cond(e.Path, filter.Pr, filter.Value{}, in)
	case *filter.ValuePath:
		if in != nil {
			return "", invalid("value filters may not nest")
		}
		return c.valuePath(e)
	}
	return "", invalid("unsupported filter expression %T", e)
}

func (c *compiler) binary(l filter.Expr, op string, r filter.Expr, in *target) (string, error) {
	ls, err := c.expr(l, in)
	if err != nil {
		return "", err
	}
	rs, err := c.expr(r, in)
	if err != nil {
		return "", err
	}
	return "(" + ls + op + rs + ")", nil
}

// cond translates one comparison, first rewriting what filter.Match defines
// by other operators: "ne" is "not eq", "eq null" is "not pr" and
// "ne null" is "pr".
func (c *compiler) cond(p filter.AttrPath, op filter.Op, v filter.Value, in *target) (string, error) {
	switch {
	case op != filter.Pr && v.Kind == filter.NullValue:
		if op != filter.Eq && op != filter.Ne {
			return "", invalid("operator %q cannot compare with null", op)
		}
		x, err := c.cond(p, filter.Pr, filter.Value{}, in)
		if err != nil || op == filter.Ne {
			return x, err
		}
		return "NOT (" + x + ")", nil
	case op == filter.Ne:
		x, err := c.cond(p, filter.Eq, v, in)
		if err != nil {
			return "", err
		}
		return "NOT (" + x + ")", nil
	case in != nil:
		return c.inner(p, op, v, in)
	}
	return c.top(p, op, v)
}

// top translates a comparison (not ne, not with null) of a resource's
// attribute.
func (c *compiler) top(p filter.AttrPath, op filter.Op, v filter.Value) (string, error) {
	r, ok := c.res.rt.Resolve(p)
	if !ok {
		return "", invalid("unknown attribute %q in filter", p.String())
	}
	var subs []string
	if r.Sub != nil {
		subs = []string{r.Sub.Name}
	}
	t, err := c.target(r, subs)
	if err != nil {
		return "", err
	}
	if t.op != nil {
		return c.leaf(*t.op, op, v)
	}
	sub, x := r.Sub, ""
	if sub == nil && op == filter.Pr {
		x = t.present
	} else {
		if sub == nil {
			if t.rows == nil {
				return "", invalid("attribute %q is complex: compare one of its sub-attributes", p.String())
			}
			// A multi-valued complex attribute compares its value
			// (emails co "@example.com"); a multi-valued simple one, its
			// values themselves (sub stays nil).
			if t.attr.Type == schema.Complex {
				if sub = t.attr.Sub("value"); sub == nil {
					return "", invalid("attribute %q has no value sub-attribute: compare one of its sub-attributes", p.String())
				}
			}
		}
		o, err := t.sub(sub)
		if err != nil {
			return "", err
		}
		if x, err = c.leaf(o, op, v); err != nil {
			return "", err
		}
	}
	if t.rows != nil {
		return c.exists(t.rows, x), nil
	}
	return x, nil
}

// inner translates a comparison inside a value filter: p names a
// sub-attribute of the outer attribute.
func (c *compiler) inner(p filter.AttrPath, op filter.Op, v filter.Value, in *target) (string, error) {
	if p.URN != "" || p.Sub != "" {
		return "", invalid("inside a value filter, name a sub-attribute without prefix, not %q", p.String())
	}
	sub := in.attr.Sub(p.Name)
	if sub == nil {
		return "", invalid("unknown attribute %q in filter", in.attr.Name+"."+p.Name)
	}
	o, err := in.sub(sub)
	if err != nil {
		return "", err
	}
	return c.leaf(o, op, v)
}

// valuePath translates attr[filter]: the whole inner filter must hold on one
// value of a multi-valued attribute, or on the value of a complex one.
func (c *compiler) valuePath(e *filter.ValuePath) (string, error) {
	r, ok := c.res.rt.Resolve(e.Path)
	if !ok || r.Sub != nil {
		return "", invalid("unknown attribute %q in filter", e.Path.String())
	}
	if r.Attr.Type != schema.Complex {
		return "", invalid("value filter on %q, which is not a complex attribute", e.Path.String())
	}
	t, err := c.target(r, subNames(e.Filter, nil))
	if err != nil {
		return "", err
	}
	x, err := c.expr(e.Filter, &t)
	if err != nil {
		return "", err
	}
	if t.rows != nil {
		return c.exists(t.rows, x), nil
	}
	return x, nil
}

// exists is the condition that one of the rows meets cond.
func (c *compiler) exists(rows *rowSource, cond string) string {
	if rows.inner != "" {
		return rows.outer + " IN (SELECT " + rows.inner + " FROM " + rows.from + " WHERE " + rows.where + " AND " + cond + ")"
	}
	return "EXISTS (SELECT 1 FROM " + rows.from + " WHERE " + rows.where + " AND " + cond + ")"
}

// subNames lists the attribute names a value filter's conditions use.
func subNames(e filter.Expr, out []string) []string {
	switch e := e.(type) {
	case *filter.And:
		return subNames(e.Right, subNames(e.Left, out))
	case *filter.Or:
		return subNames(e.Right, subNames(e.Left, out))
	case *filter.Not:
		return subNames(e.X, out)
	case *filter.Compare:
		return append(out, e.Path.Name)
	case *filter.Present:
		return append(out, e.Path.Name)
	}
	return out
}
