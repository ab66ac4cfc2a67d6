package bridge

import (
	"net/http"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// groups is the Group resource. A group's members are read only when the
// response shows them: excludedAttributes=members never reads the list.
var groups = resource[account.Group]{
	rt:      schema.Groups,
	create:  account.Service.CreateGroup,
	get:     account.Service.GetGroup,
	replace: account.Service.ReplaceGroup,
	patch:   account.Service.PatchGroup,
	delete:  account.Service.DeleteGroup,
	version: func(g account.Group) int64 { return g.Version },
	path:    func(g account.Group) string { return "/Groups/" + g.ID },
	render: func(r *http.Request, g account.Group, proj projection) (map[string]any, error) {
		var members []account.Member
		if proj.wants("members") {
			var err error
			if members, err = service(r).Members(r.Context(), g.ID); err != nil {
				return nil, err
			}
		}
		return groupResource(baseURL(r), g, members), nil
	},
}
