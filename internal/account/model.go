// Package account is the team account that people and groups are provisioned
// into: its data model, its rules (the person state machine, protected and
// managed groups) and its audit log. It plays the part 1Password.com plays for
// the 1Password SCIM bridge.
//
// The bridge reaches the account only through the Service interface, either
// in-process (Local, over a store.Store) or over HTTP (api.Client).
package account

import (
	"time"
)

// State is where a person is in their lifecycle (design §6):
//
//	invited ──accept──▶ awaiting_confirmation ──confirm──▶ active
//	   any state ──suspend──▶ suspended ──restore──▶ the state before
type State string

// The person states.
const (
	StateInvited              State = "invited"
	StateAwaitingConfirmation State = "awaiting_confirmation"
	StateActive               State = "active"
	StateSuspended            State = "suspended"
)

// Person is someone in the account. People created by provisioning carry the
// SCIM attributes the identity provider sent; the typed fields are derived
// from them (see Derive) and are what the account itself uses and indexes.
type Person struct {
	ID          string
	UserName    string // unique without regard to case
	ExternalID  string
	DisplayName string
	GivenName   string
	FamilyName  string
	// Email is where invitations go: the primary email, else the first
	// email, else the userName.
	Email  string
	Emails []Email // every email, indexed for filters

	State State
	// SuspendedFrom is the state a suspended person returns to when
	// restored; "" unless State is StateSuspended.
	SuspendedFrom State
	// Provisioned is true while the person is visible to provisioning. A
	// SCIM DELETE under the suspend policy suspends the person and clears it:
	// later SCIM reads give 404 until the person is provisioned again.
	Provisioned bool

	// Schemas lists the SCIM schemas of the resource: the core schema first,
	// then the extensions present in Attributes.
	Schemas []string
	// Attributes holds the SCIM attributes with canonical names, extension
	// attributes under their schema URN. It never holds id, meta, schemas,
	// active (derived from State), groups (derived from memberships) or
	// password (never stored).
	Attributes map[string]any

	Created  time.Time
	Modified time.Time
	Version  int64 // incremented on every change; the SCIM ETag
}

// Active is the SCIM "active" attribute: everyone but the suspended.
func (p *Person) Active() bool { return p.State != StateSuspended }

// Email is one of a person's email addresses.
type Email struct {
	Value   string
	Type    string
	Primary bool
}

// GroupKind tells built-in groups from the rest.
type GroupKind string

// The group kinds. Built-in groups exist in every account and are protected:
// provisioning can neither see nor change them.
const (
	KindCustom            GroupKind = ""
	KindOwners            GroupKind = "owners"
	KindAdministrators    GroupKind = "administrators"
	KindProvisionManagers GroupKind = "provision_managers"
)

// Builtin reports whether the kind is one of the protected built-in groups.
func (k GroupKind) Builtin() bool { return k != KindCustom }

// Group is a group of people: membership in it is access in the account.
type Group struct {
	ID          string
	DisplayName string // unique without regard to case
	ExternalID  string
	Kind        GroupKind
	// Managed is true for groups that provisioning created or took over
	// (a pushed group whose name matched an existing group). Only managed
	// groups are visible to provisioning.
	Managed bool

	Schemas []string
	// Attributes holds the SCIM attributes other than members, with
	// canonical names; never id, meta or schemas.
	Attributes map[string]any

	Created  time.Time
	Modified time.Time
	Version  int64
}

// Member is a person's membership in a group.
type Member struct {
	PersonID string
	// Display is the name the identity provider gave the member, if any.
	// When empty, readers show the person's display name.
	Display string
}

// GroupRef names a group a person belongs to (the SCIM "groups" attribute).
type GroupRef struct {
	GroupID     string
	DisplayName string
}

// Info describes the account itself.
type Info struct {
	ID      string
	Name    string
	Created time.Time
}

// CredentialKind is who a credential belongs to.
type CredentialKind string

// The credential kinds.
const (
	CredentialOwner       CredentialKind = "owner"
	CredentialAdmin       CredentialKind = "admin"
	CredentialIntegration CredentialKind = "integration"
)

// Credential is a secret that authenticates a caller of the account API. The
// account keeps only a salted verifier of the secret, never the secret.
type Credential struct {
	ID       string
	Kind     CredentialKind
	Name     string // e.g. "Provisioning integration"
	Salt     []byte
	Verifier []byte
	// ProvisionManager is true when the credential is a member of the
	// Provision Managers group, which provisioning requires.
	ProvisionManager bool
	Created          time.Time
	Revoked          *time.Time
}

// Invitation is the single-use link that lets a person join the account.
type Invitation struct {
	PersonID  string
	Email     string
	TokenHash []byte // SHA-256 of the link's token; the token itself is never stored
	Link      string // the URL, recorded so an administrator can pass it on
	Created   time.Time
	Expires   time.Time
	Accepted  *time.Time
}

// ActorKind is who made a change.
type ActorKind string

// The actor kinds.
const (
	ActorIntegration ActorKind = "integration"
	ActorOwner       ActorKind = "owner"
	ActorAdmin       ActorKind = "admin"
	ActorPerson      ActorKind = "person"
	ActorSystem      ActorKind = "system"
)

// Actor is who made a change, and through which request.
type Actor struct {
	Kind      ActorKind
	ID        string // credential or person id
	RequestID string
	// Provider is the identity provider behind a provisioning request, from
	// its User-Agent (e.g. "Okta", "Microsoft Entra ID").
	Provider string
}

// AuditEvent records one change, written in the same transaction as the
// change itself. BeforeState and AfterState are the target's state before
// and after the change ("" where it did not exist): a person's lifecycle
// state ("invited", "active", …), a group's GroupState as JSON. Membership
// changes name the people added or removed in Detail.
type AuditEvent struct {
	ID          int64
	Time        time.Time
	Actor       Actor
	Action      string // e.g. "person.invite", "person.suspend", "group.members.add"
	TargetKind  string // "person", "group", "credential", "account"
	TargetID    string
	TargetName  string
	BeforeState string // a person's state, or a group's GroupState
	AfterState  string
	Detail      string // a short human summary; never secrets
}

// Summary is the account at a glance, as provisioning sees it: for the
// bridge's status page.
type Summary struct {
	Account     Info
	Integration Credential    // the integration asking (no secrets: Salt and Verifier are empty)
	People      map[State]int // provisioned people by state
	Groups      int           // managed groups
}
