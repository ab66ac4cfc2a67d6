package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestBenchAgainstQuickstart runs the load tool, briefly and small, against
// a quickstart, through two "replicas" (the same bridge twice): every
// scenario runs, and none fails.
func TestBenchAgainstQuickstart(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every scenario")
	}
	t.Setenv("SCIMBRIDGE_RATE_LIMIT", "0")
	dir := t.TempDir()
	addr := freeAddr(t)
	start(t, "quickstart", "--data-dir", dir, "--addr", addr)
	waitFor(t, "http://"+addr+"/ping")
	base := "http://" + addr + "/scim/v2"
	out := runCmd(t, "bench", "--url", base+","+base+"/", "--data-dir", dir, "--people", "300", "--concurrency", "4",
		"--duration", "150ms", "--creates", "40", "--json")
	var rep struct {
		People   int `json:"people"`
		Baseline struct {
			PerSecond float64 `json:"perSecond"`
		} `json:"baseline"`
		Results []struct {
			Name   string  `json:"name"`
			Ops    int64   `json:"operations"`
			Errors int64   `json:"errors"`
			Ratio  float64 `json:"ratioToBaseline"`
		} `json:"results"`
		Memory int64 `json:"serverMemoryBytes"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &rep); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if rep.People != 300 || rep.Baseline.PerSecond <= 0 || rep.Memory <= 0 || len(rep.Results) < 9 {
		t.Fatalf("report: %+v", rep)
	}
	for _, r := range rep.Results {
		if r.Ops == 0 || r.Errors != 0 || r.Ratio <= 0 {
			t.Errorf("%s: %d operations, %d errors, ratio %v", r.Name, r.Ops, r.Errors, r.Ratio)
		}
	}
}
