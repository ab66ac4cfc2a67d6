package sqlstore

import (
	"slices"
	"strings"

	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// resource is a table of SCIM resources and how its attributes map to SQL.
type resource struct {
	rt    *schema.ResourceType
	table string // "people"
	alias string // "p"
	// provisioning is the condition for store.ScopeProvisioning.
	provisioning string
	// core maps the core attributes that have columns or rows of their
	// own; the rest live in the JSON attributes column.
	core func(c *compiler, a *schema.Attribute, subs []string) (target, bool)
	// unique names the core attributes whose column has a unique index
	// (besides id): an equality on one matches one row at most.
	unique string
}

var (
	peopleResource = &resource{rt: schema.Users, table: "people", alias: "p", provisioning: "p.provisioned = TRUE", core: peopleCore, unique: "userName"}
	groupsResource = &resource{rt: schema.Groups, table: "groups", alias: "g", provisioning: "g.managed = TRUE", core: groupsCore, unique: "displayName"}
)

// target is what an attribute resolves to.
type target struct {
	attr *schema.Attribute
	// op is a simple single-valued attribute's value.
	op *operand
	// sub gives the operand of a sub-attribute of a complex attribute; nil
	// stands for the value itself (of a multi-valued simple attribute).
	sub func(sub *schema.Attribute) (operand, error)
	// rows, for a multi-valued attribute, are its values, one per row.
	rows *rowSource
	// present is the condition that the attribute (single-valued complex)
	// or one of its values (multi-valued, inside rows) is present.
	present string
}

// rowSource is where the values of a multi-valued attribute are rows.
type rowSource struct {
	from string // the FROM list
	// For rows of a table, outer is the resource's key and inner the rows'
	// column that refers to it: a condition on the rows becomes
	// "outer IN (SELECT inner FROM … WHERE …)", so that an index on the rows
	// (emails by value, memberships by person) drives the query. For the
	// elements of a JSON array, both are empty: from refers to the resource.
	outer, inner string
	where        string // what every row must meet besides belonging ("TRUE")
	// first orders the values so that the primary one, else the first,
	// comes first (for sorting by a multi-valued attribute).
	first string
}

// target resolves r. subs are the sub-attributes the filter will compare,
// which decides between person_emails and the JSON for emails.
func (c *compiler) target(r schema.Resolved, subs []string) (target, error) {
	a, alias := r.Attr, c.res.alias
	switch {
	case r.Schema == nil: // id, externalId, meta
		return c.commonTarget(a)
	case a.Returned == schema.Never:
		return target{}, invalid("attribute %q cannot be used in a filter", a.Name)
	case !r.Extension(c.res.rt):
		if t, ok := c.res.core(c, a, subs); ok {
			return t, nil
		}
	}
	ref := jsonRef{doc: alias + ".attributes"}
	if r.Extension(c.res.rt) {
		ref = ref.child(r.Schema.ID)
	}
	return c.jsonTarget(a, ref.child(a.Name)), nil
}

func (c *compiler) commonTarget(a *schema.Attribute) (target, error) {
	alias := c.res.alias
	switch a.Name {
	case "id":
		o := textColumn(a, alias+".id", "", false)
		return target{attr: a, op: &o}, nil
	case "externalId":
		o := textColumn(a, alias+".external_id", "", true)
		return target{attr: a, op: &o}, nil
	}
	// meta: its sub-attributes are columns, or the resource type.
	return target{attr: a, present: "TRUE", sub: func(s *schema.Attribute) (operand, error) {
		switch s.Name {
		case "created":
			return operand{kind: opMicros, def: s, sql: alias + ".created_us"}, nil
		case "lastModified":
			return operand{kind: opMicros, def: s, sql: alias + ".modified_us"}, nil
		case "resourceType":
			return operand{kind: opConst, def: s, constant: c.res.rt.ID}, nil
		}
		return operand{}, invalid("attribute %q cannot be used in a filter", "meta."+s.Name)
	}}, nil
}

// jsonTarget reads the attribute at ref in the JSON attributes column.
func (c *compiler) jsonTarget(a *schema.Attribute, ref jsonRef) target {
	switch {
	case a.MultiValued:
		from, elem, pos := c.d.jsonElements(ref, c.next())
		first := pos
		if p := a.Sub("primary"); p != nil && p.Type == schema.Boolean {
			first = "CASE WHEN " + c.d.jsonBool(elem.child(p.Name), true) + " THEN 0 ELSE 1 END, " + pos
		}
		return target{
			attr:    a,
			rows:    &rowSource{from: from, where: "TRUE", first: first},
			present: c.d.jsonPresent(elem),
			sub: func(s *schema.Attribute) (operand, error) {
				if s == nil {
					return operand{kind: opJSON, def: a, ref: elem}, nil
				}
				return operand{kind: opJSON, def: s, ref: elem.child(s.Name)}, nil
			},
		}
	case a.Type == schema.Complex:
		return target{attr: a, present: c.d.jsonPresent(ref), sub: func(s *schema.Attribute) (operand, error) {
			return operand{kind: opJSON, def: s, ref: ref.child(s.Name)}, nil
		}}
	}
	return target{attr: a, op: &operand{kind: opJSON, def: a, ref: ref}}
}

// nameKeyColumns are the key columns of sub-attributes of name.
var nameKeyColumns = map[string]string{"givenName": "p.given_name_key", "familyName": "p.family_name_key"}

// peopleCore maps the User attributes that have columns or tables.
func peopleCore(c *compiler, a *schema.Attribute, subs []string) (target, bool) {
	switch a.Name {
	case "userName":
		o := textColumn(a, "p.user_name", "p.user_name_key", false)
		return target{attr: a, op: &o}, true
	case "displayName":
		o := textColumn(a, "p.display_name", "p.display_name_key", true)
		return target{attr: a, op: &o}, true
	case "active":
		return target{attr: a, op: &operand{kind: opActive, def: a, sql: "p.state"}}, true
	case "name":
		// givenName and familyName have indexed key columns holding the
		// folded string of the JSON ('' for "", NULL when there is none:
		// nameKey), so they compare as the JSON would; the other
		// sub-attributes are read from the JSON.
		t := c.jsonTarget(a, jsonRef{doc: "p.attributes"}.child(a.Name))
		inJSON := t.sub
		t.sub = func(s *schema.Attribute) (operand, error) {
			if col, ok := nameKeyColumns[s.Name]; ok && !s.CaseExact {
				return operand{kind: opColumn, def: s, sql: col, keyed: true, nullable: true}, nil
			}
			return inJSON(s)
		}
		return t, true
	case "emails":
		// person_emails holds value and type, indexed; a filter on any
		// other sub-attribute reads the JSON instead (primary: absent
		// there means no value, not false).
		for _, s := range subs {
			if !slices.ContainsFunc([]string{"value", "type"}, func(n string) bool { return strings.EqualFold(n, s) }) {
				return target{}, false
			}
		}
		e := c.next()
		return target{
			attr: a,
			rows: &rowSource{from: "person_emails " + e, outer: "p.id", inner: e + ".person_id", where: "TRUE",
				first: e + ".is_primary DESC, " + e + ".ord"},
			present: "TRUE",
			sub: func(s *schema.Attribute) (operand, error) {
				switch s.Name {
				case "value":
					return textColumn(s, e+".value", e+".value_key", false), nil
				case "type":
					return textColumn(s, e+".type", e+".type_key", true), nil
				}
				return operand{}, invalid("attribute %q cannot be used in a filter here", "emails."+s.Name)
			},
		}, true
	case "groups":
		// The groups provisioning may see: the managed ones.
		m, g := c.next(), c.next()
		return target{
			attr: a,
			rows: &rowSource{
				from:  "memberships " + m + " JOIN groups " + g + " ON " + g + ".id = " + m + ".group_id",
				outer: "p.id", inner: m + ".person_id",
				where: g + ".managed = TRUE",
				first: m + ".added_seq",
			},
			present: "TRUE",
			sub: func(s *schema.Attribute) (operand, error) {
				switch s.Name {
				case "value":
					return textColumn(s, m+".group_id", m+".group_key", false), nil
				case "display":
					return textColumn(s, g+".display_name", g+".display_name_key", false), nil
				case "type":
					return operand{kind: opConst, def: s, constant: "direct"}, nil
				}
				return operand{}, invalid("attribute %q cannot be used in a filter", "groups."+s.Name)
			},
		}, true
	}
	return target{}, false
}

// groupsCore maps the Group attributes that have columns or tables.
func groupsCore(c *compiler, a *schema.Attribute, _ []string) (target, bool) {
	switch a.Name {
	case "displayName":
		o := textColumn(a, "g.display_name", "g.display_name_key", false)
		return target{attr: a, op: &o}, true
	case "members":
		// Provisioning sees only the provisioned people among the members.
		m, p := c.next(), c.next()
		where := "TRUE"
		if c.scope == store.ScopeProvisioning {
			where = p + ".provisioned = TRUE"
		}
		return target{
			attr: a,
			rows: &rowSource{
				from:  "memberships " + m + " JOIN people " + p + " ON " + p + ".id = " + m + ".person_id",
				outer: "g.id", inner: m + ".group_id",
				where: where,
				first: m + ".added_seq",
			},
			present: "TRUE",
			sub: func(s *schema.Attribute) (operand, error) {
				switch s.Name {
				case "value":
					return textColumn(s, m+".person_id", m+".person_key", false), nil
				case "display":
					// As Members shows it: the given display, else the
					// person's display name, else their userName.
					return textColumn(s,
						"COALESCE("+m+".display, "+p+".display_name, "+p+".user_name)",
						"COALESCE("+m+".display_key, "+p+".display_name_key, "+p+".user_name_key)", false), nil
				case "type":
					return operand{kind: opConst, def: s, constant: "User"}, nil
				}
				return operand{}, invalid("attribute %q cannot be used in a filter", "members."+s.Name)
			},
		}, true
	}
	return target{}, false
}
