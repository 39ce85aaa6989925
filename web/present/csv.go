package present

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/claimflow/claimflow/pipeline/store"
)

// RemitCSVHeader is the header row of a remittance export.
var RemitCSVHeader = []string{
	"payment_date", "payer_id", "payer_name", "trace_number", "method", "payment_amount",
	"patient_control_number", "payer_claim_number", "claim_status", "charge", "paid",
	"patient_responsibility", "adjustments", "remarks", "claimflow_claim_id",
}

// Cell guards text for a spreadsheet: a cell that starts with =, +, -, @,
// a tab or a carriage return would be read as a formula, so it gets a
// leading apostrophe. Money is written with Decimal and not passed here.
func Cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// WriteRemitCSV writes an export as RFC 4180 CSV with a header row: one
// row per claim payment, money as plain decimals, every text cell guarded
// against formulas.
func WriteRemitCSV(w io.Writer, rows []store.RemitExportRow) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(RemitCSVHeader); err != nil {
		return err
	}
	for _, r := range rows {
		var adjs, remarks []string
		for _, a := range r.Claim.Adjustments {
			adjs = append(adjs, a.Group+"-"+a.Reason+" "+Decimal(a.AmountCents)+" "+
				a.ReasonText)
		}
		for _, m := range r.Claim.Remarks {
			remarks = append(remarks, m.Code+" "+m.Text)
		}
		p, c := r.Payment, r.Claim
		rec := []string{
			Cell(p.PaymentDate), Cell(p.PayerID), Cell(p.PayerName), Cell(p.TraceNumber),
			Cell(p.Method), Decimal(p.AmountCents), Cell(c.PCN), Cell(c.PayerClaimNumber),
			Cell(c.StatusText), Decimal(c.ChargeCents), Decimal(c.PaidCents),
			Decimal(c.PatientCents), Cell(strings.Join(adjs, "; ")),
			Cell(strings.Join(remarks, "; ")), Cell(c.ClaimID),
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
