package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

// Reading requests: bodies, the If-Match precondition, list parameters,
// the bearer key and the actor headers. Every problem is a *scim.Error, so
// it reaches the client as "invalid" with the status it names.

// defaultCount is the page size of a list request without count.
const defaultCount = 100

// decodeBody reads one JSON value from the request body into v: at most
// MaxBodyBytes, numbers as json.Number, and, when strict, no members v
// does not name (for our own wire types; SCIM messages are lenient).
func decodeBody(w http.ResponseWriter, r *http.Request, v any, strict bool) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	dec.UseNumber()
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		return bodyError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err != nil {
			return bodyError(err)
		}
		return scim.BadRequest(scim.ErrInvalidSyntax, "the request body holds more than one JSON value")
	}
	return nil
}

// bodyError explains why a body could not be decoded, without quoting it.
func bodyError(err error) error {
	var tooLarge *http.MaxBytesError
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooLarge):
		return scim.NewError(http.StatusRequestEntityTooLarge, "", "the request body is larger than %d bytes", MaxBodyBytes)
	case errors.Is(err, io.EOF):
		return scim.BadRequest(scim.ErrInvalidSyntax, "the request body is empty; expected a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return scim.BadRequest(scim.ErrInvalidSyntax, "the request body ends in the middle of its JSON")
	case errors.As(err, &syntax):
		return scim.BadRequest(scim.ErrInvalidSyntax, "the request body is not valid JSON (at byte %d)", syntax.Offset)
	case errors.As(err, &typ):
		if typ.Field != "" {
			return scim.BadRequest(scim.ErrInvalidSyntax, "%q in the request body must not be a JSON %s", clipShort(typ.Field), typ.Value)
		}
		return scim.BadRequest(scim.ErrInvalidSyntax, "the request body must be a JSON object, not a %s", typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return scim.BadRequest(scim.ErrInvalidSyntax, "the request body has an unknown member %s", clipShort(strings.TrimPrefix(err.Error(), "json: unknown field ")))
	}
	return scim.BadRequest(scim.ErrInvalidSyntax, "the request body cannot be read: %s", clipShort(err.Error()))
}

// decodeDocument reads {"attributes": {...}}.
func decodeDocument(w http.ResponseWriter, r *http.Request) (map[string]any, error) {
	var req documentRequest
	if err := decodeBody(w, r, &req, true); err != nil {
		return nil, err
	}
	if req.Attributes == nil {
		return nil, scim.BadRequest(scim.ErrInvalidSyntax, `the request body needs "attributes": an object of SCIM attributes`)
	}
	return req.Attributes, nil
}

// decodePatch reads a SCIM PatchOp message.
func decodePatch(w http.ResponseWriter, r *http.Request) ([]patch.Operation, error) {
	var msg map[string]any
	if err := decodeBody(w, r, &msg, false); err != nil {
		return nil, err
	}
	if msg == nil {
		return nil, scim.BadRequest(scim.ErrInvalidSyntax, "the request body must be a PatchOp message, not null")
	}
	return patch.Decode(msg)
}

// ifVersion reads the If-Match precondition: "N" or W/"N" with N the
// version the caller read, or * (any version); absent is 0 (any version).
func ifVersion(r *http.Request) (int64, error) {
	values := r.Header.Values("If-Match")
	if len(values) == 0 {
		return 0, nil
	}
	bad := scim.BadRequest(scim.ErrInvalidSyntax, `If-Match must be one version in quotes, such as "3" (or W/"3", or *)`)
	if len(values) > 1 {
		return 0, bad
	}
	s := strings.TrimSpace(values[0])
	if s == "*" {
		return 0, nil
	}
	s = strings.TrimPrefix(s, "W/")
	if len(s) < 3 || len(s) > 21 || s[0] != '"' || s[len(s)-1] != '"' {
		return 0, bad
	}
	digits := s[1 : len(s)-1]
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, bad
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n < 1 {
		return 0, bad
	}
	return n, nil
}

// listQuery reads the parameters of GET /v1/people and GET /v1/groups.
func listQuery(r *http.Request) (account.Query, error) {
	v := r.URL.Query()
	q := account.Query{StartIndex: 1, Count: defaultCount}
	if s := v.Get("filter"); s != "" {
		f, err := filter.Parse(s)
		if err != nil {
			return q, err
		}
		q.Filter = f
	}
	var err error
	if q.StartIndex, err = intParam(v.Get("startIndex"), "startIndex", 1); err != nil {
		return q, err
	}
	if q.Count, err = intParam(v.Get("count"), "count", defaultCount); err != nil {
		return q, err
	}
	// A negative count is 0 (RFC 7644 §3.4.2.4).
	q.Count = max(q.Count, 0)
	if s := v.Get("sortBy"); s != "" {
		p, err := filter.ParseAttrPath(s)
		if err != nil {
			return q, err
		}
		q.SortBy = &p
	}
	switch strings.ToLower(v.Get("sortOrder")) {
	case "", "ascending":
	case "descending":
		q.Descending = true
	default:
		return q, scim.BadRequest(scim.ErrInvalidValue, `sortOrder must be "ascending" or "descending"`)
	}
	return q, nil
}

func intParam(s, name string, absent int) (int, error) {
	if s == "" {
		return absent, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, scim.BadRequest(scim.ErrInvalidValue, "%s must be an integer", name)
	}
	return n, nil
}

// bearer returns the API key of the Authorization header.
func bearer(r *http.Request) (string, error) {
	h := r.Header.Get("Authorization")
	scheme, key, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(key) == "" {
		return "", account.Errorf(account.ErrUnauthorized, "the request needs an Authorization header: Bearer <API key>")
	}
	return strings.TrimSpace(key), nil
}

// requestActor reads who is behind the request from its headers; the
// account adds the credential.
func requestActor(r *http.Request) account.Actor {
	return account.Actor{
		RequestID: cleanHeader(r.Header.Get(RequestIDHeader)),
		Provider:  cleanHeader(r.Header.Get(ProviderHeader)),
	}
}

// pathID is the {id} of the route, checked to be something an id can be.
func pathID(r *http.Request) (string, error) {
	id := r.PathValue("id")
	if id == "" || len(id) > 256 {
		return "", account.Errorf(account.ErrNotFound, "no resource with id %q", clipShort(id))
	}
	return id, nil
}
