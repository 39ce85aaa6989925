package x835

import "github.com/claimflow/claimflow/edi"

// Claim is loop 2100, claim payment information: the CLP segment with its
// claim-level adjustments (CAS), the people and payers named (NM1), the
// inpatient and outpatient adjudication (MIA, MOA), references, dates,
// contact, supplemental amounts and quantities, and its service lines
// (loop 2110). Reader returns one Claim at a time.
type Claim struct {
	PatientControl    string     // CLP01: our CLM01
	Status            string     // CLP02: 1, 2, 3, 4, 19-23 or 25
	Charge            edi.Amount // CLP03: total claim charge
	Paid              edi.Amount // CLP04: claim payment
	PatientResp       edi.Amount // CLP05: patient responsibility; 0 when absent
	FilingIndicator   string     // CLP06, e.g. 12, MB, MC, HM
	PayerControl      string     // CLP07: the payer's claim control number
	FacilityCode      string     // CLP08: facility type or place of service
	Frequency         string     // CLP09: claim frequency code
	PatientStatus     string     // CLP10: not used by 005010X221A1, kept when sent
	DRG               string     // CLP11: DRG code
	DRGWeight         Decimal    // CLP12
	DischargeFraction Decimal    // CLP13: a percentage as a decimal, e.g. 0.4
	YesNo             string     // CLP14: Y or N
	Pos               edi.Position

	Adjustments []Adjustment // claim-level CAS

	Patient         *Name // NM1*QC
	Insured         *Name // NM1*IL
	Corrected       *Name // NM1*74: corrected patient or insured
	ServiceProvider *Name // NM1*82: rendering provider
	Crossover       *Name // NM1*TT: the payer the claim was forwarded to
	PriorityPayer   *Name // NM1*PR: corrected priority payer
	OtherSubscriber *Name // NM1*GB

	Inpatient  *Inpatient  // MIA, nil when absent
	Outpatient *Outpatient // MOA, nil when absent

	// Refs are the claim's REF segments: other claim IDs (1L, 1W, 28, 6P,
	// 9A, 9C, BB, CE, EA, F8, G1, G3, IG, SY) and rendering provider IDs
	// (0B, 1A, 1B, 1C, 1D, 1G, 1H, 1J, D3, G2, LU).
	Refs []Ref
	// Dates are 232 and 233 (statement from and to), 036 (coverage
	// expiration) and 050 (received).
	Dates    []DateRef
	Contacts []Contact // PER*CX
	// Amounts are AU (coverage), D8 (discount), DY (per day limit), F5
	// (patient paid), I (interest), NL (negative ledger balance), T (tax),
	// T2 (total before taxes) and ZK-ZO (federal payment mandate
	// categories).
	Amounts    []AmountRef
	Quantities []QuantityRef

	Lines []ServiceLine // loop 2110

	// Header is the loop 2000 the claim is in; nil when no LX came first.
	Header *HeaderNumber `json:"-"`
	// Payment is the header of the transaction set the claim is in.
	Payment *Payment `json:"-"`

	// Findings are the problems found in the claim and its lines,
	// balancing included.
	Findings edi.Findings
}

func (*Claim) item() {}

// Ref returns the value of the claim's first REF with qualifier q.
func (c *Claim) Ref(q string) (string, bool) { return findRef(c.Refs, q) }

// Date returns the claim's first DTM date with qualifier q.
func (c *Claim) Date(q string) (Date, bool) { return findDate(c.Dates, q) }

// Amount returns the claim's first AMT amount with qualifier q.
func (c *Claim) Amount(q string) (edi.Amount, bool) { return findAmount(c.Amounts, q) }

// Quantity returns the claim's first QTY quantity with qualifier q.
func (c *Claim) Quantity(q string) (Decimal, bool) { return findQuantity(c.Quantities, q) }

// Interest returns the claim's AMT*I amounts added up.
func (c *Claim) Interest() edi.Amount {
	var t edi.Amount
	for _, a := range c.Amounts {
		if a.Qualifier == "I" {
			t += a.Amount
		}
	}
	return t
}

// Name is an NM1 segment of loop 2100. Which person or organisation it
// names follows from the Claim field that holds it.
type Name struct {
	EntityType  string // NM102: 1 person, 2 organisation
	Last        string // NM103, or the organisation's name
	First       string // NM104
	Middle      string // NM105
	Prefix      string // NM106
	Suffix      string // NM107
	IDQualifier string // NM108
	ID          string // NM109
	Pos         edi.Position
}

// Inpatient is the MIA segment: inpatient adjudication information, with
// up to five remark codes (MIA05, MIA20-MIA23) kept in their places.
type Inpatient struct {
	CoveredDays             Decimal    // MIA01
	PPSOperatingOutlier     edi.Amount // MIA02
	LifetimePsychiatricDays Decimal    // MIA03
	DRGAmount               edi.Amount // MIA04
	DisproportionateShare   edi.Amount // MIA06
	MSPPassThrough          edi.Amount // MIA07
	PPSCapital              edi.Amount // MIA08
	PPSCapitalFSPDRG        edi.Amount // MIA09
	PPSCapitalHSPDRG        edi.Amount // MIA10
	PPSCapitalDSHDRG        edi.Amount // MIA11
	OldCapital              edi.Amount // MIA12
	PPSCapitalIME           edi.Amount // MIA13
	PPSOperatingHospitalDRG edi.Amount // MIA14
	CostReportDays          Decimal    // MIA15
	PPSOperatingFederalDRG  edi.Amount // MIA16
	PPSCapitalOutlier       edi.Amount // MIA17
	IndirectTeaching        edi.Amount // MIA18
	NonpayableProfessional  edi.Amount // MIA19
	PPSCapitalException     edi.Amount // MIA24
	Remarks                 [5]string  // MIA05, MIA20, MIA21, MIA22, MIA23
	Pos                     edi.Position
}

// RemarkCodes returns the MIA's remark codes (RARC) that are present.
func (m *Inpatient) RemarkCodes() []string { return present(m.Remarks[:]) }

// Outpatient is the MOA segment: outpatient adjudication information, with
// up to five remark codes (MOA03-MOA07) kept in their places.
type Outpatient struct {
	ReimbursementRate      Decimal    // MOA01
	HCPCSPayable           edi.Amount // MOA02
	Remarks                [5]string  // MOA03-MOA07
	ESRDPayment            edi.Amount // MOA08
	NonpayableProfessional edi.Amount // MOA09
	Pos                    edi.Position
}

// RemarkCodes returns the MOA's remark codes (RARC) that are present.
func (m *Outpatient) RemarkCodes() []string { return present(m.Remarks[:]) }

func present(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// miaRemarks are the MIA elements that hold remark codes.
var miaRemarks = [5]int{5, 20, 21, 22, 23}

func (r *Reader) parseCLP(s *edi.Segment) *Claim {
	c := r.sp.claims.next()
	if r.sp.reused {
		*c = Claim{}
	}
	// Field by field into the claim's slot: see setPos.
	c.PatientControl = r.str(s, 1)
	c.Status = r.code(s, 2, clp02Codes, false, "claim status")
	c.Charge = r.amount(s, 3, true, "claim charge")
	c.Paid = r.amount(s, 4, true, "claim payment")
	c.PatientResp = r.amount(s, 5, false, "patient responsibility")
	c.FilingIndicator = r.code(s, 6, clp06Codes, false, "claim filing indicator")
	c.PayerControl = r.str(s, 7)
	c.FacilityCode = r.str(s, 8)
	c.Frequency = r.str(s, 9)
	c.PatientStatus = r.str(s, 10)
	c.DRG = r.str(s, 11)
	c.DRGWeight = r.decimal(s, 12, "DRG weight")
	c.DischargeFraction = r.decimal(s, 13, "discharge fraction")
	c.YesNo = r.str(s, 14)
	setPos(&c.Pos, s)
	r.required(s, 1, edi.Error, "patient control number")
	r.required(s, 2, edi.Error, "claim status")
	r.required(s, 6, edi.Warning, "claim filing indicator")
	r.required(s, 7, edi.Warning, "payer claim control number")
	return c
}

func (r *Reader) parseNM1(s *edi.Segment, qualifiers *codeSet) *Name {
	n := r.sp.names.next()
	n.EntityType, n.Last, n.First = r.str(s, 2), r.str(s, 3), r.str(s, 4)
	n.Middle, n.Prefix, n.Suffix = r.str(s, 5), r.str(s, 6), r.str(s, 7)
	n.IDQualifier, n.ID = r.str(s, 8), r.str(s, 9)
	setPos(&n.Pos, s)
	if q := s.Bytes(8); len(q) > 0 && !qualifiers.has(q) {
		r.finding(edi.Warning, s, 8, 0, edi.ErrData,
			"the ID qualifier is not one 005010X221A1 allows for this entity")
	}
	return n
}

func (r *Reader) parseMIA(s *edi.Segment) *Inpatient {
	a := func(i int) edi.Amount { return r.amount(s, i, false, "amount") }
	m := &Inpatient{
		CoveredDays:             r.decimal(s, 1, "covered days"),
		PPSOperatingOutlier:     a(2),
		LifetimePsychiatricDays: r.decimal(s, 3, "lifetime psychiatric days"),
		DRGAmount:               a(4),
		DisproportionateShare:   a(6),
		MSPPassThrough:          a(7),
		PPSCapital:              a(8),
		PPSCapitalFSPDRG:        a(9),
		PPSCapitalHSPDRG:        a(10),
		PPSCapitalDSHDRG:        a(11),
		OldCapital:              a(12),
		PPSCapitalIME:           a(13),
		PPSOperatingHospitalDRG: a(14),
		CostReportDays:          r.decimal(s, 15, "cost report days"),
		PPSOperatingFederalDRG:  a(16),
		PPSCapitalOutlier:       a(17),
		IndirectTeaching:        a(18),
		NonpayableProfessional:  a(19),
		PPSCapitalException:     a(24),
		Pos:                     s.Pos,
	}
	for k, i := range miaRemarks {
		m.Remarks[k] = r.str(s, i)
	}
	r.required(s, 1, edi.Warning, "covered days or visits")
	return m
}

func (r *Reader) parseMOA(s *edi.Segment) *Outpatient {
	m := &Outpatient{
		ReimbursementRate:      r.decimal(s, 1, "reimbursement rate"),
		HCPCSPayable:           r.amount(s, 2, false, "HCPCS payable amount"),
		ESRDPayment:            r.amount(s, 8, false, "ESRD payment amount"),
		NonpayableProfessional: r.amount(s, 9, false, "nonpayable professional amount"),
		Pos:                    s.Pos,
	}
	for k := range m.Remarks {
		m.Remarks[k] = r.str(s, 3+k)
	}
	return m
}

// readAMT reads an AMT segment into d, every field set.
func (r *Reader) readAMT(d *AmountRef, s *edi.Segment, allowed *codeSet) {
	d.Qualifier = r.code(s, 1, allowed, true, "qualifier")
	d.Amount = r.amount(s, 2, true, "amount")
	setPos(&d.Pos, s)
}

// readQTY reads a QTY segment into d, every field set.
func (r *Reader) readQTY(d *QuantityRef, s *edi.Segment, allowed *codeSet) {
	d.Qualifier = r.code(s, 1, allowed, true, "qualifier")
	d.Quantity = r.decimal(s, 2, "quantity")
	setPos(&d.Pos, s)
	r.required(s, 2, edi.Warning, "quantity")
}

// claimSegment handles a segment of loop 2100 after its CLP.
func (r *Reader) claimSegment(s *edi.Segment) {
	c := r.claim
	switch r.kind {
	case kCAS:
		c.Adjustments = r.parseCAS(s, c.Adjustments)
	case kNM1:
		r.claimName(s)
	case kMIA:
		if c.Inpatient != nil {
			r.repeated(s)
			return
		}
		c.Inpatient = r.parseMIA(s)
	case kMOA:
		if c.Outpatient != nil {
			r.repeated(s)
			return
		}
		c.Outpatient = r.parseMOA(s)
	case kREF:
		r.readRef(r.sp.refA.push(&c.Refs), s, claimRefs)
	case kDTM:
		r.readDTM(r.sp.dateA.push(&c.Dates), s, claimDTM)
	case kPER:
		c.Contacts = append(c.Contacts, r.parsePER(s, claimPER))
	case kAMT:
		r.readAMT(r.sp.amtA.push(&c.Amounts), s, claimAMT)
	case kQTY:
		r.readQTY(r.sp.qtyA.push(&c.Quantities), s, claimQTY)
	}
}

// claimName files an NM1 under the role its NM101 names.
func (r *Reader) claimName(s *edi.Segment) {
	c := r.claim
	var slot **Name
	var qualifiers *codeSet
	switch string(s.Bytes(1)) {
	case "QC":
		slot, qualifiers = &c.Patient, qcNM108
	case "IL":
		slot, qualifiers = &c.Insured, ilNM108
	case "74":
		slot, qualifiers = &c.Corrected, c74NM108
	case "82":
		slot, qualifiers = &c.ServiceProvider, c82NM108
	case "TT":
		slot, qualifiers = &c.Crossover, payNM108
	case "PR":
		slot, qualifiers = &c.PriorityPayer, payNM108
	case "GB":
		slot, qualifiers = &c.OtherSubscriber, gbNM108
	default:
		r.finding(edi.Warning, s, 1, 0, edi.ErrData,
			"the entity code is not one loop 2100 names; the NM1 is ignored")
		return
	}
	if *slot != nil {
		r.repeated(s)
		return
	}
	*slot = r.parseNM1(s, qualifiers)
}
