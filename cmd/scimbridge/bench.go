package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/scimbridge/scimbridge/internal/loadtest"
	"github.com/scimbridge/scimbridge/internal/setup"
)

// runBench drives a running bridge the way identity providers do and
// reports throughput and latency against a trivial handler measured in the
// same run (docs/performance.md).
func runBench(ctx context.Context, args []string, out, logOut io.Writer) error {
	fs := newFlags("bench", out)
	url := fs.String("url", "http://127.0.0.1:3002/scim/v2", "the bridge's SCIM base URL (several replicas: comma-separated, taken in turn)")
	token := fs.String("token", os.Getenv("SCIMBRIDGE_BENCH_TOKEN"), "the bearer token (or SCIMBRIDGE_BENCH_TOKEN)")
	dataDir := fs.String("data-dir", "", "a quickstart's data directory: read the bearer and monitoring tokens there")
	people := fs.Int("people", 10000, "people to load and look up among")
	big := fs.Int("big-group", 0, "members of the big group (default: 90% of --people)")
	conc := fs.Int("concurrency", 32, "concurrent connections")
	duration := fs.Duration("duration", 10*time.Second, "how long each timed scenario runs")
	creates := fs.Int("creates", 5000, "people the create scenario provisions")
	only := fs.String("scenarios", "", "comma-separated scenarios to run (default all: "+strings.Join(loadtest.Names(), ",")+")")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	o := loadtest.Options{URL: *url, Token: *token, People: *people, BigGroup: *big, Concurrency: *conc, Duration: *duration, Creates: *creates,
		Progress: func(s string) { fmt.Fprintln(logOut, "bench:", s) }}
	if o.BigGroup == 0 {
		o.BigGroup = o.People * 9 / 10
	}
	if *dataDir != "" {
		var err error
		if o.Token, err = setup.ReadSecret(filepath.Join(*dataDir, "bearer-token")); err != nil {
			return err
		}
		o.MonitoringToken, _ = setup.ReadSecret(filepath.Join(*dataDir, "monitoring-token"))
	}
	if o.Token == "" {
		return usageError("give the bearer token with --token or --data-dir")
	}
	if *only != "" {
		o.Scenarios = strings.Split(*only, ",")
	}
	rep, err := loadtest.Run(ctx, o)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(out, benchJSON(rep))
	}
	rep.Print(out)
	return nil
}

func benchJSON(r loadtest.Report) any {
	type row struct {
		Name      string  `json:"name"`
		PerSecond float64 `json:"perSecond"`
		Ratio     float64 `json:"ratioToBaseline"`
		P50ms     float64 `json:"p50ms"`
		P99ms     float64 `json:"p99ms"`
		Errors    int64   `json:"errors"`
		Ops       int64   `json:"operations"`
		ElapsedS  float64 `json:"elapsedSeconds"`
	}
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	mk := func(res loadtest.Result) row {
		return row{res.Name, res.PerSecond(), r.Ratio(res), ms(res.Percentile(.5)), ms(res.Percentile(.99)), res.Errors, res.Requests, res.Elapsed.Seconds()}
	}
	out := struct {
		People    int   `json:"people"`
		Baseline  row   `json:"baseline"`
		Results   []row `json:"results"`
		MemoryRSS int64 `json:"serverMemoryBytes,omitempty"`
	}{People: r.People, Baseline: mk(r.Baseline), MemoryRSS: r.MemoryRSS}
	for _, res := range r.Results {
		out.Results = append(out.Results, mk(res))
	}
	return out
}
