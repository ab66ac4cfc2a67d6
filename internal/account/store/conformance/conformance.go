// Package conformance is the test suite every store.Store must pass: one
// contract, every backend. A backend's test calls RunTests with a function
// that opens a fresh, empty store.
//
// The suite covers the records (account, people, groups, members,
// credentials, invitations, audit), transactions (rollback, row locks,
// concurrent writers), listing (paging, sorting, scope) and a table of SCIM
// filters over a fixed directory, each checked both against the expected
// people and against filter.Match over the people's SCIM documents, so the
// SQL and the in-memory evaluator agree.
package conformance

import (
	"testing"

	"github.com/scimbridge/scimbridge/internal/account/store"
)

// RunTests runs the suite. newStore opens a fresh, empty store for one
// subtest and registers its cleanup (t.Cleanup).
func RunTests(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, s store.Store)
	}{
		{"Account", testAccount},
		{"People", testPeople},
		{"PeopleByEmail", testPeopleByEmail},
		{"UserNameUnique", testUserNameUnique},
		{"Groups", testGroups},
		{"Members", testMembers},
		{"GroupsOf", testGroupsOf},
		{"Credentials", testCredentials},
		{"Invitations", testInvitations},
		{"Audit", testAudit},
		{"TxRollback", testTxRollback},
		{"TxReadsOwnWrites", testTxReadsOwnWrites},
		{"LockNotFound", testLockNotFound},
		{"Cancelled", testCancelled},
		{"Paging", testPaging},
		{"PagingThroughChanges", testPagingThroughChanges},
		{"Sorting", testSorting},
		{"Scope", testScope},
		{"Lookups", testLookups},
		{"Filters", testFilters},
		{"GroupFilters", testGroupFilters},
		{"InvalidFilters", testInvalidFilters},
		{"ConcurrentAddMembers", testConcurrentAddMembers},
		{"ConcurrentCreateSameUserName", testConcurrentCreateSameUserName},
		{"ConcurrentReadModifyWrite", testConcurrentReadModifyWrite},
		{"Counts", testCounts},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, newStore(t)) })
	}
}
