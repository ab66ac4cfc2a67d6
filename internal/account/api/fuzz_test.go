package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
)

// The server's request decoding under random input: whatever a client
// sends, the answer is never a 500, and every error is an error body.

// fuzzServer is a server over a real local account, called in-process.
type fuzzServer struct {
	h        http.Handler
	key      string
	personID string
	groupID  string
}

func newFuzzServer(f *testing.F) *fuzzServer {
	s := newTestServer(f)
	p := mustCreate(f, s.Client, "fuzz@example.com")
	g, err := s.Client.CreateGroup(f.Context(), map[string]any{"displayName": "Fuzzers", "members": []any{map[string]any{"value": p.ID}}})
	if err != nil {
		f.Fatal(err)
	}
	return &fuzzServer{h: NewServer(s.Account, nil), key: s.IntegrationKey, personID: p.ID, groupID: g.ID}
}

func (s *fuzzServer) check(t *testing.T, req *http.Request) {
	req.Header.Set("Authorization", "Bearer "+s.key)
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		t.Fatalf("%s %s: %d %s", req.Method, req.URL, rec.Code, rec.Body)
	}
	if rec.Code >= 400 {
		var b errorBody
		if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil || b.Error == "" || b.Status != rec.Code {
			t.Fatalf("%s %s: %d with body %q", req.Method, req.URL, rec.Code, rec.Body)
		}
	}
}

func FuzzDecodePerson(f *testing.F) {
	seeds := []string{
		`{"attributes":{"userName":"ann@example.com"}}`,
		`{"attributes":{"userName":"bob@example.com","active":false,"emails":[{"value":"b@x","Primary":true}],"name":{"givenName":"B"}}}`,
		`{"attributes":{"userName":"c","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"m"}}}}`,
		`{"schemas":["` + scim.PatchOpMessage + `"],"Operations":[{"op":"replace","path":"name.givenName","value":"x"}]}`,
		`{"schemas":["` + scim.PatchOpMessage + `"],"Operations":[{"op":"add","value":{"displayName":"y","active":true}}]}`,
		`{"schemas":["` + scim.PatchOpMessage + `"],"Operations":[{"op":"remove","path":"emails[type eq \"work\"]"}]}`,
		`{"attributes":{"userName":1e400}}`,
		`{"attributes":{"userName":"d","emails":[[],{},null]}}`,
		`{"attributes":null}`,
		`[]`, `{`, ``, `"x"`, `{"attributes":{}}{}`,
	}
	for i, s := range seeds {
		f.Add([]byte(s), uint8(i))
	}
	s := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, body []byte, route uint8) {
		var method, url string
		switch route % 5 {
		case 0:
			method, url = "POST", "/v1/people"
		case 1:
			method, url = "PUT", "/v1/people/"+s.personID
		case 2:
			method, url = "PATCH", "/v1/people/"+s.personID
		case 3:
			method, url = "POST", "/v1/groups"
		default:
			method, url = "PATCH", "/v1/groups/"+s.groupID
		}
		s.check(t, httptest.NewRequest(method, url, bytes.NewReader(body)))
	})
}

func FuzzListQuery(f *testing.F) {
	for _, q := range []string{
		"filter=userName+eq+%22a%22&startIndex=1&count=10",
		"filter=emails%5Btype+eq+%22work%22+and+value+co+%22%40%22%5D&sortBy=name.familyName&sortOrder=descending",
		"filter=meta.created+gt+%222030-01-01T00%3A00%3A00Z%22",
		"filter=not+(active+eq+false)+or+externalId+pr&count=-1&startIndex=-5",
		"sortBy=urn%3Aietf%3Aparams%3Ascim%3Aschemas%3Aextension%3Aenterprise%3A2.0%3AUser%3Adepartment",
		"count=99999999999999999999", "filter=%22", "startIndex=0&count=0",
	} {
		f.Add(q, false)
	}
	s := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, rawQuery string, groups bool) {
		path := "/v1/people"
		if groups {
			path = "/v1/groups"
		}
		req := httptest.NewRequest("GET", path, nil)
		req.URL.RawQuery = rawQuery
		s.check(t, req)
	})
}

func FuzzIfVersion(f *testing.F) {
	for _, s := range []string{`"1"`, `W/"22"`, `*`, `""`, `"9223372036854775807"`, `"1" `, `W/""`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, value string) {
		r := httptest.NewRequest("PUT", "/v1/people/x", nil)
		r.Header["If-Match"] = []string{value}
		n, err := ifVersion(r)
		if err != nil {
			if e, ok := scim.AsError(err); !ok || e.Status != 400 {
				t.Fatalf("%q: %v, want a 400 *scim.Error", value, err)
			}
			return
		}
		if n < 0 {
			t.Fatalf("%q: version %d", value, n)
		}
		if n > 0 {
			// What the client sends for n is read back as n.
			r.Header["If-Match"] = []string{etag(n)}
			if back, err := ifVersion(r); err != nil || back != n {
				t.Fatalf("%q: %d, read back as %d, %v", value, n, back, err)
			}
			if s := strconv.FormatInt(n, 10); len(s) > 19 {
				t.Fatalf("%q: %d", value, n)
			}
		}
	})
}
