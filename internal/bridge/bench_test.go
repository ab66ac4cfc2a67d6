package bridge_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/account/store/sqlstore"
)

// benchPeople is how many people the benchmarks' account holds.
const benchPeople = 10000

var (
	templateOnce sync.Once
	templateDir  string
	templateErr  error
	templateIDs  []string
)

// seededDSN copies an account database holding benchPeople people, made
// once per process (inserted through the store in one transaction: the
// benchmarks measure requests, not seeding).
func seededDSN(tb testing.TB) string {
	templateOnce.Do(func() {
		templateDir, templateErr = os.MkdirTemp("", "scimbridge-bench-")
		if templateErr != nil {
			return
		}
		ctx := context.Background()
		st, err := sqlstore.Open(ctx, filepath.Join(templateDir, "account.db"))
		if err != nil {
			templateErr = err
			return
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		templateErr = st.Tx(ctx, func(tx store.Tx) error {
			for i := range benchPeople {
				email := fmt.Sprintf("person%05d@example.com", i)
				p := account.Person{
					ID: account.NewID(), State: account.StateInvited, Provisioned: true,
					Schemas: []string{"urn:ietf:params:scim:schemas:core:2.0:User"},
					Attributes: map[string]any{
						"userName": email, "externalId": fmt.Sprintf("ext%05d", i), "displayName": fmt.Sprintf("Person %d", i),
						"name":   map[string]any{"givenName": "Person", "familyName": fmt.Sprintf("Number%d", i)},
						"emails": []any{map[string]any{"value": email, "type": "work", "primary": true}},
					},
					Created: now, Modified: now, Version: 1,
				}
				p.Derive()
				if err := tx.CreatePerson(ctx, p); err != nil {
					return err
				}
				templateIDs = append(templateIDs, p.ID)
			}
			return nil
		})
		if err := st.Close(); templateErr == nil {
			templateErr = err
		}
	})
	if templateErr != nil {
		tb.Fatal(templateErr)
	}
	dir := tb.TempDir()
	for _, name := range []string{"account.db", "account.db-wal"} {
		b, err := os.ReadFile(filepath.Join(templateDir, name))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			tb.Fatal(err)
		}
	}
	return filepath.Join(dir, "account.db")
}

// serve runs one request through the bridge's handler, without a network.
func serve(b *testing.B, e *env, method, path, body string) int {
	req := httptest.NewRequest(method, "/scim/v2"+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.token)
	if body != "" {
		req.Header.Set("Content-Type", "application/scim+json")
	}
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, req)
	return rec.Code
}

// benchTopologies are the ways the benchmarks reach the account: in the
// bridge's process (quickstart), and through the account API over HTTP
// (production, where every call to the account is a round trip).
var benchTopologies = []topology{
	{name: "in-process", dsn: seededDSN},
	{name: "remote", remote: true, dsn: seededDSN},
}

// eachBenchEnv runs f as a sub-benchmark in each topology, on a bridge
// whose account holds benchPeople people.
func eachBenchEnv(b *testing.B, f func(b *testing.B, e *env)) {
	for _, top := range benchTopologies {
		b.Run(top.name, func(b *testing.B) {
			e := newEnv(b, top, envOptions{logs: io.Discard})
			if code := serve(b, e, "GET", "/Users?count=1", ""); code != http.StatusOK {
				b.Fatalf("warm-up: %d", code)
			}
			b.ReportAllocs()
			b.ResetTimer()
			f(b, e)
		})
	}
}

// BenchmarkLookupUserName is Okta's lookup before a create, among 10,000
// people.
func BenchmarkLookupUserName(b *testing.B) {
	eachBenchEnv(b, func(b *testing.B, e *env) {
		for i := 0; b.Loop(); i++ {
			f := url.QueryEscape(fmt.Sprintf(`userName eq "PERSON%05d@example.com"`, i%benchPeople))
			if code := serve(b, e, "GET", "/Users?filter="+f+"&startIndex=1&count=100", ""); code != http.StatusOK {
				b.Fatalf("lookup: %d", code)
			}
		}
	})
}

// BenchmarkGetUser reads one person by id, among 10,000.
func BenchmarkGetUser(b *testing.B) {
	eachBenchEnv(b, func(b *testing.B, e *env) {
		for i := 0; b.Loop(); i++ {
			if code := serve(b, e, "GET", "/Users/"+templateIDs[i%benchPeople], ""); code != http.StatusOK {
				b.Fatalf("get: %d", code)
			}
		}
	})
}

// BenchmarkCreateUser provisions new people (Okta's create body), on top
// of 10,000.
func BenchmarkCreateUser(b *testing.B) {
	eachBenchEnv(b, func(b *testing.B, e *env) {
		for i := 0; b.Loop(); i++ {
			body := fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"new%08d@example.com",
			"name":{"givenName":"New","familyName":"Person"},"emails":[{"primary":true,"value":"new%08d@example.com","type":"work"}],
			"displayName":"New Person","externalId":"00u%08d","groups":[],"active":true}`, i, i, i)
			if code := serve(b, e, "POST", "/Users", body); code != http.StatusCreated {
				b.Fatalf("create: %d", code)
			}
		}
	})
}

// BenchmarkPage reads a page of 100 people from anywhere among 10,000.
func BenchmarkPage(b *testing.B) {
	eachBenchEnv(b, func(b *testing.B, e *env) {
		for i := 0; b.Loop(); i++ {
			if code := serve(b, e, "GET", fmt.Sprintf("/Users?startIndex=%d&count=100", 1+(i*7919)%(benchPeople-100)), ""); code != http.StatusOK {
				b.Fatalf("page: %d", code)
			}
		}
	})
}
