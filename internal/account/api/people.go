package api

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/scimbridge/scimbridge/internal/account"
)

// The people routes: /v1/people.

func (s *server) createPerson(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	doc, err := decodeDocument(w, r)
	if err != nil {
		return err
	}
	p, err := svc.CreatePerson(r.Context(), doc)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/people/"+url.PathEscape(p.ID))
	writePerson(w, http.StatusCreated, p)
	return nil
}

func (s *server) getPerson(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := svc.GetPerson(r.Context(), id)
	if err != nil {
		return err
	}
	writePerson(w, http.StatusOK, p)
	return nil
}

func (s *server) replacePerson(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	id, version, err := target(r)
	if err != nil {
		return err
	}
	doc, err := decodeDocument(w, r)
	if err != nil {
		return err
	}
	p, err := svc.ReplacePerson(r.Context(), id, doc, version)
	if err != nil {
		return err
	}
	writePerson(w, http.StatusOK, p)
	return nil
}

func (s *server) patchPerson(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	id, version, err := target(r)
	if err != nil {
		return err
	}
	ops, err := decodePatch(w, r)
	if err != nil {
		return err
	}
	p, err := svc.PatchPerson(r.Context(), id, ops, version)
	if err != nil {
		return err
	}
	writePerson(w, http.StatusOK, p)
	return nil
}

func (s *server) deletePerson(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	id, version, err := target(r)
	if err != nil {
		return err
	}
	if err := svc.DeletePerson(r.Context(), id, version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) listPeople(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	q, err := listQuery(r)
	if err != nil {
		return err
	}
	people, total, err := svc.ListPeople(r.Context(), q)
	if err != nil {
		return err
	}
	out := peopleList{TotalResults: total, People: make([]personJSON, len(people))}
	for i, p := range people {
		out.People[i] = toPersonJSON(p)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) groupsOf(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	var req groupsOfRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		return err
	}
	groups, err := svc.GroupsOf(r.Context(), req.IDs)
	if err != nil {
		return err
	}
	out := groupsOfResponse{Groups: make(map[string][]groupRefJSON, len(groups))}
	for id, refs := range groups {
		list := make([]groupRefJSON, len(refs))
		for i, g := range refs {
			list[i] = groupRefJSON{ID: g.GroupID, DisplayName: g.DisplayName}
		}
		out.Groups[id] = list
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// target reads the {id} and If-Match of a write.
func target(r *http.Request) (string, int64, error) {
	id, err := pathID(r)
	if err != nil {
		return "", 0, err
	}
	version, err := ifVersion(r)
	return id, version, err
}

// writePerson answers with a person and its version as the ETag.
func writePerson(w http.ResponseWriter, status int, p account.Person) {
	w.Header().Set("ETag", etag(p.Version))
	writeJSON(w, status, toPersonJSON(p))
}

func etag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }
