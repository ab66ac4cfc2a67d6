package quirks_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
	"github.com/scimbridge/scimbridge/internal/scim/quirks"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// fixture is one request shape a provider sends (testdata/<provider>/*.json)
// and what it must become.
type fixture struct {
	About      string         `json:"about"`
	Kind       string         `json:"kind"`
	Resource   string         `json:"resource"`
	ID         string         `json:"id"`
	Provider   string         `json:"provider"` // as the bridge names the client
	Body       map[string]any `json:"body"`
	Filter     string         `json:"filter"`
	Attributes string         `json:"attributes"`
	Want       struct {
		Body       map[string]any `json:"body"`
		Filter     *string        `json:"filter"`
		Attributes *string        `json:"attributes"`
		// IgnoreUnknownMembers is what the normalisations conclude; false
		// when left out.
		IgnoreUnknownMembers bool `json:"ignoreUnknownMembers"`
	} `json:"want"`
	Applied []string `json:"applied"`
}

var kinds = map[string]quirks.Kind{"create": quirks.Create, "replace": quirks.Replace, "patch": quirks.Patch, "query": quirks.Query}

func TestFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			f := load(t, file)
			r := &quirks.Request{
				Kind: kinds[f.Kind], Resource: schema.FindResourceType(f.Resource), ID: f.ID, Provider: f.Provider,
				Body: f.Body, Filter: f.Filter, Attributes: f.Attributes,
			}
			if r.Resource == nil {
				t.Fatalf("unknown resource %q", f.Resource)
			}
			applied := quirks.Normalize(r)
			if !reflect.DeepEqual(nonNil(applied), nonNil(f.Applied)) {
				t.Errorf("applied %q, want %q", applied, f.Applied)
			}
			if f.Want.Body != nil && !sameJSON(t, r.Body, f.Want.Body) {
				t.Errorf("body:\n got %s\nwant %s", marshal(t, r.Body), marshal(t, f.Want.Body))
			}
			if f.Want.Filter != nil && r.Filter != *f.Want.Filter {
				t.Errorf("filter %q, want %q", r.Filter, *f.Want.Filter)
			}
			if f.Want.Attributes != nil && r.Attributes != *f.Want.Attributes {
				t.Errorf("attributes %q, want %q", r.Attributes, *f.Want.Attributes)
			}
			if r.IgnoreUnknownMembers != f.Want.IgnoreUnknownMembers {
				t.Errorf("IgnoreUnknownMembers %v, want %v", r.IgnoreUnknownMembers, f.Want.IgnoreUnknownMembers)
			}
			if again := quirks.Normalize(r); len(again) != 0 {
				t.Errorf("not idempotent: a second pass applied %q", again)
			}
			acceptedByCore(t, r)
		})
	}
}

// acceptedByCore checks that the normalised request is standard: the strict
// core accepts it.
func acceptedByCore(t *testing.T, r *quirks.Request) {
	t.Helper()
	switch r.Kind {
	case quirks.Create, quirks.Replace:
		if err := r.Resource.CheckSchemas(r.Body); err != nil {
			t.Errorf("core refuses schemas: %v", err)
		}
		if _, err := r.Resource.Normalize(r.Body); err != nil {
			t.Errorf("core refuses body: %v", err)
		}
	case quirks.Patch:
		if _, err := patch.Decode(r.Body); err != nil {
			t.Errorf("core refuses PATCH: %v", err)
		}
	case quirks.Query:
		if r.Filter != "" {
			e, err := filter.Parse(r.Filter)
			if err == nil {
				err = filter.Check(e, r.Resource)
			}
			if err != nil {
				t.Errorf("core refuses filter %q: %v", r.Filter, err)
			}
		}
		if _, err := schema.ParseAttrList(r.Attributes); err != nil {
			t.Errorf("core refuses attributes %q: %v", r.Attributes, err)
		}
	}
}

func TestEveryNormalizationHasAFixture(t *testing.T) {
	seen := map[string]bool{}
	files, _ := filepath.Glob("testdata/*/*.json")
	for _, file := range files {
		for _, name := range load(t, file).Applied {
			seen[name] = true
		}
	}
	for _, n := range quirks.All {
		if !seen[n.Name] {
			t.Errorf("normalisation %q has no fixture", n.Name)
		}
		if n.Provider == "" || n.Description == "" {
			t.Errorf("normalisation %q lacks a provider or description", n.Name)
		}
	}
}

func TestPatchWantsResource(t *testing.T) {
	for _, c := range []struct {
		ua    string
		asked bool
		want  bool
	}{
		{"Okta SCIM Client 1.0.0", false, true},
		{"PostmanRuntime/7.39.0", false, false},
		{"", true, true},
	} {
		if got := quirks.PatchWantsResource(c.ua, c.asked); got != c.want {
			t.Errorf("PatchWantsResource(%q, %v) = %v", c.ua, c.asked, got)
		}
	}
}

func load(t *testing.T, file string) fixture {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	d.DisallowUnknownFields()
	if err := d.Decode(&f); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return f
}

func sameJSON(t *testing.T, a, b any) bool { return bytes.Equal(marshal(t, a), marshal(t, b)) }

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// TestDocumented keeps docs/architecture.md's table of quirks true.
func TestDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../../docs/architecture.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range quirks.All {
		if !bytes.Contains(doc, []byte("`"+n.Name+"`")) {
			t.Errorf("docs/architecture.md does not list the normalisation %q", n.Name)
		}
	}
}

// TestAttributesValueFilterLeavesMalformedNames: entra-attributes-value-filter
// drops only a well-formed value filter after an attribute; other brackets
// stay, so the strict core refuses them as malformed names instead of the
// bridge answering as if nothing had been asked.
func TestAttributesValueFilterLeavesMalformedNames(t *testing.T) {
	for _, s := range []string{
		"[[", "]", "userName,[[", `[type eq "work"]`, `emails[type eq "work"`, `emails[type eq]`, `emails[]`,
		`emails[type eq "work"]x`, `name.givenName[value pr]`, `emails[type eq "work"][value pr]`, `emails[value[type pr]]`,
	} {
		r := &quirks.Request{Kind: quirks.Query, Resource: schema.Users, Attributes: s, ExcludedAttributes: s}
		if applied := quirks.Normalize(r); len(applied) != 0 || r.Attributes != s || r.ExcludedAttributes != s {
			t.Errorf("%q became %q / %q (applied %q), want it untouched", s, r.Attributes, r.ExcludedAttributes, applied)
		}
		if _, err := schema.ParseAttrList(r.Attributes); err == nil {
			t.Errorf("the core accepts %q", s)
		}
	}
}
