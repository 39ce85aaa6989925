package posting

import (
	"slices"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// submissionsByPCN looks up, in one go, the submissions of every version
// whose patient control number is one of pcns, exactly.
func (p *poster) submissionsByPCN(pcns []string) (map[string][]store.Submission, error) {
	slices.Sort(pcns)
	subs, err := p.tx.SubmissionsByPCN(p.ctx, slices.Compact(pcns))
	if err != nil {
		return nil, err
	}
	out := map[string][]store.Submission{}
	for _, s := range subs {
		out[s.PCN] = append(out[s.PCN], s)
	}
	return out, nil
}

// candidates returns the sent submissions that an answer's patient
// control number names: those of versions with exactly that number, or,
// when there are none, those whose number it equals once normalised, or
// is a cut-short or extended form of, provided they all belong to one
// claim. With none it returns why.
func (p *poster) candidates(pcn string, exact map[string][]store.Submission) ([]store.Submission,
	string, error) {

	subs := exact[pcn]
	if len(sent(subs)) == 0 && pcn != "" {
		like, err := p.tx.SubmissionsLike(p.ctx, store.PCNKey(pcn))
		if err != nil {
			return nil, "", err
		}
		if len(sent(like)) > 0 && len(claimsOf(sent(like))) > 1 {
			return nil, store.UnmatchedAmbiguous, nil
		}
		if len(like) > 0 {
			subs = like
		}
	}
	s := sent(subs)
	switch {
	case len(s) > 0:
		return s, "", nil
	case len(subs) > 0:
		return nil, store.UnmatchedNotSubmitted, nil
	}
	return nil, store.UnmatchedNoClaim, nil
}

// sent keeps the submissions that went out in a batch not abandoned.
func sent(subs []store.Submission) []store.Submission {
	var out []store.Submission
	for _, s := range subs {
		if s.Sent() {
			out = append(out, s)
		}
	}
	return out
}

// claimsOf lists the distinct claims of subs, in order.
func claimsOf(subs []store.Submission) []string {
	var out []string
	for _, s := range subs {
		if !slices.Contains(out, s.ClaimID) {
			out = append(out, s.ClaimID)
		}
	}
	return out
}

// oneClaim narrows submissions of several claims to one claim's: claims
// that are void give way to live ones, and the file's connection to
// others. It returns nil when more than one claim still fits.
func (p *poster) oneClaim(subs []store.Submission) []store.Submission {
	for _, keep := range []func(store.Submission) bool{
		func(s store.Submission) bool { return s.ClaimStatus != lifecycle.Void },
		func(s store.Submission) bool { return p.conn == "" || s.Connection == p.conn },
	} {
		if len(claimsOf(subs)) <= 1 {
			break
		}
		if kept := filter(subs, keep); len(kept) > 0 {
			subs = kept
		}
	}
	if len(claimsOf(subs)) > 1 {
		return nil
	}
	return subs
}

// filter keeps the submissions keep accepts.
func filter(subs []store.Submission, keep func(store.Submission) bool) []store.Submission {
	var out []store.Submission
	for _, s := range subs {
		if keep(s) {
			out = append(out, s)
		}
	}
	return out
}

// latest picks, among one claim's submissions, the newest version sent
// before the answer arrived, or the newest at all when none was (clocks
// disagree); of one version, its newest batch.
func (p *poster) latest(subs []store.Submission) store.Submission {
	before := filter(subs, func(s store.Submission) bool { return !s.BuiltAt.After(p.at) })
	if len(before) > 0 {
		subs = before
	}
	best := subs[0]
	for _, s := range subs[1:] {
		if s.Version > best.Version || s.Version == best.Version && s.BuiltAt.After(best.BuiltAt) {
			best = s
		}
	}
	return best
}
