package x835

import (
	"fmt"

	"github.com/claimflow/claimflow/edi"
)

// Version is the implementation guide the Writer names in ST03.
const Version = "005010X221A1"

// Writer writes 835 transaction sets from the values a Reader returns, into
// the open functional group of an edi.Writer: Begin writes ST and the
// header, Claim each claim with its lines, End the PLB segments and SE.
// Reading what it wrote gives the same values back, positions and findings
// aside.
//
// The caller owns the interchange and group (ISA, GS, GE, IEA) and their
// control numbers. Errors are sticky, as in edi.Writer.
type Writer struct {
	w      *edi.Writer
	hdr    *HeaderNumber
	inSet  bool
	sawHdr bool
	err    error
}

// NewWriter returns a Writer that writes into w.
func NewWriter(w *edi.Writer) *Writer { return &Writer{w: w} }

// Err returns the first error met, the edi.Writer's included.
func (w *Writer) Err() error {
	if w.err != nil {
		return w.err
	}
	return w.w.Err()
}

func (w *Writer) fail(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf("%w: 835: "+format, append([]any{edi.ErrWriter}, args...)...)
	}
}

// Write writes rem as one transaction set with control number control
// (ST02, 4 to 9 characters).
func (w *Writer) Write(control string, rem *Remittance) error {
	if rem.Payment == nil {
		w.fail("a remittance needs a payment header")
		return w.Err()
	}
	w.Begin(control, rem.Payment)
	for _, c := range rem.Claims {
		w.Claim(c)
	}
	w.End(rem.Summary)
	return w.Err()
}

// Begin writes ST and the header of p: BPR, TRN, CUR, REF, DTM and the
// payer and payee loops.
func (w *Writer) Begin(control string, p *Payment) error {
	if w.Err() != nil {
		return w.Err()
	}
	if w.inSet {
		w.fail("Begin: a transaction set is already open")
		return w.Err()
	}
	w.inSet, w.hdr, w.sawHdr = true, nil, false
	w.w.BeginSet("835", control, Version)
	w.bpr(p.Financial)
	t := p.Trace
	w.w.Segment("TRN", t.Type, t.Number, t.PayerID, t.Supplemental)
	if c := p.Currency; c != nil {
		w.w.Segment("CUR", c.Entity, c.Code)
	}
	w.refs(p.Refs)
	if d := p.Production; d != nil {
		w.dtm(*d)
	}
	w.payer(&p.Payer)
	w.payee(&p.Payee)
	return w.Err()
}

func (w *Writer) bpr(f Financial) {
	w.w.Segment("BPR", f.Handling, f.Amount.X12(), f.CreditDebit, f.Method, f.Format,
		f.SenderDFIQualifier, f.SenderDFI, f.SenderAccountQualifier, f.SenderAccount,
		f.PayerID, f.PayerSupplemental, f.ReceiverDFIQualifier, f.ReceiverDFI,
		f.ReceiverAccountQualifier, f.ReceiverAccount, string(f.Date))
}

func (w *Writer) payer(p *Payer) {
	w.w.Segment("N1", "PR", p.Name, p.IDQualifier, p.ID)
	w.address(p.Address, p.City)
	w.refs(p.Refs)
	for _, c := range p.Contacts {
		w.per(c)
	}
}

func (w *Writer) payee(p *Payee) {
	w.w.Segment("N1", "PE", p.Name, p.IDQualifier, p.ID)
	w.address(p.Address, p.City)
	w.refs(p.Refs)
	if d := p.Delivery; d != nil {
		w.w.Segment("RDM", d.Method, d.Name, d.Number)
	}
}

func (w *Writer) address(a *Address, c *CityStateZIP) {
	if a != nil {
		w.w.Segment("N3", a.Line1, a.Line2)
	}
	if c != nil {
		w.w.Segment("N4", c.City, c.State, c.PostalCode, c.Country, "", "", c.Subdivision)
	}
}

func (w *Writer) per(c Contact) {
	n := c.Numbers
	w.w.Segment("PER", c.Function, c.Name, n[0].Qualifier, n[0].Number,
		n[1].Qualifier, n[1].Number, n[2].Qualifier, n[2].Number)
}

func (w *Writer) refs(refs []Ref) {
	for _, r := range refs {
		w.w.Segment("REF", r.Qualifier, r.Value)
	}
}

func (w *Writer) dtm(d DateRef) { w.w.Segment("DTM", d.Qualifier, string(d.Date)) }

// Claim writes one claim with its lines, preceded by an LX (with TS3 and
// TS2) when c.Header is not the header of the claim before it. Claims
// without a header may only come before the first claim with one.
func (w *Writer) Claim(c *Claim) error {
	if w.Err() != nil {
		return w.Err()
	}
	if !w.inSet {
		w.fail("Claim: no transaction set is open")
		return w.Err()
	}
	if c.Header == nil && w.sawHdr {
		w.fail("Claim: a claim without a header number follows claims with one")
		return w.Err()
	}
	if c.Header != nil && c.Header != w.hdr {
		w.headerNumber(c.Header)
	}
	w.w.Segment("CLP", c.PatientControl, c.Status, c.Charge.X12(), c.Paid.X12(),
		optional(c.PatientResp), c.FilingIndicator, c.PayerControl, c.FacilityCode,
		c.Frequency, c.PatientStatus, c.DRG, string(c.DRGWeight),
		string(c.DischargeFraction), c.YesNo)
	w.cas(c.Adjustments)
	for _, n := range []struct {
		entity string
		name   *Name
	}{{"QC", c.Patient}, {"IL", c.Insured}, {"74", c.Corrected},
		{"82", c.ServiceProvider}, {"TT", c.Crossover}, {"PR", c.PriorityPayer},
		{"GB", c.OtherSubscriber}} {
		if n.name != nil {
			w.nm1(n.entity, n.name)
		}
	}
	if m := c.Inpatient; m != nil {
		w.mia(m)
	}
	if m := c.Outpatient; m != nil {
		w.w.Segment("MOA", string(m.ReimbursementRate), optional(m.HCPCSPayable),
			m.Remarks[0], m.Remarks[1], m.Remarks[2], m.Remarks[3], m.Remarks[4],
			optional(m.ESRDPayment), optional(m.NonpayableProfessional))
	}
	w.refs(c.Refs)
	for _, d := range c.Dates {
		w.dtm(d)
	}
	for _, p := range c.Contacts {
		w.per(p)
	}
	w.amounts(c.Amounts)
	w.quantities(c.Quantities)
	for i := range c.Lines {
		w.line(&c.Lines[i])
	}
	return w.Err()
}

func (w *Writer) headerNumber(h *HeaderNumber) {
	w.hdr, w.sawHdr = h, true
	w.w.Segment("LX", h.Number)
	if t := h.Summary; t != nil {
		v := make([]string, 24)
		v[0], v[1], v[2], v[3] = t.ProviderID, t.FacilityCode, string(t.FiscalPeriod),
			string(t.ClaimCount)
		v[4] = t.TotalCharge.X12()
		for i, a := range map[int]edi.Amount{13: t.MSPPayer, 15: t.NonLabCharge,
			17: t.HCPCSReportedCharge, 18: t.HCPCSPayable, 20: t.ProfessionalComponent,
			21: t.MSPPatientLiabilityMet, 22: t.PatientReimbursement, 24: t.PIPAdjustment} {
			v[i-1] = optional(a)
		}
		v[22] = string(t.PIPClaimCount)
		for _, u := range t.Unused {
			if u.Element >= 1 && u.Element <= len(v) && v[u.Element-1] == "" {
				v[u.Element-1] = u.Amount.X12()
			}
		}
		w.w.Segment("TS3", v...)
	}
	if t := h.Supplemental; t != nil {
		a, d := optional, func(x Decimal) string { return string(x) }
		w.w.Segment("TS2", a(t.DRG), a(t.FederalSpecific), a(t.HospitalSpecific),
			a(t.DisproportionateShare), a(t.Capital), a(t.IndirectMedicalEduc),
			d(t.OutlierDays), a(t.DayOutlier), a(t.CostOutlier), d(t.AverageDRGStay),
			d(t.Discharges), d(t.CostReportDays), d(t.CoveredDays), d(t.NoncoveredDays),
			a(t.MSPPassThrough), d(t.AverageDRGWeight), a(t.PPSCapitalFSPDRG),
			a(t.PPSCapitalHSPDRG), a(t.PPSDSHDRG))
	}
}

func (w *Writer) nm1(entity string, n *Name) {
	w.w.Segment("NM1", entity, n.EntityType, n.Last, n.First, n.Middle, n.Prefix,
		n.Suffix, n.IDQualifier, n.ID)
}

func (w *Writer) mia(m *Inpatient) {
	a := optional
	w.w.Segment("MIA", string(m.CoveredDays), a(m.PPSOperatingOutlier),
		string(m.LifetimePsychiatricDays), a(m.DRGAmount), m.Remarks[0],
		a(m.DisproportionateShare), a(m.MSPPassThrough), a(m.PPSCapital),
		a(m.PPSCapitalFSPDRG), a(m.PPSCapitalHSPDRG), a(m.PPSCapitalDSHDRG),
		a(m.OldCapital), a(m.PPSCapitalIME), a(m.PPSOperatingHospitalDRG),
		string(m.CostReportDays), a(m.PPSOperatingFederalDRG), a(m.PPSCapitalOutlier),
		a(m.IndirectTeaching), a(m.NonpayableProfessional), m.Remarks[1], m.Remarks[2],
		m.Remarks[3], m.Remarks[4], a(m.PPSCapitalException))
}

func (w *Writer) amounts(as []AmountRef) {
	for _, a := range as {
		w.w.Segment("AMT", a.Qualifier, a.Amount.X12())
	}
}

func (w *Writer) quantities(qs []QuantityRef) {
	for _, q := range qs {
		w.w.Segment("QTY", q.Qualifier, string(q.Quantity))
	}
}

func (w *Writer) line(l *ServiceLine) {
	w.w.Begin("SVC")
	w.procedure(l.Procedure, svc01Codes)
	w.w.Element(l.Charge.X12())
	w.w.Element(l.Paid.X12())
	w.w.Element(l.RevenueCode)
	w.w.Element(string(l.Units))
	if l.Original != nil {
		w.procedure(*l.Original, svc06Codes)
	} else {
		w.w.Element("")
	}
	w.w.Element(string(l.OriginalUnits))
	w.w.End()
	for _, d := range l.Dates {
		w.dtm(d)
	}
	w.cas(l.Adjustments)
	w.refs(l.Refs)
	w.amounts(l.Amounts)
	w.quantities(l.Quantities)
	for _, r := range l.Remarks {
		w.w.Segment("LQ", r.Qualifier, r.Code)
	}
}

func (w *Writer) procedure(p Procedure, known *codeSet) {
	c := []string{p.Qualifier, p.Code, p.Modifiers[0], p.Modifiers[1], p.Modifiers[2],
		p.Modifiers[3], p.Description}
	if misread(c, known) {
		w.fail("SVC: a qualifier that starts with a code and punctuation would be misread")
	}
	w.w.Composite(c...)
}

// misread reports a composite that the Reader would split otherwise than
// it is: written without a component separator (all but the first
// component empty), it would start like a known code followed by the
// punctuation some senders use as a separator.
func misread(c []string, known *codeSet) bool {
	for _, v := range c[1:] {
		if v != "" {
			return false
		}
	}
	f := c[0]
	return len(f) >= 3 && known.has([]byte(f[:2])) && isPunct(f[2])
}

// cas writes adjustments as CAS segments: consecutive adjustments of one
// group share a segment while their triplet numbers rise; a Triplet of 0
// takes the next free one.
func (w *Writer) cas(adjs []Adjustment) {
	for i := 0; i < len(adjs); {
		var slots [6]*Adjustment
		next, j := 0, i
		for ; j < len(adjs) && adjs[j].Group == adjs[i].Group; j++ {
			k := slot(adjs[j].Triplet, next)
			if k < next || k > 5 {
				break
			}
			slots[k], next = &adjs[j], k+1
		}
		v := make([]string, 1, 19)
		v[0] = adjs[i].Group
		for _, a := range slots {
			if a == nil {
				v = append(v, "", "", "")
				continue
			}
			v = append(v, a.Reason, a.Amount.X12(), string(a.Quantity))
		}
		w.w.Segment("CAS", v...)
		i = j
	}
}

// slot returns the 0-based place of a triplet or pair numbered n (1 to 6),
// or next when n is not such a number.
func slot(n, next int) int {
	if n >= 1 && n <= 6 {
		return n - 1
	}
	return next
}

// End writes the PLB segments of s, which may be nil, and SE.
func (w *Writer) End(s *Summary) error {
	if w.Err() != nil {
		return w.Err()
	}
	if !w.inSet {
		w.fail("End: no transaction set is open")
		return w.Err()
	}
	if s != nil {
		w.plb(s.Adjustments)
	}
	w.w.EndSet()
	w.inSet = false
	return w.Err()
}

// plb writes provider adjustments as PLB segments: consecutive ones of one
// provider and fiscal period share a segment while their pair numbers rise.
func (w *Writer) plb(pas []ProviderAdjustment) {
	for i := 0; i < len(pas); {
		var slots [6]*ProviderAdjustment
		next, j := 0, i
		for ; j < len(pas) && pas[j].ProviderID == pas[i].ProviderID &&
			pas[j].FiscalPeriod == pas[i].FiscalPeriod; j++ {
			k := slot(pas[j].Pair, next)
			if k < next || k > 5 {
				break
			}
			slots[k], next = &pas[j], k+1
		}
		w.w.Begin("PLB")
		w.w.Element(pas[i].ProviderID)
		w.w.Element(string(pas[i].FiscalPeriod))
		for _, p := range slots {
			if p == nil {
				w.w.Element("")
				w.w.Element("")
				continue
			}
			if misread([]string{p.Reason, p.Reference}, plbCodes) {
				w.fail("PLB: a reason that starts with a code and punctuation would be misread")
			}
			w.w.Composite(p.Reason, p.Reference)
			w.w.Element(p.Amount.X12())
		}
		w.w.End()
		i = j
	}
}

// optional renders an amount that may be absent: zero is left out.
func optional(a edi.Amount) string {
	if a == 0 {
		return ""
	}
	return a.X12()
}
