package loadtest

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Options set up a run.
type Options struct {
	URL             string        // the bridge's SCIM base URL; several, comma-separated, are taken in turn
	Token           string        // the bearer token
	MonitoringToken string        // for the server's memory, from /metrics; optional
	People          int           // people to load (and look up among)
	BigGroup        int           // members of the big group
	Concurrency     int           // connections
	Duration        time.Duration // per timed scenario
	Creates         int           // people the create scenario provisions
	Scenarios       []string      // which to run; all when empty
	Progress        func(string)
}

// Report is a run's results.
type Report struct {
	Baseline  Result
	Results   []Result
	MemoryRSS int64 // the server's resident memory after the run, bytes; 0 when unknown
	People    int
}

// Ratio is a result's throughput as a share of the baseline's.
func (r Report) Ratio(res Result) float64 {
	if r.Baseline.PerSecond() == 0 {
		return 0
	}
	return res.PerSecond() / r.Baseline.PerSecond()
}

// Names lists the scenarios.
func Names() []string {
	var out []string
	for _, s := range scenarios {
		out = append(out, s.name)
	}
	return out
}

// Run loads the data, measures the baseline, and runs the scenarios.
func Run(ctx context.Context, o Options) (Report, error) {
	if o.Progress == nil {
		o.Progress = func(string) {}
	}
	c := newClient(o.URL, o.Token, o.Concurrency)
	o.Progress(fmt.Sprintf("seeding %d people", o.People))
	t0 := time.Now()
	d, err := seed(ctx, c, o.People, o.BigGroup, o.Progress)
	if err != nil {
		return Report{}, fmt.Errorf("seeding: %w", err)
	}
	o.Progress(fmt.Sprintf("seeded in %v", time.Since(t0).Round(time.Millisecond)))
	rep := Report{People: o.People}
	if rep.Baseline, err = baseline(ctx, o); err != nil {
		return rep, err
	}
	o.Progress(fmt.Sprintf("baseline: %.0f requests/s", rep.Baseline.PerSecond()))
	runID := strconv.FormatInt(time.Now().UnixNano()%1e9, 36)
	for _, s := range scenarios {
		if len(o.Scenarios) > 0 && !slices.Contains(o.Scenarios, s.name) {
			continue
		}
		var total int64
		if s.total != nil {
			total = s.total(o)
		}
		o.Progress("running " + s.name)
		res := run(ctx, s.name, o.Concurrency, o.Duration, total, s.op(c, d, runID))
		rep.Results = append(rep.Results, res)
	}
	if o.MonitoringToken != "" {
		rep.MemoryRSS = residentMemory(ctx, o)
	}
	return rep, nil
}

// baseline measures a trivial JSON handler on this machine, now, with the
// same client and concurrency: the figures are shown as shares of it.
func baseline(ctx context.Context, o Options) (Result, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Result{}, err
	}
	body := []byte(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}`)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/scim+json")
		_, _ = w.Write(body)
	})}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()
	c := newClient("http://"+ln.Addr().String(), "", o.Concurrency)
	return run(ctx, "baseline", o.Concurrency, o.Duration, 0, func(ctx context.Context, _, _ int) error {
		return c.do(ctx, "GET", "/Users", nil, 200, nil)
	}), nil
}

// residentMemory reads process_resident_memory_bytes from /metrics.
func residentMemory(ctx context.Context, o Options) int64 {
	first, _, _ := strings.Cut(o.URL, ",") // the first replica's memory
	root := strings.TrimSuffix(strings.TrimSuffix(first, "/"), "/scim/v2")
	req, err := http.NewRequestWithContext(ctx, "GET", strings.TrimSuffix(root, "/scim")+"/metrics", nil)
	if err != nil {
		return 0
	}
	req.Header.Set("Authorization", "Bearer "+o.MonitoringToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "process_resident_memory_bytes "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return int64(f)
		}
	}
	return 0
}

// Print writes the report as a table.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "%d people; baseline (trivial JSON handler): %.0f requests/s, p50 %v, p99 %v\n\n",
		r.People, r.Baseline.PerSecond(), r.Baseline.Percentile(.5).Round(time.Microsecond), r.Baseline.Percentile(.99).Round(time.Microsecond))
	fmt.Fprintf(w, "%-14s %10s %9s %10s %10s %8s  %s\n", "scenario", "ops/s", "×baseline", "p50", "p99", "errors", "elapsed")
	for _, res := range r.Results {
		fmt.Fprintf(w, "%-14s %10.0f %8.0f%% %10v %10v %8d  %v\n", res.Name, res.PerSecond(), 100*r.Ratio(res),
			res.Percentile(.5).Round(time.Microsecond), res.Percentile(.99).Round(time.Microsecond), res.Errors, res.Elapsed.Round(time.Millisecond))
		if res.FirstErr != "" {
			fmt.Fprintf(w, "    first error: %.300s\n", res.FirstErr)
		}
	}
	if r.MemoryRSS > 0 {
		fmt.Fprintf(w, "\nserver resident memory after the run: %d MB\n", r.MemoryRSS>>20)
	}
}
