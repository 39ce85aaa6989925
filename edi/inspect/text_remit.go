package inspect

import (
	"fmt"
	"strings"

	"github.com/claimflow/claimflow/edi"
)

// creditDebit says what BPR03 means.
var creditDebit = map[string]string{"C": "credit", "D": "debit"}

func (p *printer) remittance(r *Remittance) {
	pay := r.Payment
	method := orNone(pay.Method)
	if pay.MethodText != "" {
		method += " (" + pay.MethodText + ")"
	}
	cd := creditDebit[pay.CreditDebit]
	if cd == "" {
		cd = "credit/debit " + orNone(pay.CreditDebit)
	}
	p.line(3, "Payment  %s %s by %s on %s", pay.Amount, cd, method, orNone(pay.Date))
	p.line(3, "Trace    %s, payer %s", orNone(pay.TraceNumber), orNone(pay.PayerID))
	p.line(3, "Payer    %s, ID %s", orNone(r.Payer.Name), orNone(r.Payer.ID))
	p.line(3, "Payee    %s, %s", orNone(r.Payee.Name),
		strings.TrimSpace(r.Payee.IDQualifier+" "+orNone(r.Payee.ID)))
	p.blank()
	p.claimsTable(r)
	for i := range r.Claims {
		p.blank()
		p.remitClaim(&r.Claims[i])
	}
	if len(r.ProviderAdjustments) > 0 {
		p.blank()
		p.providerAdjustments(r.ProviderAdjustments)
	}
	p.blank()
	p.remitTotals(r)
}

// claimsTable lists the payment's claims, one row each.
func (p *printer) claimsTable(r *Remittance) {
	t := newTable("llrrr")
	t.row(0, "Claim", "Status", "Charge", "Paid", "Patient resp.")
	for _, c := range r.Claims {
		t.row(0, c.PatientControlNumber, clip(c.StatusCode+" "+c.Status, 40),
			c.Charge.String(), c.Paid.String(), c.PatientResponsibility.String())
	}
	tot := r.Totals
	t.row(0, "Total", count(tot.Claims, "claim"), tot.Charge.String(), tot.Paid.String(),
		tot.PatientResponsibility.String())
	p.table(3, t)
}

// remitClaim shows one claim: the claim, its lines, their adjustments and
// remarks, with the money in columns.
func (p *printer) remitClaim(c *RemitClaim) {
	p.line(3, "Claim %s: %s %s", orNone(c.PatientControlNumber), orNone(c.StatusCode),
		c.Status)
	p.line(4, "payer claim %s, filing indicator %s", orNone(c.PayerClaimNumber),
		orNone(c.FilingIndicator))
	t := newTable("lrrrr")
	t.row(0, "", "Charge", "Allowed", "Paid", "Adjusted")
	t.row(0, "Claim", c.Charge.String(), "", c.Paid.String())
	adjustmentRows(t, 2, c.Adjustments)
	remarkRows(t, 2, c.Remarks)
	for i, s := range c.Services {
		allowed := ""
		if s.Allowed != nil {
			allowed = s.Allowed.String()
		}
		t.row(0, clip(serviceLabel(i+1, &s), labelWidth), s.Charge.String(), allowed,
			s.Paid.String())
		if d := serviceDetail(&s); d != "" {
			t.note(2, d)
		}
		if o := s.OriginalProcedure; o != nil {
			t.note(2, "billed as "+procedure(o.Qualifier, o.Procedure, o.Modifiers))
		}
		adjustmentRows(t, 2, s.Adjustments)
		remarkRows(t, 2, s.Remarks)
	}
	t.row(0, "Patient responsibility", "", "", "", c.PatientResponsibility.String())
	p.table(4, t)
	for _, f := range c.BalanceFindings {
		p.line(4, "Out of balance: %s", f.Message)
	}
}

// serviceLabel describes a service line: its procedure, revenue code and
// units.
func serviceLabel(n int, s *RemitService) string {
	parts := []string{fmt.Sprintf("Line %d %s", n,
		procedure(s.Qualifier, s.Procedure, s.Modifiers))}
	if s.RevenueCode != "" {
		parts = append(parts, "revenue code "+s.RevenueCode)
	}
	if s.Units != "" {
		parts = append(parts, s.Units+" "+plural(unitCount(s.Units), "unit"))
	}
	return strings.Join(parts, ", ")
}

// serviceDetail gives a service line's date and control number, which
// are never cut short, on a row of their own.
func serviceDetail(s *RemitService) string {
	var parts []string
	if s.ServiceDate != "" {
		parts = append(parts, span(s.ServiceDate, s.ServiceDateEnd))
	}
	if s.LineControlNumber != "" {
		parts = append(parts, "line control "+s.LineControlNumber)
	}
	return strings.Join(parts, ", ")
}

// unitCount is 1 for "1" and "1.0", so that one unit is not "units".
func unitCount(units string) int {
	if a, err := edi.ParseAmount([]byte(units)); err == nil && a == 100 {
		return 1
	}
	return 2
}

func adjustmentRows(t *table, indent int, as []Adjustment) {
	for _, a := range as {
		label := a.Group + "-" + a.Reason
		if a.Quantity != "" {
			label += " (quantity " + a.Quantity + ")"
		}
		t.row(indent, clip(label+" "+a.ReasonText, labelWidth-indent), "", "", "",
			a.Amount.String())
	}
}

func remarkRows(t *table, indent int, rs []Remark) {
	for _, r := range rs {
		code := r.Code
		if r.Qualifier != "" {
			code = r.Qualifier + " " + code
		}
		t.note(indent, clip(strings.TrimSpace("Remark "+code+" "+r.Text), noteWidth))
	}
}

func (p *printer) providerAdjustments(pas []ProviderAdjustment) {
	p.line(3, "Provider adjustments (PLB; a positive amount reduces the payment)")
	t := newTable("lllr")
	t.row(0, "Reason", "Provider", "Reference", "Amount")
	for _, pa := range pas {
		t.row(0, clip(pa.Reason+" "+pa.ReasonText, labelWidth-16), orNone(pa.ProviderID),
			orNone(pa.Reference), pa.Amount.String())
	}
	p.table(4, t)
}

func (p *printer) remitTotals(r *Remittance) {
	tot := r.Totals
	verdict := "balanced"
	if !tot.Balanced {
		verdict = "NOT balanced"
	}
	t := newTable("lr")
	t.row(0, "Claims paid", tot.Paid.String())
	t.row(0, "Provider adjustments", tot.ProviderAdjustments.String())
	t.row(0, "Expected payment", tot.ExpectedPayment.String())
	signed := r.Payment.Amount
	if r.Payment.CreditDebit == "D" {
		signed = -signed
	}
	t.row(0, "Payment (BPR02)", signed.String())
	p.line(3, "Totals: %s", verdict)
	p.table(4, t)
}
