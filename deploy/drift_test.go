package deploy_test

// The drift tests: every deployment file in deploy/ (and the guides in
// docs/) must set only variables the code reads, spelled as the code
// spells them, for the process that reads them; use the ports and health
// check paths the code serves; run as the image's user; and keep the
// scimsession where the image reads it. Bad fixtures in testdata/ show
// that each rule fails when broken.

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/tlsconf"
)

// guides are the docs written with the kit; their variable names and
// paths are checked too.
var guides = []string{"../docs/okta.md", "../docs/entra-id.md", "../docs/onelogin.md", "../docs/jumpcloud.md", "../docs/operations.md"}

// expected says which processes each deployment defines, so a reader that
// silently finds nothing fails the test instead of passing it.
var expected = map[string][]process{
	"docker/Dockerfile":                                        {procBridge, procAccount},
	"docker-compose/docker-compose.yml":                        {procBridge, procRedis},
	"docker-compose/docker-compose.full.yml":                   {procPostgres, procSetup, procAccount, procBridge, procRedis},
	"docker-compose/docker-compose.tls.yml":                    {procBridge},
	"swarm/scimbridge-stack.yml":                               {procBridge, procRedis},
	"kubernetes/base/deployment.yaml":                          {procBridge},
	"kubernetes/base/redis.yaml":                               {procRedis},
	"kubernetes/overlays/tls-in-container/deployment-tls.yaml": {procBridge},
	"helm/scimbridge/templates/deployment.yaml":                {procBridge},
	"helm/scimbridge/templates/redis.yaml":                     {procRedis},
	"helm/scimbridge/values.yaml":                              {procBridge},
	"terraform/aws-ecs-fargate/modules/scim-bridge":            {procBridge, procRedis},
	"terraform/stacks/catalog/ecs-services/scim-bridge.yaml":   {procBridge, procRedis},
}

// kit reads a tree of deployment files: the facts of each (a Terraform
// directory counts as one), and the raw-text problems of every file.
func kit(t *testing.T, root string, extra ...string) (facts map[string]*fileFacts, textProblems []string) {
	t.Helper()
	facts = map[string]*fileFacts{}
	tf := map[string][]hclFile{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if p != root && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(p, ".go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		src := string(b)
		textProblems = append(textProblems, checkText(rel, src)...)
		switch ext := filepath.Ext(p); {
		case ext == ".yml" || ext == ".yaml":
			facts[rel] = yamlFacts(rel, src)
		case d.Name() == "Dockerfile" || strings.HasSuffix(d.Name(), ".Dockerfile"):
			facts[rel] = dockerfileFacts(rel, src)
		case ext == ".tf":
			body, err := parseHCL(src)
			if err != nil {
				f := newFileFacts()
				f.problem(pos{rel, 0}, "cannot read it: %v", err)
				facts[rel] = f
				return nil
			}
			dir := filepath.ToSlash(filepath.Dir(rel))
			tf[dir] = append(tf[dir], hclFile{name: rel, body: body})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir, files := range tf {
		facts[dir] = hclFacts(files)
	}
	for _, p := range extra {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		textProblems = append(textProblems, checkText(filepath.ToSlash(p), string(b))...)
	}
	return facts, textProblems
}

func values(m map[string]*fileFacts) []*fileFacts {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*fileFacts, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

// TestKit checks every deployment file and guide against the code.
func TestKit(t *testing.T) {
	facts, text := kit(t, ".", guides...)
	for _, p := range append(checkFacts(values(facts)), text...) {
		t.Error(p)
	}
	for file, want := range expected {
		f, ok := facts[file]
		if !ok {
			t.Errorf("%s: missing, or not read as a deployment file", file)
			continue
		}
		var got []process
		for _, c := range f.containers {
			got = append(got, c.proc)
		}
		for _, p := range want {
			if !slices.Contains(got, p) {
				t.Errorf("%s: no %s container found (found %q)", file, p, got)
			}
		}
	}
	// The load balancer checks of the Terraform module and the stack are
	// read (not only the containers').
	for _, file := range []string{"terraform/aws-ecs-fargate/modules/scim-bridge", "terraform/stacks/catalog/ecs-services/scim-bridge.yaml"} {
		if f := facts[file]; f == nil || len(f.checks) == 0 {
			t.Errorf("%s: no load balancer health check found", file)
		}
	}
}

// TestCertificateVolumes: where the bridge gets a Let's Encrypt
// certificate (OP_TLS_DOMAIN), a volume must keep it across restarts, at
// the directory the code keeps it in (tlsconf.DefaultStorageDir).
func TestCertificateVolumes(t *testing.T) {
	facts, _ := kit(t, ".")
	for _, file := range []string{
		"docker-compose/docker-compose.tls.yml",
		"kubernetes/overlays/tls-in-container/deployment-tls.yaml",
		"helm/scimbridge/templates/deployment.yaml",
	} {
		found := false
		for _, c := range facts[file].containers {
			found = found || len(c.certs) > 0
		}
		if !found {
			t.Errorf("%s: no volume mounted at the certificates' directory %s", file, tlsconf.DefaultStorageDir)
		}
	}
}

// TestBadFixtures shows each rule failing: every fixture breaks some rules
// and the check must name each break.
func TestBadFixtures(t *testing.T) {
	tests := []struct {
		fixture string
		want    []string
	}{
		{"bad-compose.yml", []string{
			"bad-compose.yml:9: OP_SESION is not a variable the bridge reads; did you mean OP_SESSION?",
			"OP_SESION is not a variable scimbridge reads; did you mean OP_SESSION?",
			"SCIMBRIDGE_DB is not a variable the bridge reads; the account service reads it",
			"the bridge does not listen on port 3000",
			`user is "1000:1000"`,
			"bridge container \"scim\" gets no scimsession",
			`Redis should run with --maxmemory-policy "volatile-lru"`,
			"SCIMBRIDGE_ACCOUNT_ADR is not a variable the account service reads; did you mean SCIMBRIDGE_ACCOUNT_ADDR?",
			"health check path \"/health\" is not one the account service serves",
			"setup should write the scimsession where the bridge reads it",
			`secret uid is "0"`,
			`secret mode is "0444"`,
		}},
		{"bad-kubernetes.yaml", []string{
			"runAsUser is \"1000\"",
			"health check on /health: it needs the bearer token",
			"health check path \"/healthz\" is not one the bridge serves",
			"/home/opuser/.op/scimsesion: the image's scimsession is /home/opuser/.op/scimsession",
			"OP_TLS_DOMIAN is not a variable the bridge reads; did you mean OP_TLS_DOMAIN?",
			"ConfigMap \"unused\" is used by no container",
			"port 9090 is not one scimbridge, Redis or PostgreSQL listens on",
			"cannot tell which scimbridge process container \"sidecar\" runs",
		}},
		{"bad-ecs", []string{
			"OP_REDIS_HOSTNAME is not a variable the bridge reads; did you mean OP_REDIS_HOST?",
			"OP_SESSION is /run/scimsession; the image keeps the scimsession at /home/opuser/.op/scimsession",
			`health check path "/" is not one the bridge serves without a token`,
			`health check path "/status" is not one the bridge serves without a token`,
			`user is "0"`,
			"the bridge does not listen on port 80",
		}},
		{"bad.Dockerfile", []string{
			"OP_PROT is not a variable the bridge reads; did you mean OP_PORT?",
			"the bridge does not listen on port 3000",
			`USER is "1000"`,
			`COPY --chown is "root"`,
			"SCIMBRIDGE_DB is not a variable the bridge reads",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			facts, text := kitFile(t, filepath.Join("testdata", tt.fixture))
			got := strings.Join(append(checkFacts(values(facts)), text...), "\n")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("the check does not report %q; it reports:\n%s", w, got)
				}
			}
		})
	}
}

// kitFile reads one fixture file or directory as kit reads the tree.
func kitFile(t *testing.T, p string) (map[string]*fileFacts, []string) {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.IsDir() {
		return kit(t, p)
	}
	dir := t.TempDir()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.Base(p)), b, 0o600); err != nil {
		t.Fatal(err)
	}
	return kit(t, dir)
}
