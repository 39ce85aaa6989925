package x837

// dtp writes a DTP segment with a D8 date when the date is set.
func (b *Builder) dtp(qualifier, date string) {
	if date != "" {
		b.w.Segment("DTP", qualifier, "D8", date)
	}
}

// dtpRange writes D8 for one date and RD8 for a period.
func (b *Builder) dtpRange(qualifier, from, to string) {
	if to == "" || to == from {
		b.dtp(qualifier, from)
		return
	}
	b.w.Segment("DTP", qualifier, "RD8", from+"-"+to)
}

// ref writes a REF segment when the value is set.
func (b *Builder) ref(qualifier, v string) {
	if v != "" {
		b.w.Segment("REF", qualifier, v)
	}
}

// claimP writes loop 2300 of an 837P, its 2310 providers and its lines.
func (b *Builder) claimP(c *Claim) {
	w := b.w
	ci := c.ClaimInformation
	w.Begin("CLM")
	w.Element(ci.PatientControlNumber)
	w.Element(ci.ClaimChargeAmount.X12())
	w.Element("")
	w.Element("")
	w.Composite(ci.PlaceOfServiceCode, "B", ci.ClaimFrequencyCode)
	w.Element(ci.SignatureIndicator)
	w.Element(ci.PlanParticipationCode)
	w.Element(ci.BenefitsAssignment)
	w.Element(ci.ReleaseInformationCode)
	w.Element(ci.PatientSignatureSourceCode)
	var causes [2]string
	copy(causes[:], ci.RelatedCausesCode)
	w.Composite(causes[0], causes[1], "", ci.AutoAccidentStateCode, ci.AutoAccidentCountryCode)
	b.clm20(ci.DelayReasonCode, 11)
	w.End()

	if d := ci.ClaimDateInformation; d != nil {
		b.dtp("431", d.SymptomDate)
		b.dtp("454", d.InitialTreatmentDate)
		b.dtp("304", d.LastSeenDate)
		b.dtp("439", d.AccidentDate)
		b.dtp("435", d.AdmissionDate)
		b.dtp("096", d.DischargeDate)
	}
	if ci.PatientAmountPaid.Set {
		w.Segment("AMT", "F5", ci.PatientAmountPaid.X12())
	}
	if s := ci.ClaimSupplementalInformation; s != nil {
		b.ref("9F", s.ReferralNumber)
		b.ref("G1", s.PriorAuthorizationNumber)
		b.ref("F8", s.ClaimControlNumber)
		b.ref("D9", s.ClaimNumber)
		b.ref("EA", s.MedicalRecordNumber)
	}

	w.Begin("HI")
	for _, d := range ci.HealthCareCodeInformation {
		w.Composite(d.DiagnosisTypeCode, d.DiagnosisCode)
	}
	w.End()

	if p := c.Referring; p != nil {
		b.nm1Provider("DN", p)
	}
	if p := c.Rendering; p != nil {
		b.nm1Provider("82", p)
		if p.TaxonomyCode != "" {
			w.Segment("PRV", "PE", "PXC", p.TaxonomyCode)
		}
	}
	for i := range ci.ServiceLines {
		b.lineP(i, ci, &ci.ServiceLines[i])
	}
}

// clm20 writes empty elements up to CLM19 and then CLM20, the delay
// reason code; written is how many CLM elements are already written.
func (b *Builder) clm20(code string, written int) {
	if code == "" {
		return
	}
	for i := written; i < 19; i++ {
		b.w.Element("")
	}
	b.w.Element(code)
}

// claimI writes loop 2300 of an 837I, its 2310 providers and its lines.
func (b *Builder) claimI(c *Claim) {
	w := b.w
	ci := c.ClaimInformation
	w.Begin("CLM")
	w.Element(ci.PatientControlNumber)
	w.Element(ci.ClaimChargeAmount.X12())
	w.Element("")
	w.Element("")
	w.Composite(ci.PlaceOfServiceCode, "A", ci.ClaimFrequencyCode)
	w.Element("")
	w.Element(ci.PlanParticipationCode)
	w.Element(ci.BenefitsAssignment)
	w.Element(ci.ReleaseInformationCode)
	b.clm20(ci.DelayReasonCode, 9)
	w.End()

	if d := ci.ClaimDateInformation; d != nil {
		if d.DischargeHour != "" {
			w.Segment("DTP", "096", "TM", d.DischargeHour)
		}
		if d.StatementBeginDate != "" {
			w.Segment("DTP", "434", "RD8", d.StatementBeginDate+"-"+d.StatementEndDate)
		}
		switch v := d.AdmissionDateAndHour; len(v) {
		case 8:
			w.Segment("DTP", "435", "D8", v)
		case 12:
			w.Segment("DTP", "435", "DT", v)
		}
	}
	if cc := ci.ClaimCodeInformation; cc != nil {
		w.Segment("CL1", cc.AdmissionTypeCode, cc.AdmissionSourceCode, cc.PatientStatusCode)
	}
	if s := ci.ClaimSupplementalInformation; s != nil {
		b.ref("F8", s.ClaimControlNumber)
		b.ref("9F", s.ReferralNumber)
		b.ref("G1", s.PriorAuthorizationNumber)
		b.ref("D9", s.ClaimNumber)
		b.ref("EA", s.MedicalRecordNumber)
	}
	b.hiI(ci)

	if p := c.Attending; p != nil {
		b.nm1Provider("71", p)
		if p.TaxonomyCode != "" {
			w.Segment("PRV", "AT", "PXC", p.TaxonomyCode)
		}
	}
	if p := c.Rendering; p != nil {
		b.nm1Provider("82", p)
	}
	if p := c.Referring; p != nil {
		b.nm1Provider("DN", p)
	}
	for i := range ci.ServiceLines {
		b.lineI(i, &ci.ServiceLines[i])
	}
}

// hiI writes the 837I HI segments in the guide's order: principal,
// admitting, other diagnoses, occurrence spans, occurrences, values and
// conditions, twelve composites to a segment.
func (b *Builder) hiI(ci *ClaimInfo) {
	w := b.w
	if p := ci.PrincipalDiagnosis; p != nil {
		w.Begin("HI")
		w.Composite("ABK", p.PrincipalDiagnosisCode, "", "", "", "", "", "",
			p.PresentOnAdmissionIndicator)
		w.End()
	}
	if a := ci.AdmittingDiagnosis; a != nil {
		w.Begin("HI")
		w.Composite("ABJ", a.AdmittingDiagnosisCode)
		w.End()
	}
	hiGroups(b, len(ci.OtherDiagnosisInformation), func(i int) {
		o := ci.OtherDiagnosisInformation[i]
		w.Composite("ABF", o.OtherDiagnosisCode, "", "", "", "", "", "",
			o.PresentOnAdmissionIndicator)
	})
	hiGroups(b, len(ci.OccurrenceSpanInformation), func(i int) {
		o := ci.OccurrenceSpanInformation[i]
		w.Composite("BI", o.OccurrenceSpanCode, "RD8",
			o.OccurrenceSpanCodeStartDate+"-"+o.OccurrenceSpanCodeEndDate)
	})
	hiGroups(b, len(ci.OccurrenceInformation), func(i int) {
		o := ci.OccurrenceInformation[i]
		w.Composite("BH", o.OccurrenceSpanCode, "D8", o.OccurrenceSpanCodeDate)
	})
	hiGroups(b, len(ci.ValueInformation), func(i int) {
		v := ci.ValueInformation[i]
		w.Composite("BE", v.ValueCode, "", "", v.ValueCodeAmount.X12())
	})
	hiGroups(b, len(ci.ConditionCodes), func(i int) {
		w.Composite("BG", ci.ConditionCodes[i].ConditionCode)
	})
}

// hiGroups writes n composites in HI segments of at most twelve.
func hiGroups(b *Builder, n int, composite func(i int)) {
	for start := 0; start < n; start += 12 {
		b.w.Begin("HI")
		for i := start; i < n && i < start+12; i++ {
			composite(i)
		}
		b.w.End()
	}
}
