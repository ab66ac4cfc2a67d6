package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// provider plays an identity provider against the system's replicas, as
// Okta does: it looks a person up before creating them, adds them to a
// group, deactivates some, and retries what fails (a connection refused,
// 429, 503) on another replica until it succeeds. It remembers what it was
// told, for the consistency check, and every response that breaks the
// rules of a failure: a 5xx other than 503, or a 503 or 429 without an
// integer Retry-After.
type provider struct {
	s  *system
	hc *http.Client

	mu        sync.Mutex
	created   map[string]string // userName (lower case) → SCIM id
	suspended map[string]bool
	members   map[string]bool // SCIM ids
	group     string
	bad       []string // responses that broke the rules
	failures  map[string]int

	next atomic.Int64 // round robin over the replicas
}

func newProvider(s *system) *provider {
	return &provider{s: s, hc: &http.Client{Timeout: 30 * time.Second},
		created: map[string]string{}, suspended: map[string]bool{}, members: map[string]bool{}, failures: map[string]int{}}
}

// try sends one request to one replica; status 0 is a connection failure.
func (p *provider) try(base, method, path, body string) (int, http.Header, map[string]any) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, base+path, rd)
	req.Header.Set("Authorization", "Bearer "+p.s.token)
	req.Header.Set("Content-Type", "application/scim+json")
	req.Header.Set("User-Agent", "Okta SCIM Client 1.0.0")
	resp, err := p.hc.Do(req)
	if err != nil {
		return 0, nil, nil
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.NewDecoder(bytes.NewReader(raw)).Decode(&m)
	return resp.StatusCode, resp.Header, m
}

// send retries a request across the replicas until it gets an answer that
// is not a failure to retry, or a minute passes.
func (p *provider) send(method, path, body string) (int, map[string]any) {
	deadline := time.Now().Add(time.Minute)
	for {
		base := p.s.urls[int(p.next.Add(1))%len(p.s.urls)]
		status, h, m := p.try(base, method, path, body)
		retry := status == 0 || status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests
		p.note(method, path, status, h, m)
		if !retry || time.Now().After(deadline) {
			return status, m
		}
		// A provider waits Retry-After; the test waits less, to keep the
		// outage short in time but long in requests.
		time.Sleep(50 * time.Millisecond)
	}
}

// note records failures, and responses that break the rules.
func (p *provider) note(method, path string, status int, h http.Header, m map[string]any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case status == 0:
		p.failures["connection"]++
	case status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests:
		p.failures[strconv.Itoa(status)]++
		if s, err := strconv.Atoi(h.Get("Retry-After")); err != nil || s < 1 {
			p.bad = append(p.bad, fmt.Sprintf("%s %s: %d with Retry-After %q", method, path, status, h.Get("Retry-After")))
		}
		if m["status"] != strconv.Itoa(status) {
			p.bad = append(p.bad, fmt.Sprintf("%s %s: %d without a SCIM error body: %v", method, path, status, m))
		}
	case status >= 500:
		p.bad = append(p.bad, fmt.Sprintf("%s %s: %d %v", method, path, status, m))
	}
}

// lookup finds a person by userName, as Okta does before creating them.
func (p *provider) lookup(userName string) (string, bool) {
	status, m := p.send("GET", "/Users?filter="+url.QueryEscape(`userName eq "`+userName+`"`), "")
	if status != http.StatusOK {
		p.fail("lookup %s: %d %v", userName, status, m)
		return "", false
	}
	rs, _ := m["Resources"].([]any)
	if len(rs) != 1 {
		return "", false
	}
	id, _ := rs[0].(map[string]any)["id"].(string)
	return id, id != ""
}

func (p *provider) fail(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.bad = append(p.bad, fmt.Sprintf(format, args...))
}

// createGroup pushes the group the people are added to.
func (p *provider) createGroup(name string) {
	status, m := p.send("POST", "/Groups", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"`+name+`","members":[]}`)
	if status != http.StatusCreated {
		p.s.t.Fatalf("create group: %d %v", status, m)
	}
	p.group = m["id"].(string)
}

// provision runs Okta's flow for one person: lookup, create, add to the
// group, and for some, deactivate.
func (p *provider) provision(userName string, deactivate bool) {
	id, ok := p.lookup(userName)
	if !ok {
		body := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"` + userName + `","name":{"givenName":"Load","familyName":"Test"},"emails":[{"primary":true,"value":"` + userName + `","type":"work"}],"active":true}`
		status, m := p.send("POST", "/Users", body)
		switch status {
		case http.StatusCreated:
			id, _ = m["id"].(string)
		case http.StatusConflict: // an earlier try landed before its answer was lost
			if id, ok = p.lookup(userName); !ok {
				p.fail("create %s: 409, and the lookup finds nobody", userName)
				return
			}
		default:
			p.fail("create %s: %d %v", userName, status, m)
			return
		}
	}
	p.mu.Lock()
	p.created[strings.ToLower(userName)] = id
	p.mu.Unlock()

	add := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"` + id + `"}]}]}`
	if status, m := p.send("PATCH", "/Groups/"+p.group, add); status != http.StatusNoContent && status != http.StatusOK {
		p.fail("add %s to the group: %d %v", userName, status, m)
		return
	}
	p.mu.Lock()
	p.members[id] = true
	p.mu.Unlock()

	if deactivate {
		off := `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}`
		if status, m := p.send("PATCH", "/Users/"+id, off); status != http.StatusNoContent && status != http.StatusOK {
			p.fail("deactivate %s: %d %v", userName, status, m)
			return
		}
		p.mu.Lock()
		p.suspended[strings.ToLower(userName)] = true
		p.mu.Unlock()
	}
}

// load provisions people from workers goroutines, and calls fault once
// (in its own goroutine) when faultAfter of them are done. It returns when
// every person is provisioned and the fault has run.
func (p *provider) load(prefix string, workers, each, faultAfter int, fault func()) {
	var done atomic.Int64
	var once sync.Once
	var faultDone sync.WaitGroup
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				p.provision(fmt.Sprintf("%s-%d-%d@example.com", prefix, w, i), i%4 == 3)
				if done.Add(1) == int64(faultAfter) {
					once.Do(func() {
						faultDone.Add(1)
						go func() { defer faultDone.Done(); fault() }()
					})
				}
			}
		}()
	}
	wg.Wait()
	faultDone.Wait()
}
