package x837

import "fmt"

// headerOf appends the grouping key of the transaction set header to dst:
// a claim with another submitter or receiver starts a new set.
func (b *Builder) headerOf(dst []byte, c *Claim) []byte {
	s, r := c.Submitter, c.Receiver
	var ct Contact
	if s.ContactInformation != nil {
		ct = *s.ContactInformation
	}
	return key(dst, s.OrganizationName, s.LastName, s.FirstName, b.submitterID(s),
		ct.Name, ct.PhoneNumber, ct.PhoneExtension, ct.FaxNumber, ct.Email, r.OrganizationName)
}

func (b *Builder) submitterID(s *Submitter) string {
	if s.SubmitterIdentification != "" {
		return s.SubmitterIdentification
	}
	return or(b.env.SubmitterID, b.env.SenderID)
}

// header writes BHT and loops 1000A (submitter) and 1000B (receiver).
func (b *Builder) header(c *Claim, control string) {
	w := b.w
	t := b.env.Time
	ref := fmt.Sprintf("%09d%s", b.env.Interchange, control)
	w.Segment("BHT", "0019", "00", ref, t.Format("20060102"), t.Format("1504"), "CH")

	s := c.Submitter
	if s.OrganizationName != "" {
		w.Segment("NM1", "41", "2", s.OrganizationName, "", "", "", "", "46", b.submitterID(s))
	} else {
		w.Segment("NM1", "41", "1", s.LastName, s.FirstName, "", "", "", "46", b.submitterID(s))
	}
	b.per("IC", s.ContactInformation)

	w.Segment("NM1", "40", "2", c.Receiver.OrganizationName, "", "", "", "", "46",
		or(b.env.ReceiverIdentifier, b.env.ReceiverID))
}

// per writes a PER segment for a contact, if it has a number.
func (b *Builder) per(function string, ct *Contact) {
	if ct == nil {
		return
	}
	pairs, n := perPairs(ct)
	if n == 0 {
		return
	}
	w := b.w
	w.Begin("PER")
	w.Element(function)
	w.Element(ct.Name)
	for _, p := range pairs[:n] {
		w.Element(p[0])
		w.Element(p[1])
	}
	w.End()
}

// nm1Person writes an NM1 for a person or organization with an NPI.
func (b *Builder) nm1Provider(entity string, p *Provider) {
	if p.OrganizationName != "" {
		b.w.Segment("NM1", entity, "2", p.OrganizationName, "", "", "", "", "XX", p.NPI)
		return
	}
	b.w.Segment("NM1", entity, "1", p.LastName, p.FirstName, p.MiddleName, "", p.Suffix,
		"XX", p.NPI)
}

// address writes N3 and N4.
func (b *Builder) address(a *Address) {
	if a == nil {
		return
	}
	b.w.Segment("N3", a.Address1, a.Address2)
	b.w.Segment("N4", a.City, a.State, a.PostalCode)
}
