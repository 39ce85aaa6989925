package x837

import "strconv"

// lineP writes loop 2400 of an 837P: LX, SV1, DTP*472 and REF*6R.
func (b *Builder) lineP(i int, ci *ClaimInfo, l *ServiceLine) {
	w := b.w
	s := l.ProfessionalService
	w.Segment("LX", strconv.Itoa(i+1))
	w.Begin("SV1")
	b.procedure(s.ProcedureIdentifier, s.ProcedureCode, s.ProcedureModifiers)
	w.Element(s.LineItemChargeAmount.X12())
	w.Element(s.MeasurementUnit)
	w.Element(s.ServiceUnitCount.String())
	w.Element(s.PlaceOfServiceCode)
	w.Element("")
	b.ptrs = b.ptrs[:0]
	if p := s.CompositeDiagnosisCodePointers; p != nil {
		b.ptrs = append(b.ptrs, p.DiagnosisCodePointers...)
	}
	w.Composite(b.ptrs...)
	w.End()
	b.dtpRange("472", l.ServiceDate, l.ServiceDateEnd)
	b.ref("6R", l.ProviderControlNumber)
}

// lineI writes loop 2400 of an 837I: LX, SV2, DTP*472 and REF*6R.
func (b *Builder) lineI(i int, l *ServiceLine) {
	w := b.w
	s := l.InstitutionalService
	w.Segment("LX", strconv.Itoa(i+1))
	w.Begin("SV2")
	w.Element(s.ServiceLineRevenueCode)
	if s.ProcedureCode != "" {
		b.procedure(s.ProcedureIdentifier, s.ProcedureCode, s.ProcedureModifiers)
	} else {
		w.Element("")
	}
	w.Element(s.LineItemChargeAmount.X12())
	w.Element(s.MeasurementUnit)
	w.Element(s.ServiceUnitCount.String())
	if s.NonCoveredChargeAmount.Set {
		w.Element("")
		w.Element(s.NonCoveredChargeAmount.X12())
	}
	w.End()
	b.dtpRange("472", l.ServiceDate, l.ServiceDateEnd)
	b.ref("6R", l.LineItemControlNumber)
}

// procedure writes the C003 composite: qualifier, code, up to four
// modifiers.
func (b *Builder) procedure(qualifier, code string, mods []string) {
	var c [6]string
	c[0], c[1] = qualifier, code
	copy(c[2:], mods)
	b.w.Composite(c[:2+min(len(mods), 4)]...)
}
