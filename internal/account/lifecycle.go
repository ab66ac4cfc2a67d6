package account

// This file is where a person's state changes: every transition of the
// state machine (design §6) goes through Transition.
//
//	invited ──Accept──▶ awaiting_confirmation ──Confirm──▶ active
//	any state ──Suspend──▶ suspended ──Restore──▶ the state before

// Event is something that moves a person between states.
type Event string

// The lifecycle events.
const (
	EventAccept   Event = "accept"   // the person accepted their invitation
	EventConfirm  Event = "confirm"  // the account confirmed them
	EventSuspend  Event = "suspend"  // access taken away, memberships kept
	EventRestore  Event = "restore"  // back to the state before suspension
	EventReinvite Event = "reinvite" // provisioned again after their invitation lapsed
)

// Transition applies an event to the person's state, or returns
// ErrInvalidTransition (with a detail saying why) and leaves it unchanged.
func (p *Person) Transition(e Event) error {
	from := p.State
	switch e {
	case EventAccept:
		if from != StateInvited {
			return transitionError(e, from)
		}
		p.State = StateAwaitingConfirmation
	case EventConfirm:
		if from != StateAwaitingConfirmation {
			return transitionError(e, from)
		}
		p.State = StateActive
	case EventSuspend:
		if from == StateSuspended {
			return transitionError(e, from)
		}
		p.SuspendedFrom, p.State = from, StateSuspended
	case EventRestore:
		if from != StateSuspended {
			return transitionError(e, from)
		}
		p.State = p.SuspendedFrom
		if p.State == "" {
			p.State = StateInvited
		}
		p.SuspendedFrom = ""
	case EventReinvite:
		if from != StateInvited && from != StateSuspended {
			return transitionError(e, from)
		}
		p.State, p.SuspendedFrom = StateInvited, ""
	default:
		return Errorf(ErrInvalidTransition, "unknown event %q", e)
	}
	return nil
}

// SetActive moves the person to match SCIM's "active": suspend for false,
// restore for true. It reports the event applied, or "" when the person
// already matched (provisioning repeats itself, and that is no error).
func (p *Person) SetActive(active bool) Event {
	switch {
	case active && p.State == StateSuspended:
		_ = p.Transition(EventRestore)
		return EventRestore
	case !active && p.State != StateSuspended:
		_ = p.Transition(EventSuspend)
		return EventSuspend
	}
	return ""
}

func transitionError(e Event, from State) error {
	return Errorf(ErrInvalidTransition, "cannot %s a person who is %s", e, from)
}
