package account

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestTransitions(t *testing.T) {
	tests := []struct {
		from, before State
		event        Event
		to, after    State // after is SuspendedFrom afterwards
		err          bool
	}{
		{from: StateInvited, event: EventAccept, to: StateAwaitingConfirmation},
		{from: StateAwaitingConfirmation, event: EventConfirm, to: StateActive},
		{from: StateInvited, event: EventSuspend, to: StateSuspended, after: StateInvited},
		{from: StateAwaitingConfirmation, event: EventSuspend, to: StateSuspended, after: StateAwaitingConfirmation},
		{from: StateActive, event: EventSuspend, to: StateSuspended, after: StateActive},
		{from: StateSuspended, before: StateActive, event: EventRestore, to: StateActive},
		{from: StateSuspended, before: StateAwaitingConfirmation, event: EventRestore, to: StateAwaitingConfirmation},
		{from: StateSuspended, before: StateActive, event: EventReinvite, to: StateInvited},
		{from: StateActive, event: EventAccept, to: StateActive, err: true},
		{from: StateInvited, event: EventConfirm, to: StateInvited, err: true},
		{from: StateSuspended, before: StateActive, event: EventSuspend, to: StateSuspended, after: StateActive, err: true},
		{from: StateActive, event: EventRestore, to: StateActive, err: true},
		{from: StateActive, event: EventReinvite, to: StateActive, err: true},
		{from: StateActive, event: "explode", to: StateActive, err: true},
	}
	for _, tc := range tests {
		p := Person{State: tc.from, SuspendedFrom: tc.before}
		err := p.Transition(tc.event)
		if tc.err != (err != nil) {
			t.Errorf("%s from %s: error %v", tc.event, tc.from, err)
		}
		if err != nil && !errors.Is(err, ErrInvalidTransition) {
			t.Errorf("%s from %s: error %v is not ErrInvalidTransition", tc.event, tc.from, err)
		}
		if p.State != tc.to || p.SuspendedFrom != tc.after {
			t.Errorf("%s from %s: now %s (before %q), want %s (before %q)", tc.event, tc.from, p.State, p.SuspendedFrom, tc.to, tc.after)
		}
	}
}

func TestSetActive(t *testing.T) {
	p := Person{State: StateActive}
	if e := p.SetActive(true); e != "" {
		t.Fatalf("active person made active: %s", e)
	}
	if e := p.SetActive(false); e != EventSuspend || p.State != StateSuspended {
		t.Fatalf("suspend: %s %s", e, p.State)
	}
	if e := p.SetActive(false); e != "" {
		t.Fatalf("suspended twice: %s", e)
	}
	if e := p.SetActive(true); e != EventRestore || p.State != StateActive {
		t.Fatalf("restore: %s %s", e, p.State)
	}
}

func TestDerive(t *testing.T) {
	p := Person{Attributes: map[string]any{
		"userName": "bjensen", "displayName": "Babs", "externalId": "x1",
		"name": map[string]any{"givenName": "Barbara", "familyName": "Jensen"},
		"emails": []any{
			map[string]any{"value": "home@example.com", "type": "home"},
			map[string]any{"value": "work@example.com", "type": "work", "primary": true},
		},
	}}
	p.Derive()
	if p.UserName != "bjensen" || p.DisplayName != "Babs" || p.ExternalID != "x1" || p.GivenName != "Barbara" || p.FamilyName != "Jensen" {
		t.Fatalf("derived %+v", p)
	}
	if p.Email != "work@example.com" || len(p.Emails) != 2 {
		t.Fatalf("email %q, emails %v", p.Email, p.Emails)
	}
	q := Person{Attributes: map[string]any{"userName": "ana@example.com"}}
	q.Derive()
	if q.Email != "ana@example.com" || q.Name() != "ana@example.com" {
		t.Fatalf("email from userName: %q %q", q.Email, q.Name())
	}
}

func TestNewID(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 10000; i++ {
		id := NewID()
		if len(id) != 36 || id[8] != '-' || id[13] != '-' || id[14] != '7' || id[18] != '-' || id[23] != '-' ||
			!strings.ContainsRune("89ab", rune(id[19])) || seen[id] {
			t.Fatalf("bad or repeated id %q", id)
		}
		seen[id] = true
	}
	// Time-ordered: an id made a millisecond later sorts after, and the
	// first 48 bits are the time.
	at := time.Date(2026, 12, 5, 4, 0, 0, 0, time.UTC)
	a, b := newID(at), newID(at.Add(time.Millisecond))
	if a >= b {
		t.Errorf("%s made before %s sorts after it", a, b)
	}
	if want := fmt.Sprintf("%012x", at.UnixMilli()); strings.ReplaceAll(a, "-", "")[:12] != want {
		t.Errorf("%s does not start with the time %s", a, want)
	}
}
