package bridge

import (
	"net/http"
	"strings"
	"time"

	"github.com/scimbridge/scimbridge/internal/account"
	"github.com/scimbridge/scimbridge/internal/scim"
	"github.com/scimbridge/scimbridge/internal/scim/filter"
	"github.com/scimbridge/scimbridge/internal/scim/quirks"
	"github.com/scimbridge/scimbridge/internal/scim/schema"
)

// baseURL is the absolute URL of the SCIM API as this request reached it,
// so meta.location and Location use the prefix the client uses.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		scheme = "https"
	}
	prefix := ""
	for _, p := range scimPrefixes {
		if p != "" && (r.URL.Path == p || strings.HasPrefix(r.URL.Path, p+"/")) {
			prefix = p
			break
		}
	}
	return scheme + "://" + r.Host + prefix
}

// timestamp renders a time as SCIM's xsd:dateTime.
func timestamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// userResource renders a person as a SCIM User. groups is nil when the
// response does not need them.
func userResource(base string, p account.Person, groups []account.GroupRef) map[string]any {
	res := make(map[string]any, len(p.Attributes)+5)
	for k, v := range p.Attributes {
		res[k] = v
	}
	schemas := p.Schemas
	if len(schemas) == 0 {
		schemas = []string{scim.UserSchema}
	}
	res["schemas"] = schemas
	res["id"] = p.ID
	res["active"] = p.Active()
	if len(groups) > 0 {
		list := make([]any, len(groups))
		for i, g := range groups {
			list[i] = map[string]any{"value": g.GroupID, "display": g.DisplayName, "$ref": base + "/Groups/" + g.GroupID, "type": "direct"}
		}
		res["groups"] = list
	}
	res["meta"] = meta("User", base+"/Users/"+p.ID, p.Created, p.Modified, p.Version)
	return res
}

// groupResource renders a group as a SCIM Group. members is nil when the
// response does not need them.
func groupResource(base string, g account.Group, members []account.Member) map[string]any {
	res := make(map[string]any, len(g.Attributes)+4)
	for k, v := range g.Attributes {
		res[k] = v
	}
	schemas := g.Schemas
	if len(schemas) == 0 {
		schemas = []string{scim.GroupSchema}
	}
	res["schemas"] = schemas
	res["id"] = g.ID
	if len(members) > 0 {
		list := make([]any, len(members))
		for i, m := range members {
			v := map[string]any{"value": m.PersonID, "$ref": base + "/Users/" + m.PersonID, "type": "User"}
			if m.Display != "" {
				v["display"] = m.Display
			}
			list[i] = v
		}
		res["members"] = list
	}
	res["meta"] = meta("Group", base+"/Groups/"+g.ID, g.Created, g.Modified, g.Version)
	return res
}

func meta(resourceType, location string, created, modified time.Time, version int64) map[string]any {
	return map[string]any{
		"resourceType": resourceType,
		"created":      timestamp(created),
		"lastModified": timestamp(modified),
		"location":     location,
		"version":      etag(version),
	}
}

// projection is what a request asked to see of resources
// (attributes / excludedAttributes, RFC 7644 §3.4.2.5).
type projection struct {
	rt         *schema.ResourceType
	attributes []filter.AttrPath
	excluded   []filter.AttrPath
}

// projectionOf reads the attributes and excludedAttributes query
// parameters, through the providers' normalisations.
func projectionOf(r *http.Request, rt *schema.ResourceType) (projection, error) {
	q := r.URL.Query()
	req := &quirks.Request{Kind: quirks.Read, Resource: rt, Attributes: q.Get("attributes"), ExcludedAttributes: q.Get("excludedAttributes")}
	quirks.Normalize(req)
	return newProjection(rt, req.Attributes, req.ExcludedAttributes)
}

func newProjection(rt *schema.ResourceType, attributes, excluded string) (projection, error) {
	p := projection{rt: rt}
	var err error
	if p.attributes, err = schema.ParseAttrList(attributes); err != nil {
		return p, err
	}
	if p.excluded, err = schema.ParseAttrList(excluded); err != nil {
		return p, err
	}
	return p, nil
}

// apply projects a rendered resource.
func (p projection) apply(res map[string]any) map[string]any {
	if len(p.attributes) == 0 && len(p.excluded) == 0 {
		return p.rt.Project(res, nil, nil) // still drops returned:never
	}
	return p.rt.Project(res, p.attributes, p.excluded)
}

// wants reports whether the response will show a core attribute, so the
// bridge can skip reading what nobody asked for (a group's members, a
// person's groups).
func (p projection) wants(name string) bool {
	if len(p.attributes) > 0 {
		for _, a := range p.attributes {
			if strings.EqualFold(a.Name, name) && (a.URN == "" || strings.EqualFold(a.URN, p.rt.Schema.ID)) {
				return true
			}
		}
		return false
	}
	for _, a := range p.excluded {
		if strings.EqualFold(a.Name, name) && a.Sub == "" && (a.URN == "" || strings.EqualFold(a.URN, p.rt.Schema.ID)) {
			return false
		}
	}
	return true
}

// asked reports whether the client named attributes at all (which also
// asks for a PATCH to return the resource).
func (p projection) asked() bool { return len(p.attributes) > 0 || len(p.excluded) > 0 }
