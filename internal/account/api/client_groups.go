package api

import (
	"context"
	"net/http"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

// CreateGroup creates a managed group or takes over an unmanaged one
// (POST /v1/groups).
func (c *Client) CreateGroup(ctx context.Context, doc map[string]any) (account.Group, error) {
	return c.group(ctx, call{method: http.MethodPost, path: pathOf("groups"), body: document(doc)})
}

// GetGroup reads a group (GET /v1/groups/{id}).
func (c *Client) GetGroup(ctx context.Context, id string) (account.Group, error) {
	return c.group(ctx, call{method: http.MethodGet, path: pathOf("groups", id)})
}

// Members lists a group's members (GET /v1/groups/{id}/members).
func (c *Client) Members(ctx context.Context, groupID string) ([]account.Member, error) {
	var out membersList
	if err := c.do(ctx, call{method: http.MethodGet, path: pathOf("groups", groupID, "members"), out: &out}); err != nil {
		return nil, err
	}
	members := make([]account.Member, len(out.Members))
	for i, m := range out.Members {
		members[i] = account.Member{PersonID: m.Value, Display: m.Display}
	}
	return members, nil
}

// ReplaceGroup replaces a group's attributes and, when the document holds
// members, its members (PUT /v1/groups/{id}).
func (c *Client) ReplaceGroup(ctx context.Context, id string, doc map[string]any, ifVersion int64) (account.Group, error) {
	return c.group(ctx, call{method: http.MethodPut, path: pathOf("groups", id), body: document(doc), ifVersion: ifVersion})
}

// PatchGroup applies PATCH operations (PATCH /v1/groups/{id}).
func (c *Client) PatchGroup(ctx context.Context, id string, ops []patch.Operation, ifVersion int64) (account.Group, error) {
	if len(ops) == 0 {
		g, err := c.GetGroup(ctx, id)
		if err == nil && ifVersion != 0 && g.Version != ifVersion {
			return account.Group{}, account.Errorf(account.ErrPrecondition, "the group has changed (it is at version %d, not %d)", g.Version, ifVersion)
		}
		return g, err
	}
	return c.group(ctx, call{method: http.MethodPatch, path: pathOf("groups", id), body: patchMessage(ops), ifVersion: ifVersion})
}

// DeleteGroup deletes a managed group (DELETE /v1/groups/{id}).
func (c *Client) DeleteGroup(ctx context.Context, id string, ifVersion int64) error {
	return c.do(ctx, call{method: http.MethodDelete, path: pathOf("groups", id), ifVersion: ifVersion})
}

// ListGroups lists a page of groups (GET /v1/groups).
func (c *Client) ListGroups(ctx context.Context, q account.Query) ([]account.Group, int, error) {
	var out groupList
	if err := c.do(ctx, call{method: http.MethodGet, path: pathOf("groups"), query: listParams(q), out: &out}); err != nil {
		return nil, 0, err
	}
	groups := make([]account.Group, len(out.Groups))
	for i, g := range out.Groups {
		groups[i] = g.group()
	}
	return groups, out.TotalResults, nil
}

func (c *Client) group(ctx context.Context, k call) (account.Group, error) {
	var out groupJSON
	k.out = &out
	if err := c.do(ctx, k); err != nil {
		return account.Group{}, err
	}
	return out.group(), nil
}
