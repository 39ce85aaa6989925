package x837

import (
	"github.com/claimflow/claimflow/edi"
)

// subState is the subscriber loop being read: 2000B, 2010BA and 2010BB.
type subState struct {
	s         *Subscriber
	payerName string
	payerID   string
	filing    string
	self      bool
}

// headerSegment reads BHT and loops 1000A and 1000B.
func (r *Reader) headerSegment(s *edi.Segment) {
	switch s.ID {
	case "BHT":
		r.set.seen |= seenBHT
		if s.Element(1) != "0019" {
			r.finding(s, 1, edi.ErrData, "BHT01 must be 0019")
		}
		if v := s.Element(2); v != "00" && v != "18" {
			r.finding(s, 2, edi.ErrData, "BHT02 must be 00 (original) or 18 (reissue)")
		}
		if v := s.Element(6); v != "CH" && v != "RP" && v != "31" {
			r.finding(s, 6, edi.ErrData, "BHT06 must be CH, RP or 31")
		}
	case "NM1":
		switch s.Element(1) {
		case "41":
			r.set.seen |= seen41
			r.loop = in1000A
			sub := &Submitter{SubmitterIdentification: s.Element(9)}
			if s.Element(2) == "1" {
				sub.LastName, sub.FirstName = s.Element(3), s.Element(4)
			} else {
				sub.OrganizationName = s.Element(3)
			}
			r.header.sub = sub
		case "40":
			r.set.seen |= seen40
			r.loop = in1000B
			r.header.recv = &Receiver{OrganizationName: s.Element(3)}
		}
	case "PER":
		if r.loop == in1000A && r.header.sub != nil {
			r.set.seen |= seenPER41
			r.header.sub.ContactInformation = readPER(s)
		}
	}
}

// readPER reads a PER segment into a contact.
func readPER(s *edi.Segment) *Contact {
	ct := &Contact{Name: s.Element(2)}
	for i := 3; i+1 <= s.Len(); i += 2 {
		v := s.Element(i + 1)
		switch s.Element(i) {
		case "TE":
			ct.PhoneNumber = v
		case "EX":
			ct.PhoneExtension = v
		case "FX":
			ct.FaxNumber = v
		case "EM":
			ct.Email = v
		}
	}
	return ct
}

// readAddress fills an address from N3 or N4.
func readAddress(a **Address, s *edi.Segment) {
	if *a == nil {
		*a = &Address{}
	}
	if s.ID == "N3" {
		(*a).Address1, (*a).Address2 = s.Element(1), s.Element(2)
		return
	}
	(*a).City, (*a).State, (*a).PostalCode = s.Element(1), s.Element(2), s.Element(3)
}

// readName fills a provider's name and NPI from an NM1.
func readName(p *Provider, s *edi.Segment) {
	if s.Element(2) == "2" {
		p.OrganizationName = s.Element(3)
	} else {
		p.LastName, p.FirstName = s.Element(3), s.Element(4)
		p.MiddleName, p.Suffix = s.Element(5), s.Element(7)
	}
	if s.Element(8) == "XX" {
		p.NPI = s.Element(9)
	}
}

// checkNPI reports an NM1 whose XX identifier fails the NPI check.
func (r *Reader) checkNPI(s *edi.Segment) {
	if s.Element(8) == "XX" && !ValidNPI(s.Element(9)) {
		r.finding(s, 9, edi.ErrData, "the NPI fails its check digit or is not 10 digits")
	}
}

// billingSegment reads loop 2000A and 2010AA; 2010AB/AC are skipped.
func (r *Reader) billingSegment(s *edi.Segment) {
	b := r.billing
	if s.ID == "NM1" {
		if s.Element(1) != "85" {
			r.loop = inOtherA
			return
		}
		r.loop = in2000A
		r.mark(seenNM1)
		readName(b, s)
		r.checkNPI(s)
		if s.Element(8) != "XX" {
			r.finding(s, 8, edi.ErrData, "the billing provider must be identified by NPI (XX)")
		}
		return
	}
	if r.loop == inOtherA {
		return
	}
	switch s.ID {
	case "PRV":
		if s.Element(1) == "BI" && s.Element(2) == "PXC" {
			b.TaxonomyCode = s.Element(3)
		}
	case "N3", "N4":
		if s.ID == "N3" {
			r.mark(seenN3)
		} else {
			r.mark(seenN4)
			if z := s.Element(3); len(z) != 9 {
				r.finding(s, 3, edi.ErrData, "the billing provider's ZIP code must have 9 digits")
			}
		}
		readAddress(&b.Address, s)
	case "REF":
		switch s.Element(1) {
		case "EI":
			r.mark(seenREF)
			b.EmployerID = s.Element(2)
		case "SY":
			r.mark(seenREF)
			b.SSN = s.Element(2)
		}
	case "PER":
		b.ContactInformation = readPER(s)
	}
}

// subscriberSegment reads loops 2000B, 2010BA and 2010BB.
func (r *Reader) subscriberSegment(s *edi.Segment) {
	st := &r.sub
	if st.s == nil {
		return
	}
	switch s.ID {
	case "SBR":
		r.mark(seenSBR)
		st.s.PaymentResponsibilityLevelCode = s.Element(1)
		st.self = s.Element(2) == "18"
		if r.set.open != nil {
			r.set.open.self = st.self
		}
		st.s.GroupNumber, st.s.SubscriberGroupName = s.Element(3), s.Element(4)
		st.s.InsuranceTypeCode = s.Element(5)
		st.filing = s.Element(9)
		if st.filing == "" {
			r.finding(s, 9, edi.ErrStructure, "SBR09, the claim filing indicator, is required")
		}
	case "NM1":
		switch s.Element(1) {
		case "IL":
			r.loop = in2000B
			r.mark(seenNM1)
			st.s.LastName, st.s.FirstName = s.Element(3), s.Element(4)
			st.s.MiddleName, st.s.Suffix = s.Element(5), s.Element(7)
			st.s.MemberID = s.Element(9)
		case "PR":
			r.loop = in2010BB
			r.mark(seenPR)
			st.payerName, st.payerID = s.Element(3), s.Element(9)
		}
	case "N3", "N4":
		if r.loop == in2000B {
			readAddress(&st.s.Address, s)
		}
	case "DMG":
		if r.loop == in2000B {
			r.mark(seenDMG)
			st.s.DateOfBirth, st.s.Gender = s.Element(2), s.Element(3)
		}
	}
}

// patientSegment reads loops 2000C and 2010CA.
func (r *Reader) patientSegment(s *edi.Segment) {
	d := r.dep
	switch s.ID {
	case "PAT":
		r.mark(seenPAT)
		d.RelationshipToSubscriberCode = s.Element(1)
	case "NM1":
		if s.Element(1) == "QC" {
			r.mark(seenNM1)
			d.LastName, d.FirstName = s.Element(3), s.Element(4)
			d.MiddleName, d.Suffix = s.Element(5), s.Element(7)
		}
	case "N3", "N4":
		readAddress(&d.Address, s)
	case "DMG":
		r.mark(seenDMG)
		d.DateOfBirth, d.Gender = s.Element(2), s.Element(3)
	}
}
