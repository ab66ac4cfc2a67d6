package deploy_test

// The rules every deployment file must keep, checked against the code:
// the variables each process reads (internal/config), the ports and paths
// the bridge serves, the image's user, and where the scimsession lives.

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/scimbridge/scimbridge/internal/config"
	"github.com/scimbridge/scimbridge/internal/tlsconf"
)

// The ports each process listens on. The bridge: OP_PORT (3002), HTTPS
// with OP_TLS_DOMAIN or OP_TLS_CERT_FILE (8443), the plain /ping listener
// with OP_PING_SERVER (8080). The account service: 3003 in the kit.
var servedPorts = map[process][]string{
	procBridge:   {"3002", "8443", "8080"},
	procAccount:  {"3003"},
	procSetup:    {},
	procRedis:    {"6379"},
	procPostgres: {"5432"},
}

// The paths the bridge serves without a token, for health checks, and the
// one it serves with a token (/health: a check without the token gets 401).
var (
	checkPaths       = map[process][]string{procBridge: {"/ping", "/app"}, procAccount: {"/v1/health"}}
	checkPorts       = map[process][]string{procBridge: {"3002", "8080", ""}, procAccount: {"3003", ""}}
	authorisedChecks = []string{"/health"}
)

// The uid and gid of the image, and the mode of the scimsession secret.
const (
	imageUID   = "999"
	imageUser  = "999:999"
	secretMode = "0440"
)

// redisFlags are the 1Password examples' Redis flags, in pairs.
var redisFlags = [][2]string{{"--maxmemory", "256mb"}, {"--maxmemory-policy", "volatile-lru"}, {"--save", ""}}

// variablesOf lists what a process reads.
func variablesOf(p process) []string {
	switch p {
	case procBridge:
		return config.BridgeVariables()
	case procAccount:
		return config.AccountVariables()
	case procSetup:
		return config.SetupVariables()
	}
	return nil
}

// checkFacts applies every rule to the facts of a set of files and returns
// the problems, each "file:line: what".
func checkFacts(all []*fileFacts) []string {
	var problems []string
	add := func(p pos, format string, args ...any) {
		problems = append(problems, p.String()+": "+fmt.Sprintf(format, args...))
	}
	configMaps := map[string][]setting{}
	byName := map[string]process{}
	var containers []*container
	for _, f := range all {
		problems = append(problems, f.problems...)
		for name, s := range f.configMaps {
			configMaps[name] = append(configMaps[name], s...)
		}
		for _, c := range f.containers {
			containers = append(containers, c)
			if c.proc != procUnknown && c.proc != procBad && c.name != "" {
				if prev, ok := byName[c.name]; ok && prev != c.proc {
					byName[c.name] = procBad // two processes under one name: patches cannot tell
				} else {
					byName[c.name] = c.proc
				}
			}
		}
	}

	used := map[string]bool{}
	for _, c := range containers {
		if c.proc == procUnknown {
			// A patch names its container only: go by that name elsewhere.
			c.proc = byName[c.name]
		}
		switch c.proc {
		case procUnknown, procBad:
			add(c.pos, "cannot tell which scimbridge process container %q runs (image %q, command %q)", c.name, c.image, c.command)
			continue
		}
		env := slices.Clone(c.env)
		for _, ref := range c.refs {
			used[ref] = true
			s, ok := configMaps[ref]
			if !ok {
				add(c.pos, "container %q takes variables from ConfigMap %q, which no file defines", c.name, ref)
			}
			env = append(env, s...)
		}
		checkContainer(c, env, add)
	}
	for name, s := range configMaps {
		if !used[name] && len(s) > 0 {
			add(s[0].pos, "ConfigMap %q is used by no container, so its variables cannot be checked", name)
		}
	}

	for _, f := range all {
		for _, p := range f.ports {
			if !slices.Contains(allPorts(), p.number) {
				add(p.pos, "port %s is not one scimbridge, Redis or PostgreSQL listens on (%s)", p.number, strings.Join(allPorts(), ", "))
			}
		}
		for _, chk := range f.checks {
			checkPath(chk, procBridge, add)
		}
		for _, u := range f.users {
			checkUser(u, add)
		}
	}
	sortProblems(problems)
	return slices.Compact(problems)
}

// sortProblems orders "file:line: text" by file, then line number.
func sortProblems(problems []string) {
	key := func(p string) (string, int, string) {
		file, rest, _ := strings.Cut(p, ":")
		num, text, _ := strings.Cut(rest, ":")
		n, _ := strconv.Atoi(num)
		return file, n, text
	}
	slices.SortFunc(problems, func(a, b string) int {
		fa, na, ta := key(a)
		fb, nb, tb := key(b)
		return cmp.Or(strings.Compare(fa, fb), cmp.Compare(na, nb), strings.Compare(ta, tb))
	})
}

// checkContainer applies the rules for one container, given every variable
// it is set (its own and its ConfigMaps').
func checkContainer(c *container, env []setting, add func(pos, string, ...any)) {
	known := variablesOf(c.proc)
	ports := slices.Clone(servedPorts[c.proc])
	sessionFromSecret := false
	for _, s := range env {
		if !c.proc.ours() {
			continue // Redis's and PostgreSQL's own variables
		}
		if !slices.Contains(known, s.name) {
			hint := suggest(s.name, known)
			for _, other := range []process{procBridge, procAccount, procSetup} {
				if other != c.proc && slices.Contains(variablesOf(other), s.name) {
					hint = "; the " + string(other) + " reads it"
					break
				}
			}
			add(s.pos, "%s is not a variable the %s reads%s", s.name, c.proc, hint)
			continue
		}
		switch s.name {
		case "OP_PORT":
			ports = append(ports, s.value)
		case "OP_SESSION":
			if s.secret {
				sessionFromSecret = true
			} else if strings.HasPrefix(s.value, "/") || strings.HasPrefix(s.value, ".") {
				if s.value != config.DefaultSession {
					add(s.pos, "OP_SESSION is %s; the image keeps the scimsession at %s", s.value, config.DefaultSession)
				}
			}
		}
	}
	for _, p := range c.ports {
		if !slices.Contains(ports, p.number) {
			add(p.pos, "the %s does not listen on port %s (it listens on %s)", c.proc, p.number, strings.Join(ports, ", "))
		}
	}
	for _, chk := range c.checks {
		checkPath(chk, c.proc, add)
	}
	// A complete bridge container (with an image: not a patch, not a
	// Dockerfile stage) must get its scimsession: mounted at the default
	// path, or as OP_SESSION from a secret store.
	if c.proc == procBridge && c.image != "" && !strings.HasPrefix(c.name, "stage ") &&
		len(c.mounts) == 0 && !sessionFromSecret {
		add(c.pos, "bridge container %q gets no scimsession: mount it at %s or set OP_SESSION from a secret", c.name, config.DefaultSession)
	}
	if c.proc == procSetup && len(c.command) > 0 && slices.Contains(c.command, "setup") {
		i := slices.Index(c.command, "--scimsession")
		if i < 0 || i+1 >= len(c.command) || c.command[i+1] != config.DefaultSession {
			add(c.pos, "setup should write the scimsession where the bridge reads it: --scimsession %s", config.DefaultSession)
		}
	}
	if c.proc == procRedis {
		for _, fl := range redisFlags {
			i := slices.Index(c.command, fl[0])
			if i < 0 || i+1 >= len(c.command) || c.command[i+1] != fl[1] {
				add(c.pos, "Redis should run with %s %q (the 1Password examples' cache without persistence)", fl[0], fl[1])
			}
		}
	}
}

func checkPath(chk healthCheck, p process, add func(pos, string, ...any)) {
	switch {
	case slices.Contains(authorisedChecks, chk.path) && p == procBridge:
		add(chk.pos, "health check on %s: it needs the bearer token and answers 401 without it; use /ping or /app", chk.path)
	case !slices.Contains(checkPaths[p], chk.path):
		add(chk.pos, "health check path %q is not one the %s serves without a token (%s)", chk.path, p, strings.Join(checkPaths[p], ", "))
	case !slices.Contains(checkPorts[p], chk.port):
		add(chk.pos, "health check on port %s: the %s serves %s on %s", chk.port, p, chk.path, strings.Join(checkPorts[p], ", "))
	}
}

func checkUser(u setting, add func(pos, string, ...any)) {
	if strings.Contains(u.value, "{{") {
		return // a Helm value, checked in values.yaml
	}
	want := imageUID
	switch u.name {
	case "user", "USER", "COPY --chown":
		want = imageUser
	case "secret mode":
		want = secretMode
	}
	if u.value != want {
		add(u.pos, "%s is %q; the image runs as uid/gid 999, so it must be %q", u.name, u.value, want)
	}
}

func allPorts() []string {
	var out []string
	for _, ps := range servedPorts {
		out = append(out, ps...)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// The raw-text rules, for every line of every file (comments included):
// variable names must be ones the code reads, and paths under the image's
// home must be the scimsession's or the TLS certificates' directory.
var (
	variableToken = regexp.MustCompile(`\b(?:OP|SCIMBRIDGE)_[A-Z0-9_]*[A-Z0-9]\b`)
	homePath      = regexp.MustCompile(`/home/opuser[A-Za-z0-9_./-]*`)
)

// testOnlyVariables are read by the tests, not by the binary.
var testOnlyVariables = []string{"SCIMBRIDGE_TEST_POSTGRES_URL", "SCIMBRIDGE_TEST_REDIS_URL"}

func checkText(file, src string) []string {
	known := slices.Concat(config.BridgeVariables(), config.AccountVariables(), config.SetupVariables(), testOnlyVariables)
	okPaths := []string{"/home/opuser", path.Dir(config.DefaultSession), path.Dir(config.DefaultSession) + "/", config.DefaultSession, tlsconf.DefaultStorageDir}
	var problems []string
	for i, line := range strings.Split(src, "\n") {
		for _, v := range variableToken.FindAllString(line, -1) {
			if !slices.Contains(known, v) {
				problems = append(problems, fmt.Sprintf("%s:%d: %s is not a variable scimbridge reads%s", file, i+1, v, suggest(v, known)))
			}
		}
		for _, p := range homePath.FindAllString(line, -1) {
			if !slices.Contains(okPaths, strings.TrimRight(p, ".")) {
				problems = append(problems, fmt.Sprintf("%s:%d: %s: the image's scimsession is %s (and TLS mode's certificates are in %s)", file, i+1, p, config.DefaultSession, tlsconf.DefaultStorageDir))
			}
		}
	}
	return problems
}

// suggest names the closest known variable, for misspellings.
func suggest(name string, known []string) string {
	best, bestD := "", max(3, len(name)/4)+1
	for _, k := range known {
		if d := editDistance(name, k); d < bestD {
			best, bestD = k, d
		}
	}
	if best == "" {
		return ""
	}
	return "; did you mean " + best + "?"
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
