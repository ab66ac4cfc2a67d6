package bridge_test

import (
	"strings"
	"testing"
)

// TestMetricsAndMonitoring reads /metrics and /monitoring with the
// monitoring token: the request and provisioning series are there, and the
// token opens nothing else.
func TestMetricsAndMonitoring(t *testing.T) {
	e := newEnv(t, topologies[0], envOptions{})
	root := strings.TrimSuffix(e.url, "/scim/v2")
	mon := e.monitoring
	// Before any bearer token: monitoring says the credentials wait.
	st := e.reqWith(mon, "GET", root+"/monitoring", nil).must(t, 200)
	if st.body["status"] != "waiting" || strings.Contains(st.raw, "detail") {
		t.Fatalf("monitoring before unlock: %s", st.raw)
	}
	e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"m@example.com"}`, "User-Agent", oktaUA).must(t, 201)
	e.req("POST", "/Users", `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"M@example.com"}`, "User-Agent", oktaUA).must(t, 409)
	e.req("GET", "/Users/nobody", nil).must(t, 404)
	m := e.reqWith(mon, "GET", root+"/metrics", nil).must(t, 200)
	for _, want := range []string{
		`scimbridge_http_requests_total{method="POST",provider="okta",route="/scim/v2/Users",status="201"} 1`,
		`scimbridge_http_requests_total{method="GET",provider="other",route="/scim/v2/Users/{id}",status="404"} 1`,
		`scimbridge_provisioning_operations_total{kind="user.create",result="ok"} 1`,
		`scimbridge_provisioning_operations_total{kind="user.create",result="client_error"} 1`,
		`scimbridge_http_request_duration_seconds_bucket{method="POST",route="/scim/v2/Users"`,
		`scimbridge_build_info{build="",version="test"} 1`,
		"scimbridge_confirmations_total 0",
	} {
		if !strings.Contains(m.raw, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(m.raw, "nobody") {
		t.Error("a raw path became a label")
	}
	if st := e.reqWith(mon, "GET", root+"/monitoring", nil).must(t, 200); st.body["status"] != "healthy" {
		t.Fatalf("monitoring: %s", st.raw)
	}
	// The monitoring token reads, and only reads.
	e.reqWith(mon, "GET", "/Users", nil).scimError(t, 401, "")
	e.reqWith(mon, "GET", root+"/health", nil).must(t, 401)
	e.reqWith("sbm1_"+strings.Repeat("A", 43), "GET", root+"/metrics", nil).must(t, 401)
	e.reqWith("", "GET", root+"/metrics", nil).must(t, 401)
	// The bearer token also reads them.
	e.req("GET", root+"/metrics", nil).must(t, 200)
}
