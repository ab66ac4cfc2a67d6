package account

import (
	"context"

	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

// Service is the account as provisioning sees it: the people it has
// provisioned and the groups it manages. The bridge reaches the account only
// through it, so the same bridge runs in-process (package local, in
// quickstart) and against a remote account service (package api).
//
// Documents are SCIM resource attributes (decoded JSON, numbers as
// json.Number): the service validates and normalises them itself
// (schema.Normalize), so bad input gives a *scim.Error whichever side of
// the wire it came from. Person documents may hold "active"; group
// documents may hold "members".
//
// ifVersion, when not zero, makes a write conditional: it fails with
// ErrPrecondition unless the resource's Version still equals it.
type Service interface {
	// Info describes the account.
	Info(ctx context.Context) (Info, error)

	// CreatePerson invites a new person. A userName held by someone
	// provisioning removed from its view (DELETE under the suspend policy)
	// provisions that person again instead of creating a second one; a
	// userName held by anyone else is ErrAlreadyExists.
	CreatePerson(ctx context.Context, doc map[string]any) (Person, error)
	GetPerson(ctx context.Context, id string) (Person, error)
	// ReplacePerson replaces every writable attribute (PUT). A document
	// without "active" leaves the person's state as it is.
	ReplacePerson(ctx context.Context, id string, doc map[string]any, ifVersion int64) (Person, error)
	// PatchPerson applies PATCH operations atomically.
	PatchPerson(ctx context.Context, id string, ops []patch.Operation, ifVersion int64) (Person, error)
	// DeletePerson removes the person from provisioning's view, by the
	// account's delete policy (suspend, the default, or delete).
	DeletePerson(ctx context.Context, id string, ifVersion int64) error
	ListPeople(ctx context.Context, q Query) ([]Person, int, error)
	// GroupsOf returns the managed groups each person belongs to.
	GroupsOf(ctx context.Context, personIDs []string) (map[string][]GroupRef, error)

	// CreateGroup creates a managed group, or takes over the unmanaged
	// group of the same name (keeping its members). A built-in group's
	// name is ErrProtected, here and in a rename (ReplaceGroup,
	// PatchGroup).
	//
	// Members are the people provisioning sees (provisioned people): in
	// every group write (create, replace, patch) a member whose id is not
	// one of them (a group's, say: groups do not nest; nobody's; or a
	// person provisioning removed from its view with a DELETE) or whose
	// type is "Group" is a *scim.Error, 400 invalidValue naming it, and
	// nothing is written. In a context made by WithUnknownMembersIgnored,
	// such ids are ignored instead.
	//
	// Group writes change only the memberships provisioning sees.
	// Replacing a group's members (ReplaceGroup with "members", a PATCH
	// replace of members or remove of all of them) makes the provisioned
	// members exactly those given, and leaves the members provisioning
	// cannot see as they are: people it removed from its view, and the
	// members a group kept when provisioning took it over. A remove by a
	// value filter naming ids (members[value eq "…"]) removes those people
	// whether provisioning sees them or not.
	CreateGroup(ctx context.Context, doc map[string]any) (Group, error)
	GetGroup(ctx context.Context, id string) (Group, error)
	// Members lists a group's members that provisioning can see, in the
	// order they were added.
	Members(ctx context.Context, groupID string) ([]Member, error)
	// ReplaceGroup replaces the group's attributes and, when the document
	// holds "members", the members provisioning sees (PUT; see
	// CreateGroup).
	ReplaceGroup(ctx context.Context, id string, doc map[string]any, ifVersion int64) (Group, error)
	PatchGroup(ctx context.Context, id string, ops []patch.Operation, ifVersion int64) (Group, error)
	DeleteGroup(ctx context.Context, id string, ifVersion int64) error
	ListGroups(ctx context.Context, q Query) ([]Group, int, error)

	// ConfirmPending confirms up to limit people awaiting confirmation
	// (they accepted their invitation), making them active, in one
	// transaction. It reports how many it confirmed and whether more are
	// waiting. The bridge's confirmation watcher calls it.
	ConfirmPending(ctx context.Context, limit int) (confirmed int, more bool, err error)

	// Summary describes the account and the integration, for the bridge's
	// status page.
	Summary(ctx context.Context) (Summary, error)
	// RecentAudit returns the newest audit events, at most limit (1..500).
	RecentAudit(ctx context.Context, limit int) ([]AuditEvent, error)
}

// Query selects a page of people or groups.
type Query struct {
	// Filter is a SCIM filter over the resource's attributes, or nil.
	Filter     filter.Expr
	StartIndex int // 1-based; values below 1 count as 1
	Count      int // the most results to return; 0 returns only the total
	SortBy     *filter.AttrPath
	Descending bool
}

// DeletePolicy is what a provisioning DELETE of a person does.
type DeletePolicy string

// The delete policies (SCIMBRIDGE_DELETE_BEHAVIOR).
const (
	DeleteSuspends DeletePolicy = "suspend"
	DeleteDeletes  DeletePolicy = "delete"
)

type actorKey struct{}

// WithActor returns a context that carries who is making changes, for the
// audit log.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

type unknownMembersKey struct{}

// WithUnknownMembersIgnored returns a context in which group writes ignore
// member ids that are not people of the account rather than refusing them:
// for a client known to send ids it made up (the bridge's quirk
// entra-made-up-members).
func WithUnknownMembersIgnored(ctx context.Context) context.Context {
	return context.WithValue(ctx, unknownMembersKey{}, true)
}

// UnknownMembersIgnored reports whether a context was made by
// WithUnknownMembersIgnored.
func UnknownMembersIgnored(ctx context.Context) bool {
	ignored, _ := ctx.Value(unknownMembersKey{}).(bool)
	return ignored
}

// ActorFrom returns the actor a context carries, or a system actor.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Kind: ActorSystem}
}
