package deploy_test

// Facts from Terraform: the container definitions of ECS task definitions
// (objects with a name and an image, written in HCL inside jsonencode),
// their environment and secrets, ports, health checks and user; the ALB's
// health check path; the variables that choose it. A directory is read as
// one module, so locals and variables resolve across its files.

import (
	"strings"
)

type hclFile struct {
	name string
	body *hclBody
}

func hclFacts(files []hclFile) *fileFacts {
	f := newFileFacts()
	locals := map[string]string{}
	vars := map[string]*hclBody{}
	for _, hf := range files {
		for _, b := range hf.body.Blocks {
			switch {
			case b.Type == "locals":
				for _, a := range b.Body.Attrs {
					if v, ok := a.literal(); ok {
						locals[a.Name] = v
					}
				}
			case b.Type == "variable" && len(b.Labels) == 1:
				vars[b.Labels[0]] = b.Body
			}
		}
	}
	// resolve gives a literal, local.X or var.X (its default) as a value.
	resolve := func(a *hclAttr) (string, bool) {
		if v, ok := a.literal(); ok {
			return v, true
		}
		if a == nil || len(a.Expr) != 3 || a.Expr[1].text != "." {
			return "", false
		}
		switch a.Expr[0].text {
		case "local":
			v, ok := locals[a.Expr[2].text]
			return v, ok
		case "var":
			if body := vars[a.Expr[2].text]; body != nil {
				return body.attr("default").literal()
			}
		}
		return "", false
	}

	for _, hf := range files {
		r := hclReader{f: f, file: hf.name, resolve: resolve}
		r.body(hf.body, "")
		for _, b := range hf.body.Blocks {
			if b.Type == "variable" && len(b.Labels) == 1 && strings.Contains(b.Labels[0], "health_check_path") {
				r.checkVariable(b)
			}
		}
	}
	return f
}

type hclReader struct {
	f       *fileFacts
	file    string
	resolve func(*hclAttr) (string, bool)
}

func (r hclReader) at(line int) pos { return pos{r.file, line} }

// body visits a body and everything in it; resource is the type of the
// resource block it is in.
func (r hclReader) body(b *hclBody, resource string) {
	if b.attr("name") != nil && b.attr("image") != nil {
		r.container(b)
	}
	for _, a := range b.Attrs {
		for _, o := range a.Objs {
			// Objects nested in objects are listed too; visit each once,
			// from the attribute that holds it directly.
			if isDirect(a, o) {
				r.body(o, resource)
			}
		}
	}
	for _, blk := range b.Blocks {
		res := resource
		if blk.Type == "resource" && len(blk.Labels) > 0 {
			res = blk.Labels[0]
		}
		switch {
		case blk.Type == "health_check":
			r.albCheck(blk)
		case blk.Type == "load_balancer":
			r.portAttr(blk.Body.attr("container_port"))
		}
		if res == "aws_lb_target_group" && blk.Type == "resource" {
			r.portAttr(blk.Body.attr("port"))
		}
		r.body(blk.Body, res)
	}
}

// isDirect reports whether o is written in a's expression rather than
// inside another object there.
func isDirect(a *hclAttr, o *hclBody) bool {
	for _, other := range a.Objs {
		for _, nested := range nestedObjs(other) {
			if nested == o {
				return false
			}
		}
	}
	return true
}

func (r hclReader) portAttr(a *hclAttr) {
	if a == nil {
		return
	}
	if v, ok := r.resolve(a); ok {
		r.f.ports = append(r.f.ports, port{pos: r.at(a.Line), number: v})
	} else {
		r.f.problem(r.at(a.Line), "cannot tell which port %s names", a.Name)
	}
}

// albCheck reads a target group's health check path.
func (r hclReader) albCheck(blk *hclBlock) {
	a := blk.Body.attr("path")
	if a == nil {
		r.f.problem(r.at(blk.Line), "health_check without a path (the default, /, answers 307)")
		return
	}
	if v, ok := r.resolve(a); ok {
		r.f.checks = append(r.f.checks, healthCheck{pos: r.at(a.Line), path: v})
	} else {
		r.f.problem(r.at(a.Line), "cannot tell which health check path this is")
	}
}

// checkVariable reads the paths a health check variable may take: its
// default and the literals its validation allows.
func (r hclReader) checkVariable(b *hclBlock) {
	if v, ok := b.Body.attr("default").literal(); ok {
		r.f.checks = append(r.f.checks, healthCheck{pos: r.at(b.Line), path: v})
	}
	for _, val := range b.Body.Blocks {
		if val.Type != "validation" {
			continue
		}
		for _, s := range val.Body.attr("condition").strings() {
			if strings.HasPrefix(s, "/") {
				r.f.checks = append(r.f.checks, healthCheck{pos: r.at(val.Line), path: s})
			}
		}
	}
}

// container reads an ECS container definition.
func (r hclReader) container(b *hclBody) {
	c := &container{pos: r.at(b.Line)}
	c.name, _ = b.attr("name").literal()
	c.image = exprText(b.attr("image"))
	c.command = b.attr("command").strings()
	c.proc = classify(c) // an image given as a variable goes by the name
	for _, key := range []string{"environment", "secrets"} {
		a := b.attr(key)
		if a == nil {
			continue
		}
		for _, o := range a.Objs {
			name, ok := o.attr("name").literal()
			if !ok {
				r.f.problem(r.at(o.Line), "a %s entry whose name is not a literal cannot be checked", key)
				continue
			}
			value, _ := o.attr("value").literal()
			c.env = append(c.env, setting{pos: r.at(o.Line), name: name, value: value, secret: key == "secrets"})
		}
	}
	if pm := b.attr("portMappings"); pm != nil {
		for _, o := range pm.Objs {
			if a := o.attr("containerPort"); a != nil {
				if v, ok := r.resolve(a); ok {
					c.ports = append(c.ports, port{pos: r.at(a.Line), number: v})
				} else {
					r.f.problem(r.at(a.Line), "cannot tell which port containerPort names")
				}
			}
		}
	}
	if hc := b.attr("healthCheck"); hc != nil {
		for _, o := range hc.Objs {
			if chk, ok := healthcheckCommand(o.attr("command").strings()); ok {
				chk.pos = r.at(o.Line)
				c.checks = append(c.checks, chk)
			}
		}
	}
	if u := b.attr("user"); u != nil {
		v, _ := u.literal()
		r.f.users = append(r.f.users, setting{pos: r.at(u.Line), name: "user", value: v})
	}
	r.f.containers = append(r.f.containers, c)
}

// exprText is an expression written out, for names like var.redis_image.
func exprText(a *hclAttr) string {
	if a == nil {
		return ""
	}
	var b strings.Builder
	for _, t := range a.Expr {
		b.WriteString(t.text)
	}
	return b.String()
}
