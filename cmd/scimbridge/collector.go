package main

import (
	"runtime/debug"
)

// The collector's defaults (GOGC=100, no memory limit) suit a program
// whose live heap is most of its memory. The bridge and the account
// service keep little alive between requests (the account's data is in
// the database, not the heap) and allocate a lot in each, so by default
// they collect about as often as they can: at 100,000 people the
// collector took an eighth of a lookup's CPU. Collecting when the heap
// has grown by 400%, but keeping it under serverMemoryLimit, served 15%
// more lookups a second, in 72 MB resident against 58 MB
// (docs/performance.md). The limit is soft: past it the runtime collects
// more often, it never fails an allocation.
const (
	serverGCPercent   = 400
	serverMemoryLimit = 80 << 20
)

// isServerCommand reports whether args run a server, for long.
func isServerCommand(args []string) bool {
	switch {
	case len(args) == 0:
		return false
	case args[0] == "serve", args[0] == "quickstart":
		return true
	case args[0] == "account":
		return len(args) > 1 && args[1] == "serve"
	}
	return false
}

// tuneCollector sets the server's collector settings, unless the operator
// set either in the environment (GOGC, GOMEMLIMIT), which the runtime has
// read already. It reports whether it changed them.
func tuneCollector(args []string, getenv func(string) string) bool {
	if !isServerCommand(args) || getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return false
	}
	debug.SetGCPercent(serverGCPercent)
	debug.SetMemoryLimit(serverMemoryLimit)
	return true
}
