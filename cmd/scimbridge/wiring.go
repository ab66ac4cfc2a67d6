package main

import (
	"fmt"
	"log/slog"

	"github.com/scimbridge/scimbridge/internal/account/local"
	"github.com/scimbridge/scimbridge/internal/config"
	"github.com/scimbridge/scimbridge/internal/mail"
)

// accountOptions turns the account service's configuration into options,
// with the mailer when SCIMBRIDGE_SMTP_URL is set.
func accountOptions(cfg config.Account, log *slog.Logger, defaultInviteBase string) (local.Options, error) {
	opts := local.Options{
		DeletePolicy: cfg.DeletePolicy, InviteTTL: cfg.InviteTTL, Logger: log,
		InviteBaseURL: firstNonEmpty(cfg.InviteBaseURL, defaultInviteBase),
	}
	if cfg.SMTPURL != "" {
		m, err := mail.New(cfg.SMTPURL)
		if err != nil {
			return opts, fmt.Errorf("SCIMBRIDGE_SMTP_URL: %w", err)
		}
		opts.Mailer = m
	}
	return opts, nil
}

// warnShortInterval: intervals under 30 s are for tests and demos.
func warnShortInterval(log *slog.Logger, cfg config.Bridge) {
	if s := cfg.ConfirmationInterval.Seconds(); s < 30 {
		log.Warn("OP_CONFIRMATION_INTERVAL is below 30 seconds: fine for a test, wasteful in production", "seconds", s)
	}
}
