package api

import (
	"context"
	"net/http"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

// Info describes the account.
func (c *Client) Info(ctx context.Context) (account.Info, error) {
	var out infoJSON
	if err := c.do(ctx, call{method: http.MethodGet, path: pathOf("account"), out: &out}); err != nil {
		return account.Info{}, err
	}
	return account.Info{ID: out.ID, Name: out.Name, Created: time.Time(out.Created)}, nil
}

// CreatePerson invites a new person (POST /v1/people).
func (c *Client) CreatePerson(ctx context.Context, doc map[string]any) (account.Person, error) {
	return c.person(ctx, call{method: http.MethodPost, path: pathOf("people"), body: document(doc)})
}

// GetPerson reads a person (GET /v1/people/{id}).
func (c *Client) GetPerson(ctx context.Context, id string) (account.Person, error) {
	return c.person(ctx, call{method: http.MethodGet, path: pathOf("people", id)})
}

// ReplacePerson replaces a person's attributes (PUT /v1/people/{id}).
func (c *Client) ReplacePerson(ctx context.Context, id string, doc map[string]any, ifVersion int64) (account.Person, error) {
	return c.person(ctx, call{method: http.MethodPut, path: pathOf("people", id), body: document(doc), ifVersion: ifVersion})
}

// PatchPerson applies PATCH operations (PATCH /v1/people/{id}).
func (c *Client) PatchPerson(ctx context.Context, id string, ops []patch.Operation, ifVersion int64) (account.Person, error) {
	if len(ops) == 0 {
		// A PatchOp message needs an operation; no operations change
		// nothing, so what is left to check is the precondition.
		p, err := c.GetPerson(ctx, id)
		if err == nil && ifVersion != 0 && p.Version != ifVersion {
			return account.Person{}, account.Errorf(account.ErrPrecondition, "the person has changed (it is at version %d, not %d)", p.Version, ifVersion)
		}
		return p, err
	}
	return c.person(ctx, call{method: http.MethodPatch, path: pathOf("people", id), body: patchMessage(ops), ifVersion: ifVersion})
}

// DeletePerson removes a person from provisioning's view (DELETE /v1/people/{id}).
func (c *Client) DeletePerson(ctx context.Context, id string, ifVersion int64) error {
	return c.do(ctx, call{method: http.MethodDelete, path: pathOf("people", id), ifVersion: ifVersion})
}

// ListPeople lists a page of people (GET /v1/people).
func (c *Client) ListPeople(ctx context.Context, q account.Query) ([]account.Person, int, error) {
	var out peopleList
	if err := c.do(ctx, call{method: http.MethodGet, path: pathOf("people"), query: listParams(q), out: &out}); err != nil {
		return nil, 0, err
	}
	people := make([]account.Person, len(out.People))
	for i, p := range out.People {
		people[i] = p.person()
	}
	return people, out.TotalResults, nil
}

// GroupsOf returns the managed groups of each person (POST /v1/people/groups).
func (c *Client) GroupsOf(ctx context.Context, personIDs []string) (map[string][]account.GroupRef, error) {
	var out groupsOfResponse
	if err := c.do(ctx, call{method: http.MethodPost, path: pathOf("people", "groups"), body: groupsOfRequest{IDs: personIDs}, out: &out}); err != nil {
		return nil, err
	}
	groups := make(map[string][]account.GroupRef, len(out.Groups))
	for id, refs := range out.Groups {
		list := make([]account.GroupRef, len(refs))
		for i, g := range refs {
			list[i] = account.GroupRef{GroupID: g.ID, DisplayName: g.DisplayName}
		}
		groups[id] = list
	}
	return groups, nil
}

func (c *Client) person(ctx context.Context, k call) (account.Person, error) {
	var out personJSON
	k.out = &out
	if err := c.do(ctx, k); err != nil {
		return account.Person{}, err
	}
	return out.person(), nil
}

// document is the body of a create or replace; a nil document is sent as
// an empty one, so the account judges it as it would in-process.
func document(doc map[string]any) documentRequest {
	if doc == nil {
		doc = map[string]any{}
	}
	return documentRequest{Attributes: doc}
}
