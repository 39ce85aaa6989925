package x837

// textField describes a text field an 837 carries: its JSON path (with
// "[]" where indexes go), whether it is a name or an address (where
// accented letters are transliterated rather than refused), and the
// lengths its element allows (0 when the checks of its own code bound it).
type textField struct {
	path     jpath
	names    bool
	min, max int
}

func field(path string, names bool) *textField {
	f := &textField{path: pathOf(path), names: names}
	if lim, ok := textLimits[f.path.field]; ok {
		f.min, f.max = lim[0], lim[1]
	}
	return f
}

// textLimits are the lengths the guides allow the elements that text
// fields go to, by the field's JSON name: NM1 names and IDs, N3/N4, PER,
// SBR and REF values.
var textLimits = map[string][2]int{
	"organizationName": {1, 60}, "lastName": {1, 60}, "firstName": {1, 35},
	"middleName": {1, 25}, "suffix": {1, 10}, "tradingPartnerName": {1, 60},
	"subscriberGroupName": {1, 60}, "name": {1, 60},
	"address1": {1, 55}, "address2": {1, 55}, "city": {2, 30},
	"memberId": {2, 80}, "tradingPartnerServiceId": {2, 80},
	"submitterIdentification": {2, 80}, "groupNumber": {1, 50}, "email": {1, 256},
	"phoneExtension": {1, 10}, "priorAuthorizationNumber": {1, 50},
	"referralNumber": {1, 50}, "claimControlNumber": {1, 50},
	// REF*D9 takes 50 characters, but the guides limit its value to 20.
	"payerClaimControlNumber": {1, 50}, "claimNumber": {1, 20},
	"medicalRecordNumber": {1, 50},
}

type addressFields struct{ address1, address2, city, state, postalCode *textField }

func addressAt(prefix string) addressFields {
	return addressFields{field(prefix+".address1", true), field(prefix+".address2", true),
		field(prefix+".city", true), field(prefix+".state", false),
		field(prefix+".postalCode", false)}
}

type contactFields struct{ name, phone, ext, fax, email *textField }

func contactAt(prefix string) contactFields {
	return contactFields{field(prefix+".name", true), field(prefix+".phoneNumber", false),
		field(prefix+".phoneExtension", false), field(prefix+".faxNumber", false),
		field(prefix+".email", false)}
}

type providerFields struct {
	npi, ein, ssn, taxonomy, org, last, first, middle, suffix *textField
	address                                                   addressFields
	contact                                                   contactFields
}

func providerAt(prefix string) providerFields {
	return providerFields{field(prefix+".npi", false), field(prefix+".employerId", false),
		field(prefix+".ssn", false), field(prefix+".taxonomyCode", false),
		field(prefix+".organizationName", true), field(prefix+".lastName", true),
		field(prefix+".firstName", true), field(prefix+".middleName", true),
		field(prefix+".suffix", true), addressAt(prefix + ".address"),
		contactAt(prefix + ".contactInformation")}
}

// The text fields of a claim, described once.
var (
	tPayerID   = field("tradingPartnerServiceId", false)
	tPayerName = field("tradingPartnerName", true)
	tSubmitter = struct {
		org, last, first, id *textField
		contact              contactFields
	}{field("submitter.organizationName", true), field("submitter.lastName", true),
		field("submitter.firstName", true), field("submitter.submitterIdentification", false),
		contactAt("submitter.contactInformation")}
	tReceiver   = field("receiver.organizationName", true)
	tSubscriber = struct {
		member, resp, group, groupName, insType, first, last, middle, suffix, gender,
		dob *textField
		address addressFields
	}{field("subscriber.memberId", false), field("subscriber.paymentResponsibilityLevelCode", false),
		field("subscriber.groupNumber", false), field("subscriber.subscriberGroupName", true),
		field("subscriber.insuranceTypeCode", false), field("subscriber.firstName", true),
		field("subscriber.lastName", true), field("subscriber.middleName", true),
		field("subscriber.suffix", true), field("subscriber.gender", false),
		field("subscriber.dateOfBirth", false), addressAt("subscriber.address")}
	tDependent = struct {
		rel, first, last, middle, suffix, gender, dob *textField
		address                                       addressFields
	}{field("dependent.relationshipToSubscriberCode", false), field("dependent.firstName", true),
		field("dependent.lastName", true), field("dependent.middleName", true),
		field("dependent.suffix", true), field("dependent.gender", false),
		field("dependent.dateOfBirth", false), addressAt("dependent.address")}
	tRoles = [numRoles]providerFields{providerAt("billing"), providerAt("referring"),
		providerAt("rendering"), providerAt("attending")}
	tProviders = providerAt("providers[]")
	tClaim     = [...]*textField{
		field("claimInformation.claimFilingCode", false),
		field("claimInformation.patientControlNumber", false),
		field("claimInformation.placeOfServiceCode", false),
		field("claimInformation.claimFrequencyCode", false),
		field("claimInformation.signatureIndicator", false),
		field("claimInformation.planParticipationCode", false),
		field("claimInformation.benefitsAssignmentCertificationIndicator", false),
		field("claimInformation.releaseInformationCode", false),
		field("claimInformation.patientSignatureSourceCode", false),
		field("claimInformation.delayReasonCode", false),
		field("claimInformation.autoAccidentStateCode", false),
		field("claimInformation.autoAccidentCountryCode", false),
	}
	tSupple = [...]*textField{
		field("claimInformation.claimSupplementalInformation.priorAuthorizationNumber", false),
		field("claimInformation.claimSupplementalInformation.referralNumber", false),
		field("claimInformation.claimSupplementalInformation.claimControlNumber", false),
		field("claimInformation.claimSupplementalInformation.payerClaimControlNumber", false),
		field("claimInformation.claimSupplementalInformation.claimNumber", false),
		field("claimInformation.claimSupplementalInformation.medicalRecordNumber", false),
	}
	tLine = struct {
		pcn, lcn, pQual, pCode, pMod, iRev, iQual, iCode, iMod *textField
	}{
		field("claimInformation.serviceLines[].providerControlNumber", false),
		field("claimInformation.serviceLines[].lineItemControlNumber", false),
		field("claimInformation.serviceLines[].professionalService.procedureIdentifier", false),
		field("claimInformation.serviceLines[].professionalService.procedureCode", false),
		field("claimInformation.serviceLines[].professionalService.procedureModifiers[]", false),
		field("claimInformation.serviceLines[].institutionalService.serviceLineRevenueCode", false),
		field("claimInformation.serviceLines[].institutionalService.procedureIdentifier", false),
		field("claimInformation.serviceLines[].institutionalService.procedureCode", false),
		field("claimInformation.serviceLines[].institutionalService.procedureModifiers[]", false),
	}
)

// at returns the field's path with its indexes.
func (f *textField) at(i, j int) jpath {
	p := f.path
	p.idx = [2]int{i, j}
	return p
}

// textFn is called for each text field with its description, the indexes
// that fill the "[]" of its path, and the field's value.
type textFn func(f *textField, i, j int, s *string)

// visitText calls fn for every text field of the claim that an 837 would
// carry.
func visitText(c *Claim, fn textFn) {
	fn(tPayerID, 0, 0, &c.TradingPartnerServiceID)
	fn(tPayerName, 0, 0, &c.TradingPartnerName)
	if s := c.Submitter; s != nil {
		t := &tSubmitter
		fn(t.org, 0, 0, &s.OrganizationName)
		fn(t.last, 0, 0, &s.LastName)
		fn(t.first, 0, 0, &s.FirstName)
		fn(t.id, 0, 0, &s.SubmitterIdentification)
		visitContact(&t.contact, 0, s.ContactInformation, fn)
	}
	if r := c.Receiver; r != nil {
		fn(tReceiver, 0, 0, &r.OrganizationName)
	}
	if s := c.Subscriber; s != nil {
		t := &tSubscriber
		for _, f := range [...]struct {
			t *textField
			v *string
		}{{t.member, &s.MemberID}, {t.resp, &s.PaymentResponsibilityLevelCode},
			{t.group, &s.GroupNumber}, {t.groupName, &s.SubscriberGroupName},
			{t.insType, &s.InsuranceTypeCode}, {t.first, &s.FirstName}, {t.last, &s.LastName},
			{t.middle, &s.MiddleName}, {t.suffix, &s.Suffix}, {t.gender, &s.Gender},
			{t.dob, &s.DateOfBirth}} {
			fn(f.t, 0, 0, f.v)
		}
		visitAddress(&t.address, 0, s.Address, fn)
	}
	if d := c.Dependent; d != nil {
		t := &tDependent
		fn(t.rel, 0, 0, &d.RelationshipToSubscriberCode)
		fn(t.first, 0, 0, &d.FirstName)
		fn(t.last, 0, 0, &d.LastName)
		fn(t.middle, 0, 0, &d.MiddleName)
		fn(t.suffix, 0, 0, &d.Suffix)
		fn(t.gender, 0, 0, &d.Gender)
		fn(t.dob, 0, 0, &d.DateOfBirth)
		visitAddress(&t.address, 0, d.Address, fn)
	}
	for r, p := range [numRoles]*Provider{c.Billing, c.Referring, c.Rendering, c.Attending} {
		visitProvider(&tRoles[r], 0, p, fn)
	}
	for i := range c.Providers {
		visitProvider(&tProviders, i, &c.Providers[i], fn)
	}
	if ci := c.ClaimInformation; ci != nil {
		visitClaimText(ci, fn)
	}
}

func visitContact(t *contactFields, i int, ct *Contact, fn textFn) {
	if ct == nil {
		return
	}
	fn(t.name, i, 0, &ct.Name)
	fn(t.phone, i, 0, &ct.PhoneNumber)
	fn(t.ext, i, 0, &ct.PhoneExtension)
	fn(t.fax, i, 0, &ct.FaxNumber)
	fn(t.email, i, 0, &ct.Email)
}

func visitAddress(t *addressFields, i int, a *Address, fn textFn) {
	if a == nil {
		return
	}
	fn(t.address1, i, 0, &a.Address1)
	fn(t.address2, i, 0, &a.Address2)
	fn(t.city, i, 0, &a.City)
	fn(t.state, i, 0, &a.State)
	fn(t.postalCode, i, 0, &a.PostalCode)
}

func visitProvider(t *providerFields, i int, pr *Provider, fn textFn) {
	if pr == nil {
		return
	}
	fn(t.npi, i, 0, &pr.NPI)
	fn(t.ein, i, 0, &pr.EmployerID)
	fn(t.ssn, i, 0, &pr.SSN)
	fn(t.taxonomy, i, 0, &pr.TaxonomyCode)
	fn(t.org, i, 0, &pr.OrganizationName)
	fn(t.last, i, 0, &pr.LastName)
	fn(t.first, i, 0, &pr.FirstName)
	fn(t.middle, i, 0, &pr.MiddleName)
	fn(t.suffix, i, 0, &pr.Suffix)
	visitAddress(&t.address, i, pr.Address, fn)
	visitContact(&t.contact, i, pr.ContactInformation, fn)
}

func visitClaimText(ci *ClaimInfo, fn textFn) {
	for k, v := range [len(tClaim)]*string{&ci.ClaimFilingCode, &ci.PatientControlNumber,
		&ci.PlaceOfServiceCode, &ci.ClaimFrequencyCode, &ci.SignatureIndicator,
		&ci.PlanParticipationCode, &ci.BenefitsAssignment, &ci.ReleaseInformationCode,
		&ci.PatientSignatureSourceCode, &ci.DelayReasonCode, &ci.AutoAccidentStateCode,
		&ci.AutoAccidentCountryCode} {
		fn(tClaim[k], 0, 0, v)
	}
	if s := ci.ClaimSupplementalInformation; s != nil {
		for k, v := range [len(tSupple)]*string{&s.PriorAuthorizationNumber,
			&s.ReferralNumber, &s.ClaimControlNumber, &s.PayerClaimControlNumber,
			&s.ClaimNumber, &s.MedicalRecordNumber} {
			fn(tSupple[k], 0, 0, v)
		}
	}
	t := &tLine
	for i := range ci.ServiceLines {
		l := &ci.ServiceLines[i]
		fn(t.pcn, i, 0, &l.ProviderControlNumber)
		fn(t.lcn, i, 0, &l.LineItemControlNumber)
		if ps := l.ProfessionalService; ps != nil {
			fn(t.pQual, i, 0, &ps.ProcedureIdentifier)
			fn(t.pCode, i, 0, &ps.ProcedureCode)
			for j := range ps.ProcedureModifiers {
				fn(t.pMod, i, j, &ps.ProcedureModifiers[j])
			}
		}
		if is := l.InstitutionalService; is != nil {
			fn(t.iRev, i, 0, &is.ServiceLineRevenueCode)
			fn(t.iQual, i, 0, &is.ProcedureIdentifier)
			fn(t.iCode, i, 0, &is.ProcedureCode)
			for j := range is.ProcedureModifiers {
				fn(t.iMod, i, j, &is.ProcedureModifiers[j])
			}
		}
	}
}
