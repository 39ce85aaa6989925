package inspect

import (
	"errors"
	"io"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/codes"
	"github.com/claimflow/claimflow/edi/x835"
)

// remitPart reads 835 sets with x835.Reader.
type remitPart struct {
	name  string
	found edi.Findings
	byST  map[int]*Remittance
}

func (p *remitPart) reads(id string) bool { return id == "835" }

func (p *remitPart) findings() edi.Findings { return p.found }

func (p *remitPart) attach(x index) {
	for ord, rem := range p.byST {
		if s := x.set(ord); s != nil {
			s.Remittance = rem
		}
	}
}

func (p *remitPart) read(src io.Reader) {
	r := x835.NewReader(src)
	r.SetName(p.name)
	r.SetReuse(true) // each claim is converted before the next is read
	p.byST = map[int]*Remittance{}
	for {
		it, err := r.Next()
		if err != nil {
			break
		}
		switch v := it.(type) {
		case *x835.Payment:
			p.byST[v.Pos.Ordinal] = newRemittance(v)
		case *x835.Claim:
			if rem := p.byST[v.Payment.Pos.Ordinal]; rem != nil {
				rem.Claims = append(rem.Claims, remitClaim(v))
			}
		case *x835.Summary:
			if rem := p.byST[v.Payment.Pos.Ordinal]; rem != nil {
				rem.summarize(v)
			}
		}
	}
	p.found = r.Findings()
}

func newRemittance(p *x835.Payment) *Remittance {
	f := p.Financial
	rem := &Remittance{
		Payment: Payment{Amount: f.Amount, CreditDebit: f.CreditDebit, Method: f.Method,
			Date: isoDate(string(f.Date)), TraceNumber: p.Trace.Number,
			PayerID: p.Trace.PayerID},
		Payer:  Payer{Name: p.Payer.Name, ID: p.Payer.ID},
		Payee:  Payee{Name: p.Payee.Name, IDQualifier: p.Payee.IDQualifier, ID: p.Payee.ID},
		Claims: []RemitClaim{}, ProviderAdjustments: []ProviderAdjustment{},
	}
	if f.Method != "" {
		rem.Payment.MethodText = codes.PaymentMethod.Describe(f.Method)
	}
	if id, ok := p.Payer.Ref("2U"); ok {
		rem.Payer.ID = id
	}
	return rem
}

// summarize takes the set's PLB adjustments and totals.
func (rem *Remittance) summarize(s *x835.Summary) {
	for _, pa := range s.Adjustments {
		rem.ProviderAdjustments = append(rem.ProviderAdjustments, ProviderAdjustment{
			ProviderID: pa.ProviderID, Reason: pa.Reason,
			ReasonText: describe(codes.PLBReason, pa.Reason),
			Reference:  pa.Reference, Amount: pa.Amount})
	}
	t := s.Totals
	signed := rem.Payment.Amount
	if rem.Payment.CreditDebit == "D" {
		signed = -signed
	}
	rem.Totals = RemitTotals{Claims: t.Claims, Charge: t.Charge, Paid: t.Paid,
		PatientResponsibility: t.PatientResp, ProviderAdjustments: t.ProviderAdjustments,
		ExpectedPayment: t.Expected(), Balanced: signed == t.Expected()}
}

func remitClaim(c *x835.Claim) RemitClaim {
	rc := RemitClaim{
		PatientControlNumber: c.PatientControl, StatusCode: c.Status,
		Status: describe(codes.ClaimStatus, c.Status), Charge: c.Charge, Paid: c.Paid,
		PatientResponsibility: c.PatientResp, PayerClaimNumber: c.PayerControl,
		FilingIndicator: c.FilingIndicator, Adjustments: adjustments(c.Adjustments),
		Remarks: []Remark{}, Services: make([]RemitService, 0, len(c.Lines)),
	}
	if c.Inpatient != nil {
		rc.Remarks = appendRARC(rc.Remarks, c.Inpatient.RemarkCodes())
	}
	if c.Outpatient != nil {
		rc.Remarks = appendRARC(rc.Remarks, c.Outpatient.RemarkCodes())
	}
	for i := range c.Lines {
		rc.Services = append(rc.Services, remitService(&c.Lines[i]))
	}
	for _, f := range c.Findings {
		if errors.Is(f, x835.ErrBalance) {
			rc.BalanceFindings = append(rc.BalanceFindings, newFinding(f))
		}
	}
	return rc
}

func remitService(l *x835.ServiceLine) RemitService {
	s := RemitService{
		Procedure: l.Procedure.Code, Qualifier: l.Procedure.Qualifier,
		Modifiers: modifiers(l.Procedure.Modifiers[:]), RevenueCode: l.RevenueCode,
		Charge: l.Charge, Paid: l.Paid, Units: string(l.Units),
		Adjustments: adjustments(l.Adjustments), Remarks: []Remark{},
	}
	if o := l.Original; o != nil {
		s.OriginalProcedure = &Procedure{Qualifier: o.Qualifier, Procedure: o.Code,
			Modifiers: modifiers(o.Modifiers[:])}
	}
	s.LineControlNumber, _ = l.ControlNumber()
	if d, ok := l.Date("472"); ok {
		s.ServiceDate = isoDate(string(d))
	} else if d, ok := l.Date("150"); ok {
		s.ServiceDate = isoDate(string(d))
	}
	if d, ok := l.Date("151"); ok {
		s.ServiceDateEnd = isoDate(string(d))
	}
	if a, ok := l.Amount("B6"); ok {
		s.Allowed = money(a)
	}
	for _, rm := range l.Remarks {
		switch rm.Qualifier {
		case "RX":
			s.Remarks = append(s.Remarks, Remark{Qualifier: "RX", Code: rm.Code})
		default:
			s.Remarks = appendRARC(s.Remarks, []string{rm.Code})
		}
	}
	return s
}

func adjustments(as []x835.Adjustment) []Adjustment {
	out := make([]Adjustment, 0, len(as))
	for _, a := range as {
		out = append(out, Adjustment{Group: a.Group, GroupText: describe(codes.CASGroup, a.Group),
			Reason: a.Reason, ReasonText: describe(codes.CARC, a.Reason), Amount: a.Amount,
			Quantity: string(a.Quantity)})
	}
	return out
}

func appendRARC(rs []Remark, cs []string) []Remark {
	for _, c := range cs {
		rs = append(rs, Remark{Code: c, Text: describe(codes.RARC, c)})
	}
	return rs
}

// modifiers returns the modifiers that are present, or nil.
func modifiers(ms []string) []string {
	var out []string
	for _, m := range ms {
		if m != "" {
			out = append(out, m)
		}
	}
	return out
}

// describe returns the words for code, or "" when there is no code.
func describe(l *codes.List, code string) string {
	if code == "" {
		return ""
	}
	return l.Describe(code)
}
