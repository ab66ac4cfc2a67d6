package sqlstore

import (
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// orderBy is the ORDER BY list for sorting by the attribute q.SortBy (RFC 7644
// §3.4.2.3): strings by code point, folded unless caseExact; a
// multi-valued attribute by its primary value, else its first; resources
// without a value last when ascending and first when descending; and the
// creation order (seq) breaking ties, whichever the direction.
func orderBy(d dialect, res *resource, q store.Query) (string, error) {
	seq := res.alias + ".seq"
	if q.SortBy == nil {
		return seq, nil
	}
	key, err := sortKey(newCompiler(d, res, q.Scope), *q.SortBy)
	if err != nil {
		return "", err
	}
	if key == "" {
		return seq, nil
	}
	if q.Descending {
		return key + " DESC NULLS FIRST, " + seq, nil
	}
	return key + " ASC NULLS LAST, " + seq, nil
}

func badSort(by filter.AttrPath, why string) error {
	return scim.BadRequest(scim.ErrInvalidValue, "cannot sort by %q: %s", by.String(), why)
}

// sortKey is the expression to sort by, or "" when every resource has the
// same value (meta.resourceType).
func sortKey(c *compiler, by filter.AttrPath) (string, error) {
	r, ok := c.res.rt.Resolve(by)
	if !ok {
		return "", badSort(by, "unknown attribute")
	}
	t, err := c.target(r, nil)
	if err != nil {
		return "", badSort(by, "not a sortable attribute")
	}
	if t.op != nil {
		return c.sortExpr(*t.op, by)
	}
	sub := r.Sub
	if sub == nil {
		if t.rows == nil || t.attr.Type != schema.Complex {
			return "", badSort(by, "name a sub-attribute of the complex attribute")
		}
		if sub = t.attr.Sub("value"); sub == nil {
			return "", badSort(by, "name one of its sub-attributes")
		}
	}
	o, err := t.sub(sub)
	if err != nil {
		return "", badSort(by, "not a sortable attribute")
	}
	x, err := c.sortExpr(o, by)
	if err != nil || t.rows == nil || x == "" {
		return x, err
	}
	where := t.rows.where
	if t.rows.inner != "" {
		where = t.rows.inner + " = " + t.rows.outer + " AND " + where
	}
	return "(SELECT " + x + " FROM " + t.rows.from + " WHERE " + where + " ORDER BY " + t.rows.first + " LIMIT 1)", nil
}

// sortExpr is the value an operand sorts by.
func (c *compiler) sortExpr(o operand, by filter.AttrPath) (string, error) {
	switch o.kind {
	case opConst:
		return "", nil
	case opActive:
		return "(" + o.sql + " <> 'suspended')", nil
	case opMicros:
		return o.sql, nil
	}
	switch o.def.Type {
	case schema.String, schema.Reference, schema.Binary:
		x := o.sql
		if o.kind == opJSON {
			x = c.d.jsonText(o.ref)
		}
		if !o.def.CaseExact && !o.keyed {
			x = c.d.fold(x)
		}
		return c.d.ordered(x), nil
	case schema.Integer, schema.Decimal:
		if o.kind == opJSON {
			return c.d.jsonNumber(o.ref), nil
		}
	case schema.DateTime:
		if o.kind == opJSON {
			return c.d.ordered("scim_time_key(" + c.d.jsonText(o.ref) + ")"), nil
		}
	case schema.Boolean:
		if o.kind == opJSON {
			return "(CASE WHEN " + c.d.jsonBool(o.ref, true) + " THEN 1 WHEN " + c.d.jsonBool(o.ref, false) + " THEN 0 END)", nil
		}
		return "(CASE WHEN " + o.sql + " THEN 1 ELSE 0 END)", nil
	}
	return "", badSort(by, "not a sortable attribute")
}
