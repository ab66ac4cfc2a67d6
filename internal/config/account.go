package config

import (
	"strings"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
)

// Account is the configuration of the account service (`scimbridge account
// serve`, and the account inside quickstart). Flags override it.
type Account struct {
	DB            string               // SCIMBRIDGE_DB: a SQLite path or a postgres:// URL
	Addr          string               // SCIMBRIDGE_ACCOUNT_ADDR
	DeletePolicy  account.DeletePolicy // SCIMBRIDGE_DELETE_BEHAVIOR: suspend or delete
	InviteTTL     time.Duration        // SCIMBRIDGE_INVITE_TTL_HOURS
	InviteBaseURL string               // SCIMBRIDGE_INVITE_BASE_URL
	// SMTPURL is where invitations are mailed from (SCIMBRIDGE_SMTP_URL);
	// without it their links are logged.
	SMTPURL string
	Log     Log
}

// AccountFromEnv reads the account service's configuration.
func AccountFromEnv(getenv func(string) string) (Account, error) {
	e := env{getenv: getenv}
	c := Account{
		DB:            e.str("SCIMBRIDGE_DB", "scimbridge-account.db"),
		Addr:          e.str("SCIMBRIDGE_ACCOUNT_ADDR", "127.0.0.1:3003"),
		InviteTTL:     time.Duration(e.integer("SCIMBRIDGE_INVITE_TTL_HOURS", 7*24, 1, 365*24)) * time.Hour,
		InviteBaseURL: e.url("SCIMBRIDGE_INVITE_BASE_URL"),
		SMTPURL:       e.str("SCIMBRIDGE_SMTP_URL", ""),
		Log:           e.log(),
	}
	switch v := strings.ToLower(e.str("SCIMBRIDGE_DELETE_BEHAVIOR", "suspend")); v {
	case "suspend":
		c.DeletePolicy = account.DeleteSuspends
	case "delete":
		c.DeletePolicy = account.DeleteDeletes
	default:
		e.fail("SCIMBRIDGE_DELETE_BEHAVIOR", "%q is neither suspend nor delete", v)
	}
	return c, e.err
}
