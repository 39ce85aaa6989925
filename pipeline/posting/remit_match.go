package posting

import (
	"slices"
	"strconv"

	"github.com/claimflow/claimflow/pipeline/store"
)

// match835 finds the submissions of the one claim a CLP answers: by its
// patient control number (exactly, else altered), then, among that
// claim's submissions, those for which its payer claim number (CLP07) was
// seen before, those sent to the payer that answers (payer is its ID in
// the 835, "" when it gives none), and those sent for the payer order
// CLP02 gives (1 and 19 primary, 2 and 20 secondary, 3 and 21 tertiary).
// With none, or more than one claim, it returns why.
func (p *poster) match835(rc *store.RemitClaim, payer string,
	exact map[string][]store.Submission,
	refs map[string][]store.PayerClaimRef) ([]store.Submission, string, error) {

	cands, reason, err := p.candidates(rc.PCN, exact)
	if cands == nil || err != nil {
		return nil, reason, err
	}
	if cands = p.narrow835(cands, rc, payer, refs); cands == nil {
		return nil, store.UnmatchedAmbiguous, nil
	}
	return cands, "", nil
}

// narrow835 keeps, of the submissions a CLP may answer, those for which
// its payer claim number was seen before, those sent to its payer, and
// those sent for the payer order its CLP02 gives, each when any are; then
// the one claim's. It returns nil when more than one claim still fits.
func (p *poster) narrow835(cands []store.Submission, rc *store.RemitClaim, payer string,
	refs map[string][]store.PayerClaimRef) []store.Submission {

	if n := rc.PayerClaimNumber; n != "" {
		seen := filter(cands, func(s store.Submission) bool {
			for _, r := range refs[n] {
				if r.ClaimID == s.ClaimID && r.Version == s.Version {
					return true
				}
			}
			return false
		})
		if len(seen) > 0 {
			cands = seen
		}
	}
	if payer != "" {
		same := filter(cands, func(s store.Submission) bool { return s.PayerID == payer })
		if len(same) > 0 {
			cands = same
		}
	}
	if resp := responsibility(rc.StatusCode); resp != "" {
		same := filter(cands, func(s store.Submission) bool { return s.Responsibility == resp })
		if len(same) > 0 {
			cands = same
		}
	}
	return p.oneClaim(cands)
}

// responsibility is the payer order (SBR01) a CLP02 answers for.
func responsibility(clp02 string) string {
	switch clp02 {
	case "1", "19":
		return "P"
	case "2", "20":
		return "S"
	case "3", "21":
		return "T"
	}
	return ""
}

// matchLines gives each service line of a CLP the claim line it pays:
// the line with the same control number (REF*6R); else, one line each in
// the order they were sent, the first not yet taken with the same code
// (the billed code, SVC06, when the payer changed it), modifiers and
// charge, and the same date when both have one; then with the same code
// and modifiers; then the only line with that code.
func matchLines(rc *store.RemitClaim, lines []store.Line) {
	taken := map[int]bool{}
	for i := range rc.Lines {
		rc.Lines[i].LineNumber = 0
		if cn := rc.Lines[i].ControlNumber; cn != "" {
			for _, l := range lines {
				if l.ControlNumber == cn && !taken[l.Number] {
					rc.Lines[i].LineNumber, taken[l.Number] = l.Number, true
					break
				}
			}
		}
	}
	tiers := []func(rl *store.RemitLine, l store.Line) bool{
		func(rl *store.RemitLine, l store.Line) bool {
			return sameCode(rl, l) && slices.Equal(rl.Modifiers, l.Modifiers) &&
				abs(rl.ChargeCents) == l.ChargeCents &&
				(rl.ServiceDate == "" || l.ServiceDate == "" || rl.ServiceDate == l.ServiceDate)
		},
		func(rl *store.RemitLine, l store.Line) bool {
			return sameCode(rl, l) && slices.Equal(rl.Modifiers, l.Modifiers)
		},
	}
	for _, tier := range tiers {
		for i := range rc.Lines {
			rl := &rc.Lines[i]
			if rl.LineNumber != 0 {
				continue
			}
			for _, l := range lines {
				if !taken[l.Number] && tier(rl, l) {
					rl.LineNumber, taken[l.Number] = l.Number, true
					break
				}
			}
		}
	}
	// A dropped modifier: the code alone, when one line only has it.
	for i := range rc.Lines {
		rl := &rc.Lines[i]
		if rl.LineNumber != 0 {
			continue
		}
		var only []int
		for _, l := range lines {
			if !taken[l.Number] && sameCode(rl, l) {
				only = append(only, l.Number)
			}
		}
		if len(only) == 1 {
			rl.LineNumber, taken[only[0]] = only[0], true
		}
	}
}

// sameCode reports whether a paid line's code is a claim line's: the code
// as billed (SVC06) when the payer changed it, else the one adjudicated;
// a revenue code for institutional lines without a procedure.
func sameCode(rl *store.RemitLine, l store.Line) bool {
	code := rl.ProcedureCode
	if rl.BilledCode != "" {
		code = rl.BilledCode
	}
	if l.ProcedureCode != "" {
		return code == l.ProcedureCode
	}
	return code == l.RevenueCode
}

func abs(n int64) int64 {
	if n < 0 {
		return -n
	}
	return n
}

// lineList renders line numbers for a detail: "3" or "2, 3".
func lineList(ns []int) string {
	s := ""
	for i, n := range ns {
		if i > 0 {
			s += ", "
		}
		s += strconv.Itoa(n)
	}
	return s
}
