// Package buildinfo tells which scimbridge this is.
package buildinfo

import "runtime/debug"

// Set at build time with
// -ldflags "-X github.com/scimbridge/scimbridge/internal/buildinfo.Version=v1.2.3 -X …Build=abc123".
var (
	Version = ""
	Build   = ""
)

// Get returns the version and build, falling back to what the Go toolchain
// recorded (module version, VCS revision) and then to "dev".
func Get() (version, build string) {
	version, build = Version, Build
	if info, ok := debug.ReadBuildInfo(); ok {
		if version == "" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			version = info.Main.Version
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && build == "" && len(s.Value) >= 12 {
				build = s.Value[:12]
			}
		}
	}
	if version == "" {
		version = "dev"
	}
	if build == "" {
		build = "unknown"
	}
	return version, build
}
