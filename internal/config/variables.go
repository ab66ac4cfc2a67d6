package config

// The environment variables each process reads. Deployment manifests are
// checked against these lists (deploy/drift_test.go), and a test checks the
// lists against this package's code, so neither can drift.

var logVariables = []string{"OP_JSON_LOGS", "OP_PRETTY_LOGS", "OP_DEBUG", "OP_TRACE"}

// BridgeVariables are what `scimbridge serve` reads.
func BridgeVariables() []string {
	return append([]string{
		"OP_SESSION", "OP_PORT",
		"OP_REDIS_URL", "OP_REDIS_HOST", "OP_REDIS_PORT", "OP_REDIS_USERNAME", "OP_REDIS_PASSWORD",
		"OP_REDIS_ENABLE_SSL", "OP_REDIS_INSECURE_SSL",
		"OP_TLS_DOMAIN", "OP_TLS_CERT_FILE", "OP_TLS_KEY_FILE", "OP_LETSENCRYPT_EMAIL", "OP_PING_SERVER",
		"SCIMBRIDGE_ACME_CA", "SCIMBRIDGE_ACME_CA_ROOTS", "SCIMBRIDGE_TLS_STORAGE",
		"OP_CONFIRMATION_INTERVAL",
		"SCIMBRIDGE_ACCOUNT_URL", "SCIMBRIDGE_MAX_BODY_BYTES", "SCIMBRIDGE_RATE_LIMIT",
	}, logVariables...)
}

// AccountVariables are what `scimbridge account serve` (and the account
// inside quickstart) reads.
func AccountVariables() []string {
	return append([]string{
		"SCIMBRIDGE_DB", "SCIMBRIDGE_ACCOUNT_ADDR", "SCIMBRIDGE_DELETE_BEHAVIOR",
		"SCIMBRIDGE_INVITE_TTL_HOURS", "SCIMBRIDGE_INVITE_BASE_URL", "SCIMBRIDGE_SMTP_URL",
	}, logVariables...)
}

// SetupVariables are what `scimbridge setup` and `account init` read.
func SetupVariables() []string {
	return []string{"SCIMBRIDGE_DB", "SCIMBRIDGE_ACCOUNT_URL", "SCIMBRIDGE_OWNER_KEY"}
}

// ToolVariables are read for tools: bench's token, and the profiler that
// serve and quickstart start on request.
func ToolVariables() []string { return []string{"SCIMBRIDGE_BENCH_TOKEN", "SCIMBRIDGE_PPROF_ADDR"} }
