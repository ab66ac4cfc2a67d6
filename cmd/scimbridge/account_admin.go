package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/config"
	"github.com/scimbridge/scimbridge/internal/obs"
)

// adminOptions are the account options of the admin commands: quiet, and
// acting as an administrator at the terminal.
func adminOptions() local.Options {
	return local.Options{Logger: obs.NewLogger(io.Discard, config.Log{})}
}

// personJSON is a person in `account people … --json`.
type personJSON struct {
	ID            string      `json:"id"`
	UserName      string      `json:"userName"`
	Email         string      `json:"email"`
	Name          string      `json:"name"`
	ExternalID    string      `json:"externalId,omitempty"`
	State         string      `json:"state"`
	SuspendedFrom string      `json:"suspendedFrom,omitempty"`
	Provisioned   bool        `json:"provisioned"`
	Groups        []groupRef  `json:"groups"`
	Invitation    *invitation `json:"invitation,omitempty"`
	Created       time.Time   `json:"created"`
	Modified      time.Time   `json:"modified"`
}

type groupRef struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
}

type invitation struct {
	Link     string     `json:"link,omitempty"`
	Expires  time.Time  `json:"expires"`
	Accepted *time.Time `json:"accepted,omitempty"`
}

func toPersonJSON(v local.PersonView, withLink bool) personJSON {
	p := personJSON{
		ID: v.ID, UserName: v.UserName, Email: v.Email, Name: v.Name(), ExternalID: v.ExternalID,
		State: string(v.State), SuspendedFrom: string(v.SuspendedFrom), Provisioned: v.Provisioned,
		Groups: []groupRef{}, Created: v.Created, Modified: v.Modified,
	}
	for _, g := range v.Groups {
		p.Groups = append(p.Groups, groupRef{g.GroupID, g.DisplayName})
	}
	if inv := v.Invitation; inv != nil {
		p.Invitation = &invitation{Expires: inv.Expires, Accepted: inv.Accepted}
		if withLink && inv.Accepted == nil {
			p.Invitation.Link = inv.Link
		}
	}
	return p
}

func writeJSON(out io.Writer, v any) error {
	e := json.NewEncoder(out)
	e.SetIndent("", "  ")
	return e.Encode(v)
}

func runPeople(ctx context.Context, args []string, out, logOut io.Writer) error {
	if len(args) == 0 {
		return usageError("scimbridge account people list|show|accept-invite")
	}
	fs := newFlags("account people "+args[0], out)
	db := addDBFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	acct, done, err := openAccount(ctx, db, adminOptions())
	if err != nil {
		return err
	}
	defer done()
	ctx = account.WithActor(ctx, account.Actor{Kind: account.ActorAdmin, ID: "cli", RequestID: "cli-" + account.NewID()[:8]})

	switch args[0] {
	case "list":
		people, err := acct.People(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			list := make([]personJSON, len(people))
			for i, p := range people {
				list[i] = toPersonJSON(p, false)
			}
			return writeJSON(out, list)
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tUSERNAME\tEMAIL\tSTATE\tPROVISIONED\tGROUPS")
		for _, p := range people {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%v\t%s\n", p.ID, p.UserName, p.Email, p.State, p.Provisioned, groupNames(p.Groups))
		}
		return tw.Flush()
	case "show", "accept-invite":
		if fs.NArg() != 1 {
			return usageError("scimbridge account people %s <id, userName or email>", args[0])
		}
		if args[0] == "accept-invite" {
			p, err := acct.AcceptInvitation(ctx, fs.Arg(0))
			if err != nil {
				return err
			}
			if !*asJSON {
				_, err = fmt.Fprintf(out, "%s accepted the invitation; now %s.\n", p.UserName, p.State)
				return err
			}
		}
		v, err := acct.Person(ctx, fs.Arg(0))
		if err != nil {
			return err
		}
		p := toPersonJSON(v, true)
		if *asJSON {
			return writeJSON(out, p)
		}
		return showPerson(out, p)
	}
	return usageError("unknown people command %q", args[0])
}

func showPerson(out io.Writer, p personJSON) error {
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "id\t%s\nuserName\t%s\nname\t%s\nemail\t%s\nstate\t%s\nprovisioned\t%v\n", p.ID, p.UserName, p.Name, p.Email, p.State, p.Provisioned)
	names := make([]string, len(p.Groups))
	for i, g := range p.Groups {
		names[i] = g.DisplayName
	}
	fmt.Fprintf(tw, "groups\t%s\n", strings.Join(names, ", "))
	if inv := p.Invitation; inv != nil {
		switch {
		case inv.Accepted != nil:
			fmt.Fprintf(tw, "invitation\taccepted %s\n", inv.Accepted.Format(time.RFC3339))
		default:
			fmt.Fprintf(tw, "invitation\t%s (expires %s)\n", inv.Link, inv.Expires.Format(time.RFC3339))
		}
	}
	return tw.Flush()
}

func groupNames(gs []account.GroupRef) string {
	names := make([]string, len(gs))
	for i, g := range gs {
		names[i] = g.DisplayName
	}
	return strings.Join(names, ", ")
}

// groupJSON is a group in `account groups list --json`.
type groupJSON struct {
	ID          string       `json:"id"`
	DisplayName string       `json:"displayName"`
	ExternalID  string       `json:"externalId,omitempty"`
	Kind        string       `json:"kind"`
	Managed     bool         `json:"managed"`
	Members     []memberJSON `json:"members"`
}

// memberJSON is a member of a group: a person (id a person's id), or in
// the Provision Managers group an integration (id its credential's id,
// display its name).
type memberJSON struct {
	ID      string `json:"id"`
	Display string `json:"display,omitempty"`
	Kind    string `json:"kind"` // "person" or "integration"
}

func runGroups(ctx context.Context, args []string, out, logOut io.Writer) error {
	if len(args) == 0 || args[0] != "list" {
		return usageError("scimbridge account groups list [--json]")
	}
	fs := newFlags("account groups list", out)
	db := addDBFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	acct, done, err := openAccount(ctx, db, adminOptions())
	if err != nil {
		return err
	}
	defer done()
	groups, err := acct.Groups(ctx)
	if err != nil {
		return err
	}
	list := make([]groupJSON, len(groups))
	for i, g := range groups {
		kind := string(g.Kind)
		if kind == "" {
			kind = "custom"
		}
		list[i] = groupJSON{ID: g.ID, DisplayName: g.DisplayName, ExternalID: g.ExternalID, Kind: kind, Managed: g.Managed, Members: []memberJSON{}}
		for _, m := range g.Members {
			list[i].Members = append(list[i].Members, memberJSON{ID: m.PersonID, Display: m.Display, Kind: "person"})
		}
		for _, c := range g.Integrations {
			list[i].Members = append(list[i].Members, memberJSON{ID: c.ID, Display: c.Name, Kind: string(account.CredentialIntegration)})
		}
	}
	if *asJSON {
		return writeJSON(out, list)
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tKIND\tMANAGED\tMEMBERS")
	for _, g := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%d\n", g.ID, g.DisplayName, g.Kind, g.Managed, len(g.Members))
	}
	return tw.Flush()
}

func runAudit(ctx context.Context, args []string, out, logOut io.Writer) error {
	fs := newFlags("account audit", out)
	db := addDBFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	since := fs.String("since", "", "only events since this time (RFC 3339) or this long ago (e.g. 2h)")
	limit := fs.Int("limit", 100, "at most this many events, newest first")
	if err := parse(fs, args); err != nil {
		return err
	}
	var q store.AuditQuery
	q.Limit = *limit
	if *since != "" {
		if d, err := time.ParseDuration(*since); err == nil {
			q.Since = time.Now().Add(-d)
		} else if t, err := time.Parse(time.RFC3339, *since); err == nil {
			q.Since = t
		} else {
			return usageError("--since: %q is neither a time (RFC 3339) nor a duration", *since)
		}
	}
	acct, done, err := openAccount(ctx, db, adminOptions())
	if err != nil {
		return err
	}
	defer done()
	events, err := acct.Audit(ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(out, auditJSON(events))
	}
	tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tACTOR\tACTION\tTARGET\tSTATE\tDETAIL")
	for _, e := range events {
		state := ""
		if e.BeforeState != e.AfterState {
			state = account.DescribeState(e.BeforeState) + "→" + account.DescribeState(e.AfterState)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", e.Time.Local().Format(time.DateTime), e.Actor.Kind, e.Action, e.TargetName, state, e.Detail)
	}
	return tw.Flush()
}

// auditEventJSON is an event in `account audit --json`. Before and After
// are the target's state around the change: a person's state as a string
// ("active"), a group's as an object (account.GroupState:
// {"displayName": …, "externalId": …}).
type auditEventJSON struct {
	ID        int64     `json:"id"`
	Time      time.Time `json:"time"`
	Actor     actorJSON `json:"actor"`
	Action    string    `json:"action"`
	Target    target    `json:"target"`
	Before    any       `json:"before,omitempty"`
	After     any       `json:"after,omitempty"`
	RequestID string    `json:"requestId,omitempty"`
	Provider  string    `json:"provider,omitempty"`
	Detail    string    `json:"detail,omitempty"`
}

type actorJSON struct {
	Kind string `json:"kind"`
	ID   string `json:"id,omitempty"`
}

type target struct {
	Kind string `json:"kind"`
	ID   string `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

func auditJSON(events []account.AuditEvent) []auditEventJSON {
	out := make([]auditEventJSON, len(events))
	for i, e := range events {
		out[i] = auditEventJSON{
			ID: e.ID, Time: e.Time, Actor: actorJSON{string(e.Actor.Kind), e.Actor.ID}, Action: e.Action,
			Target: target{e.TargetKind, e.TargetID, e.TargetName}, Before: stateJSON(e.BeforeState), After: stateJSON(e.AfterState),
			RequestID: e.Actor.RequestID, Provider: e.Actor.Provider, Detail: e.Detail,
		}
	}
	return out
}

// stateJSON is an audit state as JSON: a group's as an object, a person's
// as a string; nil (left out) when empty.
func stateJSON(s string) any {
	if s == "" {
		return nil
	}
	if g, ok := account.ParseGroupState(s); ok {
		return g
	}
	return s
}
