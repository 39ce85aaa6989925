package x837

import (
	"slices"
	"strconv"

	"github.com/claimflow/claimflow/edi"
)

// claim checks loop 2300.
func (k *checker) claim() {
	ci := k.c.ClaimInformation
	p := pathOf("claimInformation")
	if k.require(p.sub("claimFilingCode"), ci.ClaimFilingCode, "the claim filing indicator") {
		k.code(p.sub("claimFilingCode"), ci.ClaimFilingCode, filingCodes,
			"the claim filing indicator")
	}
	k.pcn(p.sub("patientControlNumber"), ci.PatientControlNumber)
	k.amount(p.sub("claimChargeAmount"), ci.ClaimChargeAmount, true, "the claim charge")
	k.frequency(p, ci)
	k.code(p.sub("planParticipationCode"), ci.PlanParticipationCode, participationCodes,
		"the plan participation code")
	k.require(p.sub("planParticipationCode"), ci.PlanParticipationCode,
		"the plan participation (assignment) code")
	k.require(p.sub("benefitsAssignmentCertificationIndicator"),
		ci.BenefitsAssignment, "the benefits assignment indicator")
	k.code(p.sub("benefitsAssignmentCertificationIndicator"),
		ci.BenefitsAssignment, benefitsCodes,
		"the benefits assignment indicator")
	k.require(p.sub("releaseInformationCode"), ci.ReleaseInformationCode,
		"the release of information code")
	k.code(p.sub("releaseInformationCode"), ci.ReleaseInformationCode, releaseCodes,
		"the release of information code")
	k.code(p.sub("delayReasonCode"), ci.DelayReasonCode, delayReasonCodes,
		"the delay reason code")
	if ci.PatientAmountPaid.Set {
		k.amount(p.sub("patientAmountPaid"), ci.PatientAmountPaid, false,
			"the amount the patient paid")
	}
	switch k.kind {
	case Professional:
		k.professionalClaim(p, ci)
	case Institutional:
		k.institutionalClaim(p, ci)
	}
}

func (k *checker) pcn(p jpath, v string) {
	if !k.require(p, v, "the patient control number") {
		return
	}
	if len(v) > MaxPatientControlNumber {
		k.add("pcn.length", p, edi.Error,
			"The patient control number is longer than 20 characters; payers cut it.")
	}
	if !isAlnum(v) {
		k.add("pcn.chars", p, edi.Error,
			"The patient control number must hold letters and digits only.")
	}
}

// amount checks a money field; required amounts must be present.
func (k *checker) amount(p jpath, a Amount, required bool, what string) {
	switch {
	case !a.Set:
		if required {
			k.missing(p, what)
		}
	case a.Bad != "":
		k.add("amount.format", p, edi.Error, capitalize(what)+
			" must be a number with at most two decimals, such as 100.00.")
	case a.Cents < 0:
		k.add("amount.negative", p, edi.Error, capitalize(what)+" cannot be negative.")
	}
}

func (k *checker) frequency(p jpath, ci *ClaimInfo) {
	f := ci.ClaimFrequencyCode
	if !k.require(p.sub("claimFrequencyCode"), f, "the claim frequency code") {
		return
	}
	list := profFrequencies
	if k.kind == Institutional {
		list = instFrequencies
	}
	k.code(p.sub("claimFrequencyCode"), f, list, "the claim frequency code")
	orig := ci.ClaimSupplementalInformation.OriginalClaimNumber()
	switch {
	case (f == "7" || f == "8") && orig == "":
		k.add("frequency.needs_reference",
			p.sub("claimSupplementalInformation.claimControlNumber"), edi.Error,
			"A replacement (7) or void (8) needs the payer's claim control number "+
				"of the original claim.")
	case f != "7" && f != "8" && orig != "":
		k.add("frequency.reference_unused",
			p.sub("claimSupplementalInformation.claimControlNumber"), edi.Warning,
			"The payer's claim control number is sent only with frequency 7 or 8; "+
				"it will be left out.")
	}
	if s := ci.ClaimSupplementalInformation; s != nil && s.ClaimControlNumber != "" &&
		s.PayerClaimControlNumber != "" && s.ClaimControlNumber != s.PayerClaimControlNumber {
		k.add("reference.conflict",
			p.sub("claimSupplementalInformation.payerClaimControlNumber"), edi.Error,
			"claimControlNumber and payerClaimControlNumber differ; give one.")
	}
}

func (k *checker) professionalClaim(p jpath, ci *ClaimInfo) {
	pos := ci.PlaceOfServiceCode
	if k.require(p.sub("placeOfServiceCode"), pos, "the place of service code") &&
		(len(pos) != 2 || !isDigits(pos)) {
		k.add("pos.format", p.sub("placeOfServiceCode"), edi.Error,
			"The place of service must be a two-digit code.")
	}
	if k.require(p.sub("signatureIndicator"), ci.SignatureIndicator,
		"the provider signature indicator") {
		k.code(p.sub("signatureIndicator"), ci.SignatureIndicator, signatureCodes,
			"the provider signature indicator")
	}
	k.code(p.sub("patientSignatureSourceCode"), ci.PatientSignatureSourceCode,
		patientSigCodes, "the patient signature source code")
	if d := ci.ClaimDateInformation; d != nil {
		dp := p.sub("claimDateInformation")
		for _, f := range []struct{ name, v string }{
			{"symptomDate", d.SymptomDate}, {"initialTreatmentDate", d.InitialTreatmentDate},
			{"lastSeenDate", d.LastSeenDate}, {"accidentDate", d.AccidentDate},
			{"admissionDate", d.AdmissionDate}, {"dischargeDate", d.DischargeDate},
		} {
			k.date(dp.sub(f.name), f.v, true)
		}
	}
	k.relatedCauses(p, ci)
	k.professionalDiagnoses(p, ci)
}

// relatedCauses checks CLM11 against the accident date: DTP*439 goes with
// a related cause of AA or OA (or EM for an accident at work), and AA
// needs the state where the accident happened.
func (k *checker) relatedCauses(p jpath, ci *ClaimInfo) {
	causes := ci.RelatedCausesCode
	var aa, accident bool
	for j, c := range causes {
		cp := p.sub("relatedCausesCode[]")
		cp.idx[0] = j
		switch {
		case j >= 2:
			k.add("related_causes.count", cp, edi.Error,
				"A claim carries at most two related causes.")
		case !relatedCausesCodes[c]:
			k.add("code.invalid", cp, edi.Error,
				"The related cause must be AA (auto accident), EM (employment) or "+
					"OA (other accident).")
		case j == 1 && c == causes[0]:
			k.add("related_causes.duplicate", cp, edi.Error,
				"The claim gives the same related cause twice.")
		}
		aa = aa || c == "AA"
		accident = accident || c == "AA" || c == "OA" || c == "EM"
	}
	var date string
	if d := ci.ClaimDateInformation; d != nil {
		date = d.AccidentDate
	}
	dp := p.sub("claimDateInformation.accidentDate")
	switch {
	case date != "" && !accident:
		k.add("accident.cause", dp, edi.Error,
			"An accident date is sent only with a related cause of AA, OA or EM "+
				"(relatedCausesCode).")
	case date == "" && (aa || slices.Contains(causes, "OA")):
		k.missing(dp, "the accident date of an accident-related claim")
	}
	sp := p.sub("autoAccidentStateCode")
	st, country := ci.AutoAccidentStateCode, ci.AutoAccidentCountryCode
	switch {
	case aa && st == "" && (country == "" || country == "US" || country == "CA"):
		k.missing(sp, "the state or province of the auto accident")
	case st != "" && (len(st) != 2 || !isUpperAlnum(st)):
		k.add("state.format", sp, edi.Error,
			"The state must be its two-letter code in capitals.")
	}
	if country != "" && (len(country) < 2 || len(country) > 3 || !isUpperAlnum(country)) {
		k.add("country.format", p.sub("autoAccidentCountryCode"), edi.Error,
			"The country must be its two- or three-letter code in capitals.")
	}
	if !aa && (st != "" || country != "") {
		k.add("accident.place_unused", sp, edi.Warning,
			"The place of the accident is sent only with related cause AA; it will "+
				"be left out.")
	}
}

func (k *checker) professionalDiagnoses(p jpath, ci *ClaimInfo) {
	dx := ci.HealthCareCodeInformation
	if len(dx) == 0 {
		k.missing(p.sub("healthCareCodeInformation"), "the principal diagnosis")
		return
	}
	if len(dx) > MaxProfessionalDiagnoses {
		k.add("diagnosis.count", pathOf("claimInformation.healthCareCodeInformation[]",
			MaxProfessionalDiagnoses), edi.Error,
			"A professional claim carries at most 12 diagnoses.")
	}
	for i, d := range dx {
		dp := pathOf("claimInformation.healthCareCodeInformation[]", i)
		want := "ABF"
		if i == 0 {
			want = "ABK"
		}
		if d.DiagnosisTypeCode != want {
			msg := "Only the first diagnosis is the principal (ABK); the others are ABF."
			if d.DiagnosisTypeCode != "ABK" && d.DiagnosisTypeCode != "ABF" {
				msg = "The diagnosis type must be ABK (principal) or ABF (other ICD-10-CM)."
			}
			k.add("diagnosis.type", dp.sub("diagnosisTypeCode"), edi.Error, msg)
		}
		k.icd(dp.sub("diagnosisCode"), d.DiagnosisCode, "the diagnosis code")
	}
}

func (k *checker) icd(p jpath, v, what string) {
	if !k.require(p, v, what) {
		return
	}
	if _, ok := ICD10(v); !ok {
		k.add("icd.format", p, edi.Error,
			capitalize(what)+" is not shaped like an ICD-10-CM code (e.g. E11.9).")
	}
}

func (k *checker) institutionalClaim(p jpath, ci *ClaimInfo) {
	fc := ci.PlaceOfServiceCode
	if k.require(p.sub("placeOfServiceCode"), fc, "the facility type code") &&
		(len(fc) != 2 || !isDigits(fc) || fc[0] == '0') {
		k.add("facility.format", p.sub("placeOfServiceCode"), edi.Error,
			"The facility type code is the first two digits of the type of bill, "+
				"such as 11 or 13.")
	}
	inpatient := Inpatient(fc)
	d := ci.ClaimDateInformation
	if d == nil {
		d = &Dates{}
	}
	dp := p.sub("claimDateInformation")
	k.require(dp.sub("statementBeginDate"), d.StatementBeginDate, "the statement start date")
	k.require(dp.sub("statementEndDate"), d.StatementEndDate, "the statement end date")
	k.date(dp.sub("statementBeginDate"), d.StatementBeginDate, true)
	k.date(dp.sub("statementEndDate"), d.StatementEndDate, true)
	if validDate(d.StatementBeginDate) && validDate(d.StatementEndDate) &&
		d.StatementEndDate < d.StatementBeginDate {
		k.add("date.order", dp.sub("statementEndDate"), edi.Error,
			"The statement end date is before its start date.")
	}
	if inpatient {
		k.require(dp.sub("admissionDateAndHour"), d.AdmissionDateAndHour,
			"the admission date of an inpatient claim")
	}
	if v := d.AdmissionDateAndHour; v != "" {
		if (len(v) != 8 && len(v) != 12) || !validDate(v[:min(8, len(v))]) ||
			len(v) == 12 && !validHour(v[8:]) {
			k.add("date.format", dp.sub("admissionDateAndHour"), edi.Error,
				"The admission must be written CCYYMMDD or CCYYMMDDHHMM.")
		} else {
			k.date(dp.sub("admissionDateAndHour"), v[:8], true)
		}
	}
	if v := d.DischargeHour; v != "" && !validHour(v) {
		k.add("hour.format", dp.sub("dischargeHour"), edi.Error,
			"The discharge hour must be written HHMM.")
	}
	if d.DischargeHour != "" && !inpatient {
		k.add("discharge.unused", dp.sub("dischargeHour"), edi.Warning,
			"The discharge hour is sent only on inpatient claims; it will be left out.")
	}
	k.claimCodes(p, ci, inpatient)
	k.institutionalDiagnoses(p, ci, inpatient)
	k.institutionalCodes(p, ci)
	k.institutionalProviders(inpatient)
}

// institutionalProviders reports the 2310 providers an 837I leaves out:
// a rendering provider who is the attending one (2310D), and a referring
// provider on an inpatient claim or who is the attending one (2310F).
func (k *checker) institutionalProviders(inpatient bool) {
	att := k.c.Provider(AttendingRole)
	if p, path := k.c.provider(RenderingRole); p != nil && att != nil && p.NPI == att.NPI {
		k.add("provider.same_as_attending", path.sub("npi"), edi.Warning,
			"The rendering provider is the attending provider; it will be left out.")
	}
	p, path := k.c.provider(ReferringRole)
	switch {
	case p == nil:
	case inpatient:
		k.add("provider.referring_unused", path, edi.Warning,
			"A referring provider is sent only on outpatient claims; it will be left out.")
	case att != nil && p.NPI == att.NPI:
		k.add("provider.same_as_attending", path.sub("npi"), edi.Warning,
			"The referring provider is the attending provider; it will be left out.")
	}
}

// LineDates tells whether the service lines of an 837I carry their
// service dates (DTP*472), and whether they must. Only outpatient bills
// carry them; bills of type 12x and 22x (inpatient, Medicare Part B only)
// are billed line by line as outpatient ones. They are required when the
// statement period covers more than one day.
func LineDates(ci *ClaimInfo) (allowed, required bool) {
	fc := ci.PlaceOfServiceCode
	allowed = !Inpatient(fc) || fc[1] == '2'
	d := ci.ClaimDateInformation
	required = allowed && d != nil && d.StatementBeginDate != d.StatementEndDate
	return allowed, required
}

// Inpatient reports whether a facility type code (CLM05-1) is an inpatient
// bill: a hospital, skilled nursing, religious or intermediate care
// facility (first digit 1, 2, 4 or 6) billing inpatient services (second
// digit 1 or 2).
func Inpatient(facility string) bool {
	return len(facility) == 2 && (facility[1] == '1' || facility[1] == '2') &&
		(facility[0] == '1' || facility[0] == '2' || facility[0] == '4' || facility[0] == '6')
}

func (k *checker) claimCodes(p jpath, ci *ClaimInfo, inpatient bool) {
	cc := ci.ClaimCodeInformation
	if cc == nil {
		cc = &ClaimCodes{}
	}
	cp := p.sub("claimCodeInformation")
	if k.require(cp.sub("patientStatusCode"), cc.PatientStatusCode, "the patient status code") &&
		(len(cc.PatientStatusCode) != 2 || !isDigits(cc.PatientStatusCode)) {
		k.add("cl1.patient_status", cp.sub("patientStatusCode"), edi.Error,
			"The patient status code must be two digits.")
	}
	if inpatient {
		k.require(cp.sub("admissionTypeCode"), cc.AdmissionTypeCode,
			"the admission type code of an inpatient claim")
		k.require(cp.sub("admissionSourceCode"), cc.AdmissionSourceCode,
			"the admission source code of an inpatient claim")
	}
	if !inpatient && cc.AdmissionTypeCode != "" {
		k.add("cl1.admission_type_unused", cp.sub("admissionTypeCode"), edi.Warning,
			"The admission type is sent only on inpatient claims; it will be left out.")
	}
	if v := cc.AdmissionTypeCode; v != "" && !admissionTypeCodes[v] {
		k.add("cl1.admission_type", cp.sub("admissionTypeCode"), edi.Error,
			"The admission type code must be 1 to 5, or 9 when not known.")
	}
	if v := cc.AdmissionSourceCode; v != "" && (len(v) != 1 || !isUpperAlnum(v)) {
		k.add("cl1.admission_source", cp.sub("admissionSourceCode"), edi.Error,
			"The admission source code must be one letter or digit.")
	}
}

func (k *checker) institutionalDiagnoses(p jpath, ci *ClaimInfo, inpatient bool) {
	pd := ci.PrincipalDiagnosis
	pp := p.sub("principalDiagnosis")
	if pd == nil {
		k.missing(pp, "the principal diagnosis")
	} else {
		k.qualifier(pp.sub("qualifierCode"), pd.QualifierCode, "ABK")
		k.icd(pp.sub("principalDiagnosisCode"), pd.PrincipalDiagnosisCode,
			"the principal diagnosis code")
		k.code(pp.sub("presentOnAdmissionIndicator"), pd.PresentOnAdmissionIndicator, poaCodes,
			"the present-on-admission indicator")
	}
	ap := p.sub("admittingDiagnosis")
	switch ad := ci.AdmittingDiagnosis; {
	case ad == nil && inpatient:
		k.missing(ap, "the admitting diagnosis of an inpatient claim")
	case ad == nil:
	case !inpatient:
		k.add("diagnosis.admitting_unused", ap, edi.Warning,
			"The admitting diagnosis is sent only on inpatient claims; it will be left out.")
	default:
		k.qualifier(ap.sub("qualifierCode"), ad.QualifierCode, "ABJ")
		k.icd(ap.sub("admittingDiagnosisCode"), ad.AdmittingDiagnosisCode,
			"the admitting diagnosis code")
	}
	for i, d := range ci.OtherDiagnosisInformation {
		op := pathOf("claimInformation.otherDiagnosisInformationList[]", i)
		k.qualifier(op.sub("qualifierCode"), d.QualifierCode, "ABF")
		k.icd(op.sub("otherDiagnosisCode"), d.OtherDiagnosisCode, "the diagnosis code")
		k.code(op.sub("presentOnAdmissionIndicator"), d.PresentOnAdmissionIndicator, poaCodes,
			"the present-on-admission indicator")
	}
}

// qualifier checks an HI qualifier that claimflow fills in when absent.
func (k *checker) qualifier(p jpath, v, want string) {
	if v != "" && v != want {
		k.add("qualifier.invalid", p, edi.Error, "The qualifier must be "+want+
			" (ICD-10-CM), or left out.")
	}
}

func (k *checker) institutionalCodes(p jpath, ci *ClaimInfo) {
	counts := []struct {
		name string
		n    int
	}{
		{"otherDiagnosisInformationList", len(ci.OtherDiagnosisInformation)},
		{"occurrenceSpanInformations", len(ci.OccurrenceSpanInformation)},
		{"occurrenceInformationList", len(ci.OccurrenceInformation)},
		{"valueInformationList", len(ci.ValueInformation)},
		{"conditionCodesList", len(ci.ConditionCodes)},
	}
	for _, c := range counts {
		if c.n > MaxInstitutionalCodes {
			k.add("codes.count", pathOf("claimInformation."+c.name+"[]",
				MaxInstitutionalCodes), edi.Error,
				"An institutional claim carries at most 24 codes of each kind.")
		}
	}
	for i, v := range ci.ValueInformation {
		vp := pathOf("claimInformation.valueInformationList[]", i)
		k.qualifier(vp.sub("qualifierCode"), v.QualifierCode, "BE")
		k.shortCode(vp.sub("valueCode"), v.ValueCode, "value code")
		k.amount(vp.sub("valueCodeAmount"), v.ValueCodeAmount, true, "the value code amount")
	}
	for i, o := range ci.OccurrenceInformation {
		op := pathOf("claimInformation.occurrenceInformationList[]", i)
		k.qualifier(op.sub("qualifierCode"), o.QualifierCode, "BH")
		k.shortCode(op.sub("occurrenceSpanCode"), o.OccurrenceSpanCode, "occurrence code")
		if k.require(op.sub("occurrenceSpanCodeDate"), o.OccurrenceSpanCodeDate,
			"the occurrence date") {
			k.date(op.sub("occurrenceSpanCodeDate"), o.OccurrenceSpanCodeDate, false)
		}
	}
	for i, o := range ci.OccurrenceSpanInformation {
		op := pathOf("claimInformation.occurrenceSpanInformations[]", i)
		k.qualifier(op.sub("qualifierCode"), o.QualifierCode, "BI")
		k.shortCode(op.sub("occurrenceSpanCode"), o.OccurrenceSpanCode, "occurrence span code")
		for _, f := range []struct{ name, v string }{
			{"occurrenceSpanCodeStartDate", o.OccurrenceSpanCodeStartDate},
			{"occurrenceSpanCodeEndDate", o.OccurrenceSpanCodeEndDate}} {
			if k.require(op.sub(f.name), f.v, "the occurrence span date") {
				k.date(op.sub(f.name), f.v, false)
			}
		}
		if from, to := o.OccurrenceSpanCodeStartDate, o.OccurrenceSpanCodeEndDate; validDate(from) &&
			validDate(to) && to < from {
			k.add("date.order", op.sub("occurrenceSpanCodeEndDate"), edi.Error,
				"The occurrence span ends before it starts.")
		}
	}
	for i, c := range ci.ConditionCodes {
		cp := pathOf("claimInformation.conditionCodesList[]", i)
		k.qualifier(cp.sub("qualifierCode"), c.QualifierCode, "BG")
		k.shortCode(cp.sub("conditionCode"), c.ConditionCode, "condition code")
	}
}

// shortCode checks a two-character NUBC code (value, occurrence,
// condition).
func (k *checker) shortCode(p jpath, v, what string) {
	if k.require(p, v, "the "+what) && (len(v) != 2 || !isUpperAlnum(v)) {
		k.add("nubc.format", p, edi.Error, "The "+what+" must be two letters or digits.")
	}
}

// itoa is strconv.Itoa, short.
func itoa(i int) string { return strconv.Itoa(i) }
