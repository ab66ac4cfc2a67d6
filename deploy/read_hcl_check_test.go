package deploy_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dumpHCL writes a body compactly: blocks as type[labels]{…}, attributes
// as name=literal or name=<n tokens>, and the objects in an expression as
// {…}.
func dumpHCL(b *hclBody) string {
	var parts []string
	for _, a := range b.Attrs {
		v, ok := a.literal()
		s := fmt.Sprintf("%s=%q", a.Name, v)
		if !ok {
			s = fmt.Sprintf("%s=<%d>", a.Name, len(a.Expr))
		}
		for _, o := range a.Objs {
			if isDirect(a, o) {
				s += dumpHCL(o)
			}
		}
		parts = append(parts, s)
	}
	for _, blk := range b.Blocks {
		parts = append(parts, fmt.Sprintf("%s%q%s", blk.Type, blk.Labels, dumpHCL(blk.Body)))
	}
	return "{" + strings.Join(parts, " ") + "}"
}

func TestParseHCL(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"blocks and attributes",
			"resource \"aws_lb\" \"this\" {\n  name = \"x\"\n  port = 3002\n  health_check {\n    path = var.p\n  }\n}\n",
			`{resource["aws_lb" "this"]{name="x" port="3002" health_check[]{path=<3>}}}`},
		{"objects in expressions",
			"locals {\n  c = {\n    name = \"scimbridge\"\n    environment = concat([\n      { name = \"OP_PORT\", value = \"3002\" },\n    ], var.x == \"\" ? [] : [{ name = \"OP_DEBUG\" }])\n  }\n}\n",
			`{locals[]{c=<2>{name="scimbridge" environment=<23>{name="OP_PORT" value="3002"}{name="OP_DEBUG"}}}}`},
		{"comments and quoted keys",
			"# one\n// two\n/* three\n four */ x = { \"awslogs-group\" = a.b # tail\n}\n",
			`{x=<2>{awslogs-group=<3>}}`},
		{"interpolation",
			"name = \"${local.name}-${join(\"-\", [\"a\", \"}\"])}\"\n",
			`{name="${local.name}-${join(\"-\", [\"a\", \"}\"])}"}`},
		{"for expressions",
			"for_each = { for o in x : o.k => o }\nl = [for r in y : r.f]\n",
			`{for_each=<2>{} l=<10>}`},
		{"escapes", `s = "a\"b\n"` + "\n", `{s="a\"b\n"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := parseHCL(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			if got := dumpHCL(b); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestParseHCLErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unclosed block", "a {\n b = 1\n", "unclosed {"},
		{"unterminated string", "a = \"b\n", "line 1: newline in a string"},
		{"heredoc", "a = <<EOF\nx\nEOF\n", "heredocs"},
		{"stray brace", "}\n", "line 1: unexpected }"},
		{"unbalanced", "a = (b]\n", "line 1: unbalanced"},
		{"block without brace", "resource \"x\"\n", "want = or {"},
		{"comment", "/* x\n", "unclosed comment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseHCL(tt.src)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// FuzzParseHCL: the reader never panics or loops, and reads the same text
// the same way twice.
func FuzzParseHCL(f *testing.F) {
	files, _ := filepath.Glob("terraform/aws-ecs-fargate/*/*/*.tf")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("a = { b = [{ c = \"${d}\" }] }\n")
	f.Fuzz(func(t *testing.T, src string) {
		b1, err1 := parseHCL(src)
		b2, err2 := parseHCL(src)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("two reads disagree: %v, %v", err1, err2)
		}
		if err1 == nil && dumpHCL(b1) != dumpHCL(b2) {
			t.Fatalf("two reads disagree:\n%s\n%s", dumpHCL(b1), dumpHCL(b2))
		}
	})
}
