package account

import "strings"

// Derive fills the fields the account uses (UserName, ExternalID,
// DisplayName, names and emails) from the person's SCIM attributes, which
// are the source of truth for them.
func (p *Person) Derive() {
	a := p.Attributes
	p.UserName = str(a["userName"])
	p.ExternalID = str(a["externalId"])
	p.DisplayName = str(a["displayName"])
	name, _ := a["name"].(map[string]any)
	p.GivenName = str(name["givenName"])
	p.FamilyName = str(name["familyName"])

	p.Emails = p.Emails[:0]
	list, _ := a["emails"].([]any)
	for _, e := range list {
		m, _ := e.(map[string]any)
		if v := str(m["value"]); v != "" {
			primary, _ := m["primary"].(bool)
			p.Emails = append(p.Emails, Email{Value: v, Type: str(m["type"]), Primary: primary})
		}
	}
	p.Email = ""
	for _, e := range p.Emails {
		if e.Primary {
			p.Email = e.Value
			break
		}
	}
	if p.Email == "" && len(p.Emails) > 0 {
		p.Email = p.Emails[0].Value
	}
	if p.Email == "" && strings.Contains(p.UserName, "@") {
		p.Email = p.UserName
	}
}

// Name is how the account shows the person: the display name, else given
// and family name, else the userName.
func (p *Person) Name() string {
	if p.DisplayName != "" {
		return p.DisplayName
	}
	if n := strings.TrimSpace(p.GivenName + " " + p.FamilyName); n != "" {
		return n
	}
	return p.UserName
}

// Derive fills the group's DisplayName and ExternalID from its attributes.
func (g *Group) Derive() {
	g.DisplayName = str(g.Attributes["displayName"])
	g.ExternalID = str(g.Attributes["externalId"])
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
