// Package testgen writes large, valid X12 files of invented data for
// benchmarks and stress tests.
package testgen

import (
	"fmt"
	"io"
	"time"

	"github.com/claimflow/claimflow/edi"
)

// Remit835 writes one interchange holding a single 835 transaction set with
// n claims of two service lines each, every claim and the transaction
// balanced. It returns the total paid (BPR02) in cents.
func Remit835(out io.Writer, n int) (int64, error) {
	w := edi.NewWriter(out, edi.DefaultDelimiters, "\n")
	at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	w.BeginInterchange(edi.Interchange{SenderQualifier: "ZZ", SenderID: "PAYERSIM",
		ReceiverQualifier: "ZZ", ReceiverID: "PRACTICE", Time: at, Control: 1, Usage: 'T'})
	w.BeginGroup(edi.Group{FunctionalID: "HP", SenderCode: "PAYERSIM", ReceiverCode: "PRACTICE",
		Time: at, Control: 1, Version: "005010X221A1"})
	w.BeginSet("835", "0001", "005010X221A1")

	// Each claim: two lines of 125.00 and 75.00; the payer allows 80% and
	// the patient owes 20% of the allowed amount.
	const line1, line2 = 12500, 7500
	paid := func(c int64) int64 { return c * 80 / 100 * 80 / 100 }
	pr := func(c int64) int64 { return c*80/100 - paid(c) }
	co := func(c int64) int64 { return c - c*80/100 }
	claimPaid := paid(line1) + paid(line2)
	total := claimPaid * int64(n)

	w.Segment("BPR", "I", money(total), "C", "ACH", "CCP", "01", "011000015", "DA",
		"123456789", "1512345678", "", "01", "021000021", "DA", "987654321", "20260501")
	w.Segment("TRN", "1", "EFT0000001", "1512345678")
	w.Segment("DTM", "405", "20260430")
	w.Segment("N1", "PR", "INVENTED HEALTH PLAN")
	w.Segment("N3", "1 PAYER WAY")
	w.Segment("N4", "SPRINGFIELD", "IL", "627010000")
	w.Segment("REF", "2U", "99999")
	w.Segment("PER", "BL", "", "TE", "8005550100")
	w.Segment("N1", "PE", "NORTHWIND CLINIC", "XX", "1234567893")
	w.Segment("LX", "1")
	for i := 1; i <= n; i++ {
		pcn := fmt.Sprintf("PCN%08d", i)
		w.Segment("CLP", pcn, "1", money(line1+line2), money(claimPaid),
			money(pr(line1)+pr(line2)), "12", fmt.Sprintf("PYR%011d", i), "11", "1")
		w.Segment("NM1", "QC", "1", "EXAMPLE", "PAT", "", "", "", "MI", fmt.Sprintf("M%09d", i))
		w.Segment("DTM", "232", "20260410")
		for j, c := range []int64{line1, line2} {
			w.Begin("SVC")
			w.Composite("HC", []string{"99213", "85025"}[j])
			w.Element(money(c))
			w.Element(money(paid(c)))
			w.Element("")
			w.Element("1")
			w.End()
			w.Segment("DTM", "472", "20260410")
			w.Segment("CAS", "CO", "45", money(co(c)))
			w.Segment("CAS", "PR", "2", money(pr(c)))
			w.Segment("REF", "6R", fmt.Sprintf("%s-%d", pcn, j+1))
			w.Segment("AMT", "B6", money(c*80/100))
		}
	}
	w.EndSet()
	w.EndGroup()
	w.EndInterchange()
	return total, w.Close()
}

func money(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return fmt.Sprintf("%s%d.%02d", sign, cents/100, cents%100)
}
