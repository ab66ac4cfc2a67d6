package bridge

import (
	"net/http"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// users is the User resource: people in the account.
var users = resource[account.Person]{
	rt:      schema.Users,
	create:  account.Service.CreatePerson,
	get:     account.Service.GetPerson,
	replace: account.Service.ReplacePerson,
	patch:   account.Service.PatchPerson,
	delete:  account.Service.DeletePerson,
	version: func(p account.Person) int64 { return p.Version },
	path:    func(p account.Person) string { return "/Users/" + p.ID },
	render: func(r *http.Request, p account.Person, proj projection) (map[string]any, error) {
		var groups []account.GroupRef
		if proj.wants("groups") {
			m, err := service(r).GroupsOf(r.Context(), []string{p.ID})
			if err != nil {
				return nil, err
			}
			groups = m[p.ID]
		}
		return userResource(baseURL(r), p, groups), nil
	},
}
