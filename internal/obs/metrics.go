package obs

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics are the bridge's Prometheus series, in a registry of their own
// (no global state): what /metrics serves.
type Metrics struct {
	Registry *prometheus.Registry

	// Requests counts HTTP requests by route pattern (never the raw path,
	// so ids do not multiply the series), method, status and provider.
	Requests *prometheus.CounterVec
	// Duration observes request latency by route and method.
	Duration *prometheus.HistogramVec
	// Operations counts provisioning operations (user.create,
	// group.patch, …) by result (ok, client_error, server_error).
	Operations *prometheus.CounterVec
	// Confirmations counts people the confirmation watcher confirmed.
	Confirmations prometheus.Counter
	// Cache counts the account cache's lookups by result (hit, miss).
	Cache *prometheus.CounterVec
	// RedisErrors counts failed Redis calls.
	RedisErrors prometheus.Counter
	// AuthFailures counts requests refused for a wrong or missing token.
	AuthFailures prometheus.Counter
}

// NewMetrics registers the series, the Go runtime's and the process's.
func NewMetrics(version, build string) *Metrics {
	r := prometheus.NewRegistry()
	m := &Metrics{
		Registry: r,
		Requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "scimbridge_http_requests_total", Help: "HTTP requests by route, method, status and identity provider.",
		}, []string{"route", "method", "status", "provider"}),
		Duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "scimbridge_http_request_duration_seconds", Help: "HTTP request latency by route and method.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route", "method"}),
		Operations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "scimbridge_provisioning_operations_total", Help: "Provisioning operations by kind and result.",
		}, []string{"kind", "result"}),
		Confirmations: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "scimbridge_confirmations_total", Help: "People confirmed by the confirmation watcher.",
		}),
		Cache: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "scimbridge_cache_requests_total", Help: "Account cache lookups by result (hit, miss).",
		}, []string{"result"}),
		RedisErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "scimbridge_redis_errors_total", Help: "Failed Redis calls.",
		}),
		AuthFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "scimbridge_auth_failures_total", Help: "Requests refused for a missing or wrong token.",
		}),
	}
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "scimbridge_build_info", Help: "The running version and build.",
		ConstLabels: prometheus.Labels{"version": version, "build": build},
	})
	info.Set(1)
	r.MustRegister(m.Requests, m.Duration, m.Operations, m.Confirmations, m.Cache, m.RedisErrors, m.AuthFailures, info,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}
