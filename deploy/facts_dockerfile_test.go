package deploy_test

// Facts from the Dockerfile: per stage, the variables it sets (ENV), the
// ports it exposes, its health check, its user, and the owner it gives
// files (COPY --chown) and uid 999 (the passwd entry it writes).

import (
	"encoding/json"
	"regexp"
	"strings"
)

var passwdEntry = regexp.MustCompile(`opuser:x:([0-9]+):([0-9]+):`)

func dockerfileFacts(file, src string) *fileFacts {
	f := newFileFacts()
	var stage *container
	for _, in := range dockerInstructions(src) {
		word, rest, _ := strings.Cut(in.text, " ")
		rest = strings.TrimSpace(rest)
		p := pos{file, in.line}
		if strings.EqualFold(word, "FROM") {
			stage = dockerStage(p, rest)
			if stage != nil {
				f.containers = append(f.containers, stage)
			}
			continue
		}
		for _, m := range passwdEntry.FindAllStringSubmatch(in.text, -1) {
			f.users = append(f.users, setting{pos: p, name: "passwd uid", value: m[1]}, setting{pos: p, name: "passwd gid", value: m[2]})
		}
		if stage == nil {
			continue // the builder: nothing of it reaches the image but what is copied
		}
		switch strings.ToUpper(word) {
		case "ENV":
			for _, kv := range strings.Fields(rest) {
				k, v, _ := strings.Cut(kv, "=")
				stage.env = append(stage.env, setting{pos: p, name: k, value: v})
			}
		case "EXPOSE":
			for _, n := range strings.Fields(rest) {
				n, _, _ = strings.Cut(n, "/")
				stage.ports = append(stage.ports, port{pos: p, number: n})
			}
		case "USER":
			f.users = append(f.users, setting{pos: p, name: "USER", value: rest})
		case "COPY":
			for _, a := range strings.Fields(rest) {
				if v, ok := strings.CutPrefix(a, "--chown="); ok {
					f.users = append(f.users, setting{pos: p, name: "COPY --chown", value: v})
				}
			}
		case "HEALTHCHECK":
			_, cmd, ok := strings.Cut(rest, "CMD ")
			var args []string
			if !ok || json.Unmarshal([]byte(strings.TrimSpace(cmd)), &args) != nil {
				f.problem(p, "HEALTHCHECK should be CMD [\"/scimbridge\", \"healthcheck\", …] (the image has no shell)")
				continue
			}
			if chk, ok := healthcheckCommand(args); ok {
				chk.pos = p
				stage.checks = append(stage.checks, chk)
			} else {
				f.problem(p, "HEALTHCHECK does not run scimbridge healthcheck")
			}
		}
	}
	return f
}

// dockerStage makes the container a FROM line starts: the stage named
// "account" runs the account service, the builder (the Go image) runs
// nothing, every other stage the bridge.
func dockerStage(p pos, from string) *container {
	fields := strings.Fields(from)
	name := ""
	if len(fields) >= 2 && strings.EqualFold(fields[len(fields)-2], "AS") {
		name = fields[len(fields)-1]
	}
	if strings.Contains(from, "golang") || strings.Contains(from, "GO_IMAGE") {
		return nil
	}
	c := &container{pos: p, name: "stage " + name, image: "scimbridge", proc: procBridge}
	if name == "account" {
		c.proc = procAccount
	}
	return c
}

type dockerInstruction struct {
	line int
	text string
}

// dockerInstructions joins continuation lines and drops comments.
func dockerInstructions(src string) []dockerInstruction {
	var out []dockerInstruction
	var cur strings.Builder
	start := 0
	for i, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if cur.Len() == 0 && (t == "" || strings.HasPrefix(t, "#")) {
			continue
		}
		if cur.Len() == 0 {
			start = i + 1
		}
		if strings.HasPrefix(t, "#") {
			continue // a comment inside a continued instruction
		}
		cont := strings.HasSuffix(t, "\\")
		cur.WriteString(strings.TrimSuffix(t, "\\"))
		cur.WriteString(" ")
		if !cont {
			out = append(out, dockerInstruction{line: start, text: strings.Join(strings.Fields(cur.String()), " ")})
			cur.Reset()
		}
	}
	if cur.Len() > 0 {
		out = append(out, dockerInstruction{line: start, text: strings.Join(strings.Fields(cur.String()), " ")})
	}
	return out
}
