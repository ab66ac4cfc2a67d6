package loadtest

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net/url"
	"strconv"
)

// scenario is one kind of load.
type scenario struct {
	name  string
	about string
	op    func(c *client, d *data, run string) op
	total func(o Options) int64 // when not nil, a fixed number of operations instead of a duration
}

// scenarios are in the order they run.
var scenarios = []scenario{
	{name: "lookup", about: `Okta's lookup: GET /Users?filter=userName eq "…" among all people`, op: func(c *client, d *data, _ string) op {
		return func(ctx context.Context, _, _ int) error {
			n := rand.IntN(len(d.ids))
			var r listResponse
			err := c.do(ctx, "GET", "/Users?startIndex=1&count=100&filter="+url.QueryEscape(`userName eq "`+personName(n)+`"`), nil, 200, &r)
			if err == nil && r.TotalResults != 1 {
				err = fmt.Errorf("lookup of %s found %d", personName(n), r.TotalResults)
			}
			return err
		}
	}},
	{name: "lookup-email", about: `Entra ID's lookup: GET /Users?filter=emails[type eq "work"].value eq "…" among all people`, op: func(c *client, d *data, _ string) op {
		return func(ctx context.Context, _, _ int) error {
			n := rand.IntN(len(d.ids))
			f := `emails[type eq "work"].value eq "` + personName(n) + `"`
			var r listResponse
			err := c.do(ctx, "GET", "/Users?startIndex=1&count=100&filter="+url.QueryEscape(f), nil, 200, &r)
			if err == nil && r.TotalResults != 1 {
				err = fmt.Errorf("lookup of the work email %s found %d", personName(n), r.TotalResults)
			}
			return err
		}
	}},
	{name: "lookup-family", about: `GET /Users?filter=name.familyName sw "…", a prefix about 11 people's familyName has`, op: func(c *client, d *data, _ string) op {
		return func(ctx context.Context, _, _ int) error {
			prefix := familyPrefix(len(d.ids))
			want := withPrefix(prefix, d.all)
			var r listResponse
			q := "/Users?startIndex=1&count=100&filter=" + url.QueryEscape(`name.familyName sw "`+prefix+`"`)
			err := c.do(ctx, "GET", q, nil, 200, &r)
			if err == nil && (r.TotalResults != want || len(r.Resources) != min(want, 100)) {
				err = fmt.Errorf("familyName sw %q found %d (%d returned), want %d", prefix, r.TotalResults, len(r.Resources), want)
			}
			return err
		}
	}},
	{name: "get", about: "GET /Users/{id}", op: func(c *client, d *data, _ string) op {
		return func(ctx context.Context, _, _ int) error {
			return c.do(ctx, "GET", "/Users/"+d.ids[rand.IntN(len(d.ids))], nil, 200, nil)
		}
	}},
	{name: "page", about: "GET /Users?startIndex=<anywhere>&count=100", op: func(c *client, d *data, _ string) op {
		return func(ctx context.Context, _, _ int) error {
			start := 1 + rand.IntN(max(len(d.ids)-100, 1))
			return c.do(ctx, "GET", fmt.Sprintf("/Users?startIndex=%d&count=100", start), nil, 200, nil)
		}
	}},
	{name: "group-lookup", about: `GET /Groups?filter=displayName eq "…"&excludedAttributes=members (a big group)`, op: func(c *client, d *data, _ string) op {
		return func(ctx context.Context, _, _ int) error {
			return c.do(ctx, "GET", "/Groups?excludedAttributes=members&filter="+url.QueryEscape(`displayName eq "`+bigGroup+`"`), nil, 200, nil)
		}
	}},
	{name: "member-big", about: "add or remove one member of the big group (PATCH)", op: func(c *client, d *data, _ string) op {
		return churn(c, d.big, d.spareIDs)
	}},
	{name: "member-small", about: "add or remove one member of a group of 100 (PATCH)", op: func(c *client, d *data, _ string) op {
		return churn(c, d.small, d.spareIDs)
	}},
	{name: "patch", about: "Entra ID's PATCH: capitalised ops, booleans as strings", op: func(c *client, d *data, _ string) op {
		return func(ctx context.Context, _, i int) error {
			body := fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[`+
				`{"op":"Replace","path":"displayName","value":"Bench %d"},{"op":"Replace","path":"active","value":"True"}]}`, i)
			return c.do(ctx, "PATCH", "/Users/"+d.ids[rand.IntN(len(d.ids))], body, 204, nil)
		}
	}},
	{name: "put", about: "Okta's full PUT update", op: func(c *client, d *data, _ string) op {
		return func(ctx context.Context, _, i int) error {
			n := rand.IntN(len(d.ids))
			body := fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":%q,"userName":%q,`+
				`"name":{"givenName":"Bench","familyName":"%d"},"emails":[{"value":%q,"type":"work","primary":true}],"displayName":"Put %d","active":true,"groups":[]}`,
				d.ids[n], personName(n), n, personName(n), i)
			return c.do(ctx, "PUT", "/Users/"+d.ids[n], body, 200, nil)
		}
	}},
	{name: "create", about: "Okta's create: look the userName up, then POST", total: func(o Options) int64 { return int64(o.Creates) }, op: func(c *client, d *data, run string) op {
		return func(ctx context.Context, _, i int) error {
			name := fmt.Sprintf("new-%s-%07d@example.com", run, i)
			var r listResponse
			if err := c.do(ctx, "GET", "/Users?startIndex=1&count=100&filter="+url.QueryEscape(`userName eq "`+name+`"`), nil, 200, &r); err != nil {
				return err
			}
			body := fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":%q,"name":{"givenName":"New","familyName":"Person"},`+
				`"emails":[{"primary":true,"value":%q,"type":"work"}],"displayName":"New Person","locale":"en-US","externalId":"00u%d","groups":[],"password":"x","active":true}`, name, name, i)
			return c.do(ctx, "POST", "/Users", body, 201, nil)
		}
	}},
}

// familyPrefix picks, among people numbered 0 to people-1 (whose
// familyName is their number), a person with the most digits and gives
// their number but its last digit: the familyName of that number and of the
// ten after it with one more digit start with it (1234, 12340 to 12349 out
// of 100,000). With fewer than 11 people it is a whole number.
func familyPrefix(people int) string {
	digits := len(strconv.Itoa(max(people-1, 0)))
	if digits == 1 {
		return strconv.Itoa(rand.IntN(max(people, 1)))
	}
	lo := int(math.Pow10(digits - 1))
	return strconv.Itoa(lo + rand.IntN(people-lo))[:digits-1]
}

// withPrefix counts the numbers from 0 to people-1 whose decimal form starts
// with prefix, a number without leading zeros.
func withPrefix(prefix string, people int) int {
	v, err := strconv.Atoi(prefix)
	switch {
	case err != nil || v < 0:
		return 0
	case v == 0:
		return min(people, 1) // only 0 itself
	}
	n := 0
	for lo, width := v, 1; lo < people; lo, width = lo*10, width*10 {
		n += min(lo+width, people) - lo
	}
	return n
}

// churn adds and removes, in turn, one member per worker, so workers never
// step on each other's change.
func churn(c *client, group string, spare []string) op {
	return func(ctx context.Context, worker, i int) error {
		if len(spare) == 0 {
			return fmt.Errorf("no people outside the groups to churn")
		}
		m := spare[worker%len(spare)]
		op := fmt.Sprintf(`{"op":"add","path":"members","value":[{"value":%q}]}`, m)
		if i%2 == 1 {
			op = fmt.Sprintf(`{"op":"remove","path":"members[value eq \"%s\"]"}`, m)
		}
		return c.do(ctx, "PATCH", "/Groups/"+group, `{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[`+op+`]}`, 204, nil)
	}
}
