package posting

import (
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// How a CLP was posted (remit_claims.posting).
const (
	postOriginal         = "original"         // the first adjudication of a submission
	postSupplemental     = "supplemental"     // more money for lines already paid
	postSplit            = "split"            // another part of a claim the payer split
	postCorrection       = "correction"       // the new adjudication after a reversal
	postReversal         = "reversal"         // CLP02 22: takes back an earlier posting
	postForwarded        = "forwarded"        // CLP02 19-21: processed, passed on
	postNotOurs          = "not_ours"         // CLP02 23
	postPredetermination = "predetermination" // CLP02 25: an estimate only
	postHeld             = "held"             // a reversal of nothing posted here
)

// counts reports whether a posting counts towards money and status:
// estimates and held reversals do not.
func counts(rc *store.RemitClaim) bool {
	return rc.Posting != postPredetermination && rc.Posting != postHeld && rc.ClaimID != ""
}

// active returns the postings that stand: those that count, are not
// reversals, and have not been reversed, in arrival order.
func active(ps []*store.RemitClaim) []*store.RemitClaim {
	reversed := map[string]bool{}
	for _, rc := range ps {
		if rc.ReversesID != "" {
			reversed[rc.ReversesID] = true
		}
	}
	var out []*store.RemitClaim
	for _, rc := range ps {
		if counts(rc) && rc.Posting != postReversal && !reversed[rc.ID] {
			out = append(out, rc)
		}
	}
	return out
}

// money is what postings add up to.
type money struct {
	paid, patient, interest int64
	contractual             int64 // CO amounts
	writtenOff              int64 // adjustments written off by rule
	denied                  int64 // other payer adjustments: open for a person
	imbalance               int64
}

// tally adds up postings. Payments, the patient's part and the payers'
// adjustments, told apart into written off and denied, are reckoned by
// store.AddUpPostings, as the views reckon them (reversals net out; in a
// crossover the patient owes what the last payer says). Interest, what
// the CLPs leave unexplained and the contractual (CO) amounts are added
// here.
func tally(ps []*store.RemitClaim) money {
	sm := store.AddUpPostings(ps)
	m := money{paid: sm.PaidCents, patient: sm.PatientCents, denied: sm.DeniedCents,
		writtenOff: sm.AdjustedCents - sm.DeniedCents}
	for _, rc := range ps {
		if !counts(rc) {
			continue
		}
		m.interest += rc.InterestCents
		m.imbalance += rc.ImbalanceCents
		add := func(adjs []store.RemitAdjustment) {
			for _, a := range adjs {
				if a.Group == "CO" {
					m.contractual += a.AmountCents
				}
			}
		}
		add(rc.Adjustments)
		for _, l := range rc.Lines {
			add(l.Adjustments)
		}
	}
	return m
}

// outcome is what derive found, for the event's detail.
type outcome struct {
	openLines   []int // claim lines no standing posting covers
	deniedLines []int // lines covered, paid nothing, owed by nobody
}

// derive works out a submission's status from its postings and lines:
//
//   - nothing stands, and something was reversed: reversed (open again);
//   - nothing stands at all (an estimate only): no status;
//   - the newest standing posting forwarded the claim: forwarded;
//   - CLP02 4, or nothing paid and nothing owed by the patient with CO
//     adjustments: denied;
//   - some lines not yet adjudicated (a split claim's other part), some
//     lines denied, or a claim-level denial beside a payment: partially
//     paid;
//   - otherwise paid.
func derive(lines []store.Line, ps []*store.RemitClaim) (lifecycle.Status, outcome) {
	var out outcome
	stand := active(ps)
	if len(stand) == 0 {
		for _, rc := range ps {
			if rc.Posting == postReversal {
				return lifecycle.Reversed, out
			}
		}
		return "", out
	}
	switch stand[len(stand)-1].StatusCode {
	case "19", "20", "21", "23":
		return lifecycle.Forwarded, out
	}
	m := tally(stand)
	allDenied := true
	for _, rc := range stand {
		allDenied = allDenied && rc.StatusCode == "4"
	}
	if allDenied || m.paid == 0 && m.patient == 0 && m.contractual > 0 {
		return lifecycle.Denied, out
	}

	type lineMoney struct {
		covered               bool
		paid, patient, denied int64
	}
	byLine := map[int]*lineMoney{}
	hasLines, claimDenied := false, false
	for _, rc := range stand {
		for _, a := range rc.Adjustments {
			claimDenied = claimDenied || kindOf(a) == adjDenied && a.AmountCents > 0
		}
		for _, l := range rc.Lines {
			hasLines = true
			if l.LineNumber == 0 {
				continue
			}
			lm := byLine[l.LineNumber]
			if lm == nil {
				lm = &lineMoney{}
				byLine[l.LineNumber] = lm
			}
			lm.covered = true
			lm.paid += l.PaidCents
			for _, a := range l.Adjustments {
				switch kindOf(a) {
				case adjPatient:
					lm.patient += a.AmountCents
				case adjDenied:
					lm.denied += a.AmountCents
				}
			}
		}
	}
	if hasLines {
		for _, l := range lines {
			lm := byLine[l.Number]
			switch {
			case lm == nil:
				out.openLines = append(out.openLines, l.Number)
			case lm.paid == 0 && lm.patient == 0 && lm.denied > 0:
				out.deniedLines = append(out.deniedLines, l.Number)
			}
		}
	}
	if len(out.openLines) > 0 || len(out.deniedLines) > 0 || claimDenied {
		return lifecycle.PartiallyPaid, out
	}
	return lifecycle.Paid, out
}
