package bridge

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// Bulk (RFC 7644 §3.7): a client sends many operations in one request.
// Each runs as a request of its own through the same handlers (so the same
// quirks, validation and errors), one transaction each: bulk is not atomic,
// as the RFC says. bulkId references ("bulkId:qwerty" in a path or a value)
// name resources created earlier in the same request; operations that
// refer to ones created later wait for them.

// bulkOp is one decoded operation, with its result once run.
type bulkOp struct {
	Method  string
	Path    string
	BulkID  string
	Version string
	Data    any
	hasData bool

	invalid error // why the operation cannot run at all
	done    bool
	result  map[string]any
}

// bulkRef is the prefix of a reference to a resource created in the same
// bulk request.
const bulkRef = "bulkId:"

func (s *Server) bulk(w http.ResponseWriter, r *http.Request) error {
	if err := checkContentType(r); err != nil {
		return err
	}
	limit := s.cfg.BulkMaxPayloadBytes
	if r.ContentLength > limit {
		return bulkTooLarge(limit)
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return bulkTooLarge(limit)
		}
		return scim.BadRequest(scim.ErrInvalidSyntax, "the request body could not be read")
	}
	body, err := DecodeObject(raw)
	if err != nil {
		return err
	}
	ops, failOnErrors, err := decodeBulk(body, s.cfg.BulkMaxOperations)
	if err != nil {
		return err
	}
	s.runBulk(r, ops, failOnErrors)
	results := []any{}
	for _, op := range ops {
		if op.done {
			results = append(results, op.result)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"schemas": []string{scim.BulkResponseMessage}, "Operations": results})
	return nil
}

func bulkTooLarge(limit int64) error {
	return scim.NewError(http.StatusRequestEntityTooLarge, "", "a bulk request may be at most %d bytes (ServiceProviderConfig bulk.maxPayloadSize)", limit)
}

// decodeBulk reads a BulkRequest message. Problems with the message as a
// whole are errors; problems with one operation are kept on it, so the
// other operations still run.
func decodeBulk(body map[string]any, maxOps int) ([]*bulkOp, int, error) {
	var schemas, operations, fail any
	for k, v := range body {
		switch strings.ToLower(k) {
		case "schemas":
			schemas = v
		case "operations":
			operations = v
		case "failonerrors":
			fail = v
		}
	}
	if !hasString(schemas, scim.BulkRequestMessage) {
		return nil, 0, scim.BadRequest(scim.ErrInvalidSyntax, "a bulk request needs schemas [%q]", scim.BulkRequestMessage)
	}
	list, ok := operations.([]any)
	if !ok {
		return nil, 0, scim.BadRequest(scim.ErrInvalidSyntax, "a bulk request needs Operations, an array")
	}
	if len(list) > maxOps {
		return nil, 0, scim.NewError(http.StatusRequestEntityTooLarge, "", "a bulk request may hold at most %d operations (ServiceProviderConfig bulk.maxOperations)", maxOps)
	}
	failOnErrors := 0
	if fail != nil {
		n, ok := fail.(json.Number)
		v, err := n.Int64()
		if !ok || err != nil || v < 1 || v > int64(maxOps) {
			return nil, 0, scim.BadRequest(scim.ErrInvalidValue, "failOnErrors must be a whole number from 1 to %d", maxOps)
		}
		failOnErrors = int(v)
	}
	ops := make([]*bulkOp, len(list))
	seen := map[string]bool{}
	for i, item := range list {
		op := decodeBulkOp(item)
		if op.invalid == nil && op.BulkID != "" {
			if seen[op.BulkID] {
				op.invalid = scim.BadRequest(scim.ErrInvalidValue, "bulkId %q is used twice", truncate(op.BulkID))
			}
			seen[op.BulkID] = true
		}
		ops[i] = op
	}
	return ops, failOnErrors, nil
}

func decodeBulkOp(item any) *bulkOp {
	op := &bulkOp{}
	m, ok := item.(map[string]any)
	if !ok {
		op.invalid = scim.BadRequest(scim.ErrInvalidSyntax, "a bulk operation must be an object")
		return op
	}
	for k, v := range m {
		switch strings.ToLower(k) {
		case "method":
			op.Method, _ = v.(string)
			op.Method = strings.ToUpper(op.Method)
		case "path":
			op.Path, _ = v.(string)
		case "bulkid":
			op.BulkID, _ = v.(string)
		case "version":
			op.Version, _ = v.(string)
		case "data":
			op.Data, op.hasData = v, v != nil
		}
	}
	switch {
	case op.Method != "POST" && op.Method != "PUT" && op.Method != "PATCH" && op.Method != "DELETE":
		op.invalid = scim.BadRequest(scim.ErrInvalidSyntax, "a bulk operation's method must be POST, PUT, PATCH or DELETE")
	case !strings.HasPrefix(op.Path, "/"):
		op.invalid = scim.BadRequest(scim.ErrInvalidPath, "a bulk operation needs a path such as /Users or /Groups/{id}")
	case op.Method == "POST" && op.BulkID == "":
		op.invalid = scim.BadRequest(scim.ErrInvalidSyntax, "a POST in a bulk request needs a bulkId")
	case op.Method != "DELETE" && !op.hasData:
		op.invalid = scim.BadRequest(scim.ErrInvalidSyntax, "a %s in a bulk request needs data", op.Method)
	}
	if _, isObject := op.Data.(map[string]any); op.invalid == nil && op.hasData && !isObject {
		op.invalid = scim.BadRequest(scim.ErrInvalidSyntax, "a bulk operation's data must be an object")
	}
	return op
}

// runBulk runs the operations, each once its bulkId references can be
// resolved, stopping after failOnErrors errors (0: never).
func (s *Server) runBulk(r *http.Request, ops []*bulkOp, failOnErrors int) {
	created := map[string]string{} // bulkId → id
	pendingPOST := map[string]bool{}
	for _, op := range ops {
		if op.invalid == nil && op.Method == "POST" {
			pendingPOST[op.BulkID] = true
		}
	}
	errs := 0
	finish := func(op *bulkOp, res map[string]any, elapsed time.Duration) bool {
		op.done, op.result = true, res
		st, _ := strconv.Atoi(res["status"].(string))
		if st >= 400 {
			errs++
		}
		s.observeBulkOp(r, op, res, st, elapsed)
		if op.Method == "POST" {
			delete(pendingPOST, op.BulkID)
		}
		return failOnErrors > 0 && errs >= failOnErrors
	}
	for progress := true; progress; {
		progress = false
		for _, op := range ops {
			if op.done {
				continue
			}
			if op.invalid != nil {
				progress = true
				if finish(op, s.bulkError(r, op, created, op.invalid), 0) {
					return
				}
				continue
			}
			refs := bulkRefs(op)
			waiting, missing := "", ""
			for _, ref := range refs {
				if _, ok := created[ref]; ok {
					continue
				}
				if pendingPOST[ref] && ref != op.BulkID {
					waiting = ref
				} else {
					missing = ref
				}
			}
			if missing == "" && waiting != "" {
				continue // its reference is created later in the request
			}
			progress = true
			if missing != "" {
				if finish(op, s.bulkError(r, op, created, scim.NewError(http.StatusConflict, scim.ErrInvalidValue, "bulkId %q names no resource created earlier in this request", truncate(missing))), 0) {
					return
				}
				continue
			}
			start := s.cfg.Now()
			res, id := s.runBulkOp(r, op, created)
			if id != "" && op.Method == "POST" {
				created[op.BulkID] = id
			}
			if finish(op, res, s.cfg.Now().Sub(start)) {
				return
			}
		}
	}
	// What is left refers, in a circle, to resources never created (A's
	// data names bulkId:B and B's names bulkId:A). RFC 7644 §3.7.1: the
	// service provider MUST try to resolve circular cross-references
	// between resources in a single bulk job but MAY stop after a failed
	// attempt and instead return 409 (Conflict). We stop: the attempt above
	// orders operations by what they refer to, and a circle is left only
	// when each needs the other to exist first. Breaking it (create both
	// without the references, then patch them in) is not worth its partial
	// failures here: the RFC's own example, two groups that are members of
	// each other, is refused anyway (groups do not nest), and the only
	// other circle, two users each the other's manager, the client can
	// send as creates then a PATCH.
	for _, op := range ops {
		if !op.done {
			err := scim.NewError(http.StatusConflict, scim.ErrInvalidValue,
				"the bulkId references of this operation lead into a circle (resources that each need another to exist first), which this service provider "+
					"does not resolve (RFC 7644 §3.7.1 allows it to stop with 409 Conflict): create the resources first, then add the references in a later operation")
			if finish(op, s.bulkError(r, op, created, err), 0) {
				return
			}
		}
	}
}

// observeBulkOp counts a finished bulk operation as the provisioning
// operation it is (user.create, group.patch, …: the Bulk request itself is
// none) and logs it on a line of its own, under the Bulk's request id, as
// observe does for requests.
func (s *Server) observeBulkOp(r *http.Request, op *bulkOp, res map[string]any, status int, elapsed time.Duration) {
	kind := s.bulkOpKind(r, op)
	if kind != "" {
		s.metrics.Operations.WithLabelValues(kind, result(status)).Inc()
	}
	attrs := []any{"request_id", RequestID(r.Context()), "method", truncate(op.Method), "path", truncate(op.Path), "status", status}
	if op.BulkID != "" {
		attrs = append(attrs, "bulk_id", truncate(op.BulkID))
	}
	if kind != "" {
		attrs = append(attrs, "operation", kind)
	}
	if loc, ok := res["location"].(string); ok && status < 400 {
		attrs = append(attrs, "location", loc)
	}
	if elapsed > 0 {
		attrs = append(attrs, "duration_ms", float64(elapsed.Microseconds())/1000)
	}
	s.log.InfoContext(r.Context(), "bulk operation", attrs...)
}

// bulkOpKind names the provisioning operation a bulk operation is, by the
// route its method and path reach (bulkId references and all), or "" when
// it is none (an invalid method, a path that is no resource).
func (s *Server) bulkOpKind(r *http.Request, op *bulkOp) string {
	if !strings.HasPrefix(op.Path, "/") {
		return ""
	}
	req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, strings.TrimSuffix(r.URL.Path, "/Bulk")+op.Path, nil)
	if err != nil {
		return ""
	}
	if methodLabel(op.Method) != "other" {
		req.Method = op.Method
	}
	_, route := s.bulkMux.Handler(req)
	return operation(op.Method, route)
}

// runBulkOp runs one operation through the resource routes and returns its
// BulkResponse entry and, on success, the resource's id.
func (s *Server) runBulkOp(r *http.Request, op *bulkOp, created map[string]string) (map[string]any, string) {
	var body []byte
	if op.hasData {
		body, _ = json.Marshal(substitute(op.Data, created))
	}
	path := substitute(op.Path, created).(string)
	prefix := strings.TrimSuffix(r.URL.Path, "/Bulk")
	inner, err := http.NewRequestWithContext(r.Context(), op.Method, prefix+path, bytes.NewReader(body))
	if err != nil {
		return s.bulkError(r, op, created, scim.BadRequest(scim.ErrInvalidPath, "the path %q is not valid", truncate(op.Path))), ""
	}
	inner.Host, inner.TLS, inner.RemoteAddr = r.Host, r.TLS, r.RemoteAddr
	inner.Header.Set("Content-Type", "application/scim+json")
	inner.Header.Set("User-Agent", r.UserAgent())
	if fp := r.Header.Get("X-Forwarded-Proto"); fp != "" {
		inner.Header.Set("X-Forwarded-Proto", fp)
	}
	if op.Version != "" {
		inner.Header.Set("If-Match", op.Version)
	}
	rec := &capture{header: http.Header{}}
	s.bulkMux.ServeHTTP(rec, inner)
	if rec.status == 0 {
		rec.status = http.StatusOK
	}

	res := map[string]any{"method": op.Method, "status": strconv.Itoa(rec.status)}
	if op.BulkID != "" {
		res["bulkId"] = op.BulkID
	}
	if v := rec.header.Get("ETag"); v != "" {
		res["version"] = v
	}
	var out map[string]any
	_ = json.Unmarshal(rec.body.Bytes(), &out)
	if rec.status >= 400 {
		if out == nil { // every route answers a SCIM error; this keeps it so
			out = errorBody(&scim.Error{Status: rec.status, Detail: http.StatusText(rec.status)})
		}
		res["response"] = out
		if op.Method != "POST" {
			res["location"] = baseURL(inner) + path
		}
		return res, ""
	}
	id, _ := out["id"].(string)
	if loc := rec.header.Get("Location"); loc != "" {
		res["location"] = loc
	} else {
		res["location"] = baseURL(inner) + path
	}
	return res, id
}

// bulkError is the BulkResponse entry of an operation that failed before
// it ran. Like every failed operation but a POST, it carries the location
// of the resource it was for (RFC 7644 §3.7.3), as far as its path names
// one.
func (s *Server) bulkError(r *http.Request, op *bulkOp, created map[string]string, err error) map[string]any {
	e := toSCIM(err)
	res := map[string]any{"method": op.Method, "status": strconv.Itoa(e.Status), "response": errorBody(e)}
	if op.BulkID != "" {
		res["bulkId"] = op.BulkID
	}
	if op.Method != "POST" && strings.HasPrefix(op.Path, "/") {
		res["location"] = baseURL(r) + substitute(op.Path, created).(string)
	}
	return res
}

// bulkRefs lists the bulkIds an operation refers to, in its path and data.
func bulkRefs(op *bulkOp) []string {
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			for _, part := range strings.Split(v, "/") {
				if ref, ok := strings.CutPrefix(part, bulkRef); ok {
					refs = append(refs, ref)
				}
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(op.Path)
	walk(op.Data)
	return refs
}

// substitute replaces bulkId references with the ids of the resources
// they name, in a copy of v.
func substitute(v any, created map[string]string) any {
	switch v := v.(type) {
	case string:
		if !strings.Contains(v, bulkRef) {
			return v
		}
		parts := strings.Split(v, "/")
		for i, part := range parts {
			if ref, ok := strings.CutPrefix(part, bulkRef); ok {
				if id, ok := created[ref]; ok {
					parts[i] = id
				}
			}
		}
		return strings.Join(parts, "/")
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = substitute(e, created)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = substitute(e, created)
		}
		return out
	}
	return v
}

func hasString(v any, want string) bool {
	list, _ := v.([]any)
	for _, s := range list {
		if s, ok := s.(string); ok && strings.EqualFold(s, want) {
			return true
		}
	}
	return false
}

// capture records a response written by a handler.
type capture struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (c *capture) Header() http.Header { return c.header }
func (c *capture) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.status = http.StatusOK
	}
	return c.body.Write(b)
}
func (c *capture) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}
