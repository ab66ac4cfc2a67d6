// Package credentials holds the scimbridge credentials pair and the account
// API keys (design §5).
//
// The pair is a bearer token, which goes to the identity provider, and a
// scimsession file, which goes to the bridge. The token carries a 256-bit
// random secret. The scimsession holds a salted verifier of that secret, so
// the bridge can check every request's token in microseconds, and the
// integration's account API key encrypted with AES-256-GCM under a key
// derived from the same secret. Neither half alone opens the account.
//
// Because the secrets here are 256-bit random values rather than passwords,
// HKDF-SHA256 and SHA-256 are the right tools: a slow password hash would add
// cost to every SCIM request without adding security.
//
// Nothing in this package puts a token, a secret, an API key or the contents
// of a scimsession into an error message or into String, GoString or
// LogValue output.
package credentials
