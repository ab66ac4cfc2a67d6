package account

import (
	"encoding/json"
	"strings"
)

// GroupState is a group as its audit events record it before and after a
// change: AuditEvent.BeforeState and AfterState of a group event hold one,
// encoded as a JSON object (Encode). displayName is always there, naming
// the group; externalId only when the change is about it (or the group has
// one, on create and delete), and managed only when provisioning took an
// existing group over.
type GroupState struct {
	DisplayName string  `json:"displayName"`
	ExternalID  *string `json:"externalId,omitempty"`
	Managed     *bool   `json:"managed,omitempty"`
}

// GroupStateOf is the whole state of a group: its name and, when it has
// one, its externalId.
func GroupStateOf(g Group) GroupState {
	s := GroupState{DisplayName: g.DisplayName}
	if g.ExternalID != "" {
		id := g.ExternalID
		s.ExternalID = &id
	}
	return s
}

// Encode is the state as an audit event keeps it: a JSON object.
func (s GroupState) Encode() string {
	b, _ := json.Marshal(s)
	return string(b)
}

// ParseGroupState reads what Encode wrote; ok is false when s is not a
// group's state (a person's state such as "active", or "").
func ParseGroupState(s string) (state GroupState, ok bool) {
	if !strings.HasPrefix(s, "{") {
		return GroupState{}, false
	}
	if err := json.Unmarshal([]byte(s), &state); err != nil {
		return GroupState{}, false
	}
	return state, true
}

// Describe words the state for people to read: `Engineering`,
// `Engineering (externalId "g-eng", managed)`.
func (s GroupState) Describe() string {
	var more []string
	if s.ExternalID != nil {
		more = append(more, "externalId "+quote(*s.ExternalID))
	}
	if s.Managed != nil {
		if *s.Managed {
			more = append(more, "managed")
		} else {
			more = append(more, "unmanaged")
		}
	}
	if len(more) == 0 {
		return s.DisplayName
	}
	return s.DisplayName + " (" + strings.Join(more, ", ") + ")"
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// DescribeState words an audit event's before or after state for people
// to read: a group's (GroupState) by Describe, anything else (a person's
// state) as it is.
func DescribeState(s string) string {
	if g, ok := ParseGroupState(s); ok {
		return g.Describe()
	}
	return s
}
