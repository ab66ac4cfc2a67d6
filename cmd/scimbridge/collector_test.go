package main

import (
	"math"
	"runtime/debug"
	"testing"
)

func TestTuneCollector(t *testing.T) {
	// Restore the test process's own settings afterwards.
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))

	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, tc := range []struct {
		args []string
		env  func(string) string
		want bool
	}{
		{[]string{"serve"}, env(), true},
		{[]string{"quickstart", "--data-dir", "x"}, env(), true},
		{[]string{"account", "serve"}, env(), true},
		{[]string{"account", "people", "list"}, env(), false},
		{[]string{"bench"}, env(), false},
		{nil, env(), false},
		{[]string{"serve"}, env("GOGC", "100"), false},
		{[]string{"quickstart"}, env("GOMEMLIMIT", "1GiB"), false},
	} {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
		got := tuneCollector(tc.args, tc.env)
		percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(math.MaxInt64)
		if got != tc.want {
			t.Errorf("tuneCollector(%q) = %v, want %v", tc.args, got, tc.want)
		}
		if tc.want && (percent != serverGCPercent || limit != serverMemoryLimit) {
			t.Errorf("tuneCollector(%q) set GOGC %d and limit %d, want %d and %d", tc.args, percent, limit, serverGCPercent, serverMemoryLimit)
		}
		if !tc.want && (percent != 100 || limit != math.MaxInt64) {
			t.Errorf("tuneCollector(%q) changed the settings: GOGC %d, limit %d", tc.args, percent, limit)
		}
	}
}
