package sqlstore

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/account/store"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// The User and Group schemas have no numbers and no dateTimes outside meta,
// so these tests add an extension that has them, to cover every type the
// compiler reads from JSON.

const testURN = "urn:example:params:scim:schemas:extension:test:1.0:User"

var testExtension = &schema.Schema{
	ID:   testURN,
	Name: "Test",
	Attributes: []*schema.Attribute{
		{Name: "level", Type: schema.Integer},
		{Name: "score", Type: schema.Decimal},
		{Name: "vip", Type: schema.Boolean},
		{Name: "hired", Type: schema.DateTime},
		{Name: "badge", Type: schema.String, CaseExact: true},
		{Name: "tags", Type: schema.String, MultiValued: true},
		{Name: "projects", Type: schema.Complex, MultiValued: true, SubAttributes: []*schema.Attribute{
			{Name: "name", Type: schema.String},
			{Name: "started", Type: schema.DateTime},
			{Name: "weight", Type: schema.Decimal},
			{Name: "lead", Type: schema.Boolean},
			{Name: "primary", Type: schema.Boolean},
		}},
	},
}

var testUsers = &schema.ResourceType{
	ID: "User", Name: "User", Endpoint: "/Users", Schema: schema.User,
	Extensions: []schema.Extension{{Schema: testExtension}},
}

// testPeople are people with the test extension: t1…t7.
func testPeople() []account.Person {
	num := func(s string) json.Number { return json.Number(s) }
	exts := []map[string]any{
		{"level": num("7"), "score": num("0.5"), "vip": true, "hired": "2021-06-01T09:00:00Z", "badge": "ABC",
			"tags": []any{"Go", "SQL"},
			"projects": []any{
				map[string]any{"name": "Apollo", "started": "2021-07-01T00:00:00+02:00", "weight": num("2.5"), "lead": true},
				map[string]any{"name": "Gemini", "weight": num("1"), "primary": true},
			}},
		{"level": num("3"), "score": num("1e2"), "vip": false, "hired": "2019-12-31T23:59:59.999999999Z", "badge": "abc",
			"tags":     []any{"go"},
			"projects": []any{map[string]any{"name": "Apollo", "lead": false, "weight": num("0.10")}}},
		{"level": num("10"), "score": num("-1.5"), "hired": "2021-06-01t11:00:00+02:00", "tags": []any{}},
		{"level": "7", "score": "high", "vip": "true", "hired": "not a date", "badge": 5, "tags": "Go"}, // wrong kinds match nothing
		{"level": num("12345678901234"), "hired": "2021-06-01T09:00:00", "projects": []any{map[string]any{}}},
		{"score": num("100"), "vip": true, "projects": []any{map[string]any{"name": "", "started": "2020-01-01T00:00:00.5Z"}}},
		{}, // t7: none of it
	}
	people := make([]account.Person, len(exts))
	for i, ext := range exts {
		id := "t" + string(rune('1'+i))
		attrs := map[string]any{"userName": "user-" + id}
		if len(ext) > 0 {
			attrs[testURN] = ext
		}
		people[i] = account.Person{
			ID: id, UserName: "user-" + id, State: account.StateActive, Provisioned: true,
			Attributes: attrs, Created: time.Date(2024, 1, 1, 0, 0, i, 0, time.UTC), Modified: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC),
		}
	}
	return people
}

var typedFilters = []struct {
	filter string
	want   []string
}{
	{`level gt 5`, []string{"t1", "t3", "t5"}},
	{`level eq 7`, []string{"t1"}},
	{`level eq 7.0`, []string{"t1"}},
	{`level ne 7`, []string{"t2", "t3", "t4", "t5", "t6", "t7"}},
	{`level le 3`, []string{"t2"}},
	{`level ge 12345678901234`, []string{"t5"}},
	{`level lt 1e400`, []string{"t1", "t2", "t3", "t5"}},
	{`level pr`, []string{"t1", "t2", "t3", "t4", "t5"}},
	{`level eq null`, []string{"t6", "t7"}},
	{`score eq 100`, []string{"t2", "t6"}},
	{`score ge 0.5`, []string{"t1", "t2", "t6"}},
	{`score lt -1`, []string{"t3"}},
	{`score gt -1e-400`, []string{"t1", "t2", "t6"}},
	{`vip eq true`, []string{"t1", "t6"}},
	{`vip eq false`, []string{"t2"}},
	{`vip ne true`, []string{"t2", "t3", "t4", "t5", "t7"}},
	{`hired gt "2020-01-01T00:00:00Z"`, []string{"t1", "t3", "t5"}},
	{`hired eq "2021-06-01T11:00:00+02:00"`, []string{"t1", "t3", "t5"}},
	{`hired lt "2020-01-01T00:00:00Z"`, []string{"t2"}},
	{`hired le "2019-12-31T23:59:59.999999Z"`, nil}, // t2 is later, by 999 ns
	{`hired le "2019-12-31T23:59:59.999999999Z"`, []string{"t2"}},
	{`hired gt "2019-12-31T23:59:59.9999999989Z"`, []string{"t1", "t2", "t3", "t5"}},
	{`hired co "2021"`, []string{"t1", "t3", "t5"}},
	{`hired sw "not"`, []string{"t4"}},
	{`hired pr`, []string{"t1", "t2", "t3", "t4", "t5"}},
	{`badge eq "ABC"`, []string{"t1"}},
	{`badge eq "abc"`, []string{"t2"}},
	{`badge gt "B"`, []string{"t2"}},
	{`tags eq "go"`, []string{"t1", "t2", "t4"}},
	{`tags co "Q"`, []string{"t1"}},
	{`tags pr`, []string{"t1", "t2", "t4"}},
	{`tags ne "go"`, []string{"t3", "t5", "t6", "t7"}},
	{`projects pr`, []string{"t1", "t2", "t6"}},
	{`projects[name eq "apollo" and lead eq true]`, []string{"t1"}},
	{`projects[name eq "apollo" and lead eq false]`, []string{"t2"}},
	{`projects.weight gt 1.5`, []string{"t1"}},
	{`projects.weight eq 0.1`, []string{"t2"}},
	{`projects[started lt "2021-06-30T23:00:00Z"]`, []string{"t1", "t6"}},
	{`projects[started lt "2021-06-30T22:00:00Z"]`, []string{"t6"}},
	{`projects[started eq "2021-06-30T22:00:00Z"]`, []string{"t1"}},
	{`projects.name pr`, []string{"t1", "t2"}},
	{`projects[not (name pr)]`, []string{"t5", "t6"}},
}

// docOf is the SCIM document of a person, for filter.Match.
func docOf(p account.Person) map[string]any {
	b, _ := json.Marshal(p.Attributes)
	var doc map[string]any
	json.Unmarshal(b, &doc)
	if doc == nil {
		doc = map[string]any{}
	}
	doc["id"] = p.ID
	doc["active"] = p.Active()
	doc["meta"] = map[string]any{"resourceType": "User", "created": p.Created.Format(time.RFC3339Nano), "lastModified": p.Modified.Format(time.RFC3339Nano)}
	return doc
}

func TestTypedFilters(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			s := b.open(t)
			people := testPeople()
			if err := s.Tx(t.Context(), func(tx store.Tx) error {
				for _, p := range people {
					if err := tx.CreatePerson(t.Context(), p); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			res := *peopleResource
			res.rt = testUsers
			for _, tc := range typedFilters {
				f := testURN + ":" + tc.filter
				e, err := filter.Parse(f)
				if err != nil {
					t.Fatalf("Parse(%s): %v", f, err)
				}
				got, _, err := page(t.Context(), &s.reader, &res, store.Query{Scope: store.ScopeAll, Filter: e, Count: 100}, personColumns+", "+s.d.emailsAgg("p.id"), scanPerson)
				if err != nil {
					t.Errorf("%s: %v", tc.filter, err)
					continue
				}
				var gotIDs, matched []string
				for _, p := range got {
					gotIDs = append(gotIDs, p.ID)
				}
				for _, p := range people {
					if ok, err := filter.Match(e, docOf(p), testUsers); err != nil {
						t.Fatalf("Match(%s): %v", tc.filter, err)
					} else if ok {
						matched = append(matched, p.ID)
					}
				}
				slices.Sort(gotIDs)
				if !slices.Equal(gotIDs, tc.want) {
					t.Errorf("%s: got %q, want %q", tc.filter, gotIDs, tc.want)
				}
				if !slices.Equal(gotIDs, matched) {
					t.Errorf("%s: the store gives %q, filter.Match %q", tc.filter, gotIDs, matched)
				}
			}
		})
	}
}
