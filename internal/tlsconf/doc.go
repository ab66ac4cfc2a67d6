// Package tlsconf gives the bridge its HTTPS configuration, the way the
// 1Password bridge offers it (design §4): a certificate from an ACME CA
// (Let's Encrypt, TLS-ALPN-01 on the HTTPS port) kept in a directory that
// survives restarts, or the operator's own certificate and key files,
// checked for the chain mistakes that break identity providers and reloaded
// when they change; and the plain-HTTP /ping listener load balancers use in
// TLS mode. Every configuration refuses TLS versions below 1.2.
package tlsconf

import "crypto/tls"

// MinVersion is the oldest TLS version the bridge accepts.
const MinVersion = tls.VersionTLS12

// httpProtos are the application protocols the bridge serves over TLS.
var httpProtos = []string{"h2", "http/1.1"}
