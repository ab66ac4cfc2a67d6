// Package quirks holds the named normalisations that turn what real
// identity providers send into standard SCIM before the strict core
// (packages schema, filter, patch) sees it. Each normalisation recognises a
// shape the standard does not allow, and rewrites it into the standard shape
// with the same meaning; a standard request passes through unchanged. Each
// has fixtures taken from its provider's real request shapes under
// testdata/<provider>/.
//
// Where an Entra ID quirk is normalised: entra.go. Okta: okta.go. OneLogin
// and others: onelogin.go; shapes several providers share: common.go.
package quirks

import (
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// Kind is the kind of request being normalised.
type Kind int

// The request kinds.
const (
	Create  Kind = iota // POST a resource
	Replace             // PUT a resource
	Patch               // PATCH a resource
	Query               // GET a list, or POST .search
	Read                // GET one resource
)

// EntraID is how the bridge names Microsoft Entra ID as a provider (from
// its User-Agent, or aadOptscim062020 on the tenant URL).
const EntraID = "Microsoft Entra ID"

// Request is the part of a SCIM request the normalisations may rewrite, and
// what they conclude about it.
type Request struct {
	Kind     Kind
	Resource *schema.ResourceType // schema.Users or schema.Groups
	ID       string               // the resource id in the URL, if any
	Body     map[string]any       // the decoded JSON body, nil when none
	// Provider names the client as the bridge does in its logs (EntraID,
	// "Okta", …), "" when unknown. Most normalisations rewrite a shape no
	// standard client sends and ignore it; the few that change what a
	// standard request would mean apply only to their provider.
	Provider string

	Filter             string // the filter parameter
	Attributes         string // the attributes parameter
	ExcludedAttributes string // the excludedAttributes parameter

	// IgnoreUnknownMembers is set by entra-made-up-members: member ids
	// that are not people of the account are to be ignored, as the
	// request's sender expects, rather than refused with 400 invalidValue.
	IgnoreUnknownMembers bool
}

// Normalization is one named rewrite.
type Normalization struct {
	Name        string // stable, kebab-case: used in logs and docs
	Provider    string // who sends this shape
	Description string
	// Apply rewrites r in place and reports whether it changed anything.
	// It never fails: a shape it cannot make sense of is left for the
	// strict core to reject with a proper SCIM error.
	Apply func(r *Request) bool
}

// All lists every normalisation in the order they run: later ones may rely
// on what earlier ones produced (e.g. boolean strings are converted after
// dotted keys became paths).
var All = []Normalization{
	scim11URNs,
	missingSchemas,
	entraADGroupSchema,
	entraDottedPathlessKeys,
	entraReplaceCreatesValue, // sees ops as written, before their case is changed
	entraCapitalisedOps,
	unqualifiedExtensionPath,
	entraRemoveMembersByValue,
	entraMadeUpMembers, // sees members as written, before members-as-strings
	membersAsStrings,
	entraMemberDisplayName,
	managerAsValue,
	singleValueForMultiValued,
	booleanStrings,
	oktaUnchangedID,
	entraUnquotedFilterValues,
	entraFilterSubAttribute,
	entraAttributesValueFilter,
}

// Normalize runs every normalisation on r and returns the names of those
// that changed it, for the request's log line.
func Normalize(r *Request) []string {
	var applied []string
	for _, n := range All {
		if n.Apply(r) {
			applied = append(applied, n.Name)
		}
	}
	return applied
}
