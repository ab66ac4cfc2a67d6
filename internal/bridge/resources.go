package bridge

import (
	"context"
	"net/http"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
	"github.com/scimbridge/scimbridge/internal/scim/quirks"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// handler is how the bridge's handlers are written: they return errors,
// and one place (errs) renders them as SCIM errors.
type handler func(w http.ResponseWriter, r *http.Request) error

func errs(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			writeError(w, r, err)
		}
	}
}

// resource is what differs between Users and Groups; handling them is the
// same otherwise (users.go and groups.go fill it in).
type resource[T any] struct {
	rt      *schema.ResourceType
	create  func(account.Service, context.Context, map[string]any) (T, error)
	get     func(account.Service, context.Context, string) (T, error)
	replace func(account.Service, context.Context, string, map[string]any, int64) (T, error)
	patch   func(account.Service, context.Context, string, []patch.Operation, int64) (T, error)
	delete  func(account.Service, context.Context, string, int64) error
	version func(T) int64
	// render renders one resource, reading what the projection shows
	// (a person's groups, a group's members).
	render func(r *http.Request, v T, proj projection) (map[string]any, error)
	// path is the resource's location below the SCIM base URL.
	path func(T) string
}

// write sends one resource with its ETag (and Location when created).
func (k resource[T]) write(w http.ResponseWriter, r *http.Request, status int, v T, proj projection) error {
	res, err := k.render(r, v, proj)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(k.version(v)))
	if status == http.StatusCreated {
		w.Header().Set("Location", baseURL(r)+k.path(v))
	}
	writeJSON(w, status, proj.apply(res))
	return nil
}

func (k resource[T]) handleCreate(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		proj, err := projectionOf(r, k.rt)
		if err != nil {
			return err
		}
		doc, err := s.readResource(w, r, quirks.Create, k.rt)
		if err != nil {
			return err
		}
		v, err := k.create(service(r), r.Context(), doc)
		if err != nil {
			return err
		}
		return k.write(w, r, http.StatusCreated, v, proj)
	}
}

func (k resource[T]) handleGet() handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		proj, err := projectionOf(r, k.rt)
		if err != nil {
			return err
		}
		v, err := k.get(service(r), r.Context(), r.PathValue("id"))
		if err != nil {
			return err
		}
		if notModified(r, k.version(v)) {
			w.Header().Set("ETag", etag(k.version(v)))
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
		return k.write(w, r, http.StatusOK, v, proj)
	}
}

func (k resource[T]) handleReplace(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		proj, version, err := writeParams(r, k.rt)
		if err != nil {
			return err
		}
		doc, err := s.readResource(w, r, quirks.Replace, k.rt)
		if err != nil {
			return err
		}
		v, err := k.replace(service(r), r.Context(), r.PathValue("id"), doc, version)
		if err != nil {
			return err
		}
		return k.write(w, r, http.StatusOK, v, proj)
	}
}

// handlePatch answers 204, or 200 with the resource for clients that want
// it (quirks.PatchWantsResource).
func (k resource[T]) handlePatch(s *Server) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		proj, version, err := writeParams(r, k.rt)
		if err != nil {
			return err
		}
		ops, err := s.readPatch(w, r, k.rt)
		if err != nil {
			return err
		}
		v, err := k.patch(service(r), r.Context(), r.PathValue("id"), ops, version)
		if err != nil {
			return err
		}
		if quirks.PatchWantsResource(r.UserAgent(), proj.asked()) {
			return k.write(w, r, http.StatusOK, v, proj)
		}
		w.Header().Set("ETag", etag(k.version(v)))
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

func (k resource[T]) handleDelete() handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		version, err := ifVersion(r)
		if err != nil {
			return err
		}
		if err := k.delete(service(r), r.Context(), r.PathValue("id"), version); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// writeParams reads what every write takes besides its body: the
// projection of the response and the If-Match precondition.
func writeParams(r *http.Request, rt *schema.ResourceType) (projection, int64, error) {
	proj, err := projectionOf(r, rt)
	if err != nil {
		return proj, 0, err
	}
	version, err := ifVersion(r)
	return proj, version, err
}

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
