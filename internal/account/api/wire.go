package api

import (
	"fmt"
	"strconv"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
)

// The wire types: the JSON shapes of docs/account-api.md. A person's and a
// group's attributes are the source of truth; the typed fields beside them
// (userName, email, ...) are there for readers of the JSON, and the client
// derives them again from the attributes, as the account does.

// wireTime is a time on the wire: RFC 3339 in UTC with microseconds, the
// precision the account keeps.
type wireTime time.Time

const timeLayout = "2006-01-02T15:04:05.000000Z07:00"

func (t wireTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format(timeLayout) + `"`), nil
}

func (t *wireTime) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil // as encoding/json leaves other values on null
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("a time must be a JSON string: %w", err)
	}
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("a time must be RFC 3339: %w", err)
	}
	*t = wireTime(v.UTC())
	return nil
}

// personJSON is a person on the wire.
type personJSON struct {
	ID            string         `json:"id"`
	UserName      string         `json:"userName"`
	ExternalID    string         `json:"externalId,omitempty"`
	DisplayName   string         `json:"displayName,omitempty"`
	Email         string         `json:"email,omitempty"`
	State         account.State  `json:"state"`
	SuspendedFrom account.State  `json:"suspendedFrom,omitempty"`
	Provisioned   bool           `json:"provisioned"`
	Schemas       []string       `json:"schemas"`
	Attributes    map[string]any `json:"attributes"`
	Created       wireTime       `json:"created"`
	Modified      wireTime       `json:"modified"`
	Version       int64          `json:"version"`
}

func toPersonJSON(p account.Person) personJSON {
	return personJSON{
		ID: p.ID, UserName: p.UserName, ExternalID: p.ExternalID, DisplayName: p.DisplayName, Email: p.Email,
		State: p.State, SuspendedFrom: p.SuspendedFrom, Provisioned: p.Provisioned,
		Schemas: p.Schemas, Attributes: p.Attributes,
		Created: wireTime(p.Created), Modified: wireTime(p.Modified), Version: p.Version,
	}
}

func (w personJSON) person() account.Person {
	p := account.Person{
		ID: w.ID, State: w.State, SuspendedFrom: w.SuspendedFrom, Provisioned: w.Provisioned,
		Schemas: w.Schemas, Attributes: w.Attributes,
		Created: time.Time(w.Created), Modified: time.Time(w.Modified), Version: w.Version,
	}
	p.Derive()
	return p
}

// groupJSON is a group on the wire; its members travel separately
// (GET /v1/groups/{id}/members), as a group may have very many.
type groupJSON struct {
	ID          string            `json:"id"`
	DisplayName string            `json:"displayName"`
	ExternalID  string            `json:"externalId,omitempty"`
	Kind        account.GroupKind `json:"kind,omitempty"`
	Managed     bool              `json:"managed"`
	Schemas     []string          `json:"schemas"`
	Attributes  map[string]any    `json:"attributes"`
	Created     wireTime          `json:"created"`
	Modified    wireTime          `json:"modified"`
	Version     int64             `json:"version"`
}

func toGroupJSON(g account.Group) groupJSON {
	return groupJSON{
		ID: g.ID, DisplayName: g.DisplayName, ExternalID: g.ExternalID, Kind: g.Kind, Managed: g.Managed,
		Schemas: g.Schemas, Attributes: g.Attributes,
		Created: wireTime(g.Created), Modified: wireTime(g.Modified), Version: g.Version,
	}
}

func (w groupJSON) group() account.Group {
	g := account.Group{
		ID: w.ID, Kind: w.Kind, Managed: w.Managed, Schemas: w.Schemas, Attributes: w.Attributes,
		Created: time.Time(w.Created), Modified: time.Time(w.Modified), Version: w.Version,
	}
	g.Derive()
	return g
}

// infoJSON is GET /v1/account.
type infoJSON struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Created wireTime `json:"created"`
}

// documentRequest is the body of POST and PUT on people and groups.
type documentRequest struct {
	Attributes map[string]any `json:"attributes"`
}

// peopleList and groupList are the answers of the list routes.
type peopleList struct {
	TotalResults int          `json:"totalResults"`
	People       []personJSON `json:"people"`
}

type groupList struct {
	TotalResults int         `json:"totalResults"`
	Groups       []groupJSON `json:"groups"`
}

// memberJSON is one member of a group.
type memberJSON struct {
	Value   string `json:"value"`
	Display string `json:"display,omitempty"`
}

type membersList struct {
	Members []memberJSON `json:"members"`
}

// groupsOfRequest and groupsOfResponse are POST /v1/people/groups.
type groupsOfRequest struct {
	IDs []string `json:"ids"`
}

type groupRefJSON struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
}

type groupsOfResponse struct {
	Groups map[string][]groupRefJSON `json:"groups"`
}

// integrationRequest and integrationResponse are POST /v1/integrations.
type integrationRequest struct {
	Name string `json:"name"`
}

type integrationResponse struct {
	CredentialID string `json:"credentialId"`
	APIKey       string `json:"apiKey"`
}

// healthResponse is GET /v1/health.
type healthResponse struct {
	Status string `json:"status"`
}
