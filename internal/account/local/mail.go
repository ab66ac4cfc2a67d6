package local

import (
	"context"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
)

// Mailer sends invitation emails (package mail, with SCIMBRIDGE_SMTP_URL).
type Mailer interface {
	SendInvitation(ctx context.Context, inv account.Invitation, accountName string) error
}

// deliver hands a new invitation to the person, after the transaction that
// created it committed (a retried transaction must not mail twice). With a
// mailer the email goes out in the background, so a slow mail server does
// not hold up provisioning; without one the link is logged, and
// `scimbridge account people show` shows it.
func (a *Account) deliver(ctx context.Context, p account.Person, inv account.Invitation) {
	if a.opts.Mailer == nil {
		a.log.InfoContext(ctx, "invitation created; no SMTP server is configured, so pass the link on",
			"person", p.ID, "email", inv.Email, "invitation_link", inv.Link, "expires", inv.Expires)
		return
	}
	info, err := a.store.GetAccount(ctx)
	if err != nil {
		a.log.ErrorContext(ctx, "cannot mail the invitation", "person", p.ID, "error", err)
		return
	}
	a.mailing.Add(1)
	go func() {
		defer a.mailing.Done()
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		if err := a.opts.Mailer.SendInvitation(ctx, inv, info.Name); err != nil {
			a.log.ErrorContext(ctx, "mailing the invitation failed; `scimbridge account people show` has the link",
				"person", p.ID, "email", inv.Email, "error", err)
			return
		}
		a.log.InfoContext(ctx, "invitation mailed", "person", p.ID, "email", inv.Email)
	}()
}

// Close waits for invitation emails on their way out.
func (a *Account) Close() { a.mailing.Wait() }
