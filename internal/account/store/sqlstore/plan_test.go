package sqlstore

import (
	"strings"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
)

// TestIndexedLookups checks, with SQLite's query plans, that the filters
// identity providers send run on indexes instead of reading every person or
// group (design §7), in the order lists are read (by seq), so the index
// that serves that order is not taken instead.
func TestIndexedLookups(t *testing.T) {
	s := openTestSQLite(t)
	tests := []struct {
		res    *resource
		filter string
		index  string // an index the plan must use
	}{
		{peopleResource, `userName eq "x"`, "sqlite_autoindex_people_2"},
		{peopleResource, `id eq "x"`, "sqlite_autoindex_people_1"},
		{peopleResource, `externalId eq "x"`, "people_external_id"},
		{peopleResource, `displayName eq "x"`, "people_display_name_key"},
		{peopleResource, `emails eq "x"`, "person_emails_value_key"},
		{peopleResource, `emails.value eq "x"`, "person_emails_value_key"},
		{peopleResource, `emails[value eq "x" and type eq "work"]`, "person_emails_value_key"},
		// Entra ID's emails[type eq "work"].value eq "x", as the
		// entra-filter-sub-attribute normalisation rewrites it.
		{peopleResource, `emails[(type eq "work") and value eq "x"]`, "person_emails_value_key"},
		{peopleResource, `name.familyName eq "x"`, "people_family_name_key"},
		{peopleResource, `name.familyName sw "x"`, "people_family_name_key"},
		{peopleResource, `name.givenName eq "x"`, "people_given_name_key"},
		{peopleResource, `name.givenName sw "x"`, "people_given_name_key"},
		{peopleResource, `name[givenName eq "x" and familyName eq "y"]`, "people_family_name_key"},
		{peopleResource, `userName sw "x"`, "sqlite_autoindex_people_2"},
		{peopleResource, `emails.value sw "x"`, "person_emails_value_key"},
		{peopleResource, `userName eq "x" or externalId eq "y"`, "people_external_id"},
		{peopleResource, `groups.value eq "x"`, "memberships_group_key"},
		{groupsResource, `displayName eq "x"`, "sqlite_autoindex_groups_2"},
		{groupsResource, `externalId eq "x"`, "groups_external_id"},
		{groupsResource, `members[value eq "x"]`, "memberships_person_key"},
		{groupsResource, `members.value eq "x"`, "memberships_person_key"},
		{groupsResource, `id eq "g" and members[value eq "x"]`, "sqlite_autoindex_groups_1"},
	}
	for _, tc := range tests {
		e, err := filter.Parse(tc.filter)
		if err != nil {
			t.Fatal(err)
		}
		cond, args, err := where(s.d, tc.res, store.Query{Scope: store.ScopeProvisioning, Filter: e})
		if err != nil {
			t.Fatal(err)
		}
		plan := queryPlan(t, s, "SELECT "+tc.res.alias+".id FROM "+tc.res.table+" "+tc.res.alias+" WHERE "+cond+" ORDER BY "+tc.res.alias+".seq", args...)
		text := strings.Join(plan, "; ")
		if !strings.Contains(text, tc.index) {
			t.Errorf("%s: the plan does not use %s: %s", tc.filter, tc.index, text)
		}
		for _, step := range plan {
			if strings.HasPrefix(step, "SCAN "+tc.res.alias+" ") || step == "SCAN "+tc.res.alias {
				t.Errorf("%s: the plan reads every row: %s", tc.filter, text)
			}
		}
	}
}

// queryPlan is SQLite's plan for q, a step a line.
func queryPlan(t *testing.T, s *Store, q string, args ...any) []string {
	t.Helper()
	rows, err := s.readers.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return plan
}
