package servicetest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/patch"
)

// user returns a person document with the userName and the other
// attributes given in pairs.
func user(userName string, kv ...any) map[string]any {
	doc := map[string]any{"schemas": []any{scim.UserSchema}, "userName": userName}
	for i := 0; i+1 < len(kv); i += 2 {
		doc[kv[i].(string)] = kv[i+1]
	}
	return doc
}

// group returns a group document with the displayName, members (person
// ids) and the other attributes given in pairs.
func group(name string, memberIDs []string, kv ...any) map[string]any {
	doc := map[string]any{"schemas": []any{scim.GroupSchema}, "displayName": name}
	if memberIDs != nil {
		doc["members"] = memberList(memberIDs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		doc[kv[i].(string)] = kv[i+1]
	}
	return doc
}

func memberList(ids ...string) []any {
	list := make([]any, len(ids))
	for i, id := range ids {
		list[i] = map[string]any{"value": id}
	}
	return list
}

func createPerson(t testing.TB, svc account.Service, doc map[string]any) account.Person {
	t.Helper()
	p, err := svc.CreatePerson(t.Context(), doc)
	if err != nil {
		t.Fatalf("CreatePerson(%v): %v", doc["userName"], err)
	}
	return p
}

func createGroup(t testing.TB, svc account.Service, doc map[string]any) account.Group {
	t.Helper()
	g, err := svc.CreateGroup(t.Context(), doc)
	if err != nil {
		t.Fatalf("CreateGroup(%v): %v", doc["displayName"], err)
	}
	return g
}

func getPerson(t testing.TB, svc account.Service, id string) account.Person {
	t.Helper()
	p, err := svc.GetPerson(t.Context(), id)
	if err != nil {
		t.Fatalf("GetPerson(%s): %v", id, err)
	}
	return p
}

// op builds a PATCH operation; value is omitted when it is nil.
func op(t testing.TB, o patch.Op, path string, value any) patch.Operation {
	t.Helper()
	res, err := patch.NewOperation(o, path, value, value != nil)
	if err != nil {
		t.Fatalf("patch.NewOperation(%s, %q): %v", o, path, err)
	}
	return res
}

func parseFilter(t testing.TB, s string) filter.Expr {
	t.Helper()
	f, err := filter.Parse(s)
	if err != nil {
		t.Fatalf("filter.Parse(%q): %v", s, err)
	}
	return f
}

// wantErr checks that err is the account error kind, with a detail of its
// own (not just the sentinel's text).
func wantErr(t testing.TB, what string, err, kind error) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("%s: error %v, want %v", what, err, kind)
	}
	var ae *account.Error
	if !errors.As(err, &ae) || ae.Detail == "" || ae.Detail == kind.Error() {
		t.Errorf("%s: error %q carries no detail", what, err)
	}
}

// wantSCIMErr checks that err is a *scim.Error with the status and
// scimType, and a detail.
func wantSCIMErr(t testing.TB, what string, err error, status int, scimType string) {
	t.Helper()
	e, ok := scim.AsError(err)
	if !ok {
		t.Fatalf("%s: error %v (%T), want a *scim.Error", what, err, err)
	}
	if e.Status != status || e.ScimType != scimType || e.Detail == "" {
		t.Errorf("%s: error %+v, want status %d, scimType %q and a detail", what, *e, status, scimType)
	}
}

// ids returns the ids of people, in order.
func ids(people []account.Person) []string {
	out := make([]string, len(people))
	for i, p := range people {
		out[i] = p.ID
	}
	return out
}

func memberIDs(members []account.Member) []string {
	out := make([]string, len(members))
	for i, m := range members {
		out[i] = m.PersonID
	}
	return out
}

func members(t testing.TB, svc account.Service, groupID string) []account.Member {
	t.Helper()
	m, err := svc.Members(t.Context(), groupID)
	if err != nil {
		t.Fatalf("Members(%s): %v", groupID, err)
	}
	return m
}

// diff reports the first field in which two structs differ, or "".
func diff[T any](got, want T) string {
	if reflect.DeepEqual(got, want) {
		return ""
	}
	g, w := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range g.NumField() {
		if !reflect.DeepEqual(g.Field(i).Interface(), w.Field(i).Interface()) {
			return g.Type().Field(i).Name + ": got " + show(g.Field(i).Interface()) + ", want " + show(w.Field(i).Interface())
		}
	}
	return "they differ"
}

// show prints a value with its types, so json.Number and string differ.
func show(v any) string { return fmt.Sprintf("%#v", v) }
