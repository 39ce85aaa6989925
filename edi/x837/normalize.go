package x837

import (
	"slices"
	"strconv"
	"strings"
)

// Normalize rewrites a claim in place into the form Builder writes and
// Reader returns, so that a claim and its round trip compare equal:
//
//   - providers[] entries move to billing, rendering, referring and
//     attending; unsupported provider types are dropped;
//   - text is trimmed; names and addresses are written in capitals, their
//     accented letters transliterated;
//   - providers the guides leave out are dropped: a rendering provider who
//     is the billing provider (837P) or the attending one (837I), and an
//     837I referring provider on an inpatient bill or who is the attending
//     one; so is a billing provider's contact that repeats the submitter's;
//   - diagnosis codes lose their dot; missing qualifiers get their default
//     (ABK, ABJ, ABF, BE, BH, BI, BG; HC and UN on lines);
//   - the original claim number moves to claimControlNumber, and is
//     dropped unless the frequency is 7 or 8;
//   - every line gets a line item control number (see LineControlNumber),
//     under providerControlNumber (837P) or lineItemControlNumber (837I);
//   - what the guides send only in some situations is cleared outside
//     them: the insurance type to a primary payer, the place of an accident
//     other than an auto accident, and on an outpatient 837I the admission
//     type, admitting diagnosis and discharge hour, on an inpatient one the
//     line dates;
//   - controlNumber, and the fields the claim's kind does not carry, are
//     cleared.
//
// Normalize expects a claim without error findings.
func Normalize(c *Claim) { normalize(c, true) }

// normalize is Normalize; cleanText false skips trimming and
// transliteration, for claims whose check found nothing to clean.
func normalize(c *Claim, cleanText bool) {
	c.ControlNumber = ""
	for i := range c.Providers {
		p := c.Providers[i]
		r, ok := roleOf(p.ProviderType)
		if !ok {
			continue
		}
		p.ProviderType = ""
		switch {
		case r == BillingRole && c.Billing == nil:
			c.Billing = &p
		case r == ReferringRole && c.Referring == nil:
			c.Referring = &p
		case r == RenderingRole && c.Rendering == nil:
			c.Rendering = &p
		case r == AttendingRole && c.Attending == nil:
			c.Attending = &p
		}
	}
	c.Providers = nil
	for _, p := range []*Provider{c.Billing, c.Referring, c.Rendering, c.Attending} {
		if p != nil {
			p.ProviderType = ""
			if p.Address != nil && *p.Address == (Address{}) {
				p.Address = nil
			}
		}
	}
	if cleanText {
		visitText(c, func(f *textField, _, _ int, s *string) {
			*s = strings.TrimSpace(*s)
			if f.names {
				*s = strings.ToUpper(Transliterate(*s))
			}
		})
	}
	if c.Kind == Professional {
		c.Attending = nil
	}
	dropSameProviders(c)
	for _, p := range []*Provider{c.Referring, c.Rendering, c.Attending} {
		if p != nil {
			// Only the billing provider's address, tax ID and contact are sent.
			p.Address, p.ContactInformation, p.EmployerID, p.SSN = nil, nil, "", ""
		}
	}
	if c.Referring != nil {
		c.Referring.TaxonomyCode = ""
	}
	if c.Rendering != nil && c.Kind == Institutional {
		c.Rendering.TaxonomyCode = ""
	}
	if b := c.Billing; b != nil && b.ContactInformation != nil {
		b.ContactInformation = perContact(b.ContactInformation)
	}
	if s := c.Submitter; s != nil && s.ContactInformation != nil {
		s.ContactInformation = perContact(s.ContactInformation)
		if b := c.Billing; b != nil && b.ContactInformation != nil &&
			*b.ContactInformation == *s.ContactInformation {
			// 2010AA PER is sent only when it differs from 1000A PER.
			b.ContactInformation = nil
		}
	}
	if s := c.Subscriber; s != nil {
		if c.Dependent != nil {
			// DMG of 2010BA is sent only when the subscriber is the patient.
			s.DateOfBirth, s.Gender = "", ""
		}
		if c.Kind == Institutional || s.PaymentResponsibilityLevelCode == "P" {
			// SBR05 tells why Medicare is not the primary payer.
			s.InsuranceTypeCode = ""
		}
		if s.GroupNumber != "" {
			// SBR04 is sent only when there is no group number (SBR03).
			s.SubscriberGroupName = ""
		}
	}
	if ci := c.ClaimInformation; ci != nil {
		normalizeClaim(c.Kind, ci)
	}
}

// dropSameProviders leaves out the 2310 providers the guides send only
// when they differ from another one: an 837P rendering provider who is the
// billing provider; an 837I rendering or referring provider who is the
// attending one, and an 837I referring provider on an inpatient bill.
func dropSameProviders(c *Claim) {
	same := func(a, b *Provider) bool { return a != nil && b != nil && a.NPI == b.NPI }
	if c.Kind == Professional {
		if same(c.Rendering, c.Billing) {
			c.Rendering = nil
		}
		return
	}
	if same(c.Rendering, c.Attending) {
		c.Rendering = nil
	}
	if ci := c.ClaimInformation; same(c.Referring, c.Attending) ||
		ci != nil && Inpatient(ci.PlaceOfServiceCode) {
		c.Referring = nil
	}
}

func normalizeClaim(kind Kind, ci *ClaimInfo) {
	s := ci.ClaimSupplementalInformation
	if s != nil {
		if s.ClaimControlNumber == "" {
			s.ClaimControlNumber = s.PayerClaimControlNumber
		}
		s.PayerClaimControlNumber = ""
		if ci.ClaimFrequencyCode != "7" && ci.ClaimFrequencyCode != "8" {
			s.ClaimControlNumber = ""
		}
		if *s == (Supple{}) {
			ci.ClaimSupplementalInformation = nil
		}
	}
	for i := range ci.HealthCareCodeInformation {
		d := &ci.HealthCareCodeInformation[i]
		d.DiagnosisCode, _ = ICD10(d.DiagnosisCode)
	}
	if kind == Institutional {
		normalizeInstitutional(ci)
	} else {
		if d := ci.ClaimDateInformation; d != nil {
			d.DischargeHour, d.StatementBeginDate, d.StatementEndDate = "", "", ""
			d.AdmissionDateAndHour = ""
		}
		if !slices.Contains(ci.RelatedCausesCode, "AA") {
			ci.AutoAccidentStateCode, ci.AutoAccidentCountryCode = "", ""
		}
		ci.ClaimCodeInformation = nil
		ci.PrincipalDiagnosis, ci.AdmittingDiagnosis = nil, nil
		ci.OtherDiagnosisInformation, ci.OccurrenceSpanInformation = nil, nil
		ci.OccurrenceInformation, ci.ValueInformation, ci.ConditionCodes = nil, nil, nil
	}
	if d := ci.ClaimDateInformation; d != nil && *d == (Dates{}) {
		ci.ClaimDateInformation = nil
	}
	for i := range ci.ServiceLines {
		normalizeLine(kind, ci, i)
	}
}

func normalizeInstitutional(ci *ClaimInfo) {
	ci.SignatureIndicator, ci.PatientSignatureSourceCode = "", ""
	ci.PatientAmountPaid = Amount{}
	ci.RelatedCausesCode, ci.AutoAccidentStateCode, ci.AutoAccidentCountryCode = nil, "", ""
	ci.HealthCareCodeInformation = nil
	inpatient := Inpatient(ci.PlaceOfServiceCode)
	if !inpatient {
		// ABJ and DTP*096 are sent only on inpatient claims.
		ci.AdmittingDiagnosis = nil
		if d := ci.ClaimDateInformation; d != nil {
			d.DischargeHour = ""
		}
	}
	if allowed, _ := LineDates(ci); !allowed {
		for i := range ci.ServiceLines {
			l := &ci.ServiceLines[i]
			l.ServiceDate, l.ServiceDateEnd = "", ""
		}
	}
	if d := ci.ClaimDateInformation; d != nil {
		d.SymptomDate, d.InitialTreatmentDate, d.LastSeenDate = "", "", ""
		d.AccidentDate, d.AdmissionDate, d.DischargeDate = "", "", ""
	}
	if cc := ci.ClaimCodeInformation; cc != nil && !Inpatient(ci.PlaceOfServiceCode) {
		// CL101 is sent only on inpatient claims.
		cc.AdmissionTypeCode = ""
	}
	if cc := ci.ClaimCodeInformation; cc != nil && *cc == (ClaimCodes{}) {
		ci.ClaimCodeInformation = nil
	}
	if p := ci.PrincipalDiagnosis; p != nil {
		p.QualifierCode = "ABK"
		p.PrincipalDiagnosisCode, _ = ICD10(p.PrincipalDiagnosisCode)
	}
	if a := ci.AdmittingDiagnosis; a != nil {
		a.QualifierCode = "ABJ"
		a.AdmittingDiagnosisCode, _ = ICD10(a.AdmittingDiagnosisCode)
	}
	for i := range ci.OtherDiagnosisInformation {
		o := &ci.OtherDiagnosisInformation[i]
		o.QualifierCode = "ABF"
		o.OtherDiagnosisCode, _ = ICD10(o.OtherDiagnosisCode)
	}
	for i := range ci.OccurrenceSpanInformation {
		ci.OccurrenceSpanInformation[i].QualifierCode = "BI"
	}
	for i := range ci.OccurrenceInformation {
		ci.OccurrenceInformation[i].QualifierCode = "BH"
	}
	for i := range ci.ValueInformation {
		ci.ValueInformation[i].QualifierCode = "BE"
	}
	for i := range ci.ConditionCodes {
		ci.ConditionCodes[i].QualifierCode = "BG"
	}
}

func normalizeLine(kind Kind, ci *ClaimInfo, i int) {
	l := &ci.ServiceLines[i]
	if l.ServiceDateEnd == l.ServiceDate {
		l.ServiceDateEnd = ""
	}
	cn := l.ControlNumber()
	if cn == "" {
		cn = LineControlNumber(ci, i)
	}
	l.ProviderControlNumber, l.LineItemControlNumber = "", ""
	if kind == Institutional {
		l.LineItemControlNumber = cn
		l.ProfessionalService = nil
		if s := l.InstitutionalService; s != nil {
			if s.ProcedureCode != "" && s.ProcedureIdentifier == "" {
				s.ProcedureIdentifier = "HC"
			}
			if s.MeasurementUnit == "" {
				s.MeasurementUnit = "UN"
			}
		}
		return
	}
	l.ProviderControlNumber = cn
	l.InstitutionalService = nil
	if s := l.ProfessionalService; s != nil {
		if s.ProcedureIdentifier == "" {
			s.ProcedureIdentifier = "HC"
		}
		if s.MeasurementUnit == "" {
			s.MeasurementUnit = "UN"
		}
		if s.PlaceOfServiceCode == ci.PlaceOfServiceCode {
			s.PlaceOfServiceCode = ""
		}
		if p := s.CompositeDiagnosisCodePointers; p != nil {
			for j, v := range p.DiagnosisCodePointers {
				if n, err := strconv.Atoi(v); err == nil {
					p.DiagnosisCodePointers[j] = strconv.Itoa(n)
				}
			}
		}
	}
}

// perContact trims a contact, in place, to what a PER segment carries: a
// name and the first three of telephone, extension (after a telephone),
// fax and email.
func perContact(ct *Contact) *Contact {
	if ct.PhoneNumber == "" {
		ct.PhoneExtension = ""
	}
	n := 0
	for _, v := range []*string{&ct.PhoneNumber, &ct.PhoneExtension, &ct.FaxNumber,
		&ct.Email} {
		if *v == "" {
			continue
		}
		if n == 3 {
			*v = ""
		}
		n = min(n+1, 3)
	}
	return ct
}

// perPairs lists a contact's communication numbers as PER03-08 pairs.
func perPairs(ct *Contact) (pairs [3][2]string, n int) {
	add := func(q, v string) {
		if v != "" && n < 3 {
			pairs[n] = [2]string{q, v}
			n++
		}
	}
	add("TE", ct.PhoneNumber)
	if ct.PhoneNumber != "" {
		add("EX", ct.PhoneExtension)
	}
	add("FX", ct.FaxNumber)
	add("EM", ct.Email)
	return pairs, n
}

// LineControlNumber is the REF*6R claimflow writes for line i (0-based)
// of a claim that gives none: the patient control number, "L" and the
// line's number, with "X" added until no other line of the claim uses it.
func LineControlNumber(ci *ClaimInfo, i int) string {
	cn := ci.PatientControlNumber + "L" + strconv.Itoa(i+1)
	for {
		taken := false
		for j := range ci.ServiceLines {
			if j != i && ci.ServiceLines[j].ControlNumber() == cn {
				taken = true
				break
			}
		}
		if !taken {
			return cn
		}
		cn += "X"
	}
}
