package respond

import (
	"math"
	"math/rand/v2"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x835"
	"github.com/claimflow/claimflow/edi/x837"
)

// adjudication is the payer's decision on one claim, before it is written.
type adjudication struct {
	claim    *x835.Claim
	interest edi.Amount // AMT*I, paid through a PLB L6
}

// adjudicate decides one accepted claim: each line allowed, denied or
// shared with the patient, the claim's totals the sum of its lines, so
// that every line and the claim balance. The charge is the lines' too,
// which the 837 reader has checked against CLM02. Draws come from rng in a fixed
// order whatever the outcome, so that one rule's change leaves the others'
// draws where they were.
func (rp *reply) adjudicate(rng *rand.Rand, v *verdict, rl *rules) adjudication {
	rr := &rp.sc.Remit
	c := v.claim
	ci := c.ClaimInformation
	cl := &x835.Claim{PatientControl: rp.text(ci.PatientControlNumber),
		Status:       claimStatus(c),
		PayerControl: v.payerClaim, FacilityCode: rp.text(ci.PlaceOfServiceCode),
		Frequency:       rp.text(ci.ClaimFrequencyCode),
		FilingIndicator: filingIndicator(ci.ClaimFilingCode)}
	rp.claimNames(cl, c)
	rp.claimDates(cl, c)

	copay := chance(rng, rr.CopayShare)
	deductible := chance(rng, rr.DeductibleShare) && !copay
	dedLeft := edi.Amount(100 * (1 + rng.Int64N(max(1, int64(rr.DeductibleMax)/100))))
	if !deductible {
		dedLeft = 0
	}
	interest := chance(rng, rr.InterestShare)
	denied := rl.deniedMembers[memberID(c)]
	if denied {
		cl.Status = clpDenied
	}

	copayLeft := edi.Amount(0)
	if copay {
		copayLeft = rr.Copay
	}
	for i := range ci.ServiceLines {
		l := rp.serviceLine(&ci.ServiceLines[i])
		deny := chance(rng, rr.DenialShare)
		dn := 0
		if len(rr.Denials) > 0 {
			dn = rng.IntN(len(rr.Denials))
		}
		pct := rr.AllowedPercent.Min + rng.IntN(rr.AllowedPercent.Max-rr.AllowedPercent.Min+1)
		switch {
		case denied:
			denyLine(&l, carcNotMember, rarcPatientID)
		case deny:
			denyLine(&l, rr.Denials[dn].Reason, rr.Denials[dn].Remark)
		default:
			allowed := percentOf(l.Charge, float64(pct))
			ded := min(dedLeft, allowed)
			dedLeft -= ded
			cop := min(copayLeft, allowed-ded)
			copayLeft -= cop
			var coins edi.Amount
			if !copay {
				coins = percentOf(allowed-ded, float64(rr.CoinsurancePercent))
			}
			l.Paid = allowed - ded - cop - coins
			l.Adjustments = adjustments(
				x835.Adjustment{Group: groupContractual, Reason: carcFeeSchedule,
					Amount: l.Charge - allowed},
				x835.Adjustment{Group: groupPatient, Reason: carcDeductible, Amount: ded},
				x835.Adjustment{Group: groupPatient, Reason: carcCoinsurance, Amount: coins},
				x835.Adjustment{Group: groupPatient, Reason: carcCopay, Amount: cop})
			l.Amounts = []x835.AmountRef{{Qualifier: "B6", Amount: allowed}}
		}
		cl.Lines = append(cl.Lines, l)
		cl.Charge += l.Charge
		cl.Paid += l.Paid
		cl.PatientResp += x835.GroupTotal(l.Adjustments, groupPatient)
	}

	a := adjudication{claim: cl}
	if interest && cl.Paid > 0 {
		a.interest = max(1, percentOf(cl.Paid, rr.InterestPercent))
		cl.Amounts = append(cl.Amounts, x835.AmountRef{Qualifier: "I", Amount: a.interest})
	}
	return a
}

// denyLine closes a line at zero: its whole charge adjusted under the
// contractual group with reason carc, and the remark rarc saying why.
func denyLine(l *x835.ServiceLine, carc, rarc string) {
	l.Paid = 0
	l.Adjustments = adjustments(x835.Adjustment{Group: groupContractual, Reason: carc,
		Amount: l.Charge})
	l.Remarks = []x835.Remark{{Qualifier: "HE", Code: rarc}}
}

// adjustments returns the adjustments whose amount is not zero.
func adjustments(adjs ...x835.Adjustment) []x835.Adjustment {
	var out []x835.Adjustment
	for _, a := range adjs {
		if a.Amount != 0 {
			out = append(out, a)
		}
	}
	return out
}

// percentOf returns pct percent of a, rounded to the nearest cent.
func percentOf(a edi.Amount, pct float64) edi.Amount {
	return edi.Amount(math.Round(float64(a) * pct / 100))
}

// claimStatus is CLP02: processed as primary, secondary or tertiary, as
// the 837's SBR01 says the payer is.
func claimStatus(c *x837.Claim) string {
	if c.Subscriber != nil {
		switch c.Subscriber.PaymentResponsibilityLevelCode {
		case "S":
			return "2"
		case "T":
			return "3"
		}
	}
	return "1"
}

// clp06 are the claim filing indicators an 835 takes (CLP06).
var clp06 = setOf([]string{"12", "13", "14", "15", "16", "17", "AM", "CH", "DS", "HM",
	"LM", "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ"})

// filingIndicator turns the 837's claim filing indicator (SBR09) into
// CLP06. The 835 has no code for commercial insurance (CI), Blue Cross
// (BL) and the like; the simulator's payers answer those as a preferred
// provider organisation (12).
func filingIndicator(sbr09 string) string {
	if clp06[sbr09] {
		return sbr09
	}
	return "12"
}
