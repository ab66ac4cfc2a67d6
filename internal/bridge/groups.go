package bridge

import (
	"net/http"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim/quirks"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// writeGroup renders one group, reading its members only when the response
// shows them (excludedAttributes=members never reads the member list).
func (s *Server) writeGroup(w http.ResponseWriter, r *http.Request, status int, g account.Group, proj projection) {
	var members []account.Member
	if proj.wants("members") {
		var err error
		if members, err = service(r).Members(r.Context(), g.ID); err != nil {
			writeError(w, r, err)
			return
		}
	}
	base := baseURL(r)
	w.Header().Set("ETag", etag(g.Version))
	if status == http.StatusCreated {
		w.Header().Set("Location", base+"/Groups/"+g.ID)
	}
	writeJSON(w, status, proj.apply(groupResource(base, g, members)))
}

func (s *Server) createGroup(w http.ResponseWriter, r *http.Request) {
	proj, err := projectionOf(r, schema.Groups)
	if err != nil {
		writeError(w, r, err)
		return
	}
	doc, err := s.readResource(w, r, quirks.Create, schema.Groups)
	if err != nil {
		writeError(w, r, err)
		return
	}
	g, err := service(r).CreateGroup(r.Context(), doc)
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.writeGroup(w, r, http.StatusCreated, g, proj)
}

func (s *Server) getGroup(w http.ResponseWriter, r *http.Request) {
	proj, err := projectionOf(r, schema.Groups)
	if err != nil {
		writeError(w, r, err)
		return
	}
	g, err := service(r).GetGroup(r.Context(), r.PathValue("id"))
	if err != nil {
		writeError(w, r, err)
		return
	}
	if notModified(r, g.Version) {
		w.Header().Set("ETag", etag(g.Version))
		w.WriteHeader(http.StatusNotModified)
		return
	}
	s.writeGroup(w, r, http.StatusOK, g, proj)
}

func (s *Server) replaceGroup(w http.ResponseWriter, r *http.Request) {
	proj, err := projectionOf(r, schema.Groups)
	if err != nil {
		writeError(w, r, err)
		return
	}
	version, err := ifVersion(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	doc, err := s.readResource(w, r, quirks.Replace, schema.Groups)
	if err != nil {
		writeError(w, r, err)
		return
	}
	g, err := service(r).ReplaceGroup(r.Context(), r.PathValue("id"), doc, version)
	if err != nil {
		writeError(w, r, err)
		return
	}
	s.writeGroup(w, r, http.StatusOK, g, proj)
}

func (s *Server) patchGroup(w http.ResponseWriter, r *http.Request) {
	proj, err := projectionOf(r, schema.Groups)
	if err != nil {
		writeError(w, r, err)
		return
	}
	version, err := ifVersion(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	ops, err := s.readPatch(w, r, schema.Groups)
	if err != nil {
		writeError(w, r, err)
		return
	}
	g, err := service(r).PatchGroup(r.Context(), r.PathValue("id"), ops, version)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if quirks.PatchWantsResource(r.UserAgent(), proj.asked()) {
		s.writeGroup(w, r, http.StatusOK, g, proj)
		return
	}
	w.Header().Set("ETag", etag(g.Version))
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) deleteGroup(w http.ResponseWriter, r *http.Request) {
	version, err := ifVersion(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if err := service(r).DeleteGroup(r.Context(), r.PathValue("id"), version); err != nil {
		writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
