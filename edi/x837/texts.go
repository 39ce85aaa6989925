package x837

// visitText calls fn for every text field of the claim that an 837 would
// carry, with its JSON path and whether it is a name or an address, where
// accented letters are transliterated rather than refused.
func visitText(c *Claim, fn func(p jpath, s *string, names bool)) {
	fn(pathOf("tradingPartnerServiceId"), &c.TradingPartnerServiceID, false)
	fn(pathOf("tradingPartnerName"), &c.TradingPartnerName, true)
	if s := c.Submitter; s != nil {
		fn(pathOf("submitter.organizationName"), &s.OrganizationName, true)
		fn(pathOf("submitter.lastName"), &s.LastName, true)
		fn(pathOf("submitter.firstName"), &s.FirstName, true)
		fn(pathOf("submitter.submitterIdentification"), &s.SubmitterIdentification, false)
		visitContact(pathOf("submitter.contactInformation"), s.ContactInformation, fn)
	}
	if r := c.Receiver; r != nil {
		fn(pathOf("receiver.organizationName"), &r.OrganizationName, true)
	}
	if s := c.Subscriber; s != nil {
		p := pathOf("subscriber")
		for _, f := range []struct {
			name  string
			v     *string
			names bool
		}{
			{"memberId", &s.MemberID, false},
			{"paymentResponsibilityLevelCode", &s.PaymentResponsibilityLevelCode, false},
			{"groupNumber", &s.GroupNumber, false},
			{"subscriberGroupName", &s.SubscriberGroupName, true},
			{"insuranceTypeCode", &s.InsuranceTypeCode, false},
			{"firstName", &s.FirstName, true},
			{"lastName", &s.LastName, true},
			{"middleName", &s.MiddleName, true},
			{"suffix", &s.Suffix, true},
			{"gender", &s.Gender, false},
			{"dateOfBirth", &s.DateOfBirth, false},
		} {
			fn(p.sub(f.name), f.v, f.names)
		}
		visitAddress(p.sub("address"), s.Address, fn)
	}
	if d := c.Dependent; d != nil {
		p := pathOf("dependent")
		fn(p.sub("relationshipToSubscriberCode"), &d.RelationshipToSubscriberCode, false)
		fn(p.sub("firstName"), &d.FirstName, true)
		fn(p.sub("lastName"), &d.LastName, true)
		fn(p.sub("middleName"), &d.MiddleName, true)
		fn(p.sub("suffix"), &d.Suffix, true)
		fn(p.sub("gender"), &d.Gender, false)
		fn(p.sub("dateOfBirth"), &d.DateOfBirth, false)
		visitAddress(p.sub("address"), d.Address, fn)
	}
	for _, r := range []struct {
		name string
		p    *Provider
	}{{"billing", c.Billing}, {"referring", c.Referring}, {"rendering", c.Rendering},
		{"attending", c.Attending}} {
		visitProvider(pathOf(r.name), r.p, fn)
	}
	for i := range c.Providers {
		visitProvider(pathOf("providers[]", i), &c.Providers[i], fn)
	}
	if ci := c.ClaimInformation; ci != nil {
		visitClaimText(ci, fn)
	}
}

func visitContact(p jpath, ct *Contact, fn func(jpath, *string, bool)) {
	if ct == nil {
		return
	}
	fn(p.sub("name"), &ct.Name, true)
	fn(p.sub("phoneNumber"), &ct.PhoneNumber, false)
	fn(p.sub("phoneExtension"), &ct.PhoneExtension, false)
	fn(p.sub("faxNumber"), &ct.FaxNumber, false)
	fn(p.sub("email"), &ct.Email, false)
}

func visitAddress(p jpath, a *Address, fn func(jpath, *string, bool)) {
	if a == nil {
		return
	}
	fn(p.sub("address1"), &a.Address1, true)
	fn(p.sub("address2"), &a.Address2, true)
	fn(p.sub("city"), &a.City, true)
	fn(p.sub("state"), &a.State, false)
	fn(p.sub("postalCode"), &a.PostalCode, false)
}

func visitProvider(p jpath, pr *Provider, fn func(jpath, *string, bool)) {
	if pr == nil {
		return
	}
	fn(p.sub("npi"), &pr.NPI, false)
	fn(p.sub("employerId"), &pr.EmployerID, false)
	fn(p.sub("ssn"), &pr.SSN, false)
	fn(p.sub("taxonomyCode"), &pr.TaxonomyCode, false)
	fn(p.sub("organizationName"), &pr.OrganizationName, true)
	fn(p.sub("lastName"), &pr.LastName, true)
	fn(p.sub("firstName"), &pr.FirstName, true)
	fn(p.sub("middleName"), &pr.MiddleName, true)
	fn(p.sub("suffix"), &pr.Suffix, true)
	visitAddress(p.sub("address"), pr.Address, fn)
	visitContact(p.sub("contactInformation"), pr.ContactInformation, fn)
}

func visitClaimText(ci *ClaimInfo, fn func(jpath, *string, bool)) {
	p := pathOf("claimInformation")
	for _, f := range []struct {
		name string
		v    *string
	}{
		{"claimFilingCode", &ci.ClaimFilingCode},
		{"patientControlNumber", &ci.PatientControlNumber},
		{"placeOfServiceCode", &ci.PlaceOfServiceCode},
		{"claimFrequencyCode", &ci.ClaimFrequencyCode},
		{"signatureIndicator", &ci.SignatureIndicator},
		{"planParticipationCode", &ci.PlanParticipationCode},
		{"benefitsAssignmentCertificationIndicator", &ci.BenefitsAssignment},
		{"releaseInformationCode", &ci.ReleaseInformationCode},
		{"patientSignatureSourceCode", &ci.PatientSignatureSourceCode},
		{"delayReasonCode", &ci.DelayReasonCode},
	} {
		fn(p.sub(f.name), f.v, false)
	}
	if s := ci.ClaimSupplementalInformation; s != nil {
		sp := p.sub("claimSupplementalInformation")
		fn(sp.sub("priorAuthorizationNumber"), &s.PriorAuthorizationNumber, false)
		fn(sp.sub("referralNumber"), &s.ReferralNumber, false)
		fn(sp.sub("claimControlNumber"), &s.ClaimControlNumber, false)
		fn(sp.sub("payerClaimControlNumber"), &s.PayerClaimControlNumber, false)
		fn(sp.sub("claimNumber"), &s.ClaimNumber, false)
		fn(sp.sub("medicalRecordNumber"), &s.MedicalRecordNumber, false)
	}
	for i := range ci.ServiceLines {
		l := &ci.ServiceLines[i]
		lp := pathOf("claimInformation.serviceLines[]", i)
		fn(lp.sub("providerControlNumber"), &l.ProviderControlNumber, false)
		fn(lp.sub("lineItemControlNumber"), &l.LineItemControlNumber, false)
		if ps := l.ProfessionalService; ps != nil {
			sp := lp.sub("professionalService")
			fn(sp.sub("procedureIdentifier"), &ps.ProcedureIdentifier, false)
			fn(sp.sub("procedureCode"), &ps.ProcedureCode, false)
			for j := range ps.ProcedureModifiers {
				q := sp.sub("procedureModifiers[]")
				q.idx[1] = j
				fn(q, &ps.ProcedureModifiers[j], false)
			}
		}
		if is := l.InstitutionalService; is != nil {
			sp := lp.sub("institutionalService")
			fn(sp.sub("serviceLineRevenueCode"), &is.ServiceLineRevenueCode, false)
			fn(sp.sub("procedureIdentifier"), &is.ProcedureIdentifier, false)
			fn(sp.sub("procedureCode"), &is.ProcedureCode, false)
			for j := range is.ProcedureModifiers {
				q := sp.sub("procedureModifiers[]")
				q.idx[1] = j
				fn(q, &is.ProcedureModifiers[j], false)
			}
		}
	}
}
