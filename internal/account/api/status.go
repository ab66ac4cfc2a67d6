package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
)

// The status routes (/v1/summary, /v1/audit) feed the bridge's status
// page.

type summaryJSON struct {
	Account struct {
		ID      string   `json:"id"`
		Name    string   `json:"name"`
		Created wireTime `json:"created"`
	} `json:"account"`
	Integration struct {
		ID      string   `json:"id"`
		Name    string   `json:"name"`
		Created wireTime `json:"created"`
	} `json:"integration"`
	People map[account.State]int `json:"people"`
	Groups int                   `json:"groups"`
}

type auditJSON struct {
	ID          int64    `json:"id"`
	Time        wireTime `json:"time"`
	ActorKind   string   `json:"actorKind"`
	ActorID     string   `json:"actorId,omitempty"`
	RequestID   string   `json:"requestId,omitempty"`
	Provider    string   `json:"provider,omitempty"`
	Action      string   `json:"action"`
	TargetKind  string   `json:"targetKind,omitempty"`
	TargetID    string   `json:"targetId,omitempty"`
	TargetName  string   `json:"targetName,omitempty"`
	BeforeState string   `json:"before,omitempty"`
	AfterState  string   `json:"after,omitempty"`
	Detail      string   `json:"detail,omitempty"`
}

func (s *server) summary(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	sum, err := svc.Summary(r.Context())
	if err != nil {
		return err
	}
	var out summaryJSON
	out.Account.ID, out.Account.Name, out.Account.Created = sum.Account.ID, sum.Account.Name, wireTime(sum.Account.Created)
	out.Integration.ID, out.Integration.Name, out.Integration.Created = sum.Integration.ID, sum.Integration.Name, wireTime(sum.Integration.Created)
	out.People, out.Groups = sum.People, sum.Groups
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *server) audit(w http.ResponseWriter, r *http.Request, svc account.Service) error {
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil {
		return scim.BadRequest(scim.ErrInvalidValue, "limit must be a whole number")
	}
	events, err := svc.RecentAudit(r.Context(), limit)
	if err != nil {
		return err
	}
	out := make([]auditJSON, len(events))
	for i, e := range events {
		out[i] = auditJSON{
			ID: e.ID, Time: wireTime(e.Time), ActorKind: string(e.Actor.Kind), ActorID: e.Actor.ID, RequestID: e.Actor.RequestID,
			Provider: e.Actor.Provider, Action: e.Action, TargetKind: e.TargetKind, TargetID: e.TargetID, TargetName: e.TargetName,
			BeforeState: e.BeforeState, AfterState: e.AfterState, Detail: e.Detail,
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": out})
	return nil
}

// Summary describes the account and the integration (GET /v1/summary).
func (c *Client) Summary(ctx context.Context) (account.Summary, error) {
	var in summaryJSON
	if err := c.do(ctx, call{method: http.MethodGet, path: pathOf("summary"), out: &in}); err != nil {
		return account.Summary{}, err
	}
	sum := account.Summary{People: in.People, Groups: in.Groups}
	if sum.People == nil {
		sum.People = map[account.State]int{}
	}
	sum.Account = account.Info{ID: in.Account.ID, Name: in.Account.Name, Created: timeOf(in.Account.Created)}
	sum.Integration = account.Credential{ID: in.Integration.ID, Kind: account.CredentialIntegration, Name: in.Integration.Name,
		Created: timeOf(in.Integration.Created), ProvisionManager: true}
	return sum, nil
}

// RecentAudit returns the newest audit events (GET /v1/audit).
func (c *Client) RecentAudit(ctx context.Context, limit int) ([]account.AuditEvent, error) {
	var in struct {
		Events []auditJSON `json:"events"`
	}
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if err := c.do(ctx, call{method: http.MethodGet, path: pathOf("audit"), query: q, out: &in}); err != nil {
		return nil, err
	}
	out := make([]account.AuditEvent, len(in.Events))
	for i, e := range in.Events {
		out[i] = account.AuditEvent{
			ID: e.ID, Time: timeOf(e.Time), Action: e.Action, TargetKind: e.TargetKind, TargetID: e.TargetID, TargetName: e.TargetName,
			BeforeState: e.BeforeState, AfterState: e.AfterState, Detail: e.Detail,
			Actor: account.Actor{Kind: account.ActorKind(e.ActorKind), ID: e.ActorID, RequestID: e.RequestID, Provider: e.Provider},
		}
	}
	return out, nil
}

func timeOf(t wireTime) time.Time { return time.Time(t) }
