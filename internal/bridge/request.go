package bridge

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// decodeBody reads a request's JSON object. The body is limited to the
// configured size (413 beyond it, before it is read whole); anything but
// one JSON object is a 400 invalidSyntax. Numbers stay json.Number, so
// integers and decimals keep their exact value.
func (s *Server) decodeBody(w http.ResponseWriter, r *http.Request) (map[string]any, error) {
	if err := checkContentType(r); err != nil {
		return nil, err
	}
	if r.ContentLength > s.cfg.MaxBodyBytes {
		return nil, tooLarge(s.cfg.MaxBodyBytes)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge(s.cfg.MaxBodyBytes)
		}
		return nil, scim.BadRequest(scim.ErrInvalidSyntax, "the request body could not be read")
	}
	return DecodeObject(body)
}

// DecodeObject parses a request body that must be one JSON object.
func DecodeObject(body []byte) (map[string]any, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, scim.BadRequest(scim.ErrInvalidSyntax, "the request body is empty; a JSON object is required")
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, scim.BadRequest(scim.ErrInvalidSyntax, "the request body is not valid JSON: %s", jsonProblem(err))
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, scim.BadRequest(scim.ErrInvalidSyntax, "the request body holds more than one JSON value")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, scim.BadRequest(scim.ErrInvalidSyntax, "the request body must be a JSON object")
	}
	return m, nil
}

// jsonProblem describes a JSON syntax error by position only: the message
// of encoding/json can quote the input, which may hold secrets.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return "syntax error at byte " + strconv.FormatInt(se.Offset, 10)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of input"
	}
	return "malformed input"
}

func tooLarge(limit int64) error {
	return scim.NewError(http.StatusRequestEntityTooLarge, "", "the request body is larger than %d bytes", limit)
}

// checkContentType accepts the SCIM media type and plain JSON (RFC 7644
// §3.1; Okta sends application/json), with any parameters, and requests
// that name none.
func checkContentType(r *http.Request) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/scim+json" || mt == "application/json") {
		return nil
	}
	return scim.NewError(http.StatusUnsupportedMediaType, "", "requests must be application/scim+json or application/json")
}

// ifMatch reads an If-Match precondition (RFC 7644 §3.14, RFC 7232 §3.1):
// the versions its entity tags name, or none when it is absent or "*" (any
// current version: the resource only has to exist, which every write
// checks). A header that names no version of ours can match nothing: 412.
//
// Tags compare weakly: W/"3" and "3" both name version 3. RFC 7232 §3.1
// has If-Match compare strongly, under which a weak tag never matches, but
// RFC 7644 §3.14 leaves the service provider to choose weak or strong tags
// and shows clients sending If-Match: W/"…", and SCIM clients echo
// meta.version with or without its W/. Our tags are weak because a
// version names the state of the resource, not the bytes of one
// representation (attributes= changes those), and that state is what a
// conditional write is about.
func ifMatch(r *http.Request) ([]int64, error) {
	h := strings.TrimSpace(strings.Join(r.Header.Values("If-Match"), ","))
	if h == "" {
		return nil, nil
	}
	var versions []int64
	for _, t := range splitETags(h) {
		if t == "*" {
			return nil, nil
		}
		if v, ok := parseETag(t); ok {
			versions = append(versions, v)
		}
	}
	if len(versions) == 0 {
		return nil, errPrecondition("If-Match must list entity tags this service gave (W/\"<version>\"), or be *")
	}
	return versions, nil
}

func errPrecondition(detail string) error {
	return scim.NewError(http.StatusPreconditionFailed, "", "%s", detail)
}

// splitETags splits a list of entity tags at the commas between them (a
// comma inside quotes belongs to a tag).
func splitETags(h string) []string {
	var tags []string
	start, quoted := 0, false
	for i := 0; i <= len(h); i++ {
		if i < len(h) && h[i] == '"' {
			quoted = !quoted
		}
		if i == len(h) || (h[i] == ',' && !quoted) {
			if t := strings.TrimSpace(h[start:i]); t != "" {
				tags = append(tags, t)
			}
			start = i + 1
		}
	}
	return tags
}

// parseETag reads an entity tag of ours.
func parseETag(s string) (int64, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "W/")
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return 0, false
	}
	v, err := strconv.ParseInt(s[1:len(s)-1], 10, 64)
	return v, err == nil && v > 0
}

// etag renders a version as a weak entity tag: equal versions are
// semantically equal representations.
func etag(version int64) string { return `W/"` + strconv.FormatInt(version, 10) + `"` }

// notModified reports whether an If-None-Match header matches the version.
func notModified(r *http.Request, version int64) bool {
	h := r.Header.Get("If-None-Match")
	if h == "" {
		return false
	}
	for _, t := range splitETags(h) {
		if t == "*" {
			return true
		}
		if v, ok := parseETag(t); ok && v == version {
			return true
		}
	}
	return false
}
