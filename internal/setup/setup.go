// Package setup mints the credentials pair that connects a bridge to an
// account (design §5): it creates a provisioning integration in the
// account, draws a bearer token, and seals the integration's API key into a
// scimsession that only that token opens. Regenerating revokes the old
// integration, so the old pair opens nothing.
package setup

import (
	"context"
	"fmt"
	"time"

	"github.com/scimbridge/scimbridge/internal/credentials"
)

// Account is what setup needs from the account: an owner's or
// administrator's power to create and revoke integrations.
type Account interface {
	CreateIntegration(ctx context.Context, name string) (credentialID, apiKey string, err error)
	RevokeIntegration(ctx context.Context, credentialID string) error
}

// Pair is a new credentials pair.
type Pair struct {
	// Token is the bearer token for the identity provider; it exists only
	// here and in what the caller shows once.
	Token string
	// Monitoring is the read-only token for /metrics and /monitoring.
	Monitoring string
	Session    *credentials.Session
}

// IntegrationName names the integrations setup creates.
const IntegrationName = "SCIM bridge"

// Run creates a new pair for a bridge that will reach the account at
// accountURL ("" for a bridge running in the same process).
func Run(ctx context.Context, acct Account, accountURL string, now time.Time) (Pair, error) {
	id, key, err := acct.CreateIntegration(ctx, IntegrationName)
	if err != nil {
		return Pair{}, fmt.Errorf("creating the integration: %w", err)
	}
	token, err := credentials.NewToken()
	if err != nil {
		return Pair{}, err
	}
	s, err := credentials.Seal(token, accountURL, credentials.Unlocked{CredentialID: id, APIKey: key}, now)
	if err != nil {
		return Pair{}, err
	}
	monitoring, err := credentials.NewMonitoringToken()
	if err != nil {
		return Pair{}, err
	}
	if err := s.SetMonitoring(monitoring); err != nil {
		return Pair{}, err
	}
	return Pair{Token: token, Monitoring: monitoring, Session: s}, nil
}

// Revoke revokes the integration a previous scimsession holds, once the
// new pair is safely written (setup --regenerate): from then on the old
// token and scimsession open nothing.
func Revoke(ctx context.Context, acct Account, previous *credentials.Session) error {
	if previous == nil || previous.CredentialID == "" {
		return nil
	}
	if err := acct.RevokeIntegration(ctx, previous.CredentialID); err != nil {
		return fmt.Errorf("revoking the previous integration %s: %w", previous.CredentialID, err)
	}
	return nil
}
