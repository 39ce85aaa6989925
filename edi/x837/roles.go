package x837

import "strings"

// Role names a provider's part in a claim.
type Role uint8

// The provider roles claimflow writes.
const (
	BillingRole   Role = iota // 2000A/2010AA NM1*85
	ReferringRole             // NM1*DN
	RenderingRole             // NM1*82
	AttendingRole             // 837I NM1*71
	numRoles
)

var roleNames = [numRoles]string{"billing", "referring", "rendering", "attending"}

// roleOf maps a providers[].providerType to its role.
func roleOf(providerType string) (Role, bool) {
	t := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(providerType, "Provider"),
		"provider"))
	for r, n := range roleNames {
		if t == n {
			return Role(r), true
		}
	}
	return 0, false
}

// provider returns the provider in a role, from its named object or from
// the providers array, with the JSON path it came from.
func (c *Claim) provider(r Role) (*Provider, jpath) {
	var named *Provider
	switch r {
	case BillingRole:
		named = c.Billing
	case ReferringRole:
		named = c.Referring
	case RenderingRole:
		named = c.Rendering
	case AttendingRole:
		named = c.Attending
	}
	if named != nil {
		return named, pathOf(roleNames[r])
	}
	for i := range c.Providers {
		if got, ok := roleOf(c.Providers[i].ProviderType); ok && got == r {
			return &c.Providers[i], pathOf("providers[]", i)
		}
	}
	return nil, jpath{}
}

// Provider returns the provider in a role, from its named object (billing,
// rendering, ...) or else from the providers array, or nil.
func (c *Claim) Provider(r Role) *Provider {
	p, _ := c.provider(r)
	return p
}

// Patient returns the patient's date of birth, and whether the patient is the
// subscriber (the claim has no dependent).
func (c *Claim) Patient() (dob string, isSubscriber bool) {
	if c.Dependent != nil {
		return c.Dependent.DateOfBirth, false
	}
	if c.Subscriber != nil {
		return c.Subscriber.DateOfBirth, true
	}
	return "", true
}
