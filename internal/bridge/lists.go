package bridge

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/quirks"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// listRequest is a query for resources (RFC 7644 §3.4.2), from the query
// string of a GET or the body of a POST .search.
type listRequest struct {
	filter, attributes, excluded string
	sortBy, sortOrder            string
	startIndex, count            string
}

func queryRequest(r *http.Request) listRequest {
	q := r.URL.Query()
	return listRequest{
		filter: q.Get("filter"), attributes: q.Get("attributes"), excluded: q.Get("excludedAttributes"),
		sortBy: q.Get("sortBy"), sortOrder: q.Get("sortOrder"),
		startIndex: q.Get("startIndex"), count: q.Get("count"),
	}
}

// searchRequest reads a SearchRequest body (RFC 7644 §3.4.3).
func (s *Server) searchRequest(w http.ResponseWriter, r *http.Request) (listRequest, error) {
	body, err := s.decodeBody(w, r)
	if err != nil {
		return listRequest{}, err
	}
	var lr listRequest
	for k, v := range body {
		switch strings.ToLower(k) {
		case "schemas":
			list, _ := v.([]any)
			ok := false
			for _, u := range list {
				ok = ok || u == scim.SearchRequestMessage
			}
			if !ok {
				return lr, scim.BadRequest(scim.ErrInvalidSyntax, "a search needs schemas [%q]", scim.SearchRequestMessage)
			}
		case "filter":
			lr.filter, err = stringParam(k, v)
		case "sortby":
			lr.sortBy, err = stringParam(k, v)
		case "sortorder":
			lr.sortOrder, err = stringParam(k, v)
		case "attributes":
			lr.attributes, err = listParam(k, v)
		case "excludedattributes":
			lr.excluded, err = listParam(k, v)
		case "startindex":
			lr.startIndex, err = numberParam(k, v)
		case "count":
			lr.count, err = numberParam(k, v)
		}
		if err != nil {
			return lr, err
		}
	}
	if _, ok := body["schemas"]; !ok {
		return lr, scim.BadRequest(scim.ErrInvalidSyntax, "a search needs schemas [%q]", scim.SearchRequestMessage)
	}
	return lr, nil
}

func stringParam(name string, v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", scim.BadRequest(scim.ErrInvalidValue, "%s must be a string", name)
	}
	return s, nil
}

func listParam(name string, v any) (string, error) {
	list, ok := v.([]any)
	if !ok {
		return "", scim.BadRequest(scim.ErrInvalidValue, "%s must be an array of strings", name)
	}
	parts := make([]string, len(list))
	for i, e := range list {
		s, ok := e.(string)
		if !ok {
			return "", scim.BadRequest(scim.ErrInvalidValue, "%s must be an array of strings", name)
		}
		parts[i] = s
	}
	return strings.Join(parts, ","), nil
}

func numberParam(name string, v any) (string, error) {
	switch n := v.(type) {
	case string:
		return n, nil
	case interface{ String() string }:
		return n.String(), nil
	}
	return "", scim.BadRequest(scim.ErrInvalidValue, "%s must be an integer", name)
}

// query turns a list request into an account query and a projection for
// resource type rt.
func (s *Server) query(r *http.Request, rt *schema.ResourceType, lr listRequest) (account.Query, projection, error) {
	var q account.Query
	req := &quirks.Request{Kind: quirks.Query, Resource: rt, Filter: lr.filter, Attributes: lr.attributes, ExcludedAttributes: lr.excluded}
	s.normalize(r, req)
	proj, err := newProjection(rt, req.Attributes, req.ExcludedAttributes)
	if err != nil {
		return q, proj, err
	}
	if req.Filter != "" {
		if q.Filter, err = filter.Parse(req.Filter); err != nil {
			return q, proj, err
		}
		if err = filter.Check(q.Filter, rt); err != nil {
			return q, proj, err
		}
	}
	if q.StartIndex, err = intParam("startIndex", lr.startIndex, 1); err != nil {
		return q, proj, err
	}
	q.StartIndex = max(q.StartIndex, 1)
	if q.Count, err = intParam("count", lr.count, s.cfg.MaxResults); err != nil {
		return q, proj, err
	}
	q.Count = min(max(q.Count, 0), s.cfg.MaxResults)
	if lr.sortBy != "" {
		p, err := filter.ParseAttrPath(lr.sortBy)
		if err != nil {
			return q, proj, scim.BadRequest(scim.ErrInvalidValue, "sortBy: %s", err.(*scim.Error).Detail)
		}
		if _, ok := rt.Resolve(p); !ok {
			return q, proj, scim.BadRequest(scim.ErrInvalidValue, "sortBy names no attribute of %s: %q", rt.Name, truncate(lr.sortBy))
		}
		q.SortBy = &p
	}
	switch strings.ToLower(lr.sortOrder) {
	case "", "ascending":
	case "descending":
		q.Descending = true
	default:
		return q, proj, scim.BadRequest(scim.ErrInvalidValue, "sortOrder must be ascending or descending")
	}
	return q, proj, nil
}

func intParam(name, v string, def int) (int, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil {
		return 0, scim.BadRequest(scim.ErrInvalidValue, "%s must be an integer", name)
	}
	return n, nil
}

// listResponse renders a ListResponse (RFC 7644 §3.4.2).
func listResponse(total, startIndex int, resources []any) map[string]any {
	if resources == nil {
		resources = []any{}
	}
	return map[string]any{
		"schemas":      []string{scim.ListResponseMessage},
		"totalResults": total,
		"itemsPerPage": len(resources),
		"startIndex":   startIndex,
		"Resources":    resources,
	}
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request) error {
	return s.users(w, r, queryRequest(r))
}

func (s *Server) listGroups(w http.ResponseWriter, r *http.Request) error {
	return s.groups(w, r, queryRequest(r))
}

func (s *Server) searchUsers(w http.ResponseWriter, r *http.Request) error {
	lr, err := s.searchRequest(w, r)
	if err != nil {
		return err
	}
	return s.users(w, r, lr)
}

func (s *Server) searchGroups(w http.ResponseWriter, r *http.Request) error {
	lr, err := s.searchRequest(w, r)
	if err != nil {
		return err
	}
	return s.groups(w, r, lr)
}

func (s *Server) users(w http.ResponseWriter, r *http.Request, lr listRequest) error {
	q, proj, err := s.query(r, schema.Users, lr)
	if err != nil {
		return err
	}
	resources, total, err := s.userPage(r, q, proj)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listResponse(total, q.StartIndex, resources))
	return nil
}

// userPage reads and renders one page of people.
func (s *Server) userPage(r *http.Request, q account.Query, proj projection) ([]any, int, error) {
	people, total, err := service(r).ListPeople(r.Context(), q)
	if err != nil {
		return nil, 0, err
	}
	out, err := renderPeople(r, people, proj, proj.wants("groups"))
	return out, total, err
}

// renderPeople renders people as Users, reading their groups when withGroups.
func renderPeople(r *http.Request, people []account.Person, proj projection, withGroups bool) ([]any, error) {
	var groups map[string][]account.GroupRef
	if withGroups && len(people) > 0 {
		ids := make([]string, len(people))
		for i, p := range people {
			ids[i] = p.ID
		}
		var err error
		if groups, err = service(r).GroupsOf(r.Context(), ids); err != nil {
			return nil, err
		}
	}
	base := baseURL(r)
	out := make([]any, len(people))
	for i, p := range people {
		out[i] = proj.apply(userResource(base, p, groups[p.ID]))
	}
	return out, nil
}

func (s *Server) groups(w http.ResponseWriter, r *http.Request, lr listRequest) error {
	q, proj, err := s.query(r, schema.Groups, lr)
	if err != nil {
		return err
	}
	resources, total, err := s.groupPage(r, q, proj)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, listResponse(total, q.StartIndex, resources))
	return nil
}

// groupPage reads and renders one page of groups.
func (s *Server) groupPage(r *http.Request, q account.Query, proj projection) ([]any, int, error) {
	groups, total, err := service(r).ListGroups(r.Context(), q)
	if err != nil {
		return nil, 0, err
	}
	out, err := renderGroups(r, groups, proj, proj.wants("members"))
	return out, total, err
}

// renderGroups renders groups, reading their members when withMembers.
func renderGroups(r *http.Request, groups []account.Group, proj projection, withMembers bool) ([]any, error) {
	base := baseURL(r)
	out := make([]any, len(groups))
	for i, g := range groups {
		var members []account.Member
		if withMembers {
			var err error
			if members, err = service(r).Members(r.Context(), g.ID); err != nil {
				return nil, err
			}
		}
		out[i] = proj.apply(groupResource(base, g, members))
	}
	return out, nil
}

// searchAll answers POST /.search at the root: every resource type the
// filter makes sense for, people first, paged as one list (RFC 7644 §3.4.3);
// with sortBy, sorted as one list (searchAllSorted).
func (s *Server) searchAll(w http.ResponseWriter, r *http.Request) error {
	lr, err := s.searchRequest(w, r)
	if err != nil {
		return err
	}
	if lr.sortBy != "" {
		return s.searchAllSorted(w, r, lr)
	}
	uq, uproj, uerr := s.query(r, schema.Users, lr)
	gq, gproj, gerr := s.query(r, schema.Groups, lr)
	if uerr != nil && gerr != nil {
		return uerr
	}
	start, count := max(uq.StartIndex, gq.StartIndex), max(uq.Count, gq.Count)
	var resources []any
	total := 0
	if uerr == nil {
		// Count the users first, then take what falls in the page.
		uq.Count = 0
		_, n, err := service(r).ListPeople(r.Context(), uq)
		if err != nil {
			return err
		}
		if start <= n && count > 0 {
			uq.StartIndex, uq.Count = start, count
			if resources, _, err = s.userPage(r, uq, uproj); err != nil {
				return err
			}
		}
		total += n
	}
	if gerr == nil {
		gq.StartIndex, gq.Count = max(start-total, 1), count-len(resources)
		page, n, err := s.groupPage(r, gq, gproj)
		if err != nil {
			return err
		}
		resources = append(resources, page...)
		total += n
	}
	writeJSON(w, http.StatusOK, listResponse(total, start, resources))
	return nil
}
