package x835

import (
	"github.com/claimflow/claimflow/edi"
)

// Balancing follows the 835's own arithmetic. Every check only reports:
// a remittance that does not add up is still money received, stored and
// shown with its imbalance flagged, never forced to balance. The messages
// carry the amounts, which are not patient data.

// Imbalance returns the line's charge minus its adjustments minus its
// payment (SVC02 - CAS - SVC03); zero when the line balances.
func (l *ServiceLine) Imbalance() edi.Amount {
	return l.Charge - AdjustmentTotal(l.Adjustments) - l.Paid
}

// AdjustmentTotal returns the claim's claim-level and line-level
// adjustments added up.
func (c *Claim) AdjustmentTotal() edi.Amount {
	t := AdjustmentTotal(c.Adjustments)
	for i := range c.Lines {
		t += AdjustmentTotal(c.Lines[i].Adjustments)
	}
	return t
}

// GroupTotal returns the claim's claim-level and line-level adjustments of
// group g (CO, OA, PI, PR) added up.
func (c *Claim) GroupTotal(g string) edi.Amount {
	t := GroupTotal(c.Adjustments, g)
	for i := range c.Lines {
		t += GroupTotal(c.Lines[i].Adjustments, g)
	}
	return t
}

// Imbalance returns the claim's charge minus all its adjustments, claim
// and line level, minus its payment (CLP03 - CAS - CLP04); zero when the
// claim balances.
func (c *Claim) Imbalance() edi.Amount {
	return c.Charge - c.AdjustmentTotal() - c.Paid
}

// LineTotals returns the sums of the lines' charges and payments.
func (c *Claim) LineTotals() (charge, paid edi.Amount) {
	for i := range c.Lines {
		charge += c.Lines[i].Charge
		paid += c.Lines[i].Paid
	}
	return charge, paid
}

// balanceFinding records a balancing warning about element el of the
// segment at pos.
func (r *Reader) balanceFinding(pos edi.Position, seg string, el int, format string,
	args ...any) {
	r.finding(edi.Warning, &edi.Segment{ID: seg, Pos: pos}, el, 0, ErrBalance, format, args...)
}

// checkLine reports a line whose charge minus adjustments is not its
// payment.
func (r *Reader) checkLine(l *ServiceLine) {
	if d := l.Imbalance(); d != 0 {
		r.balanceFinding(l.Pos, "SVC", 3,
			"the line does not balance: charge %s minus adjustments %s is %s, but paid is %s",
			l.Charge, AdjustmentTotal(l.Adjustments), l.Charge-AdjustmentTotal(l.Adjustments),
			l.Paid)
	}
}

// checkClaim reports a claim whose charge minus all adjustments is not its
// payment; when it has lines, line charges that do not add up to the claim
// charge, and line payments that, less the claim-level adjustments, do not
// make the claim payment; and a patient responsibility that is not the
// sum of the PR adjustments.
func (r *Reader) checkClaim(c *Claim) {
	adj := c.AdjustmentTotal()
	if c.Charge-adj != c.Paid {
		r.balanceFinding(c.Pos, "CLP", 4,
			"the claim does not balance: charge %s minus adjustments %s is %s, but paid is %s",
			c.Charge, adj, c.Charge-adj, c.Paid)
	}
	if len(c.Lines) > 0 {
		charge, paid := c.LineTotals()
		if charge != c.Charge {
			r.balanceFinding(c.Pos, "CLP", 3,
				"the lines' charges add up to %s, but the claim charge is %s", charge, c.Charge)
		}
		if claimAdj := AdjustmentTotal(c.Adjustments); paid-claimAdj != c.Paid {
			r.balanceFinding(c.Pos, "CLP", 4,
				"the lines' payments add up to %s, less claim-level adjustments %s that is %s, "+
					"but the claim payment is %s", paid, claimAdj, paid-claimAdj, c.Paid)
		}
	}
	if pr := c.GroupTotal("PR"); pr != c.PatientResp {
		r.balanceFinding(c.Pos, "CLP", 5,
			"patient responsibility is %s, but the PR adjustments add up to %s",
			c.PatientResp, pr)
	}
}

// checkSet reports a BPR02 that is not the sum of the claim payments minus
// the provider adjustments, and claim interest (AMT*I) that the PLB L6
// adjustments do not match.
func (r *Reader) checkSet(sum *Summary) {
	t := sum.Totals
	f := r.pay.Financial
	pos, seg := f.Pos, "BPR"
	if pos.Ordinal == 0 {
		pos, seg = sum.Pos, "SE"
	}
	if got := f.Signed(); got != t.Expected() {
		r.balanceFinding(pos, seg, 2,
			"the payment does not balance: BPR02 is %s, but the claims paid %s "+
				"and the provider adjustments are %s, which make %s",
			got, t.Paid, t.ProviderAdjustments, t.Expected())
	}
	if -t.InterestPLB != t.Interest {
		ipos, iseg := sum.Pos, "SE"
		for _, pa := range sum.Adjustments {
			if pa.Reason == "L6" {
				ipos, iseg = pa.Pos, "PLB"
				break
			}
		}
		r.balanceFinding(ipos, iseg, 0,
			"the claims report %s of interest (AMT*I), but the PLB L6 adjustments pay %s",
			t.Interest, -t.InterestPLB)
	}
}
