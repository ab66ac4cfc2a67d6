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

// ifVersion reads an If-Match precondition (RFC 7644 §3.14): W/"n" or "n",
// giving the version the resource must still have; 0 when absent or "*".
func ifVersion(r *http.Request) (int64, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return 0, nil
	}
	v, ok := parseETag(h)
	if !ok {
		return 0, scim.NewError(http.StatusPreconditionFailed, "", "If-Match must be an entity tag this service gave (W/\"<version>\")")
	}
	return v, nil
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
	for _, t := range strings.Split(h, ",") {
		t = strings.TrimSpace(t)
		if t == "*" {
			return true
		}
		if v, ok := parseETag(t); ok && v == version {
			return true
		}
	}
	return false
}
