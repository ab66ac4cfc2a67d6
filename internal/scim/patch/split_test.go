package patch

import (
	"testing"

	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

func TestSplit(t *testing.T) {
	ops, err := Decode(map[string]any{"schemas": []any{scim.PatchOpMessage}, "Operations": decode(t, `[
		{"op":"replace","value":{"displayName":"New","Members":[{"value":"a"}]}},
		{"op":"remove","path":"members[value eq \"b\"]"},
		{"op":"replace","path":"externalId","value":"x"},
		{"op":"add","path":"MEMBERS","value":[{"value":"c"}]},
		{"op":"add","value":{"members":[{"value":"d"}]}}
	]`)})
	if err != nil {
		t.Fatal(err)
	}
	on, rest := Split(schema.Groups, ops, "members")
	var got []string
	for _, op := range on {
		got = append(got, string(op.Op)+" "+op.Path+" "+encode(t, op.Value))
	}
	want := []string{
		`replace members [{"value":"a"}]`,
		`remove members[value eq "b"] null`,
		`add MEMBERS [{"value":"c"}]`,
		`add members [{"value":"d"}]`,
	}
	if encode(t, got) != encode(t, want) {
		t.Fatalf("on members:\n%v\nwant\n%v", got, want)
	}
	if len(rest) != 2 || encode(t, rest[0].Value) != `{"displayName":"New"}` || rest[1].Path != "externalId" {
		t.Fatalf("rest: %+v", rest)
	}
	for _, op := range on {
		if op.ParsedPath() == nil {
			t.Fatalf("split operation %q has no parsed path", op.Path)
		}
	}
}
