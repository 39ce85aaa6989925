package x835

import "github.com/claimflow/claimflow/edi"

// ProviderAdjustment is one reason/amount pair of a PLB segment, the
// provider-level adjustments of the summary (table 3): money withheld or
// added that belongs to no single claim of the set, such as a recoupment
// (WO, 72), a forward balance (FB), interest (L6) or an early payment
// allowance (90). A PLB carries up to six pairs (PLB03-PLB04 to
// PLB13-PLB14); each becomes one ProviderAdjustment that repeats the
// provider and fiscal period and remembers which pair it was.
//
// A positive amount reduces the payment; a negative one increases it.
type ProviderAdjustment struct {
	ProviderID   string // PLB01
	FiscalPeriod Date   // PLB02: the last day of the provider's fiscal year
	// Reason is the adjustment reason code, the first component of the
	// pair's composite, e.g. "WO".
	Reason string
	// Reference is what follows the reason after the component separator,
	// often the payer's claim number of the claim recouped, e.g. "ABC123".
	Reference string
	Amount    edi.Amount
	Pair      int // 1 to 6: PLB03-04 is pair 1; 0 lets a Writer choose
	Pos       edi.Position
}

// ProviderAdjustmentTotal returns the sum of the amounts of pas.
func ProviderAdjustmentTotal(pas []ProviderAdjustment) edi.Amount {
	var t edi.Amount
	for i := range pas {
		t += pas[i].Amount
	}
	return t
}

// Summary is table 3 of the 835 and the end of its transaction set: the
// PLB provider adjustments and the totals the reader counted, with the
// set-level findings (transaction balance, interest, SE count). Reader
// returns it after the set's last claim.
type Summary struct {
	Adjustments []ProviderAdjustment
	Totals      Totals
	Pos         edi.Position // the SE segment, or where the set ended without one

	// Payment is the header of the transaction set.
	Payment *Payment `json:"-"`

	// Findings are the problems found in table 3, the set's balance and
	// its trailer.
	Findings edi.Findings
}

func (*Summary) item() {}

// Totals are figures the reader adds up over one transaction set.
type Totals struct {
	Claims      int
	Lines       int
	Charge      edi.Amount // sum of CLP03
	Paid        edi.Amount // sum of CLP04
	PatientResp edi.Amount // sum of CLP05
	// ProviderAdjustments is the sum of the PLB amounts.
	ProviderAdjustments edi.Amount
	// Interest is the sum of the claims' AMT*I amounts.
	Interest edi.Amount
	// InterestPLB is the sum of the PLB L6 (interest) amounts; negative
	// when interest is paid to the provider.
	InterestPLB edi.Amount
}

// Expected returns the payment the claims and adjustments add up to: the
// sum of CLP04 minus the sum of PLB amounts, which BPR02 should equal.
func (t Totals) Expected() edi.Amount { return t.Paid - t.ProviderAdjustments }

// parsePLB appends the pairs of a PLB segment to pas.
func (r *Reader) parsePLB(s *edi.Segment, pas []ProviderAdjustment) []ProviderAdjustment {
	id := r.str(s, 1)
	period := r.date(s, 2, true, "fiscal period date")
	r.required(s, 1, edi.Warning, "provider identifier")
	n := 0
	for k := 0; k < 6 && 3+2*k <= s.Len(); k++ {
		ci, ai := 3+2*k, 4+2*k
		if len(s.Bytes(ci)) == 0 && len(s.Bytes(ai)) == 0 {
			continue
		}
		n++
		b, sep := r.composite(s, ci, plbCodes)
		pa := ProviderAdjustment{ProviderID: id, FiscalPeriod: period,
			Reason: r.compStr(b, sep, 1), Reference: r.compStr(b, sep, 2),
			Amount: r.amount(s, ai, true, "provider adjustment amount"),
			Pair:   k + 1, Pos: s.Pos}
		if nthComponent(b, sep, 3) != nil {
			r.finding(edi.Warning, s, ci, 3, edi.ErrSyntax,
				"the adjustment identifier has more than two components; the rest are ignored")
		}
		if pa.Reason == "" {
			r.finding(edi.Warning, s, ci, 1, edi.ErrStructure,
				"adjustment reason code is missing in pair %d", k+1)
		} else if !plbCodes.has(nthComponent(b, sep, 1)) {
			r.finding(edi.Warning, s, ci, 1, edi.ErrData,
				"the adjustment reason is not a code 005010X221A1 allows")
		}
		pas = append(pas, pa)
	}
	if s.Len() > 14 {
		r.finding(edi.Warning, s, 15, 0, edi.ErrSyntax,
			"PLB has more than six adjustments; the rest are ignored")
	}
	if n == 0 {
		r.finding(edi.Warning, s, 3, 0, edi.ErrStructure, "PLB has no adjustment")
	}
	return pas
}
