package x837

import (
	"strconv"
	"strings"

	"github.com/claimflow/claimflow/edi"
)

// claimState is the claim being read, with what its checks need.
type claimState struct {
	c       *Claim
	pos     edi.Position
	sum     int64
	sumOK   bool
	nDx     int
	hasF8   bool
	has434  bool
	in2320  bool
	prov    *Provider // the 2310 provider being read
	line    *ServiceLine
	linePos edi.Position
	lineSV  bool
	line472 bool
	ptrs    []ptrAt
}

// ptrAt is a diagnosis pointer and where it was read.
type ptrAt struct {
	n   int
	pos edi.Position
	sub int
}

func copyAddress(a *Address) *Address {
	if a == nil {
		return nil
	}
	c := *a
	return &c
}

func copyContact(ct *Contact) *Contact {
	if ct == nil {
		return nil
	}
	c := *ct
	return &c
}

// amountOf reads an X12 decimal; ok is false when it is not one.
func amountOf(v string) (Amount, bool) {
	a, err := edi.ParseAmount([]byte(v))
	if err != nil {
		return Amount{Set: true, Bad: v}, false
	}
	return Cents(int64(a)), true
}

func (r *Reader) beginClaim(s *edi.Segment) {
	r.stats.Claims++
	r.set.claims++
	lvl := r.set.level
	if lvl != "22" && lvl != "23" || r.sub.s == nil {
		r.finding(s, 0, edi.ErrStructure, "CLM is not under a subscriber or patient HL")
	}
	if r.set.open != nil {
		r.set.open.claims++
		if lvl == "22" && r.set.open.child {
			r.finding(s, 0, edi.ErrStructure,
				"a claim under a subscriber HL whose HL04 says a patient HL follows")
		}
	}
	c := &Claim{Kind: r.set.kind, UsageIndicator: r.usage, Index: r.index}
	r.index++
	if h := r.header.sub; h != nil {
		sub := *h
		sub.ContactInformation = copyContact(h.ContactInformation)
		c.Submitter = &sub
	}
	if h := r.header.recv; h != nil {
		recv := *h
		c.Receiver = &recv
	}
	if b := r.billing; b != nil {
		bp := *b
		bp.Address, bp.ContactInformation = copyAddress(b.Address), copyContact(b.ContactInformation)
		c.Billing = &bp
	}
	if st := r.sub; st.s != nil {
		sub := *st.s
		sub.Address = copyAddress(st.s.Address)
		c.Subscriber = &sub
		c.TradingPartnerName, c.TradingPartnerServiceID = st.payerName, st.payerID
	}
	if lvl == "23" && r.dep != nil {
		d := *r.dep
		d.Address = copyAddress(r.dep.Address)
		c.Dependent = &d
	}

	ci := &ClaimInfo{PatientControlNumber: s.Element(1), ClaimFilingCode: r.sub.filing}
	c.ClaimInformation = ci
	cs := &claimState{c: c, pos: s.Pos, sumOK: true}
	r.cur = cs
	r.loop = in2300
	var ok bool
	if ci.ClaimChargeAmount, ok = amountOf(s.Element(2)); !ok {
		r.finding(s, 2, edi.ErrData, "CLM02 is not an amount")
	}
	ci.PlaceOfServiceCode = s.Component(5, 1)
	ci.ClaimFrequencyCode = s.Component(5, 3)
	qual := "B"
	if c.Kind == Institutional {
		qual = "A"
	}
	if s.Component(5, 2) != qual {
		r.findingAt(s.Pos, "CLM", 5, edi.ErrData, "CLM05-2 must be "+qual)
	}
	if ci.PlaceOfServiceCode == "" || ci.ClaimFrequencyCode == "" {
		r.finding(s, 5, edi.ErrStructure, "CLM05 needs its facility and frequency codes")
	}
	first := 6
	if c.Kind == Institutional {
		first = 7
	} else {
		ci.SignatureIndicator = s.Element(6)
		ci.PatientSignatureSourceCode = s.Element(10)
		for j := 1; j <= 2; j++ {
			if v := s.Component(11, j); v != "" {
				ci.RelatedCausesCode = append(ci.RelatedCausesCode, v)
			}
		}
		ci.AutoAccidentStateCode = s.Component(11, 4)
		ci.AutoAccidentCountryCode = s.Component(11, 5)
	}
	ci.PlanParticipationCode = s.Element(7)
	ci.BenefitsAssignment = s.Element(8)
	ci.ReleaseInformationCode = s.Element(9)
	ci.DelayReasonCode = s.Element(20)
	for i := first; i <= 9; i++ {
		if !s.Has(i) {
			r.finding(s, i, edi.ErrStructure, "CLM"+pad2(i)+" is required")
		}
	}
}

func pad2(i int) string {
	if i < 10 {
		return "0" + strconv.Itoa(i)
	}
	return strconv.Itoa(i)
}

// claimSegment reads a segment of loop 2300, 2310 or 2320/2330.
func (r *Reader) claimSegment(s *edi.Segment) {
	cs := r.cur
	if cs == nil {
		return
	}
	if s.ID == "SBR" {
		cs.in2320 = true
	}
	if cs.in2320 {
		r.loop = inOther2300
		return
	}
	ci := cs.c.ClaimInformation
	if s.ID == "NM1" {
		r.claimProvider(s)
		return
	}
	if r.loop == in2310 {
		if s.ID == "PRV" && cs.prov != nil && s.Element(2) == "PXC" {
			cs.prov.TaxonomyCode = s.Element(3)
		}
		return
	}
	if r.loop != in2300 {
		return
	}
	switch s.ID {
	case "DTP":
		r.claimDate(s, ci)
	case "CL1":
		ci.ClaimCodeInformation = &ClaimCodes{AdmissionTypeCode: s.Element(1),
			AdmissionSourceCode: s.Element(2), PatientStatusCode: s.Element(3)}
	case "AMT":
		if s.Element(1) == "F5" {
			ci.PatientAmountPaid, _ = amountOf(s.Element(2))
		}
	case "REF":
		r.claimRef(s, ci)
	case "HI":
		r.hi(s, ci)
	}
}

func (r *Reader) claimProvider(s *edi.Segment) {
	cs := r.cur
	c := cs.c
	p := &Provider{}
	switch e := s.Element(1); {
	case e == "DN":
		c.Referring = p
	case e == "82":
		c.Rendering = p
	case e == "71" && c.Kind == Institutional:
		c.Attending = p
	default:
		r.loop, cs.prov = inOther2300, nil
		return
	}
	readName(p, s)
	r.checkNPI(s)
	r.loop, cs.prov = in2310, p
}

func (r *Reader) claimDate(s *edi.Segment, ci *ClaimInfo) {
	if ci.ClaimDateInformation == nil {
		ci.ClaimDateInformation = &Dates{}
	}
	d := ci.ClaimDateInformation
	v := s.Element(3)
	if r.cur.c.Kind == Institutional {
		switch s.Element(1) {
		case "096":
			d.DischargeHour = v
		case "434":
			r.cur.has434 = true
			d.StatementBeginDate, d.StatementEndDate, _ = strings.Cut(v, "-")
		case "435":
			d.AdmissionDateAndHour = v
		}
		return
	}
	switch s.Element(1) {
	case "431":
		d.SymptomDate = v
	case "454":
		d.InitialTreatmentDate = v
	case "304":
		d.LastSeenDate = v
	case "439":
		d.AccidentDate = v
	case "435":
		d.AdmissionDate = v
	case "096":
		d.DischargeDate = v
	}
}

func (r *Reader) claimRef(s *edi.Segment, ci *ClaimInfo) {
	v := s.Element(2)
	sp := ci.ClaimSupplementalInformation
	if sp == nil {
		sp = &Supple{}
	}
	switch s.Element(1) {
	case "9F":
		sp.ReferralNumber = v
	case "G1":
		sp.PriorAuthorizationNumber = v
	case "F8":
		r.cur.hasF8 = true
		sp.ClaimControlNumber = v
	case "D9":
		sp.ClaimNumber = v
	case "EA":
		sp.MedicalRecordNumber = v
	default:
		return
	}
	ci.ClaimSupplementalInformation = sp
}

// hi reads an HI segment's composites into the claim's code lists.
func (r *Reader) hi(s *edi.Segment, ci *ClaimInfo) {
	inst := r.cur.c.Kind == Institutional
	for i := 1; i <= s.Len(); i++ {
		q, code := s.Component(i, 1), s.Component(i, 2)
		if q == "" {
			continue
		}
		if !inst {
			if q == "ABK" || q == "ABF" || q == "BK" || q == "BF" {
				r.cur.nDx++
				ci.HealthCareCodeInformation = append(ci.HealthCareCodeInformation,
					Diagnosis{DiagnosisTypeCode: q, DiagnosisCode: code})
			}
			continue
		}
		switch q {
		case "ABK", "BK":
			r.cur.nDx++
			ci.PrincipalDiagnosis = &PrincipalDiagnosis{QualifierCode: q,
				PrincipalDiagnosisCode: code, PresentOnAdmissionIndicator: s.Component(i, 9)}
		case "ABJ", "BJ":
			ci.AdmittingDiagnosis = &AdmittingDiagnosis{QualifierCode: q,
				AdmittingDiagnosisCode: code}
		case "ABF", "BF":
			ci.OtherDiagnosisInformation = append(ci.OtherDiagnosisInformation,
				OtherDiagnosis{QualifierCode: q, OtherDiagnosisCode: code,
					PresentOnAdmissionIndicator: s.Component(i, 9)})
		case "BI":
			from, to, _ := strings.Cut(s.Component(i, 4), "-")
			ci.OccurrenceSpanInformation = append(ci.OccurrenceSpanInformation,
				OccurrenceSpan{QualifierCode: q, OccurrenceSpanCode: code,
					OccurrenceSpanCodeStartDate: from, OccurrenceSpanCodeEndDate: to})
		case "BH":
			ci.OccurrenceInformation = append(ci.OccurrenceInformation, Occurrence{
				QualifierCode: q, OccurrenceSpanCode: code,
				OccurrenceSpanCodeDate: s.Component(i, 4)})
		case "BE":
			a, ok := amountOf(s.Component(i, 5))
			if !ok {
				r.findingAt(s.Pos, "HI", i, edi.ErrData, "the value code amount is not an amount")
			}
			ci.ValueInformation = append(ci.ValueInformation, ValueInfo{QualifierCode: q,
				ValueCode: code, ValueCodeAmount: a})
		case "BG":
			ci.ConditionCodes = append(ci.ConditionCodes, ConditionCode{QualifierCode: q,
				ConditionCode: code})
		}
	}
}
