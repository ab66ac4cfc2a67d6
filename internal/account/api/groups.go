package api

import (
	"net/http"
	"net/url"

	"github.com/scimbridge/scimbridge/internal/account"
)

// The group routes: /v1/groups.

func (s *server) createGroup(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	doc, err := decodeDocument(w, r)
	if err != nil {
		return err
	}
	g, err := svc.CreateGroup(r.Context(), doc)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/groups/"+url.PathEscape(g.ID))
	writeGroup(w, http.StatusCreated, g)
	return nil
}

func (s *server) getGroup(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	g, err := svc.GetGroup(r.Context(), id)
	if err != nil {
		return err
	}
	writeGroup(w, http.StatusOK, g)
	return nil
}

func (s *server) members(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	members, err := svc.Members(r.Context(), id)
	if err != nil {
		return err
	}
	out := membersList{Members: make([]memberJSON, len(members))}
	for i, m := range members {
		out.Members[i] = memberJSON{Value: m.PersonID, Display: m.Display}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) replaceGroup(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	id, version, err := target(r)
	if err != nil {
		return err
	}
	doc, err := decodeDocument(w, r)
	if err != nil {
		return err
	}
	g, err := svc.ReplaceGroup(r.Context(), id, doc, version)
	if err != nil {
		return err
	}
	writeGroup(w, http.StatusOK, g)
	return nil
}

func (s *server) patchGroup(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	id, version, err := target(r)
	if err != nil {
		return err
	}
	ops, err := decodePatch(w, r)
	if err != nil {
		return err
	}
	g, err := svc.PatchGroup(r.Context(), id, ops, version)
	if err != nil {
		return err
	}
	writeGroup(w, http.StatusOK, g)
	return nil
}

func (s *server) deleteGroup(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	id, version, err := target(r)
	if err != nil {
		return err
	}
	if err := svc.DeleteGroup(r.Context(), id, version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) listGroups(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	q, err := listQuery(r)
	if err != nil {
		return err
	}
	groups, total, err := svc.ListGroups(r.Context(), q)
	if err != nil {
		return err
	}
	out := groupList{TotalResults: total, Groups: make([]groupJSON, len(groups))}
	for i, g := range groups {
		out.Groups[i] = toGroupJSON(g)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func writeGroup(w http.ResponseWriter, status int, g account.Group) {
	w.Header().Set("ETag", etag(g.Version))
	writeJSON(w, status, toGroupJSON(g))
}
