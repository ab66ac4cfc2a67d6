package bridge

import (
	"context"
	"net/http"
	"slices"

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
		doc, ctx, err := s.readResource(w, r, quirks.Create, k.rt)
		if err != nil {
			return err
		}
		v, err := k.create(service(r), ctx, doc)
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
		proj, version, err := k.writeParams(r)
		if err != nil {
			return err
		}
		doc, ctx, err := s.readResource(w, r, quirks.Replace, k.rt)
		if err != nil {
			return err
		}
		v, err := k.replace(service(r), ctx, r.PathValue("id"), doc, version)
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
		proj, version, err := k.writeParams(r)
		if err != nil {
			return err
		}
		ops, ctx, err := s.readPatch(w, r, k.rt)
		if err != nil {
			return err
		}
		v, err := k.patch(service(r), ctx, r.PathValue("id"), ops, version)
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
		version, err := k.precondition(r)
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
func (k resource[T]) writeParams(r *http.Request) (projection, int64, error) {
	proj, err := projectionOf(r, k.rt)
	if err != nil {
		return proj, 0, err
	}
	version, err := k.precondition(r)
	return proj, version, err
}

// precondition turns If-Match into the version a write must find, 0 for
// any. One tag goes to the account as it is, which checks it in the
// write's transaction. Of several, any may match (RFC 7232 §3.1): the
// current version is read, and if a tag names it, that version goes to the
// account, so a change in between still fails.
func (k resource[T]) precondition(r *http.Request) (int64, error) {
	versions, err := ifMatch(r)
	switch {
	case err != nil:
		return 0, err
	case len(versions) == 0:
		return 0, nil
	case len(versions) == 1:
		return versions[0], nil
	}
	v, err := k.get(service(r), r.Context(), r.PathValue("id"))
	if err != nil {
		return 0, err
	}
	if current := k.version(v); slices.Contains(versions, current) {
		return current, nil
	}
	return 0, errPrecondition("the resource has changed: none of the entity tags in If-Match is its current version")
}

// normalize runs the providers' normalisations on a request and logs which
// applied, so an operator can see what a provider sent. It returns the
// context to serve the request in, which carries to the account what the
// normalisations concluded (members to ignore).
func (s *Server) normalize(r *http.Request, q *quirks.Request) context.Context {
	q.Provider = account.ActorFrom(r.Context()).Provider
	if applied := quirks.Normalize(q); len(applied) > 0 {
		s.log.DebugContext(r.Context(), "normalised provider request", "request_id", RequestID(r.Context()), "normalizations", applied)
	}
	if q.IgnoreUnknownMembers {
		return account.WithUnknownMembersIgnored(r.Context())
	}
	return r.Context()
}

// readResource decodes and normalises a POST or PUT body for rt, and
// returns it with the context to write it in.
func (s *Server) readResource(w http.ResponseWriter, r *http.Request, kind quirks.Kind, rt *schema.ResourceType) (map[string]any, context.Context, error) {
	body, err := s.decodeBody(w, r)
	if err != nil {
		return nil, nil, err
	}
	q := &quirks.Request{Kind: kind, Resource: rt, ID: r.PathValue("id"), Body: body}
	ctx := s.normalize(r, q)
	if err := rt.CheckSchemas(q.Body); err != nil {
		return nil, nil, err
	}
	return q.Body, ctx, nil
}

// readPatch decodes and normalises a PATCH body for rt, and returns its
// operations with the context to apply them in.
func (s *Server) readPatch(w http.ResponseWriter, r *http.Request, rt *schema.ResourceType) ([]patch.Operation, context.Context, error) {
	body, err := s.decodeBody(w, r)
	if err != nil {
		return nil, nil, err
	}
	q := &quirks.Request{Kind: quirks.Patch, Resource: rt, ID: r.PathValue("id"), Body: body}
	ctx := s.normalize(r, q)
	ops, err := patch.Decode(q.Body)
	return ops, ctx, err
}
