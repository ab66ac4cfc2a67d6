// Package servicetest is the contract of account.Service as one suite of
// tests that every implementation runs: the in-process account (package
// local, on SQLite and PostgreSQL) and the HTTP client talking to the
// account API server (package api). An app that implements the account API
// itself can run the suite against its server through api.Client.
//
// The suite checks behaviour with real data: the person state machine,
// normalisation, filters and paging, group membership, preconditions,
// atomicity and concurrency. It expects the default delete policy
// (a DELETE suspends the person and hides them from provisioning).
package servicetest

import (
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
)

// Fixture does what provisioning cannot, so the suite can test the rules
// that depend on it: an administrator's unmanaged groups and the account's
// owners. Implementations do it behind the Service's back, e.g. in their
// store.
type Fixture interface {
	// CreateUnmanagedGroup creates a group provisioning does not manage,
	// with the given people as members, and returns its id.
	CreateUnmanagedGroup(t testing.TB, name string, memberIDs ...string) string
	// MakeOwner puts the person in the account's Owners group.
	MakeOwner(t testing.TB, personID string)
	// AcceptInvitation does what the person does by following their
	// invitation link.
	AcceptInvitation(t testing.TB, personID string)
}

// Run runs the suite. newService returns a fresh account as a provisioning
// integration sees it (no people, no groups but the built-in ones) and the
// Fixture that reaches the same account; it is called once per subtest,
// and the subtests run in parallel. A nil Fixture skips the tests that
// need one.
func Run(t *testing.T, newService func(t *testing.T) (account.Service, Fixture)) {
	tests := []struct {
		name string
		fn   func(t *testing.T, svc account.Service, fx Fixture)
	}{
		{"Info", testInfo},
		{"CreatePerson", testCreatePerson},
		{"CreatePersonActive", testCreatePersonActive},
		{"CreatePersonInvalid", testCreatePersonInvalid},
		{"CreatePersonDuplicate", testCreatePersonDuplicate},
		{"GetPersonNotFound", testGetPersonNotFound},
		{"ReplacePerson", testReplacePerson},
		{"PatchPerson", testPatchPerson},
		{"PatchPersonActive", testPatchPersonActive},
		{"PatchPersonAtomic", testPatchPersonAtomic},
		{"PersonPreconditions", testPersonPreconditions},
		{"DeletePerson", testDeletePerson},
		{"DeletePersonReprovision", testDeletePersonReprovision},
		{"Owners", testOwners},
		{"ListPeopleFilters", testListPeopleFilters},
		{"ListPeoplePaging", testListPeoplePaging},
		{"ListPeopleInvalid", testListPeopleInvalid},
		{"GroupsOf", testGroupsOf},
		{"CreateGroup", testCreateGroup},
		{"CreateGroupDuplicate", testCreateGroupDuplicate},
		{"CreateGroupBuiltin", testCreateGroupBuiltin},
		{"CreateGroupTakeover", testCreateGroupTakeover},
		{"GroupMembersOrder", testGroupMembersOrder},
		{"PatchGroupMembers", testPatchGroupMembers},
		{"MembersArePeople", testMembersArePeople},
		{"HiddenMembers", testHiddenMembers},
		{"ReplaceKeepsHiddenMembers", testReplaceKeepsHiddenMembers},
		{"RenameToBuiltin", testRenameToBuiltin},
		{"GroupAudit", testGroupAudit},
		{"PatchGroupPathless", testPatchGroupPathless},
		{"PatchGroupAtomic", testPatchGroupAtomic},
		{"ReplaceGroup", testReplaceGroup},
		{"GroupPreconditions", testGroupPreconditions},
		{"ConcurrentMemberAdds", testConcurrentMemberAdds},
		{"DeleteGroup", testDeleteGroup},
		{"ListGroups", testListGroups},
		{"ConfirmPending", testConfirmPending},
		{"Summary", testSummary},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc, fx := newService(t)
			tc.fn(t, svc, fx)
		})
	}
}

func testInfo(t *testing.T, svc account.Service, _ Fixture) {
	info, err := svc.Info(t.Context())
	if err != nil {
		t.Fatalf("Info: %v", err)
	}
	if info.ID == "" || info.Created.IsZero() {
		t.Errorf("Info = %+v, want an id and a creation time", info)
	}
}
