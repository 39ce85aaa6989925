package posting

import (
	"bytes"
	"io"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x835"
	"github.com/claimflow/claimflow/pipeline/store"
)

// remitSet is one 835 transaction set read whole.
type remitSet = *x835.Remittance

// read835 reads every 835 transaction set of a file.
func read835(name string, content []byte) ([]remitSet, edi.Findings, error) {
	r := x835.NewReader(bytes.NewReader(content))
	r.SetName(name)
	var out []remitSet
	var cur *x835.Remittance
	for {
		it, err := r.Next()
		if err == io.EOF {
			return out, r.Findings(), nil
		}
		if err != nil {
			return out, r.Findings(), err
		}
		switch v := it.(type) {
		case *x835.Payment:
			cur = &x835.Remittance{Payment: v}
			out = append(out, cur)
		case *x835.Claim:
			if cur != nil {
				cur.Claims = append(cur.Claims, v)
			}
		case *x835.Summary:
			if cur != nil {
				cur.Summary = v
			}
		}
	}
}

// remittanceRow is the payment header of a set as remittances keeps it.
func remittanceRow(fileID string, rs remitSet) *store.Remittance {
	p := rs.Payment
	f := p.Financial
	r := &store.Remittance{ID: store.NewID(), FileID: fileID,
		ST02: p.Envelope.SetControl, Handling: f.Handling, AmountCents: int64(f.Amount),
		CreditDebit: f.CreditDebit, Method: f.Method, PaymentDate: isoDate(string(f.Date)),
		TraceNumber: p.Trace.Number, TraceOriginator: p.Trace.PayerID,
		PayerName: p.Payer.Name, PayeeName: p.Payee.Name}
	r.PayerID = p.Payer.ID
	if id, ok := p.Payer.Ref("2U"); ok && r.PayerID == "" {
		r.PayerID = id
	}
	if p.Payee.IDQualifier == "XX" {
		r.PayeeNPI = p.Payee.ID
	}
	var expected edi.Amount
	if rs.Summary != nil {
		expected = rs.Summary.Totals.Expected()
	} else {
		for _, c := range rs.Claims {
			expected += c.Paid
		}
	}
	r.ImbalanceCents = int64(f.Signed() - expected)
	return r
}

// remitClaim is a CLP as remit_claims keeps it, not yet matched.
func remitClaim(remittanceID string, seq int, c *x835.Claim) *store.RemitClaim {
	rc := &store.RemitClaim{ID: store.NewID(), RemittanceID: remittanceID, Seq: seq,
		PCN: c.PatientControl, StatusCode: c.Status, ChargeCents: int64(c.Charge),
		PaidCents: int64(c.Paid), PatientCents: int64(c.PatientResp),
		PayerClaimNumber: c.PayerControl, InterestCents: int64(c.Interest())}
	unexplained := rc.ChargeCents - rc.PaidCents - rc.PatientCents
	rc.Adjustments, unexplained = adjustments(c.Adjustments, unexplained)
	if c.Inpatient != nil {
		rc.Remarks = remarks(rc.Remarks, "MIA", c.Inpatient.RemarkCodes())
	}
	if c.Outpatient != nil {
		rc.Remarks = remarks(rc.Remarks, "MOA", c.Outpatient.RemarkCodes())
	}
	for i := range c.Lines {
		l := &c.Lines[i]
		rl := store.RemitLine{Seq: i + 1, ProcedureCode: l.Procedure.Code,
			ChargeCents: int64(l.Charge), PaidCents: int64(l.Paid), Units: string(l.Units),
			ServiceDate: lineDate(l)}
		rl.ControlNumber, _ = l.ControlNumber()
		if rl.ProcedureCode == "" {
			rl.ProcedureCode = l.RevenueCode
		}
		for _, m := range l.Procedure.Modifiers {
			if m != "" {
				rl.Modifiers = append(rl.Modifiers, m)
			}
		}
		if o := l.Original; o != nil && o.Code != "" && o.Code != l.Procedure.Code {
			rl.BilledCode = o.Code
		}
		rl.Adjustments, unexplained = adjustments(l.Adjustments, unexplained)
		var codes []string
		for _, r := range l.Remarks {
			if r.Qualifier == "HE" && r.Code != "" {
				codes = append(codes, r.Code)
			}
		}
		rl.Remarks = remarks(nil, "LQ", codes)
		rc.Lines = append(rc.Lines, rl)
	}
	rc.ImbalanceCents = unexplained
	return rc
}

// adjustmentGroups are the CAS groups remit_adjustments takes.
var adjustmentGroups = map[string]bool{"CO": true, "PR": true, "OA": true, "PI": true,
	"CR": true}

// adjustments converts CAS triplets and takes each non-PR amount off
// unexplained: what charge minus paid minus patient responsibility leaves
// for them to explain. A group no guide lists is left out of the rows (the
// file's findings name it) and so stays unexplained.
func adjustments(adjs []x835.Adjustment, unexplained int64) ([]store.RemitAdjustment, int64) {
	var out []store.RemitAdjustment
	for _, a := range adjs {
		if !adjustmentGroups[a.Group] {
			continue
		}
		out = append(out, store.RemitAdjustment{Group: a.Group, Reason: a.Reason,
			AmountCents: int64(a.Amount), Quantity: string(a.Quantity)})
		if a.Group != "PR" {
			unexplained -= int64(a.Amount)
		}
	}
	return out, unexplained
}

func remarks(out []store.RemitRemark, source string, codes []string) []store.RemitRemark {
	for _, c := range codes {
		out = append(out, store.RemitRemark{Source: source, Code: c})
	}
	return out
}

// lineDate is a service line's date of service: DTM*472, else the start of
// its period (DTM*150). Placeholders that are no date, or 19000101, are
// not dates.
func lineDate(l *x835.ServiceLine) string {
	for _, q := range []string{"472", "150"} {
		if d, ok := l.Date(q); ok && d != "19000101" {
			if _, valid := d.Time(); valid {
				return isoDate(string(d))
			}
		}
	}
	return ""
}
