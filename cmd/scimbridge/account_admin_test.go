package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestGroupsListShowsIntegrations: the Provision Managers group lists the
// integration in it (not the revoked one a --regenerate replaced), people
// members are kind "person", and the text output counts both.
func TestGroupsListShowsIntegrations(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "account.db")
	keyFile := filepath.Join(dir, "owner-key")
	runCmd(t, "account", "init", "--db", db, "--name", "Acme", "--owner-email", "boss@acme.test", "--owner-key-file", keyFile)
	session := filepath.Join(dir, "scimsession")
	runCmd(t, "setup", "--db", db, "--owner-key-file", keyFile, "--scimsession", session)
	runCmd(t, "setup", "--db", db, "--owner-key-file", keyFile, "--scimsession", session, "--regenerate")

	var groups []groupJSON
	if err := json.Unmarshal([]byte(runCmd(t, "account", "groups", "list", "--json", "--db", db)), &groups); err != nil {
		t.Fatal(err)
	}
	byName := map[string]groupJSON{}
	for _, g := range groups {
		byName[g.DisplayName] = g
	}
	pm := byName["Provision Managers"]
	if len(pm.Members) != 1 || pm.Members[0].Kind != "integration" || pm.Members[0].ID == "" || pm.Members[0].Display == "" {
		t.Fatalf("Provision Managers members %+v, want the one integration", pm.Members)
	}
	var people []personJSON
	if err := json.Unmarshal([]byte(runCmd(t, "account", "people", "list", "--json", "--db", db)), &people); err != nil {
		t.Fatal(err)
	}
	owners := byName["Owners"]
	if len(people) != 1 || len(owners.Members) != 1 || owners.Members[0].ID != people[0].ID || owners.Members[0].Kind != "person" {
		t.Fatalf("Owners members %+v, want the owner, a person", owners.Members)
	}
	// The raw JSON keeps its fields, with kind added.
	if raw := runCmd(t, "account", "groups", "list", "--json", "--db", db); !strings.Contains(raw, `"kind": "integration"`) || !strings.Contains(raw, `"display": "`+pm.Members[0].Display+`"`) {
		t.Fatalf("groups list --json:\n%s", raw)
	}
	text := runCmd(t, "account", "groups", "list", "--db", db)
	if !regexp.MustCompile(`(?m)^\S+\s+Provision Managers\s+provision_managers\s+false\s+1\s*$`).MatchString(text) {
		t.Fatalf("groups list does not count the integration:\n%s", text)
	}
}
