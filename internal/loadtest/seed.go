package loadtest

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// The data the scenarios use: people named bench000000@example.com, …,
// a big group with many of them, a small one, and people kept out of both
// for membership churn.
const (
	bigGroup   = "bench-big"
	smallGroup = "bench-small"
)

func personName(i int) string { return fmt.Sprintf("bench%06d@example.com", i) }

// data is what seeding found or made.
type data struct {
	ids      []string // by person number
	all      int      // bench people in the account: these, and more if an earlier run loaded more
	big      string   // group ids
	small    string
	bigSize  int
	spareIDs []string // people in neither group, for add/remove churn
}

type listResponse struct {
	TotalResults int              `json:"totalResults"`
	Resources    []map[string]any `json:"Resources"`
}

// seed makes sure people people exist (creating the missing through Bulk,
// 1,000 to a request) and the two groups, the big one holding bigSize
// people; it returns their ids.
func seed(ctx context.Context, c *client, people, bigSize int, progress func(string)) (*data, error) {
	var have listResponse
	if err := c.do(ctx, "GET", "/Users?count=0&filter="+url.QueryEscape(`userName sw "bench"`), nil, 200, &have); err != nil {
		return nil, err
	}
	if have.TotalResults < people {
		progress(fmt.Sprintf("loading %d people through Bulk", people-have.TotalResults))
		if err := bulkCreate(ctx, c, have.TotalResults, people); err != nil {
			return nil, err
		}
	}
	d := &data{ids: make([]string, people), all: max(have.TotalResults, people)}
	for start := 1; ; start += 1000 {
		var page listResponse
		q := fmt.Sprintf("/Users?startIndex=%d&count=1000&attributes=userName&filter=%s", start, url.QueryEscape(`userName sw "bench"`))
		if err := c.do(ctx, "GET", q, nil, 200, &page); err != nil {
			return nil, err
		}
		for _, r := range page.Resources {
			name, _ := r["userName"].(string)
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "bench"), "@example.com"))
			if err == nil && n < people {
				d.ids[n], _ = r["id"].(string)
			}
		}
		if len(page.Resources) == 0 || start+1000 > page.TotalResults {
			break
		}
	}
	for i, id := range d.ids {
		if id == "" {
			return nil, fmt.Errorf("person %s was not found after seeding", personName(i))
		}
	}
	bigSize = min(bigSize, people*9/10)
	var err error
	if d.big, err = ensureGroup(ctx, c, bigGroup, d.ids[:bigSize], progress); err != nil {
		return nil, err
	}
	if d.small, err = ensureGroup(ctx, c, smallGroup, d.ids[:min(100, people)], progress); err != nil {
		return nil, err
	}
	d.bigSize, d.spareIDs = bigSize, d.ids[bigSize:]
	return d, nil
}

// bulkCreate creates people from..to-1 with several Bulk requests at once.
func bulkCreate(ctx context.Context, c *client, from, to int) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  = make(chan int)
	)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for start := range next {
				ops := make([]map[string]any, 0, 1000)
				for i := start; i < min(start+1000, to); i++ {
					ops = append(ops, map[string]any{"method": "POST", "path": "/Users", "bulkId": strconv.Itoa(i), "data": map[string]any{
						"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:User"}, "userName": personName(i),
						"name":   map[string]any{"givenName": "Bench", "familyName": strconv.Itoa(i)},
						"emails": []any{map[string]any{"value": personName(i), "type": "work", "primary": true}}, "active": true,
					}})
				}
				body := map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:BulkRequest"}, "Operations": ops}
				var resp struct {
					Operations []struct {
						Status string `json:"status"`
					} `json:"Operations"`
				}
				err := c.do(ctx, "POST", "/Bulk", body, 200, &resp)
				for _, o := range resp.Operations {
					if err == nil && o.Status != "201" && o.Status != "409" {
						err = fmt.Errorf("a bulk create answered %s", o.Status)
					}
				}
				if err != nil {
					mu.Lock()
					first = err
					mu.Unlock()
				}
			}
		}()
	}
	for start := from; start < to && ctx.Err() == nil; start += 1000 {
		next <- start
	}
	close(next)
	wg.Wait()
	return first
}

// ensureGroup finds or creates a group and makes its members exactly ids,
// adding them 1,000 to a PATCH.
func ensureGroup(ctx context.Context, c *client, name string, ids []string, progress func(string)) (string, error) {
	var found listResponse
	q := "/Groups?excludedAttributes=members&filter=" + url.QueryEscape(`displayName eq "`+name+`"`)
	if err := c.do(ctx, "GET", q, nil, 200, &found); err != nil {
		return "", err
	}
	if len(found.Resources) == 1 {
		id, _ := found.Resources[0]["id"].(string)
		return id, nil // made by an earlier run with the same data
	}
	var g map[string]any
	body := map[string]any{"schemas": []string{"urn:ietf:params:scim:schemas:core:2.0:Group"}, "displayName": name}
	if err := c.do(ctx, "POST", "/Groups?excludedAttributes=members", body, 201, &g); err != nil {
		return "", err
	}
	id, _ := g["id"].(string)
	progress(fmt.Sprintf("adding %d members to %s", len(ids), name))
	for start := 0; start < len(ids); start += 1000 {
		members := make([]map[string]any, 0, 1000)
		for _, m := range ids[start:min(start+1000, len(ids))] {
			members = append(members, map[string]any{"value": m})
		}
		patch := map[string]any{"schemas": []string{"urn:ietf:params:scim:api:messages:2.0:PatchOp"},
			"Operations": []any{map[string]any{"op": "add", "path": "members", "value": members}}}
		if err := c.do(ctx, "PATCH", "/Groups/"+id, patch, 204, nil); err != nil {
			return "", err
		}
	}
	return id, nil
}
