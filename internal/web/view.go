package web

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/bridge"
)

// view is what a page's template gets: everything already worded and
// formatted here, so the templates only place it.
type view struct {
	Title    string
	Refresh  int // seconds; 0 for none
	SignedIn bool
	Version  string
	Build    string
	CSSHref  string
	Alert    string // an error, announced (role=alert)
	Notice   string // information (role=status)
	SCIMBase string // the SCIM base URL for identity providers
	Unlocked bool   // the bridge's credentials are unlocked
	Status   *statusView
	Path     string // the path of a 404 or 405
}

// statusView is the signed-in status.
type statusView struct {
	State       stateView
	Problem     string
	Components  []componentView
	Watcher     *componentView
	Redis       *componentView
	Account     *accountView
	People      []countView
	PeopleTotal int
	Groups      int
	Events      []eventView
	RetrievedAt timeView
}

type stateView struct {
	Key     string // healthy, unhealthy, waiting or unknown: the CSS class
	Label   string
	Symbol  string // decoration only: the label says the same in words
	Summary string
}

type componentView struct {
	Source    string // as /health names it
	Name      string
	State     stateView
	Detail    string
	Time      timeView
	LastRun   timeView // the confirmation watcher's last run, when known
	NotRunYet string   // why there is no last run
}

type accountView struct {
	Name, ID              string
	Created               timeView
	IntegrationName       string
	IntegrationID         string
	IntegrationCreated    timeView
	IntegrationProvManage bool
}

type countView struct {
	Key   string
	Label string
	Count int
}

type eventView struct {
	Time       timeView
	Action     string
	TargetKind string
	TargetName string
	TargetID   string
	Change     string // "invited → active", or "" when the event changes no state
	Provider   string
	RequestID  string
	Detail     string
}

// timeView is a moment as the page shows it; zero shows as "—".
type timeView struct {
	ISO  string // for <time datetime>
	Text string // 2026-05-01 14:03:05 UTC
	Ago  string // 5 min ago
}

// componentNames are the reports' sources in words.
var componentNames = map[string]string{
	"SCIMServer":          "SCIM server",
	"CredentialsUnlocked": "Credentials",
	"AccountConnection":   "Account connection",
	"ConfirmationWatcher": "Confirmation watcher",
	"RedisCache":          "Redis cache",
}

// peopleStates are the person states in lifecycle order, in words.
var peopleStates = []struct {
	state account.State
	label string
}{
	{account.StateInvited, "Invited"},
	{account.StateAwaitingConfirmation, "Awaiting confirmation"},
	{account.StateActive, "Active"},
	{account.StateSuspended, "Suspended"},
}

func known(s account.State) bool {
	for _, p := range peopleStates {
		if p.state == s {
			return true
		}
	}
	return false
}

func stateLabel(s string) string {
	for _, p := range peopleStates {
		if string(p.state) == s {
			return p.label
		}
	}
	return strings.ReplaceAll(s, "_", " ")
}

// health words a report state; the symbol only decorates.
func health(state string) stateView {
	switch state {
	case bridge.Healthy:
		return stateView{Key: "healthy", Label: "Healthy", Symbol: "✓", Summary: "Every component is working."}
	case bridge.Unhealthy:
		return stateView{Key: "unhealthy", Label: "Unhealthy", Symbol: "✕", Summary: "A component needs attention: see its detail below."}
	case bridge.Waiting:
		return stateView{Key: "waiting", Label: "Waiting", Symbol: "…", Summary: "The bridge is waiting for its first valid bearer token: a request from your identity provider, or a sign-in here."}
	}
	return stateView{Key: "unknown", Label: "Unknown (" + state + ")", Symbol: "?", Summary: "The bridge reported a state this page does not know."}
}

// statusOf turns the bridge's status into the status view.
func statusOf(st bridge.Status, now time.Time) *statusView {
	v := &statusView{State: health(st.State), Problem: st.Problem, RetrievedAt: timeOf(now, now)}
	for _, r := range st.Reports {
		v.Components = append(v.Components, componentOf(r, now))
	}
	for i := range v.Components {
		switch v.Components[i].Source {
		case "ConfirmationWatcher":
			v.Watcher = &v.Components[i]
		case "RedisCache":
			v.Redis = &v.Components[i]
		}
	}
	if s := st.Summary; s != nil {
		v.Account = &accountView{
			Name: s.Account.Name, ID: s.Account.ID, Created: timeOf(s.Account.Created, now),
			IntegrationName: s.Integration.Name, IntegrationID: s.Integration.ID,
			IntegrationCreated: timeOf(s.Integration.Created, now), IntegrationProvManage: s.Integration.ProvisionManager,
		}
		v.People, v.PeopleTotal = peopleCounts(s.People)
		v.Groups = s.Groups
	}
	for _, e := range st.Events {
		v.Events = append(v.Events, eventOf(e, now))
	}
	return v
}

// peopleCounts lists the known states in lifecycle order (zeros
// included, so the table always reads the same), then any other state.
func peopleCounts(people map[account.State]int) ([]countView, int) {
	var out []countView
	total := 0
	for _, p := range peopleStates {
		out = append(out, countView{Key: string(p.state), Label: p.label, Count: people[p.state]})
		total += people[p.state]
	}
	var others []string
	for s := range people {
		if !known(s) {
			others = append(others, string(s))
		}
	}
	slices.Sort(others)
	for _, s := range others {
		n := people[account.State(s)]
		out = append(out, countView{Key: s, Label: stateLabel(s), Count: n})
		total += n
	}
	return out, total
}

func componentOf(r bridge.Report, now time.Time) componentView {
	name := componentNames[r.Source]
	if name == "" {
		name = r.Source
	}
	c := componentView{Source: r.Source, Name: name, State: health(r.State), Detail: r.Detail, Time: reportTime(r.Time, now)}
	if r.Source == "ConfirmationWatcher" {
		// The watcher's report carries its last run as its time once it
		// has run; before that its detail says it is disabled or starting.
		switch d := strings.ToLower(r.Detail); {
		case r.State == bridge.Waiting:
			c.NotRunYet = "Not run yet: it starts when the credentials are unlocked."
		case d == "disabled":
			c.NotRunYet = "Disabled (OP_CONFIRMATION_INTERVAL is 0)."
		case strings.HasPrefix(d, "starting"):
			c.NotRunYet = "Not run yet: it is starting."
		default:
			c.LastRun = c.Time
		}
	}
	return c
}

func eventOf(e account.AuditEvent, now time.Time) eventView {
	ev := eventView{
		Time: timeOf(e.Time, now), Action: e.Action, TargetKind: e.TargetKind, TargetName: e.TargetName,
		TargetID: e.TargetID, Provider: e.Actor.Provider, RequestID: e.Actor.RequestID, Detail: e.Detail,
	}
	if ev.Provider == "" && e.Actor.Kind != "" {
		ev.Provider = "(" + string(e.Actor.Kind) + ")"
	}
	before, after := eventState(e.BeforeState), eventState(e.AfterState)
	switch {
	case before != "" && after != "":
		ev.Change = before + " → " + after
	case after != "":
		ev.Change = "→ " + after
	case before != "":
		ev.Change = before + " →"
	}
	return ev
}

// eventState words an audit event's state: a person's by its label, a
// group's (account.GroupState) by its name and what changed of it.
func eventState(s string) string {
	if g, ok := account.ParseGroupState(s); ok {
		return g.Describe()
	}
	return stateLabel(s)
}

// reportTime reads a report's RFC 3339 time; one it cannot read is shown
// as it came.
func reportTime(s string, now time.Time) timeView {
	if s == "" {
		return timeView{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return timeView{Text: s}
	}
	return timeOf(t, now)
}

func timeOf(t, now time.Time) timeView {
	if t.IsZero() {
		return timeView{}
	}
	return timeView{ISO: t.UTC().Format(time.RFC3339), Text: t.UTC().Format("2006-01-02 15:04:05 UTC"), Ago: ago(now.Sub(t))}
}

// ago words how long ago something was, coarsely.
func ago(d time.Duration) string {
	switch {
	case d < -time.Minute:
		return "in the future"
	case d < 10*time.Second:
		return "just now"
	case d < time.Minute:
		return strconv.Itoa(int(d/time.Second)) + " s ago"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + " min ago"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + " h ago"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + " days ago"
}
