// Package store defines how the account keeps its data: one Store interface,
// implemented by package sqlstore (SQLite and PostgreSQL) and checked by the
// shared suite in package conformance. The account's rules live above it, in
// package account; a store only keeps and finds data, atomically.
package store

import (
	"context"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

// The store returns account.ErrNotFound and account.ErrAlreadyExists
// (wrapped, with a detail) for missing rows and unique-key conflicts, and
// account.ErrUnavailable when the database cannot be reached.

// Store is the account's storage.
type Store interface {
	Reader

	// Tx runs fn in one transaction: everything fn writes commits together,
	// or nothing does when fn returns an error. Writers are serialised per
	// row they lock (LockPerson, LockGroup), so read-modify-write inside fn
	// never loses a concurrent update. fn may run more than once when the
	// database asks for a retry, so it must not have effects outside tx.
	Tx(ctx context.Context, fn func(tx Tx) error) error

	Close() error
}

// Reader is the read side, available both outside and inside transactions.
type Reader interface {
	GetAccount(ctx context.Context) (account.Info, error)

	GetPerson(ctx context.Context, id string) (account.Person, error)
	// GetPersonByUserName finds a person by userName, without regard to case.
	GetPersonByUserName(ctx context.Context, userName string) (account.Person, error)
	// GetPeopleByEmail finds people by email (Person.Email), without regard
	// to case, oldest first.
	GetPeopleByEmail(ctx context.Context, email string) ([]account.Person, error)
	// ListPeople returns one page of people matching q, and how many match.
	ListPeople(ctx context.Context, q Query) ([]account.Person, int, error)
	// ExistingPeople returns those of ids that are people in the account
	// (with ScopeProvisioning, only those provisioning sees), in no
	// particular order.
	ExistingPeople(ctx context.Context, ids []string, scope Scope) ([]string, error)
	// GroupsOf returns the groups each of the given people belongs to,
	// ordered by group display name; with ScopeProvisioning only managed
	// groups.
	GroupsOf(ctx context.Context, personIDs []string, scope Scope) (map[string][]account.GroupRef, error)

	GetGroup(ctx context.Context, id string) (account.Group, error)
	// GetGroupByDisplayName finds a group by name, without regard to case.
	GetGroupByDisplayName(ctx context.Context, name string) (account.Group, error)
	GetGroupByKind(ctx context.Context, kind account.GroupKind) (account.Group, error)
	ListGroups(ctx context.Context, q Query) ([]account.Group, int, error)
	// Members returns the members of a group in the order they were added,
	// with Display filled from the person's display name (or userName)
	// when the provider gave none; with ScopeProvisioning only the people
	// provisioning can see (Provisioned).
	Members(ctx context.Context, groupID string, scope Scope) ([]account.Member, error)
	// MembersAmong returns those of personIDs that are members of the group.
	MembersAmong(ctx context.Context, groupID string, personIDs []string) ([]string, error)

	GetCredential(ctx context.Context, id string) (account.Credential, error)
	ListCredentials(ctx context.Context) ([]account.Credential, error)

	// GetInvitation returns the person's latest invitation.
	GetInvitation(ctx context.Context, personID string) (account.Invitation, error)
	GetInvitationByToken(ctx context.Context, tokenHash []byte) (account.Invitation, error)

	// ListAudit returns audit events, newest first.
	ListAudit(ctx context.Context, q AuditQuery) ([]account.AuditEvent, error)

	// CountPeople returns how many people are in each state, in scope.
	CountPeople(ctx context.Context, scope Scope) (map[account.State]int, error)
	// CountGroups returns how many groups there are in scope.
	CountGroups(ctx context.Context, scope Scope) (int, error)
}

// Tx is a transaction: reads see its own writes.
type Tx interface {
	Reader

	// CreateAccount writes the account's one row; ErrAlreadyExists if the
	// account already exists.
	CreateAccount(ctx context.Context, info account.Info) error

	// LockPerson reads a person and holds it until the transaction ends, so
	// no concurrent transaction changes it in between.
	LockPerson(ctx context.Context, id string) (account.Person, error)
	// CreatePerson inserts p (p.ID set by the caller); ErrAlreadyExists when
	// the userName is taken without regard to case.
	CreatePerson(ctx context.Context, p account.Person) error
	// UpdatePerson overwrites every field of the person with id p.ID,
	// including its emails; ErrAlreadyExists when the new userName is taken.
	UpdatePerson(ctx context.Context, p account.Person) error
	// DeletePerson removes the person, their memberships and invitations.
	DeletePerson(ctx context.Context, id string) error

	LockGroup(ctx context.Context, id string) (account.Group, error)
	// CreateGroup inserts g; ErrAlreadyExists when the name is taken without
	// regard to case.
	CreateGroup(ctx context.Context, g account.Group) error
	// UpdateGroup overwrites the group's fields (not its members).
	UpdateGroup(ctx context.Context, g account.Group) error
	DeleteGroup(ctx context.Context, id string) error
	// AddMembers adds people to a group; people already in it keep their
	// membership (their Display is updated when a new one is given). Every
	// PersonID must exist. It returns the ids newly added.
	AddMembers(ctx context.Context, groupID string, members []account.Member) ([]string, error)
	// RemoveMembers removes people from a group and returns those removed.
	RemoveMembers(ctx context.Context, groupID string, personIDs []string) ([]string, error)

	CreateCredential(ctx context.Context, c account.Credential) error
	RevokeCredential(ctx context.Context, id string, at time.Time) error
	// SetProvisionManager records whether the credential is a member of the
	// Provision Managers group.
	SetProvisionManager(ctx context.Context, credentialID string, member bool) error

	// CreateInvitation records a new invitation for the person, replacing
	// any earlier one.
	CreateInvitation(ctx context.Context, inv account.Invitation) error
	// AcceptInvitation marks the person's invitation accepted.
	AcceptInvitation(ctx context.Context, personID string, at time.Time) error

	// AppendAudit records an audit event; its ID is assigned by the store.
	AppendAudit(ctx context.Context, e account.AuditEvent) error
}

// Scope selects which people or groups a list sees.
type Scope int

// The scopes.
const (
	// ScopeProvisioning sees what the identity provider may see: people
	// with Provisioned set, and managed groups.
	ScopeProvisioning Scope = iota
	// ScopeAll sees everything (administrators' views).
	ScopeAll
)

// Query selects a page of people or groups.
type Query struct {
	Scope Scope
	// Filter is a SCIM filter over the resource's attributes, or nil for
	// all. Attribute names are resolved against the User or Group resource
	// type; an attribute the store cannot query gives a *scim.Error with
	// scimType invalidFilter.
	Filter filter.Expr
	// StartIndex is the 1-based index of the first result (values below 1
	// count as 1).
	StartIndex int
	// Count is the most results to return; 0 returns none (only the total).
	Count int
	// SortBy orders the results by an attribute; empty keeps the stable
	// default order (creation order).
	SortBy     *filter.AttrPath
	Descending bool
	// State, when not empty, selects only people in this state (the
	// confirmation watcher's "everyone awaiting confirmation").
	State account.State
}

// AuditQuery selects audit events.
type AuditQuery struct {
	Since    time.Time // only events at or after Since, when not zero
	Limit    int       // at most Limit events, newest first; 0 means 100
	TargetID string    // only events about this target, when not empty
}
