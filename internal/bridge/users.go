package bridge

import (
	"net/http"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
	"github.com/scimbridge/scimbridge/internal/scim/quirks"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// normalize runs the providers' normalisations on a request and logs which
// applied, so an operator can see what a provider sent.
func (s *Server) normalize(r *http.Request, q *quirks.Request) {
	if applied := quirks.Normalize(q); len(applied) > 0 {
		s.log.DebugContext(r.Context(), "normalised provider request", "request_id", RequestID(r.Context()), "normalizations", applied)
	}
}

// readResource decodes and normalises a POST or PUT body for rt.
func (s *Server) readResource(w http.ResponseWriter, r *http.Request, kind quirks.Kind, rt *schema.ResourceType) (map[string]any, error) {
	body, err := s.decodeBody(w, r)
	if err != nil {
		return nil, err
	}
	q := &quirks.Request{Kind: kind, Resource: rt, ID: r.PathValue("id"), Body: body}
	s.normalize(r, q)
	if err := rt.CheckSchemas(q.Body); err != nil {
		return nil, err
	}
	return q.Body, nil
}

// readPatch decodes and normalises a PATCH body for rt.
func (s *Server) readPatch(w http.ResponseWriter, r *http.Request, rt *schema.ResourceType) ([]patch.Operation, error) {
	body, err := s.decodeBody(w, r)
	if err != nil {
		return nil, err
	}
	q := &quirks.Request{Kind: quirks.Patch, Resource: rt, ID: r.PathValue("id"), Body: body}
	s.normalize(r, q)
	return patch.Decode(q.Body)
}

// writeUser renders one person, reading their groups when the response
// shows them.
func (s *Server) writeUser(w http.ResponseWriter, r *http.Request, status int, p account.Person, proj projection) {
	var groups []account.GroupRef
	if proj.wants("groups") {
		m, err := service(r).GroupsOf(r.Context(), []string{p.ID})
		if err != nil {
			writeError(w, r, err)
			return
		}
		groups = m[p.ID]
	}
	base := baseURL(r)
	w.Header().Set("ETag", etag(p.Version))
	if status == http.StatusCreated {
		w.Header().Set("Location", base+"/Users/"+p.ID)
	}
	writeJSON(w, status, proj.apply(userResource(base, p, groups)))
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	proj, err := projectionOf(r, schema.Users)
	if err != nil {
		writeError(w, r, err)
		return
	}
	doc, err := s.readResource(w, r, quirks.Create, schema.Users)
	if err != nil {
		writeError(w, r, err)
		return
	}
	p, err := service(r).CreatePerson(r.Context(), doc)
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.writeUser(w, r, http.StatusCreated, p, proj)
}

func (s *Server) getUser(w http.ResponseWriter, r *http.Request) {
	proj, err := projectionOf(r, schema.Users)
	if err != nil {
		writeError(w, r, err)
		return
	}
	p, err := service(r).GetPerson(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	if notModified(r, p.Version) {
		w.Header().Set("ETag", etag(p.Version))
		w.WriteHeader(http.StatusNotModified)
		return
	}
	s.writeUser(w, r, http.StatusOK, p, proj)
}

func (s *Server) replaceUser(w http.ResponseWriter, r *http.Request) {
	proj, err := projectionOf(r, schema.Users)
	if err != nil {
		writeError(w, r, err)
		return
	}
	version, err := ifVersion(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	doc, err := s.readResource(w, r, quirks.Replace, schema.Users)
	if err != nil {
		writeError(w, r, err)
		return
	}
	p, err := service(r).ReplacePerson(r.Context(), r.PathValue("id"), doc, version)
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.writeUser(w, r, http.StatusOK, p, proj)
}

func (s *Server) patchUser(w http.ResponseWriter, r *http.Request) {
	proj, err := projectionOf(r, schema.Users)
	if err != nil {
		writeError(w, r, err)
		return
	}
	version, err := ifVersion(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	ops, err := s.readPatch(w, r, schema.Users)
	if err != nil {
		writeError(w, r, err)
		return
	}
	p, err := service(r).PatchPerson(r.Context(), r.PathValue("id"), ops, version)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if quirks.PatchWantsResource(r.UserAgent(), proj.asked()) {
		s.writeUser(w, r, http.StatusOK, p, proj)
		return
	}
	w.Header().Set("ETag", etag(p.Version))
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request) {
	version, err := ifVersion(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if err := service(r).DeletePerson(r.Context(), r.PathValue("id"), version); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
