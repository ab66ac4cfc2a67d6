package deploy_test

// A reader for the YAML the deployment kit is written in, so the drift
// tests need no YAML library. It reads block mappings and sequences, plain,
// quoted and block scalars, flow collections ([a, "b"], {}), comments,
// several documents, tags (!override) and Helm templates: a line that is
// only a template action ({{- if … }}, {{- toYaml … | nindent 8 }}) is
// skipped, so both branches of an if are read, which is what a check of
// every name a chart can set wants. It refuses what it does not know
// (anchors in keys, complex keys, tabs) with the line number, rather than
// guess.

import (
	"fmt"
	"strconv"
	"strings"
)

type yamlKind int

const (
	yamlScalar yamlKind = iota
	yamlMap
	yamlSeq
)

// yamlNode is a node of a document. Mappings keep their keys in order and
// may repeat one (both branches of a template's if).
type yamlNode struct {
	Kind  yamlKind
	Line  int
	Value string // a scalar's value, unquoted; "" for null
	Keys  []string
	Vals  []*yamlNode
	Items []*yamlNode
}

// get returns the value of the first key k of a mapping, or nil.
func (n *yamlNode) get(k string) *yamlNode {
	if n == nil || n.Kind != yamlMap {
		return nil
	}
	for i, key := range n.Keys {
		if key == k {
			return n.Vals[i]
		}
	}
	return nil
}

// items returns a sequence's items (none for nil or anything else).
func (n *yamlNode) items() []*yamlNode {
	if n == nil {
		return nil
	}
	return n.Items
}

// str returns a scalar's value ("" for anything else).
func (n *yamlNode) str() string {
	if n == nil || n.Kind != yamlScalar {
		return ""
	}
	return n.Value
}

// strs returns a sequence's scalar items, or a scalar split on spaces (the
// two ways Compose writes a command).
func (n *yamlNode) strs() []string {
	switch {
	case n == nil:
		return nil
	case n.Kind == yamlScalar:
		return strings.Fields(n.Value)
	case n.Kind == yamlSeq:
		var out []string
		for _, it := range n.Items {
			out = append(out, it.str())
		}
		return out
	}
	return nil
}

// yline is a line of the document: its number, indentation and text
// without the indentation and any comment.
type yline struct {
	num, indent int
	text        string
	block       *string // a block scalar's content, for "key: |" lines
}

// parseYAML reads every document of src.
func parseYAML(src string) ([]*yamlNode, error) {
	docs, err := splitLines(src)
	if err != nil {
		return nil, err
	}
	var out []*yamlNode
	for _, lines := range docs {
		if len(lines) == 0 {
			continue
		}
		p := &yamlParser{lines: lines}
		n, err := p.block(lines[0].indent)
		if err != nil {
			return nil, err
		}
		if p.i < len(p.lines) {
			return nil, fmt.Errorf("line %d: unexpected indentation", p.lines[p.i].num)
		}
		out = append(out, n)
	}
	return out, nil
}

// splitLines turns src into documents of meaningful lines.
func splitLines(src string) ([][]yline, error) {
	raw := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	docs := [][]yline{nil}
	for i := 0; i < len(raw); i++ {
		line := raw[i]
		body := strings.TrimLeft(line, " ")
		indent := len(line) - len(body)
		if strings.HasPrefix(body, "\t") {
			return nil, fmt.Errorf("line %d: tab in indentation", i+1)
		}
		text := strings.TrimRight(stripComment(body), " \t")
		switch {
		case text == "":
			continue
		case indent == 0 && (text == "---" || strings.HasPrefix(text, "--- ")):
			docs = append(docs, nil)
			continue
		case indent == 0 && (text == "..." || strings.HasPrefix(text, "%")):
			continue
		case templateOnly(text):
			continue
		}
		yl := yline{num: i + 1, indent: indent, text: text}
		if isBlockIndicator(blockValue(text)) {
			// The following lines indented more (or blank) are its content.
			var content []string
			j := i + 1
			for ; j < len(raw); j++ {
				r := strings.TrimRight(raw[j], " \t\r")
				if r != "" && len(r)-len(strings.TrimLeft(r, " ")) <= indent {
					break
				}
				content = append(content, r)
			}
			s := dedent(content)
			yl.block = &s
			i = j - 1
		}
		docs[len(docs)-1] = append(docs[len(docs)-1], yl)
	}
	return docs, nil
}

// stripComment removes a comment: a # at the start or after a space,
// outside quotes and template actions.
func stripComment(s string) string {
	var quote byte
	depth := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == '"' && c == '\\':
			i++
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case strings.HasPrefix(s[i:], "{{"):
			depth++
			i++
		case depth > 0 && strings.HasPrefix(s[i:], "}}"):
			depth--
			i++
		case depth > 0:
		case (c == '"' || c == '\'') && (i == 0 || strings.ContainsRune(" [{,:-", rune(s[i-1]))):
			quote = c
		case c == '#' && (i == 0 || s[i-1] == ' '):
			return s[:i]
		}
	}
	return s
}

// templateOnly reports whether a line is a single Helm template action.
func templateOnly(t string) bool {
	return strings.HasPrefix(t, "{{") && strings.Index(t, "}}") == len(t)-2
}

// blockValue is the value part of a "key: v" or "- v" line, for spotting
// block scalar indicators.
func blockValue(t string) string {
	if strings.HasPrefix(t, "- ") {
		t = strings.TrimSpace(t[2:])
	}
	if _, v, ok := splitKey(t); ok {
		return v
	}
	return t
}

func isBlockIndicator(v string) bool {
	switch v {
	case "|", "|-", "|+", ">", ">-", ">+":
		return true
	}
	return false
}

func dedent(lines []string) string {
	min := -1
	for _, l := range lines {
		if l == "" {
			continue
		}
		if n := len(l) - len(strings.TrimLeft(l, " ")); min < 0 || n < min {
			min = n
		}
	}
	for i, l := range lines {
		if len(l) >= min && min > 0 {
			lines[i] = l[min:]
		}
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

type yamlParser struct {
	lines []yline
	i     int
}

// block reads the mapping, sequence or scalar that starts at the current
// line, whose indentation is indent.
func (p *yamlParser) block(indent int) (*yamlNode, error) {
	l := p.lines[p.i]
	if isSeqItem(l.text) {
		return p.seq(indent)
	}
	if _, _, ok := splitKey(l.text); ok {
		return p.mapping(indent)
	}
	p.i++
	if l.block != nil {
		return &yamlNode{Kind: yamlScalar, Line: l.num, Value: *l.block}, nil
	}
	return parseValue(l.text, l.num)
}

func isSeqItem(t string) bool { return t == "-" || strings.HasPrefix(t, "- ") }

func (p *yamlParser) seq(indent int) (*yamlNode, error) {
	n := &yamlNode{Kind: yamlSeq, Line: p.lines[p.i].num}
	for p.i < len(p.lines) && p.lines[p.i].indent == indent && isSeqItem(p.lines[p.i].text) {
		l := p.lines[p.i]
		rest := strings.TrimLeft(strings.TrimPrefix(l.text, "-"), " ")
		var item *yamlNode
		var err error
		switch {
		case rest == "":
			item, err = p.child(indent, l.num)
		default:
			// "- key: v" starts a mapping (or "- - x" a sequence) whose
			// first line is this one, at the column after the dash.
			p.lines[p.i] = yline{num: l.num, indent: indent + len(l.text) - len(rest), text: rest, block: l.block}
			item, err = p.block(p.lines[p.i].indent)
		}
		if err != nil {
			return nil, err
		}
		n.Items = append(n.Items, item)
	}
	return n, nil
}

func (p *yamlParser) mapping(indent int) (*yamlNode, error) {
	n := &yamlNode{Kind: yamlMap, Line: p.lines[p.i].num}
	for p.i < len(p.lines) && p.lines[p.i].indent == indent && !isSeqItem(p.lines[p.i].text) {
		l := p.lines[p.i]
		key, val, ok := splitKey(l.text)
		if !ok {
			return nil, fmt.Errorf("line %d: want \"key: value\", got %q", l.num, l.text)
		}
		k, err := unquote(key, l.num)
		if err != nil {
			return nil, err
		}
		val = stripTag(val)
		var v *yamlNode
		switch {
		case l.block != nil:
			p.i++
			v = &yamlNode{Kind: yamlScalar, Line: l.num, Value: *l.block}
		case val == "":
			v, err = p.child(indent, l.num)
			// A sequence may sit at its key's own indentation.
			if err == nil && v.Kind == yamlScalar && v.Value == "" && p.i < len(p.lines) &&
				p.lines[p.i].indent == indent && isSeqItem(p.lines[p.i].text) {
				v, err = p.seq(indent)
			}
		default:
			p.i++
			v, err = parseValue(val, l.num)
		}
		if err != nil {
			return nil, err
		}
		n.Keys = append(n.Keys, k)
		n.Vals = append(n.Vals, v)
	}
	return n, nil
}

// child reads the block under the line just read (at indent), or null.
func (p *yamlParser) child(indent, num int) (*yamlNode, error) {
	p.i++
	if p.i < len(p.lines) && p.lines[p.i].indent > indent {
		return p.block(p.lines[p.i].indent)
	}
	return &yamlNode{Kind: yamlScalar, Line: num}, nil
}

// splitKey splits "key: value" at the first ": " (or a final ":") outside
// quotes and template actions. ok is false when the text is no mapping
// entry (a scalar, a flow collection).
func splitKey(t string) (key, val string, ok bool) {
	if t == "" || strings.ContainsRune("[{&*!|>", rune(t[0])) && !strings.HasPrefix(t, "{{") {
		return "", "", false
	}
	var quote byte
	depth := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case quote == '"' && c == '\\':
			i++
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case i == 0 && (c == '"' || c == '\''):
			quote = c
		case strings.HasPrefix(t[i:], "{{"):
			depth++
			i++
		case depth > 0 && strings.HasPrefix(t[i:], "}}"):
			depth--
			i++
		case depth == 0 && c == ':' && (i == len(t)-1 || t[i+1] == ' '):
			return strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+1:]), true
		}
	}
	return "", "", false
}

// stripTag drops a leading tag (Compose's !override, !reset).
func stripTag(v string) string {
	if strings.HasPrefix(v, "!") {
		if i := strings.IndexByte(v, ' '); i > 0 {
			return strings.TrimSpace(v[i:])
		}
		return ""
	}
	return v
}

// parseValue reads a value written on one line: a flow collection or a
// scalar.
func parseValue(v string, line int) (*yamlNode, error) {
	v = stripTag(v)
	if strings.HasPrefix(v, "[") || strings.HasPrefix(v, "{") && !strings.HasPrefix(v, "{{") {
		f := &flowParser{s: v, line: line}
		n, err := f.value()
		if err != nil {
			return nil, err
		}
		if f.skipSpace(); f.i != len(f.s) {
			return nil, fmt.Errorf("line %d: text after a flow collection", line)
		}
		return n, nil
	}
	if strings.HasPrefix(v, "&") || strings.HasPrefix(v, "*") {
		return nil, fmt.Errorf("line %d: anchors and aliases are not supported", line)
	}
	s, err := unquote(v, line)
	if err != nil {
		return nil, err
	}
	if v == "~" || v == "null" {
		s = ""
	}
	return &yamlNode{Kind: yamlScalar, Line: line, Value: s}, nil
}

// unquote removes YAML quotes from a scalar.
func unquote(s string, line int) (string, error) {
	switch {
	case len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"':
		u, err := strconv.Unquote(s)
		if err != nil {
			return "", fmt.Errorf("line %d: bad double-quoted string %s", line, s)
		}
		return u, nil
	case len(s) >= 2 && s[0] == '\'' && s[len(s)-1] == '\'':
		return strings.ReplaceAll(s[1:len(s)-1], "''", "'"), nil
	case strings.HasPrefix(s, "\"") || strings.HasPrefix(s, "'"):
		return "", fmt.Errorf("line %d: unterminated string %s", line, s)
	}
	return s, nil
}

// flowParser reads [a, "b", {k: v}] and {k: v}.
type flowParser struct {
	s    string
	i    int
	line int
}

func (f *flowParser) skipSpace() {
	for f.i < len(f.s) && f.s[f.i] == ' ' {
		f.i++
	}
}

func (f *flowParser) value() (*yamlNode, error) {
	f.skipSpace()
	if f.i >= len(f.s) {
		return nil, fmt.Errorf("line %d: unfinished flow collection", f.line)
	}
	switch f.s[f.i] {
	case '[':
		n := &yamlNode{Kind: yamlSeq, Line: f.line}
		err := f.items(']', func() error {
			v, err := f.value()
			n.Items = append(n.Items, v)
			return err
		})
		return n, err
	case '{':
		n := &yamlNode{Kind: yamlMap, Line: f.line}
		err := f.items('}', func() error {
			k, err := f.scalar(true)
			if err != nil {
				return err
			}
			if f.skipSpace(); f.i >= len(f.s) || f.s[f.i] != ':' {
				return fmt.Errorf("line %d: want ':' in a flow mapping", f.line)
			}
			f.i++
			v, err := f.value()
			n.Keys = append(n.Keys, k.Value)
			n.Vals = append(n.Vals, v)
			return err
		})
		return n, err
	}
	return f.scalar(false)
}

// items reads comma-separated entries up to end.
func (f *flowParser) items(end byte, entry func() error) error {
	f.i++
	for {
		if f.skipSpace(); f.i < len(f.s) && f.s[f.i] == end {
			f.i++
			return nil
		}
		if err := entry(); err != nil {
			return err
		}
		f.skipSpace()
		switch {
		case f.i < len(f.s) && f.s[f.i] == ',':
			f.i++
		case f.i < len(f.s) && f.s[f.i] == end:
		default:
			return fmt.Errorf("line %d: want ',' or '%c' in a flow collection", f.line, end)
		}
	}
}

// scalar reads a quoted or plain scalar inside a flow collection.
func (f *flowParser) scalar(key bool) (*yamlNode, error) {
	f.skipSpace()
	start := f.i
	if f.i < len(f.s) && (f.s[f.i] == '"' || f.s[f.i] == '\'') {
		q := f.s[f.i]
		for f.i++; f.i < len(f.s) && f.s[f.i] != q; f.i++ {
			if q == '"' && f.s[f.i] == '\\' {
				f.i++
			}
		}
		if f.i >= len(f.s) {
			return nil, fmt.Errorf("line %d: unterminated string", f.line)
		}
		f.i++
		s, err := unquote(f.s[start:f.i], f.line)
		return &yamlNode{Kind: yamlScalar, Line: f.line, Value: s}, err
	}
	stops := ",]}"
	if key {
		stops += ":"
	}
	for f.i < len(f.s) && !strings.ContainsRune(stops, rune(f.s[f.i])) {
		if f.s[f.i] == '[' || f.s[f.i] == '{' {
			return nil, fmt.Errorf("line %d: unexpected %q in a flow scalar", f.line, f.s[f.i])
		}
		f.i++
	}
	return &yamlNode{Kind: yamlScalar, Line: f.line, Value: strings.TrimSpace(f.s[start:f.i])}, nil
}
