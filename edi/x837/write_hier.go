package x837

// hierarchy writes the HL loops the claim needs: 2000A when the billing
// provider changes, 2000B when the subscriber changes, 2000C when the
// patient is a dependent and changes.
func (b *Builder) hierarchy(c *Claim) {
	b.scratch = billingKeyOf(b.scratch[:0], c.Billing)
	if b.changed(&b.billingKey) {
		b.subscriberKey, b.patientKey = b.subscriberKey[:0], b.patientKey[:0]
		b.hl++
		b.billingHL = b.hl
		b.w.Segment("HL", decimal(b.hl), "", "20", "1")
		b.billing(c.Billing)
	}
	b.scratch = subscriberKeyOf(b.scratch[:0], c)
	if b.levelClaims >= MaxClaimsPerLevel {
		// The open HL is full: the claim starts a new subscriber HL.
		b.subscriberKey = b.subscriberKey[:0]
	}
	if b.changed(&b.subscriberKey) {
		b.patientKey, b.levelClaims = b.patientKey[:0], 0
		b.hl++
		b.subscriberHL = b.hl
		child := "0"
		if c.Dependent != nil {
			child = "1"
		}
		b.w.Segment("HL", decimal(b.hl), decimal(b.billingHL), "22", child)
		b.subscriber(c)
	}
	if d := c.Dependent; d != nil {
		b.scratch = patientKeyOf(b.scratch[:0], d)
		if b.changed(&b.patientKey) {
			b.levelClaims = 0
			b.hl++
			b.w.Segment("HL", decimal(b.hl), decimal(b.subscriberHL), "23", "0")
			b.patient(d)
		}
	}
}

func billingKeyOf(dst []byte, p *Provider) []byte {
	var a Address
	if p.Address != nil {
		a = *p.Address
	}
	var ct Contact
	if p.ContactInformation != nil {
		ct = *p.ContactInformation
	}
	return key(dst, p.NPI, p.EmployerID, p.SSN, p.TaxonomyCode, p.OrganizationName, p.LastName,
		p.FirstName, p.MiddleName, p.Suffix, a.Address1, a.Address2, a.City, a.State,
		a.PostalCode, ct.Name, ct.PhoneNumber, ct.PhoneExtension, ct.FaxNumber, ct.Email)
}

func subscriberKeyOf(dst []byte, c *Claim) []byte {
	s := c.Subscriber
	var a Address
	if s.Address != nil {
		a = *s.Address
	}
	self := "self"
	if c.Dependent != nil {
		self = "dependent"
	}
	return key(dst, self, c.TradingPartnerServiceID, c.TradingPartnerName,
		c.ClaimInformation.ClaimFilingCode, s.PaymentResponsibilityLevelCode, s.GroupNumber,
		s.SubscriberGroupName, s.InsuranceTypeCode, s.MemberID, s.LastName, s.FirstName,
		s.MiddleName, s.Suffix, s.Gender, s.DateOfBirth, a.Address1, a.Address2, a.City,
		a.State, a.PostalCode)
}

func patientKeyOf(dst []byte, d *Dependent) []byte {
	var a Address
	if d.Address != nil {
		a = *d.Address
	}
	return key(dst, d.RelationshipToSubscriberCode, d.LastName, d.FirstName, d.MiddleName,
		d.Suffix, d.Gender, d.DateOfBirth, a.Address1, a.Address2, a.City, a.State,
		a.PostalCode)
}

// billing writes the rest of loop 2000A (PRV) and loop 2010AA.
func (b *Builder) billing(p *Provider) {
	w := b.w
	if p.TaxonomyCode != "" {
		w.Segment("PRV", "BI", "PXC", p.TaxonomyCode)
	}
	b.nm1Provider("85", p)
	b.address(p.Address)
	if p.EmployerID != "" {
		w.Segment("REF", "EI", p.EmployerID)
	} else {
		w.Segment("REF", "SY", p.SSN)
	}
	b.per("IC", p.ContactInformation)
}

// subscriber writes the rest of loop 2000B (SBR), 2010BA and 2010BB.
func (b *Builder) subscriber(c *Claim) {
	w := b.w
	s := c.Subscriber
	rel := ""
	if c.Dependent == nil {
		rel = "18"
	}
	w.Segment("SBR", s.PaymentResponsibilityLevelCode, rel, s.GroupNumber,
		s.SubscriberGroupName, s.InsuranceTypeCode, "", "", "",
		c.ClaimInformation.ClaimFilingCode)
	w.Segment("NM1", "IL", "1", s.LastName, s.FirstName, s.MiddleName, "", s.Suffix,
		"MI", s.MemberID)
	b.address(s.Address)
	if c.Dependent == nil {
		w.Segment("DMG", "D8", s.DateOfBirth, s.Gender)
	}
	w.Segment("NM1", "PR", "2", c.TradingPartnerName, "", "", "", "", "PI",
		c.TradingPartnerServiceID)
}

// patient writes the rest of loop 2000C (PAT) and loop 2010CA.
func (b *Builder) patient(d *Dependent) {
	w := b.w
	w.Segment("PAT", d.RelationshipToSubscriberCode)
	w.Segment("NM1", "QC", "1", d.LastName, d.FirstName, d.MiddleName, "", d.Suffix)
	b.address(d.Address)
	w.Segment("DMG", "D8", d.DateOfBirth, d.Gender)
}
