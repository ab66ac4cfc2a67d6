package config

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
)

// TestVariablesListed checks that every variable the code reads (here and
// in cmd/scimbridge) is in one of the lists, and every listed one is read.
func TestVariablesListed(t *testing.T) {
	name := regexp.MustCompile(`"((?:OP|SCIMBRIDGE)_[A-Z0-9_]+)"`)
	read := map[string]bool{}
	for _, glob := range []string{"*.go", "../../cmd/scimbridge/*.go"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			if m, _ := filepath.Match("*_test.go", filepath.Base(f)); m || filepath.Base(f) == "variables.go" {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range name.FindAllSubmatch(b, -1) {
				read[string(m[1])] = true
			}
		}
	}
	listed := slices.Concat(BridgeVariables(), AccountVariables(), SetupVariables(), ToolVariables())
	for v := range read {
		if !slices.Contains(listed, v) {
			t.Errorf("%s is read but not listed in variables.go", v)
		}
	}
	for _, v := range listed {
		if !read[v] {
			t.Errorf("%s is listed but nothing reads it", v)
		}
	}
}
