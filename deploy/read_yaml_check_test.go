package deploy_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// dumpYAML writes a node compactly: {k: v}, [a, b], "scalar".
func dumpYAML(n *yamlNode) string {
	var b strings.Builder
	var walk func(*yamlNode)
	walk = func(n *yamlNode) {
		switch n.Kind {
		case yamlScalar:
			b.WriteString(strconv.Quote(n.Value))
		case yamlSeq:
			b.WriteString("[")
			for i, it := range n.Items {
				if i > 0 {
					b.WriteString(", ")
				}
				walk(it)
			}
			b.WriteString("]")
		case yamlMap:
			b.WriteString("{")
			for i, k := range n.Keys {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(k + ": ")
				walk(n.Vals[i])
			}
			b.WriteString("}")
		}
	}
	walk(n)
	return b.String()
}

func TestParseYAML(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // one dump per document
	}{
		{"nested mapping", "a:\n  b: c\n  d: \"e f\"\nx: 'it''s'\n",
			[]string{`{a: {b: "c", d: "e f"}, x: "it's"}`}},
		{"sequence of mappings", "env:\n  - name: OP_PORT\n    value: \"3002\"\n  - name: OP_DEBUG\n",
			[]string{`{env: [{name: "OP_PORT", value: "3002"}, {name: "OP_DEBUG"}]}`}},
		{"sequence at its key's indentation", "env:\n- name: A\n- B\nnext: 1\n",
			[]string{`{env: [{name: "A"}, "B"], next: "1"}`}},
		{"flow collections", "cmd: [\"redis-server\", \"--save\", \"\", plain]\nempty: {}\nnone: []\nm: {a: 1, \"b\": [x]}\n",
			[]string{`{cmd: ["redis-server", "--save", "", "plain"], empty: {}, none: [], m: {a: "1", b: ["x"]}}`}},
		{"comments", "# head\na: b # tail\nc: \"# kept\"\nd: http://x/#frag\n  # indented comment\ne: f\n",
			[]string{`{a: "b", c: "# kept", d: "http://x/#frag", e: "f"}`}},
		{"block scalars", "a: |\n  line one\n    two\n\n  three\nb: >-\n  folded\nc: d\n",
			[]string{`{a: "line one\n  two\n\nthree", b: "folded", c: "d"}`}},
		{"documents", "---\na: 1\n---\n# only a comment\n---\n- b\n...\n",
			[]string{`{a: "1"}`, `["b"]`}},
		{"helm template lines", "data:\n  {{- if .Values.x }}\n  A: {{ .Values.a | quote }}\n  {{- end }}\n  {{ .Values.key }}: v\n  B: \"{{ .R }}:{{ .T }}\"\n",
			[]string{`{data: {A: "{{ .Values.a | quote }}", {{ .Values.key }}: "v", B: "{{ .R }}:{{ .T }}"}}`}},
		{"tags and nulls", "ports: !override\n  - \"443:8443\"\na: ~\nb:\nc: null\n",
			[]string{`{ports: ["443:8443"], a: "", b: "", c: ""}`}},
		{"nested sequences", "- - a\n  - b\n- c\n",
			[]string{`[["a", "b"], "c"]`}},
		{"sequence item with a block scalar", "- |\n  x\n- y\n",
			[]string{`["x", "y"]`}},
		{"values with colons", "url: redis://redis:6379\nport: \"127.0.0.1:3003:3003\"\nkey:value\n",
			[]string{`{url: "redis://redis:6379", port: "127.0.0.1:3003:3003"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.name == "values with colons" {
				// "key:value" is a scalar, not a mapping entry: an error
				// in a mapping.
				if _, err := parseYAML(tt.src); err == nil {
					t.Fatal("want an error for a scalar line inside a mapping")
				}
				tt.src = strings.TrimSuffix(tt.src, "key:value\n")
			}
			docs, err := parseYAML(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, d := range docs {
				got = append(got, dumpYAML(d))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestParseYAMLErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"tab", "a:\n\tb: c\n", "line 2: tab"},
		{"indentation", "a:\n    b: c\n  d: e\n", "line 3: unexpected indentation"},
		{"unterminated", "a: \"b\n", "line 1: unterminated"},
		{"anchor", "a: &x b\n", "line 1: anchors"},
		{"flow", "a: [b, c\n", "line 1: want ','"},
		{"flow garbage", "a: [b] c\n", "line 1: text after"},
		{"bad escape", `a: "\q"` + "\n", "line 1: bad double-quoted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseYAML(tt.src)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// emitYAML writes a node back as block YAML with every scalar quoted, so
// that reading it again must give the same node.
func emitYAML(b *strings.Builder, n *yamlNode, indent string) {
	switch n.Kind {
	case yamlScalar:
		b.WriteString(strconv.Quote(n.Value) + "\n")
	case yamlSeq:
		if len(n.Items) == 0 {
			b.WriteString("[]\n")
			return
		}
		b.WriteString("\n")
		for _, it := range n.Items {
			b.WriteString(indent + "-")
			emitChild(b, it, indent+"  ")
		}
	case yamlMap:
		if len(n.Keys) == 0 {
			b.WriteString("{}\n")
			return
		}
		b.WriteString("\n")
		for i, k := range n.Keys {
			b.WriteString(indent + strconv.Quote(k) + ":")
			emitChild(b, n.Vals[i], indent+"  ")
		}
	}
}

func emitChild(b *strings.Builder, n *yamlNode, indent string) {
	if n.Kind == yamlScalar || len(n.Items)+len(n.Keys) == 0 {
		b.WriteString(" ")
	}
	emitYAML(b, n, indent)
}

// FuzzParseYAML: the reader never panics, and what it reads, written back
// out, reads the same.
func FuzzParseYAML(f *testing.F) {
	var files []string
	for _, glob := range []string{"*/*.y*ml", "*/*/*.y*ml", "*/*/*/*.y*ml", "*/*/*/*/*.y*ml"} {
		more, _ := filepath.Glob(glob)
		files = append(files, more...)
	}
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("a: [b, {c: d}]\n- x\n")
	f.Fuzz(func(t *testing.T, src string) {
		docs, err := parseYAML(src)
		if err != nil {
			return
		}
		for _, d := range docs {
			var b strings.Builder
			b.WriteString("root:")
			emitChild(&b, d, "  ")
			again, err := parseYAML(b.String())
			if err != nil {
				t.Fatalf("re-reading %q: %v\nfrom %q", b.String(), err, src)
			}
			if len(again) != 1 || dumpYAML(again[0].get("root")) != dumpYAML(d) {
				t.Fatalf("round trip changed %s\ninto %v\nvia %q", dumpYAML(d), again, b.String())
			}
		}
	})
}
