package x837

import (
	"strings"

	"github.com/claimflow/claimflow/edi"
)

// parties checks the providers, the subscriber and the dependent.
func (k *checker) parties() {
	c := k.c
	k.duplicateRoles()
	bp, bpath := c.provider(BillingRole)
	if bp == nil {
		k.missing(pathOf("billing"), "the billing provider")
	} else {
		k.billing(bpath, bp)
	}
	for _, r := range []Role{ReferringRole, RenderingRole, AttendingRole} {
		if p, path := c.provider(r); p != nil {
			k.person(path, p, roleNames[r]+" provider")
			// Only the 837P rendering provider may be an organization.
			if p.OrganizationName != "" && (r != RenderingRole || k.kind == Institutional) {
				k.add("provider.person", path.sub("organizationName"), edi.Error,
					"The "+roleNames[r]+" provider must be a person: give the last and "+
						"first name, not an organization.")
			}
		}
	}
	if k.kind == Institutional && c.Provider(AttendingRole) == nil {
		k.missing(pathOf("attending"), "the attending provider")
	}
	if p, path := c.provider(RenderingRole); k.kind == Professional && p != nil &&
		bp != nil && p.NPI == bp.NPI {
		k.add("provider.same_as_billing", path.sub("npi"), edi.Warning,
			"The rendering provider is the billing provider; it will be left out.")
	}
	k.subscriber()
	k.dependent()
}

func (k *checker) duplicateRoles() {
	var seen [numRoles]bool
	named := [numRoles]bool{k.c.Billing != nil, k.c.Referring != nil,
		k.c.Rendering != nil, k.c.Attending != nil}
	for i, p := range k.c.Providers {
		r, ok := roleOf(p.ProviderType)
		path := pathOf("providers[].providerType", i)
		switch {
		case !ok:
			k.add("provider.type", path, edi.Warning,
				"This provider type is not supported and will not be sent.")
		case seen[r] || named[r]:
			k.add("provider.duplicate", path, edi.Error,
				"The claim gives this provider role twice; keep one.")
		}
		if ok {
			seen[r] = true
		}
	}
}

func (k *checker) billing(p jpath, b *Provider) {
	if b.OrganizationName == "" && b.LastName == "" {
		k.missing(p.sub("organizationName"), "the billing provider's name")
	}
	if k.kind == Institutional && b.OrganizationName == "" && b.LastName != "" {
		k.add("billing.organization", p.sub("organizationName"), edi.Error,
			"An institutional billing provider must be an organization.")
	}
	if k.require(p.sub("npi"), b.NPI, "the billing provider's NPI") {
		k.npi(p.sub("npi"), b.NPI)
	}
	switch {
	case b.EmployerID != "":
		if len(b.EmployerID) != 9 || !isDigits(b.EmployerID) {
			k.add("ein.format", p.sub("employerId"), edi.Error,
				"The employer identification number must be 9 digits, without a dash.")
		}
		if b.SSN != "" {
			k.add("billing.tax_id", p.sub("ssn"), edi.Error,
				"Give the billing provider's EIN or SSN, not both.")
		}
	case b.SSN != "":
		if len(b.SSN) != 9 || !isDigits(b.SSN) {
			k.add("ssn.format", p.sub("ssn"), edi.Error,
				"The billing provider's SSN must be 9 digits, without dashes.")
		}
	default:
		k.missing(p.sub("employerId"), "the billing provider's tax ID (EIN or SSN)")
	}
	k.taxonomy(p.sub("taxonomyCode"), b.TaxonomyCode)
	if b.Address == nil {
		k.missing(p.sub("address"), "the billing provider's address")
	} else {
		k.address(p.sub("address"), b.Address, "the billing provider's")
		a := b.Address
		if a.PostalCode != "" && isDigits(a.PostalCode) && len(a.PostalCode) == 5 {
			k.add("zip.billing", p.sub("address.postalCode"), edi.Error,
				"The billing provider's ZIP code must have 9 digits (ZIP+4).")
		}
		if poBox(a.Address1) || poBox(a.Address2) {
			k.add("address.po_box", p.sub("address.address1"), edi.Error,
				"The billing provider's address must be a street address, not a PO box.")
		}
	}
	if b.ContactInformation != nil {
		k.contact(p.sub("contactInformation"), b.ContactInformation)
	}
}

// person checks a rendering, referring or attending provider.
func (k *checker) person(p jpath, pr *Provider, what string) {
	if pr.LastName == "" && pr.OrganizationName == "" {
		k.missing(p.sub("lastName"), "the "+what+"'s last name")
	}
	if k.require(p.sub("npi"), pr.NPI, "the "+what+"'s NPI") {
		k.npi(p.sub("npi"), pr.NPI)
	}
	k.taxonomy(p.sub("taxonomyCode"), pr.TaxonomyCode)
}

func (k *checker) npi(p jpath, v string) {
	switch {
	case len(v) != 10 || !isDigits(v):
		k.add("npi.format", p, edi.Error, "An NPI must be 10 digits.")
	case !ValidNPI(v):
		k.add("npi.check_digit", p, edi.Error,
			"The NPI's check digit is wrong; it has a typing error.")
	}
}

func (k *checker) taxonomy(p jpath, v string) {
	if v != "" && (len(v) != 10 || !isUpperAlnum(v) || v[9] != 'X') {
		k.add("taxonomy.format", p, edi.Error,
			"A taxonomy code is 10 characters ending in X, such as 207Q00000X.")
	}
}

// address checks an N3/N4 pair; whose is the owner, e.g. "the subscriber's".
func (k *checker) address(p jpath, a *Address, whose string) {
	// Messages are built only for what is missing, so that a clean
	// address costs no allocation.
	if a.Address1 == "" {
		k.missing(p.sub("address1"), whose+" street address")
	}
	if a.City == "" {
		k.missing(p.sub("city"), whose+" city")
	}
	if a.State == "" {
		k.missing(p.sub("state"), whose+" state")
	} else if len(a.State) != 2 || !isUpperAlnum(a.State) {
		k.add("state.format", p.sub("state"), edi.Error,
			"The state must be its two-letter code in capitals.")
	}
	if a.PostalCode == "" {
		k.missing(p.sub("postalCode"), whose+" ZIP code")
	} else if !isDigits(a.PostalCode) || len(a.PostalCode) != 5 && len(a.PostalCode) != 9 {
		k.add("zip.format", p.sub("postalCode"), edi.Error,
			"A ZIP code must be 5 or 9 digits, without a dash.")
	}
}

// poBox reports whether an address line starts with "PO Box" or "Post
// Office Box", in any case, with or without dots and spaces.
func poBox(s string) bool {
	var buf [13]byte
	n := 0
	for i := 0; i < len(s) && n < len(buf); i++ {
		c := s[i]
		switch {
		case c == '.' || c == ' ':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	u := string(buf[:n])
	return strings.HasPrefix(u, "POBOX") || strings.HasPrefix(u, "POSTOFFICEBOX")
}

func (k *checker) subscriber() {
	s := k.c.Subscriber
	if s == nil {
		k.missing(pathOf("subscriber"), "the subscriber")
		return
	}
	p := pathOf("subscriber")
	k.require(p.sub("memberId"), s.MemberID, "the subscriber's member ID")
	k.require(p.sub("lastName"), s.LastName, "the subscriber's last name")
	if k.require(p.sub("paymentResponsibilityLevelCode"), s.PaymentResponsibilityLevelCode,
		"the payer responsibility (P, S or T)") {
		r := s.PaymentResponsibilityLevelCode
		k.code(p.sub("paymentResponsibilityLevelCode"), r, responsibilityCodes,
			"the payer responsibility")
		if responsibilityCodes[r] && r != "P" {
			k.add("responsibility.not_primary", p.sub("paymentResponsibilityLevelCode"),
				edi.Error, "Only claims to the primary payer (P) can be sent: claims to "+
					"later payers need the other payers' loops, which are not supported.")
		}
	}
	if k.kind == Professional {
		k.code(p.sub("insuranceTypeCode"), s.InsuranceTypeCode, insuranceTypeCodes,
			"the insurance type")
	}
	if s.InsuranceTypeCode != "" && s.PaymentResponsibilityLevelCode == "P" {
		k.add("insurance_type.unused", p.sub("insuranceTypeCode"), edi.Warning,
			"The insurance type is sent only to Medicare as a later payer; it will be "+
				"left out.")
	}
	k.code(p.sub("gender"), s.Gender, genderCodes, "the subscriber's gender")
	k.date(p.sub("dateOfBirth"), s.DateOfBirth, false)
	if k.c.Dependent == nil {
		// The subscriber is the patient: DMG and N3/N4 are required.
		k.require(p.sub("dateOfBirth"), s.DateOfBirth, "the subscriber's date of birth")
		k.require(p.sub("gender"), s.Gender, "the subscriber's gender")
		if s.Address == nil {
			k.missing(p.sub("address"), "the subscriber's address")
		}
	}
	if s.Address != nil {
		k.address(p.sub("address"), s.Address, "the subscriber's")
	}
}

func (k *checker) dependent() {
	d := k.c.Dependent
	if d == nil {
		return
	}
	p := pathOf("dependent")
	if k.require(p.sub("relationshipToSubscriberCode"), d.RelationshipToSubscriberCode,
		"the patient's relationship to the subscriber") {
		k.code(p.sub("relationshipToSubscriberCode"), d.RelationshipToSubscriberCode,
			relationshipCodes, "the patient's relationship to the subscriber")
	}
	k.require(p.sub("lastName"), d.LastName, "the patient's last name")
	k.require(p.sub("firstName"), d.FirstName, "the patient's first name")
	if k.require(p.sub("dateOfBirth"), d.DateOfBirth, "the patient's date of birth") {
		k.date(p.sub("dateOfBirth"), d.DateOfBirth, false)
	}
	if k.require(p.sub("gender"), d.Gender, "the patient's gender") {
		k.code(p.sub("gender"), d.Gender, genderCodes, "the patient's gender")
	}
	if d.Address == nil {
		k.missing(p.sub("address"), "the patient's address")
	} else {
		k.address(p.sub("address"), d.Address, "the patient's")
	}
}

// date checks a CCYYMMDD date: its shape, that it is not in the future,
// and, for service dates, that it is not before the patient's birth.
func (k *checker) date(p jpath, v string, service bool) {
	if v == "" {
		return
	}
	if !validDate(v) {
		k.add("date.format", p, edi.Error, "The date must be a real date written CCYYMMDD.")
		return
	}
	if v > k.today {
		k.add("date.future", p, edi.Error, "The date is in the future.")
		return
	}
	if !service {
		return
	}
	if dob, _ := k.c.Patient(); validDate(dob) && v < dob {
		k.add("date.before_birth", p, edi.Error,
			"The date is before the patient's date of birth.")
	}
}
