package deploy_test

// What the drift tests know about a deployment file: the containers it
// defines, which scimbridge process each runs, and what it sets (variables,
// ports, health checks, users, where the scimsession is). The readers
// (facts_yaml_test.go, facts_hcl_test.go, facts_dockerfile_test.go) fill
// these in; drift_test.go checks them against the code.

import (
	"fmt"
	"strings"
)

// process is what a container runs.
type process string

const (
	procBridge   process = "bridge"          // scimbridge serve
	procAccount  process = "account service" // scimbridge account serve
	procSetup    process = "setup"           // scimbridge setup, account init
	procRedis    process = "redis"           //
	procPostgres process = "postgres"        //
	procUnknown  process = ""                // not known yet (a patch naming a container only)
	procBad      process = "unknown process" // a scimbridge command no deployment should run
)

// ours reports whether the process is one of scimbridge's.
func (p process) ours() bool { return p == procBridge || p == procAccount || p == procSetup }

// pos is where a fact was found.
type pos struct {
	file string
	line int
}

func (p pos) String() string { return fmt.Sprintf("%s:%d", p.file, p.line) }

// setting is a variable a container is given.
type setting struct {
	pos
	name   string
	value  string // the literal value, when there is one
	secret bool   // taken from a secret store, not written here
}

// port is a port a container listens on.
type port struct {
	pos
	number string
}

// healthCheck is an HTTP check of a container.
type healthCheck struct {
	pos
	path string
	port string // "" when not given or not a number
}

// container is one container definition (or a patch of one).
type container struct {
	pos
	name    string
	image   string
	command []string // command and args, as written
	proc    process

	env    []setting
	ports  []port
	checks []healthCheck
	mounts []pos    // places the scimsession is mounted or written at its default path
	certs  []pos    // volumes mounted where TLS mode keeps its certificates
	refs   []string // ConfigMaps it takes variables from (envFrom)
}

// fileFacts is what one file holds.
type fileFacts struct {
	containers []*container
	configMaps map[string][]setting // ConfigMap name -> its data keys
	problems   []string             // what the reader itself found wrong
	// Facts outside containers.
	ports  []port        // Service targetPorts, NetworkPolicy ports, …
	checks []healthCheck // load balancer health check paths
	users  []setting     // runAsUser and the like: name is the key, value the uid
}

func newFileFacts() *fileFacts { return &fileFacts{configMaps: map[string][]setting{}} }

func (f *fileFacts) problem(p pos, format string, args ...any) {
	f.problems = append(f.problems, p.String()+": "+fmt.Sprintf(format, args...))
}

// ourContainerNames are the names our containers go by in the kit, for
// containers whose image is a template ("{{ .Values.image.repository }}").
var ourContainerNames = map[string]bool{
	"scimbridge": true, "scim": true, "account": true, "account-init": true, "setup": true,
}

// classify tells which process a container runs from its image and
// command; procUnknown when it has no image (a patch).
func classify(c *container) process {
	img := strings.ToLower(c.image)
	switch {
	case c.image == "":
		return procUnknown
	case strings.Contains(img, "redis"):
		return procRedis
	case strings.Contains(img, "postgres"):
		return procPostgres
	case strings.Contains(img, "scimbridge") || ourContainerNames[c.name]:
		return commandProcess(c.command)
	}
	return procBad
}

// commandProcess tells which scimbridge command a container's command
// runs; the image's default command is serve.
func commandProcess(cmd []string) process {
	args := cmd
	if len(args) > 0 && strings.HasSuffix(args[0], "/scimbridge") {
		args = args[1:]
	}
	if len(args) == 0 {
		return procBridge
	}
	switch {
	case args[0] == "serve":
		return procBridge
	case args[0] == "setup":
		return procSetup
	case args[0] == "account" && len(args) > 1 && args[1] == "serve":
		return procAccount
	case args[0] == "account" && len(args) > 1 && args[1] == "init":
		return procSetup
	}
	return procBad
}
