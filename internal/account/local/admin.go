package local

import (
	"context"
	"crypto/sha256"
	"strings"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// The administrators' view of the account: everything, not just what
// provisioning sees. The `scimbridge account …` commands use it.

// PersonView is a person with their groups and invitation, as
// administrators see them.
type PersonView struct {
	account.Person
	Groups     []account.GroupRef
	Invitation *account.Invitation
}

// GroupView is a group with its members.
type GroupView struct {
	account.Group
	Members []account.Member
	// Integrations are the credentials that are members of the group: the
	// Provision Managers group's integrations (those not revoked), without
	// their verifiers. Other groups have none.
	Integrations []account.Credential
}

// pageSize is how many rows the administrators' lists read at a time.
const pageSize = 1000

// People lists everyone in the account, in creation order.
func (a *Account) People(ctx context.Context) ([]PersonView, error) {
	var people []account.Person
	for start := 1; ; start += pageSize {
		page, total, err := a.store.ListPeople(ctx, store.Query{Scope: store.ScopeAll, StartIndex: start, Count: pageSize})
		if err != nil {
			return nil, err
		}
		people = append(people, page...)
		if len(page) == 0 || len(people) >= total {
			break
		}
	}
	return a.views(ctx, people)
}

// Person finds one person by id, userName or email.
func (a *Account) Person(ctx context.Context, ref string) (PersonView, error) {
	p, err := a.findPerson(ctx, ref)
	if err != nil {
		return PersonView{}, err
	}
	v, err := a.views(ctx, []account.Person{p})
	if err != nil {
		return PersonView{}, err
	}
	return v[0], nil
}

func (a *Account) views(ctx context.Context, people []account.Person) ([]PersonView, error) {
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	groups, err := a.store.GroupsOf(ctx, ids, store.ScopeAll)
	if err != nil {
		return nil, err
	}
	out := make([]PersonView, len(people))
	for i, p := range people {
		out[i] = PersonView{Person: p, Groups: groups[p.ID]}
		if inv, err := a.store.GetInvitation(ctx, p.ID); err == nil {
			out[i].Invitation = &inv
		} else if !isNotFound(err) {
			return nil, err
		}
	}
	return out, nil
}

// findPerson resolves an id, userName or email to one person.
func (a *Account) findPerson(ctx context.Context, ref string) (account.Person, error) {
	if p, err := a.store.GetPerson(ctx, ref); err == nil || !isNotFound(err) {
		return p, err
	}
	if p, err := a.store.GetPersonByUserName(ctx, ref); err == nil || !isNotFound(err) {
		return p, err
	}
	people, err := a.store.GetPeopleByEmail(ctx, ref)
	if err != nil {
		return account.Person{}, err
	}
	switch len(people) {
	case 0:
		return account.Person{}, account.Errorf(account.ErrNotFound, "no person with id, userName or email %q", truncate(ref))
	case 1:
		return people[0], nil
	}
	// Several people share the email: prefer the one waiting on an invitation.
	var invited []account.Person
	for _, p := range people {
		if p.State == account.StateInvited {
			invited = append(invited, p)
		}
	}
	if len(invited) == 1 {
		return invited[0], nil
	}
	names := make([]string, len(people))
	for i, p := range people {
		names[i] = p.UserName
	}
	return account.Person{}, account.Errorf(account.ErrAlreadyExists, "%d people have the email %q (%s); name one by userName or id", len(people), ref, strings.Join(names, ", "))
}

// Groups lists every group with its members, in creation order.
func (a *Account) Groups(ctx context.Context) ([]GroupView, error) {
	creds, err := a.store.ListCredentials(ctx)
	if err != nil {
		return nil, err
	}
	var managers []account.Credential
	for _, c := range creds {
		if c.ProvisionManager && c.Revoked == nil {
			c.Salt, c.Verifier = nil, nil
			managers = append(managers, c)
		}
	}
	var out []GroupView
	for start := 1; ; start += pageSize {
		page, total, err := a.store.ListGroups(ctx, store.Query{Scope: store.ScopeAll, StartIndex: start, Count: pageSize})
		if err != nil {
			return nil, err
		}
		for _, g := range page {
			members, err := a.store.Members(ctx, g.ID, store.ScopeAll)
			if err != nil {
				return nil, err
			}
			v := GroupView{Group: g, Members: members}
			if g.Kind == account.KindProvisionManagers {
				v.Integrations = managers
			}
			out = append(out, v)
		}
		if len(page) == 0 || len(out) >= total {
			return out, nil
		}
	}
}

// AcceptInvitation does what a person does by following their invitation
// link: it moves them from invited to awaiting confirmation. An expired
// invitation fails.
func (a *Account) AcceptInvitation(ctx context.Context, ref string) (account.Person, error) {
	p, err := a.findPerson(ctx, ref)
	if err != nil {
		return account.Person{}, err
	}
	return a.accept(ctx, p.ID)
}

// AcceptInvitationToken accepts the invitation whose link carries token:
// what following the link does. The token works once.
func (a *Account) AcceptInvitationToken(ctx context.Context, token string) (account.Person, error) {
	inv, err := a.invitationByToken(ctx, token)
	if err != nil {
		return account.Person{}, err
	}
	return a.accept(ctx, inv.PersonID)
}

// InvitationByToken returns the invitation a link's token names, for the
// page that offers to accept it.
func (a *Account) InvitationByToken(ctx context.Context, token string) (account.Invitation, account.Info, error) {
	inv, err := a.invitationByToken(ctx, token)
	if err != nil {
		return account.Invitation{}, account.Info{}, err
	}
	info, err := a.store.GetAccount(ctx)
	return inv, info, err
}

func (a *Account) invitationByToken(ctx context.Context, token string) (account.Invitation, error) {
	sum := sha256.Sum256([]byte(token))
	inv, err := a.store.GetInvitationByToken(ctx, sum[:])
	if isNotFound(err) {
		return account.Invitation{}, account.Errorf(account.ErrNotFound, "this invitation link is not valid; it may have been replaced by a newer one")
	}
	return inv, err
}

func (a *Account) accept(ctx context.Context, personID string) (account.Person, error) {
	var out account.Person
	err := a.tx(ctx, func(tx store.Tx) error {
		p, err := tx.LockPerson(ctx, personID)
		if err != nil {
			return err
		}
		inv, err := tx.GetInvitation(ctx, p.ID)
		if isNotFound(err) {
			return account.Errorf(account.ErrInvalidTransition, "%s has no invitation", p.UserName)
		}
		if err != nil {
			return err
		}
		now := a.now()
		if inv.Accepted != nil {
			return account.Errorf(account.ErrInvalidTransition, "%s has already accepted their invitation", p.UserName)
		}
		if now.After(inv.Expires) {
			return account.Errorf(account.ErrInvalidTransition, "the invitation of %s expired on %s; provisioning them again sends a new one", p.UserName, inv.Expires.Format("2006-01-02 15:04 MST"))
		}
		before := p.State
		if err := p.Transition(account.EventAccept); err != nil {
			return err
		}
		p.Version++
		p.Modified = now
		if err := tx.UpdatePerson(ctx, p); err != nil {
			return err
		}
		if err := tx.AcceptInvitation(ctx, p.ID, now); err != nil {
			return err
		}
		out = p
		e := personEvent("person.accept", p, before, "accepted the invitation")
		e.Actor = account.Actor{Kind: account.ActorPerson, ID: p.ID, RequestID: account.ActorFrom(ctx).RequestID}
		return a.audit(ctx, tx, e)
	})
	return out, err
}

// Audit lists audit events, newest first.
func (a *Account) Audit(ctx context.Context, q store.AuditQuery) ([]account.AuditEvent, error) {
	return a.store.ListAudit(ctx, q)
}
