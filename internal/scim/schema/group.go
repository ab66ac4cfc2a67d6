package schema

import "github.com/scimbridge/scimbridge/internal/scim"

// Group is the core Group schema of RFC 7643 §4.2 and §8.7.1, with three
// deliberate deviations:
//
//   - displayName is required: §4.2 says REQUIRED, while the §8.7.1 JSON
//     says "required": false. A group without a name cannot be shown to
//     anyone, so we follow the prose. It is also unique (uniqueness
//     "server", case-insensitive): the account tells its groups apart by
//     name, and providers look groups up by it.
//   - members has a "display" sub-attribute (string, immutable, returned by
//     default) besides value, $ref and type: identity providers send the
//     member's name in it and clients expect to read it back.
//   - members.value is required: a member without the id of the resource it
//     stands for means nothing (§4.2 allows service providers to require
//     sub-attributes of members).
//   - members are Users only: groups do not nest (a group's id, or type
//     "Group", as a member is 400 invalidValue), so members.type's
//     canonical value and members.$ref's referenceTypes name User alone
//     where §8.7.1 has "User", "Group".
var Group = &Schema{
	ID:          scim.GroupSchema,
	Name:        "Group",
	Description: "Group",
	Attributes: []*Attribute{
		str("displayName", "A human-readable name for the Group. REQUIRED.").required().uniqueness(Server), // §4.2; the §8.7.1 JSON says false
		complexOf("members", "A list of members of the Group.",
			str("value", "Identifier of the member of this Group.").required(),                              // deviation: see above
			ref("$ref", "The URI corresponding to a SCIM resource that is a member of this Group.", "User"), // deviation: see above
			typeSub("A label indicating the type of resource: 'User' (groups cannot be members).", "User"),  // deviation: see above
			str("display", "A human-readable name of the member, primarily used for display purposes."),     // deviation: see above
		).multi().subsMutability(Immutable),
	},
}
