package deploy_test

// Facts from YAML: Compose and Swarm files (services), Kubernetes
// manifests, kustomize patches and Helm templates (containers, ConfigMaps,
// Services, NetworkPolicies), Helm values (extraEnv) and Atmos stack files
// (containers as a map, map_environment, map_secrets).

import (
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/scimbridge/scimbridge/internal/config"
	"github.com/scimbridge/scimbridge/internal/tlsconf"
)

func yamlFacts(file, src string) *fileFacts {
	f := newFileFacts()
	docs, err := parseYAML(src)
	if err != nil {
		f.problem(pos{file, 0}, "cannot read it: %v", err)
		return f
	}
	for _, d := range docs {
		r := yamlReader{f: f, file: file}
		r.document(d)
	}
	return f
}

type yamlReader struct {
	f    *fileFacts
	file string
}

func (r yamlReader) at(n *yamlNode) pos { return pos{r.file, n.Line} }

func (r yamlReader) document(d *yamlNode) {
	kind := d.get("kind").str()
	switch {
	case kind == "ConfigMap":
		name := d.get("metadata").get("name").str()
		data := d.get("data")
		if data != nil && data.Kind == yamlMap {
			for i, k := range data.Keys {
				r.f.configMaps[name] = append(r.f.configMaps[name], setting{pos: r.at(data.Vals[i]), name: k, value: data.Vals[i].str()})
			}
		}
	case kind == "Service":
		for _, p := range d.get("spec").get("ports").items() {
			r.portFact(p.get("targetPort"))
		}
	case kind == "NetworkPolicy":
		for _, in := range d.get("spec").get("ingress").items() {
			for _, p := range in.get("ports").items() {
				r.portFact(p.get("port"))
			}
		}
	case d.Kind == yamlSeq && len(d.Items) > 0 && d.Items[0].get("op") != nil:
		r.jsonPatch(d)
	}
	if services := d.get("services"); services != nil && services.Kind == yamlMap {
		for i, name := range services.Keys {
			r.container(name, services.Vals[i])
		}
	}
	// Helm values: extra variables for the bridge.
	if extra := d.get("extraEnv"); extra != nil {
		c := &container{pos: r.at(extra), name: "extraEnv", proc: procBridge}
		r.envList(c, extra)
		r.f.containers = append(r.f.containers, c)
	}
	r.walk(d)
}

// walk finds containers wherever they are, and the facts that are checked
// wherever they appear.
func (r yamlReader) walk(n *yamlNode) {
	switch n.Kind {
	case yamlSeq:
		for _, it := range n.Items {
			r.walk(it)
		}
	case yamlMap:
		for i, k := range n.Keys {
			v := n.Vals[i]
			switch k {
			case "containers", "initContainers":
				for j, c := range append(v.Items, v.Vals...) {
					name := c.get("name").str()
					if name == "" && v.Kind == yamlMap {
						name = v.Keys[j]
					}
					r.container(name, c)
				}
			case "runAsUser", "runAsGroup", "fsGroup":
				r.f.users = append(r.f.users, setting{pos: r.at(v), name: k, value: v.str()})
			case "health_check_path":
				r.f.checks = append(r.f.checks, healthCheck{pos: r.at(v), path: v.str()})
			}
			r.walk(v)
		}
	}
}

// jsonPatch reads the ports a kustomize JSON patch sets.
func (r yamlReader) jsonPatch(d *yamlNode) {
	for _, op := range d.Items {
		p := op.get("path").str()
		for _, v := range op.get("value").items() {
			r.portFact(v.get("targetPort"))
			r.portFact(v.get("containerPort"))
			if strings.Contains(p, "/ingress") {
				r.portFact(v.get("port"))
			}
		}
	}
}

// portFact records a numeric port outside a container (named ports refer
// to containers' ports, checked there).
func (r yamlReader) portFact(n *yamlNode) {
	if n == nil || n.Kind != yamlScalar {
		return
	}
	if _, err := strconv.Atoi(n.Value); err == nil {
		r.f.ports = append(r.f.ports, port{pos: r.at(n), number: n.Value})
	}
}

// container reads one container (or Compose service) definition.
func (r yamlReader) container(name string, n *yamlNode) {
	if n == nil || n.Kind != yamlMap {
		return
	}
	c := &container{pos: r.at(n), name: name, image: n.get("image").str()}
	c.command = append(n.get("command").strs(), n.get("args").strs()...)
	c.proc = classify(c)

	if env := n.get("environment"); env != nil {
		switch env.Kind {
		case yamlMap:
			for i, k := range env.Keys {
				c.env = append(c.env, setting{pos: r.at(env.Vals[i]), name: k, value: env.Vals[i].str()})
			}
		case yamlSeq:
			for _, it := range env.Items {
				k, v, _ := strings.Cut(it.str(), "=")
				c.env = append(c.env, setting{pos: r.at(it), name: k, value: v})
			}
		}
	}
	r.envList(c, n.get("env"))
	for _, key := range []string{"map_environment", "map_secrets"} {
		if m := n.get(key); m != nil && m.Kind == yamlMap {
			for i, k := range m.Keys {
				c.env = append(c.env, setting{pos: r.at(m.Vals[i]), name: k, value: m.Vals[i].str(), secret: key == "map_secrets"})
			}
		}
	}
	for _, from := range n.get("envFrom").items() {
		if ref := from.get("configMapRef").get("name").str(); ref != "" {
			c.refs = append(c.refs, ref)
		} else {
			r.f.problem(r.at(from), "envFrom other than a configMapRef: its variables cannot be checked")
		}
	}
	if ef := n.get("env_file"); ef != nil {
		r.f.problem(r.at(ef), "env_file: its variables cannot be checked; list them under environment")
	}

	named := map[string]string{} // port name -> number
	for _, p := range append(n.get("ports").items(), n.get("port_mappings").items()...) {
		if p.get("$patch") != nil {
			continue // a kustomize directive, not a port
		}
		num := p.str()
		switch {
		case p.Kind == yamlMap && p.get("containerPort") != nil:
			num = p.get("containerPort").str()
			named[p.get("name").str()] = num
		case p.Kind == yamlMap:
			num = p.get("target").str()
		default:
			// Compose's short form [[ip:]published:]target[/protocol].
			num, _, _ = strings.Cut(num[strings.LastIndex(num, ":")+1:], "/")
		}
		c.ports = append(c.ports, port{pos: r.at(p), number: num})
	}
	for _, p := range n.get("expose").items() {
		c.ports = append(c.ports, port{pos: r.at(p), number: p.str()})
	}

	for _, probe := range []string{"readinessProbe", "livenessProbe", "startupProbe"} {
		if get := n.get(probe).get("httpGet"); get != nil {
			p := get.get("port").str()
			if num, ok := named[p]; ok {
				p = num
			}
			if strings.Contains(p, "{{") {
				p = "" // chosen by a Helm template: the ports are checked
			}
			c.checks = append(c.checks, healthCheck{pos: r.at(get), path: get.get("path").str(), port: p})
		}
	}
	if hc := n.get("healthcheck"); hc != nil && hc.get("disable").str() != "true" {
		test := hc.get("test")
		if test == nil {
			test = hc.get("command")
		}
		if chk, ok := healthcheckCommand(test.strs()); ok {
			chk.pos = r.at(hc)
			c.checks = append(c.checks, chk)
		}
	}

	for _, s := range n.get("secrets").items() {
		if s.get("target").str() == config.DefaultSession {
			c.mounts = append(c.mounts, r.at(s))
		}
		for _, k := range []string{"uid", "gid", "mode"} {
			if v := s.get(k); v != nil {
				r.f.users = append(r.f.users, setting{pos: r.at(v), name: "secret " + k, value: v.str()})
			}
		}
	}
	for _, v := range append(n.get("volumes").items(), n.get("volumeMounts").items()...) {
		target := v.get("mountPath").str()
		if v.Kind == yamlScalar {
			parts := strings.Split(v.Value, ":")
			if len(parts) > 1 {
				target = parts[1]
			}
		}
		switch target {
		case config.DefaultSession, path.Dir(config.DefaultSession):
			c.mounts = append(c.mounts, r.at(v))
		case tlsconf.DefaultStorageDir:
			c.certs = append(c.certs, r.at(v))
		}
	}
	if u := n.get("user"); u != nil {
		r.f.users = append(r.f.users, setting{pos: r.at(u), name: "user", value: u.str()})
	}
	r.f.containers = append(r.f.containers, c)
}

// envList reads a Kubernetes env list: [{name, value | valueFrom}].
func (r yamlReader) envList(c *container, list *yamlNode) {
	for _, e := range list.items() {
		s := setting{pos: r.at(e), name: e.get("name").str(), value: e.get("value").str()}
		if e.get("valueFrom").get("secretKeyRef") != nil {
			s.secret = true
		}
		c.env = append(c.env, s)
	}
}

// healthcheckCommand reads a container health check command: ours
// (scimbridge healthcheck [--url U]) is an HTTP check of U, by default
// /ping on the default port. Others (redis-cli, pg_isready) are not HTTP.
func healthcheckCommand(cmd []string) (healthCheck, bool) {
	found := false
	target := "http://127.0.0.1:3002/ping"
	for i, a := range cmd {
		switch {
		case a == "healthcheck":
			found = true
		case (a == "--url" || a == "-url") && i+1 < len(cmd):
			target = cmd[i+1]
		case strings.HasPrefix(a, "--url="):
			target = strings.TrimPrefix(a, "--url=")
		}
	}
	if !found {
		return healthCheck{}, false
	}
	u, err := url.Parse(target)
	if err != nil {
		return healthCheck{path: target}, true
	}
	return healthCheck{path: u.Path, port: u.Port()}, true
}
