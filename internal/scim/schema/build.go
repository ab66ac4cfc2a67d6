package schema

// The helpers below keep the definitions in user.go, group.go and
// enterprise.go close to the RFC's tables: each builder starts from the
// characteristics most RFC 7643 attributes share (single-valued, optional,
// case-insensitive, readWrite, returned by default, not unique) and the
// chained setters state only what differs.

func newAttr(name string, t Type, desc string) *Attribute {
	return &Attribute{Name: name, Type: t, Description: desc, Mutability: ReadWrite, Returned: Default, Uniqueness: None}
}

func str(name, desc string) *Attribute     { return newAttr(name, String, desc) }
func boolean(name, desc string) *Attribute { return newAttr(name, Boolean, desc) }

func ref(name, desc string, referenceTypes ...string) *Attribute {
	a := newAttr(name, Reference, desc)
	a.ReferenceTypes = referenceTypes
	return a
}

// complexOf builds a single-valued complex attribute; chain multi() for a
// multi-valued one.
func complexOf(name, desc string, subs ...*Attribute) *Attribute {
	a := newAttr(name, Complex, desc)
	a.SubAttributes = subs
	return a
}

func (a *Attribute) multi() *Attribute { a.MultiValued = true; return a }

func (a *Attribute) required() *Attribute { a.Required = true; return a }

func (a *Attribute) mutability(m Mutability) *Attribute { a.Mutability = m; return a }

func (a *Attribute) returned(r Returned) *Attribute { a.Returned = r; return a }

func (a *Attribute) uniqueness(u Uniqueness) *Attribute { a.Uniqueness = u; return a }

func (a *Attribute) canonical(values ...string) *Attribute { a.CanonicalValues = values; return a }

// subsMutability sets the mutability of all of a's sub-attributes
// (User.groups' are readOnly, Group.members' immutable).
func (a *Attribute) subsMutability(m Mutability) *Attribute {
	for _, s := range a.SubAttributes {
		s.Mutability = m
	}
	return a
}

// The sub-attributes that multi-valued attributes share (RFC 7643 §2.4).

func displaySub() *Attribute {
	return str("display", "A human-readable name, primarily used for display purposes. READ-ONLY.")
}

// primarySub describes "primary"; example completes "e.g., the preferred
// ..." and may be "".
func primarySub(example string) *Attribute {
	d := "A Boolean value indicating the 'primary' or preferred attribute value for this attribute"
	if example != "" {
		d += ", e.g., " + example
	}
	return boolean("primary", d+". The primary attribute value 'true' MUST appear no more than once.")
}

func typeSub(desc string, canonicalValues ...string) *Attribute {
	return str("type", desc).canonical(canonicalValues...)
}
