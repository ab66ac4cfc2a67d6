package local

import (
	"context"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
)

// MaxConfirmBatch bounds one ConfirmPending call, so one transaction stays
// short however many people accepted at once.
const MaxConfirmBatch = 500

// ConfirmPending confirms up to limit people awaiting confirmation: the
// step the bridge's confirmation watcher takes for everyone who accepted
// their invitation.
func (s *provisioning) ConfirmPending(ctx context.Context, limit int) (int, bool, error) {
	ctx, err := s.begin(ctx)
	if err != nil {
		return 0, false, err
	}
	return s.a.confirmPending(ctx, limit)
}

func (a *Account) confirmPending(ctx context.Context, limit int) (confirmed int, more bool, err error) {
	limit = min(max(limit, 1), MaxConfirmBatch)
	err = a.tx(ctx, func(tx store.Tx) error {
		confirmed = 0
		waiting, total, err := tx.ListPeople(ctx, store.Query{Scope: store.ScopeAll, State: account.StateAwaitingConfirmation, Count: limit})
		if err != nil {
			return err
		}
		for _, w := range waiting {
			p, err := tx.LockPerson(ctx, w.ID)
			if isNotFound(err) {
				continue
			}
			if err != nil {
				return err
			}
			if p.State != account.StateAwaitingConfirmation {
				continue // changed since the list was read
			}
			before := p.State
			if err := p.Transition(account.EventConfirm); err != nil {
				return err
			}
			p.Version++
			p.Modified = a.now()
			if err := tx.UpdatePerson(ctx, p); err != nil {
				return err
			}
			if err := a.audit(ctx, tx, personEvent("person.confirm", p, before, "confirmed by the confirmation watcher")); err != nil {
				return err
			}
			confirmed++
		}
		more = total > len(waiting)
		return nil
	})
	return confirmed, more, err
}
