package web

import (
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/bridge"
)

func TestAgo(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{-time.Hour, "in the future"},
		{-time.Second, "just now"},
		{3 * time.Second, "just now"},
		{42 * time.Second, "42 s ago"},
		{5*time.Minute + 10*time.Second, "5 min ago"},
		{3 * time.Hour, "3 h ago"},
		{47 * time.Hour, "47 h ago"},
		{72 * time.Hour, "3 days ago"},
	} {
		if got := ago(tt.d); got != tt.want {
			t.Errorf("ago(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestWatcherLastRun(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		report  bridge.Report
		lastRun string
		notYet  string
	}{
		{bridge.Report{Source: "ConfirmationWatcher", State: bridge.Healthy, Time: "2026-05-01T11:55:00Z", Detail: "1 person confirmed in the last run, 1 person since start"},
			"2026-05-01 11:55:00 UTC", ""},
		{bridge.Report{Source: "ConfirmationWatcher", State: bridge.Unhealthy, Time: "2026-05-01T11:55:00Z", Detail: "the last run failed: boom"},
			"2026-05-01 11:55:00 UTC", ""},
		{bridge.Report{Source: "ConfirmationWatcher", State: bridge.Healthy, Time: "2026-05-01T12:00:00Z", Detail: "disabled"},
			"", "Disabled (OP_CONFIRMATION_INTERVAL is 0)."},
		{bridge.Report{Source: "ConfirmationWatcher", State: bridge.Healthy, Time: "2026-05-01T12:00:00Z", Detail: "starting its first run"},
			"", "Not run yet: it is starting."},
		{bridge.Report{Source: "ConfirmationWatcher", State: bridge.Waiting, Time: "2026-05-01T12:00:00Z"},
			"", "Not run yet: it starts when the credentials are unlocked."},
	} {
		c := componentOf(tt.report, now)
		if c.LastRun.Text != tt.lastRun || c.NotRunYet != tt.notYet {
			t.Errorf("%q: last run %q / %q, want %q / %q", tt.report.Detail, c.LastRun.Text, c.NotRunYet, tt.lastRun, tt.notYet)
		}
	}
}

func TestComponentNamesAndTimes(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	st := bridge.Status{State: "sideways", Reports: []bridge.Report{
		{Source: "RedisCache", State: bridge.Healthy, Time: "2026-05-01T11:58:30.123456Z"},
		{Source: "SomethingNew", State: "sideways", Time: "yesterday"},
		{Source: "ConfirmationWatcher", State: bridge.Healthy},
	}}
	v := statusOf(st, now)
	if v.State.Key != "unknown" || v.State.Label != "Unknown (sideways)" {
		t.Errorf("overall %+v", v.State)
	}
	if v.Redis == nil || v.Redis.Name != "Redis cache" || v.Redis.Time.Text != "2026-05-01 11:58:30 UTC" || v.Redis.Time.Ago != "1 min ago" {
		t.Errorf("redis %+v", v.Redis)
	}
	if v.Watcher == nil || v.Watcher != &v.Components[2] {
		t.Error("the watcher's card is not its component")
	}
	if c := v.Components[1]; c.Name != "SomethingNew" || c.Time.Text != "yesterday" || c.Time.ISO != "" {
		t.Errorf("unknown component %+v", c)
	}
	if v.Account != nil || v.People != nil {
		t.Error("a summary out of nothing")
	}
}

func TestPeopleCounts(t *testing.T) {
	got, total := peopleCounts(map[account.State]int{account.StateActive: 2, "archived": 5, "zombie_like": 1})
	want := []countView{
		{"invited", "Invited", 0}, {"awaiting_confirmation", "Awaiting confirmation", 0},
		{"active", "Active", 2}, {"suspended", "Suspended", 0},
		{"archived", "archived", 5}, {"zombie_like", "zombie like", 1},
	}
	if total != 8 || len(got) != len(want) {
		t.Fatalf("%v total %d", got, total)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestEventChange(t *testing.T) {
	for _, tt := range []struct {
		before, after, want string
	}{
		{"", "", ""},
		{"", "invited", "→ Invited"},
		{"active", "suspended", "Active → Suspended"},
		{"suspended", "", "Suspended →"},
		{`{"displayName":"Eng"}`, `{"displayName":"Engineering"}`, "Eng → Engineering"},
		{"", `{"displayName":"Eng","externalId":"e-1"}`, `→ Eng (externalId "e-1")`},
		{`{"displayName":"Ops","managed":false}`, `{"displayName":"ops","managed":true}`, "Ops (unmanaged) → ops (managed)"},
	} {
		e := eventOf(account.AuditEvent{BeforeState: tt.before, AfterState: tt.after}, time.Now())
		if e.Change != tt.want {
			t.Errorf("%q→%q: %q, want %q", tt.before, tt.after, e.Change, tt.want)
		}
	}
}
