package bridge_test

import (
	"encoding/json"
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

// TestBulkOperationsInMetricsAndLogs: each operation of a Bulk counts as
// the provisioning operation it is, with its own result (the Bulk itself
// is not one), and is logged on a line of its own under the Bulk's request
// id, with its method, path, bulkId and status.
func TestBulkOperationsInMetricsAndLogs(t *testing.T) {
	eachTopology(t, func(t *testing.T, top topology) {
		logs := &lockedLog{}
		e := newEnv(t, top, envOptions{logs: logs})
		user := func(name string) string {
			return `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"` + name + `"}`
		}
		r := e.req("POST", "/Bulk", bulkBody(0,
			`{"method":"POST","path":"/Users","bulkId":"u1","data":`+user("bulk1@example.com")+`}`,
			`{"method":"POST","path":"/Users","bulkId":"u2","data":`+user("BULK1@example.com")+`}`,
			`{"method":"POST","path":"/Groups","bulkId":"g","data":{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Bulk","members":[{"value":"bulkId:u1"}]}}`,
			`{"method":"PATCH","path":"/Groups/bulkId:g","data":{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Bulked"}]}}`,
			`{"method":"DELETE","path":"/Users/nobody"}`,
			`{"method":"PUT","path":"/Users/bulkId:never","data":`+user("never@example.com")+`}`,
			`{"method":"GET","path":"/Users"}`,
		), "X-Request-Id", "bulk-req-1")
		res := bulkResults(t, r)
		var statuses []string
		for _, o := range res {
			statuses = append(statuses, o["status"].(string))
		}
		if strings.Join(statuses, " ") != "201 409 201 204 404 409 400" {
			t.Fatalf("bulk statuses %v: %s", statuses, r.raw)
		}

		m := e.req("GET", strings.TrimSuffix(e.url, "/scim/v2")+"/metrics", nil).must(t, 200)
		for _, want := range []string{
			`scimbridge_provisioning_operations_total{kind="user.create",result="ok"} 1`,
			`scimbridge_provisioning_operations_total{kind="user.create",result="client_error"} 1`,
			`scimbridge_provisioning_operations_total{kind="group.create",result="ok"} 1`,
			`scimbridge_provisioning_operations_total{kind="group.patch",result="ok"} 1`,
			`scimbridge_provisioning_operations_total{kind="user.delete",result="client_error"} 1`,
			`scimbridge_provisioning_operations_total{kind="user.replace",result="client_error"} 1`,
			`scimbridge_http_requests_total{method="POST",provider="other",route="/scim/v2/Bulk",status="200"} 1`,
		} {
			if !strings.Contains(m.raw, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
		if strings.Contains(m.raw, `kind="bulk"`) {
			t.Errorf("the Bulk itself is counted as an operation")
		}

		type line struct {
			Msg       string `json:"msg"`
			RequestID string `json:"request_id"`
			Method    string `json:"method"`
			Path      string `json:"path"`
			BulkID    string `json:"bulk_id"`
			Status    int    `json:"status"`
			Operation string `json:"operation"`
		}
		var ops []line
		for _, raw := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
			var l line
			if json.Unmarshal([]byte(raw), &l) == nil && l.Msg == "bulk operation" {
				ops = append(ops, l)
			}
		}
		want := []line{
			{"bulk operation", "bulk-req-1", "POST", "/Users", "u1", 201, "user.create"},
			{"bulk operation", "bulk-req-1", "POST", "/Users", "u2", 409, "user.create"},
			{"bulk operation", "bulk-req-1", "POST", "/Groups", "g", 201, "group.create"},
			{"bulk operation", "bulk-req-1", "PATCH", "/Groups/bulkId:g", "", 204, "group.patch"},
			{"bulk operation", "bulk-req-1", "DELETE", "/Users/nobody", "", 404, "user.delete"},
			{"bulk operation", "bulk-req-1", "PUT", "/Users/bulkId:never", "", 409, "user.replace"},
			{"bulk operation", "bulk-req-1", "GET", "/Users", "", 400, ""},
		}
		if len(ops) != len(want) {
			t.Fatalf("%d bulk operation lines, want %d:\n%s", len(ops), len(want), logs.String())
		}
		for i := range want {
			if ops[i] != want[i] {
				t.Errorf("line %d: %+v, want %+v", i, ops[i], want[i])
			}
		}
	})
}
