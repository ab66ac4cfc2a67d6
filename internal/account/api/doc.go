// Package api is the account HTTP API (docs/account-api.md): a server that
// serves a local account to remote bridges, and a client that implements
// account.Service over HTTP, so the bridge runs the same code whether the
// account is in its process or across the network.
//
// The API is versioned in its path (/v1) and in a header every response
// carries (Scimbridge-Account-API: 1). Bodies are JSON. Every route but
// GET /v1/health takes an account API key as a bearer token: provisioning
// routes want an integration in the Provision Managers group, integration
// management an owner or administrator.
package api

// The version of the API this package speaks, and the header that carries it.
const (
	VersionHeader = "Scimbridge-Account-API"
	Version       = "1"
)

// Request headers that carry the actor of a change (account.Actor) from the
// bridge to the account's audit log.
const (
	RequestIDHeader = "X-Request-Id"
	ProviderHeader  = "X-Scimbridge-Provider"
)

// UnknownMembersHeader, set to "ignore", carries
// account.WithUnknownMembersIgnored: group writes ignore member ids that
// are not people of the account instead of refusing them.
const UnknownMembersHeader = "X-Scimbridge-Unknown-Members"

// MaxBodyBytes bounds request bodies; larger ones get 413.
const MaxBodyBytes = 16 << 20

// maxResponseBytes bounds what the client reads of a response: a page of
// people is far smaller, and anything larger is not the account answering.
const maxResponseBytes = 256 << 20
