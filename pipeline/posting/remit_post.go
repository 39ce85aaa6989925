package posting

import (
	"fmt"
	"slices"
	"strings"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/codes"
	"github.com/claimflow/claimflow/edi/x835"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// claimBook is what posting knows of one claim while it posts a file: its
// postings in arrival order, this file's included, and its versions'
// lines.
type claimBook struct {
	postings []*store.RemitClaim
	lines    map[store.VersionKey][]store.Line
}

// books loads what posting needs of the claims named that it has not
// loaded yet. It locks them first, so that no other transaction posts to
// them between this read and this transaction's end.
func (p *poster) books(ids []string) error {
	if p.claimBooks == nil {
		p.claimBooks = map[string]*claimBook{}
	}
	var missing []string
	for _, id := range ids {
		if p.claimBooks[id] == nil && !slices.Contains(missing, id) {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if err := p.tx.LockClaims(p.ctx, missing); err != nil {
		return err
	}
	postings, err := p.tx.Postings(p.ctx, missing)
	if err != nil {
		return err
	}
	lines, err := p.tx.VersionLines(p.ctx, missing)
	if err != nil {
		return err
	}
	for _, id := range missing {
		p.claimBooks[id] = &claimBook{postings: postings[id],
			lines: map[store.VersionKey][]store.Line{}}
	}
	for k, ls := range lines {
		p.claimBooks[k.ClaimID].lines[k] = ls
	}
	return nil
}

// apply835 posts every 835 transaction set of the file.
func (p *poster) apply835(sets []remitSet) error {
	for _, rs := range sets {
		if err := p.applyRemittance(rs); err != nil {
			return err
		}
	}
	return nil
}

// applyRemittance posts one 835 set: the payment, each CLP on the claim it
// answers (or as unmatched), and the provider-level adjustments.
func (p *poster) applyRemittance(rs remitSet) error {
	rem := remittanceRow(p.file.ID, rs)
	rem.ReceivedAt = p.at
	rem.ID = store.NewID()
	rcs := make([]*store.RemitClaim, len(rs.Claims))
	pcns := make([]string, 0, len(rs.Claims))
	var numbers []string
	for i, c := range rs.Claims {
		rcs[i] = remitClaim(rem.ID, i+1, c)
		pcns = append(pcns, c.PatientControl)
		if c.PayerControl != "" {
			numbers = append(numbers, c.PayerControl)
		}
	}

	// The same payment received before, under any envelope, posts nothing.
	prior, err := p.priorPayments(rem)
	if err != nil {
		return err
	}
	keys := claimKeys(rcs)
	if pp := samePayment(rem, keys, prior); pp != nil {
		p.repeated(rs, rem, pp)
		return nil
	}
	err = p.write("remittance", func() error { return p.tx.InsertRemittance(p.ctx, rem) })
	if err != nil {
		return err
	}
	if len(prior) > 0 {
		return p.holdSameTrace(rs, rem, rcs, keys, &prior[0])
	}
	exact, err := p.submissionsByPCN(pcns)
	if err != nil {
		return err
	}
	refs, err := p.payerClaimRefs(numbers)
	if err != nil {
		return err
	}
	cands := make([][]store.Submission, len(rcs))
	var ids []string
	for i, rc := range rcs {
		cs, reason, err := p.match835(rc, rem.PayerID, exact, refs)
		if err != nil {
			return err
		}
		if cs == nil {
			p.hold("835", rc.ID, rc.PCN, reason)
			continue
		}
		cands[i] = cs
		ids = append(ids, cs[0].ClaimID)
	}
	if err := p.books(ids); err != nil {
		return err
	}
	for i, rc := range rcs {
		if cands[i] != nil {
			p.post(rc, cands[i], remitContextOf(rs, rs.Claims[i]))
		}
	}
	err = p.write("remittance claims", func() error {
		return p.tx.InsertRemitClaims(p.ctx, rcs)
	})
	if err != nil {
		return err
	}
	return p.providerAdjustments(rs, rem, true)
}

// payerClaimRefs looks up the claim versions each payer claim number was
// seen for.
func (p *poster) payerClaimRefs(numbers []string) (map[string][]store.PayerClaimRef, error) {
	out := map[string][]store.PayerClaimRef{}
	if len(numbers) == 0 {
		return out, nil
	}
	refs, err := p.tx.ClaimsByPayerClaimNumber(p.ctx, numbers)
	if err != nil {
		return nil, err
	}
	for _, r := range refs {
		out[r.Number] = append(out[r.Number], r)
	}
	return out, nil
}

// post posts one CLP on its claim: a reversal on the posting it cancels,
// anything else on the claim's newest submission among cands; then it
// works out the submission's status from all its postings and queues the
// event. A reversal of nothing posted here is held for a person.
func (p *poster) post(rc *store.RemitClaim, cands []store.Submission, rctx remitContext) {
	claimID := cands[0].ClaimID
	book := p.claimBooks[claimID]
	sub := p.latest(cands)
	if rc.StatusCode == "22" {
		target := reversed(rc, book.postings)
		if target == nil {
			rc.Posting = postHeld
			p.hold("835", rc.ID, rc.PCN, store.UnmatchedReversal)
			p.event(claimID, sub.Version, lifecycle.KindNote, "", sub.BatchID,
				fmt.Sprintf("835 %s: a reversal (CLP02 22) of a payment never posted here "+
					"is held for a person: charge %s, paid %s%s", rctx.trace,
					amount(rc.ChargeCents), amount(rc.PaidCents), payerNo(rc)), "")
			return
		}
		rc.ReversesID, rc.Posting = target.ID, postReversal
		sub = submissionOf(cands, target.Version, sub)
	}
	rc.ClaimID, rc.Version = claimID, sub.Version
	key := store.VersionKey{ClaimID: claimID, Version: sub.Version}
	matchLines(rc, book.lines[key])
	if rc.Posting == "" {
		rc.Posting = classify(rc, book)
	}
	book.postings = append(book.postings, rc)

	var mine []*store.RemitClaim
	for _, x := range book.postings {
		if x.Version == sub.Version {
			mine = append(mine, x)
		}
	}
	status, out := derive(book.lines[key], mine)
	if rc.Posting == postPredetermination {
		status = ""
	}
	number := rc.PayerClaimNumber
	if rc.Posting == postReversal {
		number = ""
	}
	p.event(claimID, sub.Version, lifecycle.KindRemittance, status, sub.BatchID,
		remitDetail(rctx, rc, out), number)
}

// submissionOf returns the submission of cands with the given version, or
// def with that version when none is there.
func submissionOf(cands []store.Submission, version int, def store.Submission) store.Submission {
	for _, s := range cands {
		if s.Version == version {
			return s
		}
	}
	def.Version, def.BatchID = version, ""
	return def
}

// reversed finds the standing posting a reversal cancels, newest first:
// the one with the same payer claim number and the negated payment, else
// the same payer claim number, else the negated payment and charge.
func reversed(rc *store.RemitClaim, ps []*store.RemitClaim) *store.RemitClaim {
	stand := active(ps)
	for _, fits := range []func(x *store.RemitClaim) bool{
		func(x *store.RemitClaim) bool {
			return rc.PayerClaimNumber != "" && x.PayerClaimNumber == rc.PayerClaimNumber &&
				x.PaidCents == -rc.PaidCents
		},
		func(x *store.RemitClaim) bool {
			return rc.PayerClaimNumber != "" && x.PayerClaimNumber == rc.PayerClaimNumber
		},
		func(x *store.RemitClaim) bool {
			return x.PaidCents == -rc.PaidCents && x.ChargeCents == -rc.ChargeCents
		},
	} {
		for i := len(stand) - 1; i >= 0; i-- {
			if fits(stand[i]) {
				return stand[i]
			}
		}
	}
	return nil
}

// classify tells how a CLP that is not a reversal adds to what its claim
// already has: the first adjudication of a submission, a correction after
// a reversal, more money for what was paid (the same payer claim number,
// lines already paid, or no lines), or another part of a split claim
// (other lines under another payer claim number).
func classify(rc *store.RemitClaim, book *claimBook) string {
	switch rc.StatusCode {
	case "25":
		return postPredetermination
	case "19", "20", "21":
		return postForwarded
	case "23":
		return postNotOurs
	}
	var mine []*store.RemitClaim
	reversals, corrections := 0, 0
	for _, x := range book.postings {
		switch x.Posting {
		case postReversal:
			reversals++
		case postCorrection:
			corrections++
		}
		if x.Version == rc.Version {
			mine = append(mine, x)
		}
	}
	stand := active(mine)
	if len(stand) == 0 {
		if reversals > corrections {
			return postCorrection
		}
		return postOriginal
	}
	paidLines := map[int]bool{}
	for _, x := range stand {
		if x.PayerClaimNumber != "" && x.PayerClaimNumber == rc.PayerClaimNumber {
			return postSupplemental
		}
		for _, l := range x.Lines {
			paidLines[l.LineNumber] = l.LineNumber != 0
		}
	}
	if len(rc.Lines) == 0 {
		return postSupplemental
	}
	for _, l := range rc.Lines {
		if paidLines[l.LineNumber] {
			return postSupplemental
		}
	}
	return postSplit
}

// remitContext is what a CLP's event tells beyond the CLP itself.
type remitContext struct {
	trace        string // TRN02: the check or EFT
	notification bool   // BPR01 H or BPR04 NON: no money moves
	crossover    string // NM1*TT: the payer a claim was forwarded to
}

func remitContextOf(rs remitSet, c *x835.Claim) remitContext {
	f := rs.Payment.Financial
	rctx := remitContext{trace: rs.Payment.Trace.Number,
		notification: f.Handling == "H" || f.Method == "NON"}
	if n := c.Crossover; n != nil {
		rctx.crossover = or(n.ID, n.Last)
	}
	return rctx
}

// remitDetail says what a CLP did, in words and amounts only.
func remitDetail(rctx remitContext, rc *store.RemitClaim, out outcome) string {
	var b strings.Builder
	fmt.Fprintf(&b, "835 %s %s (CLP02 %s: %s): charge %s, paid %s, patient %s",
		rctx.trace, rc.Posting, rc.StatusCode,
		codes.ClaimStatus.Describe(rc.StatusCode), amount(rc.ChargeCents),
		amount(rc.PaidCents), amount(rc.PatientCents))
	if adj := adjustmentWords(rc); adj != "" {
		b.WriteString("; ")
		b.WriteString(adj)
	}
	b.WriteString(payerNo(rc))
	if rc.InterestCents != 0 {
		fmt.Fprintf(&b, "; interest %s", amount(rc.InterestCents))
	}
	for _, l := range rc.Lines {
		if l.BilledCode != "" {
			fmt.Fprintf(&b, "; line %d billed %s, paid as %s", l.LineNumber, l.BilledCode,
				l.ProcedureCode)
		}
	}
	unmatched := 0
	for _, l := range rc.Lines {
		if l.LineNumber == 0 {
			unmatched++
		}
	}
	if unmatched > 0 {
		fmt.Fprintf(&b, "; %d service lines match no claim line", unmatched)
	}
	if len(out.openLines) > 0 {
		fmt.Fprintf(&b, "; lines not yet adjudicated: %s", lineList(out.openLines))
	}
	if len(out.deniedLines) > 0 {
		fmt.Fprintf(&b, "; lines denied: %s", lineList(out.deniedLines))
	}
	if rc.ImbalanceCents != 0 {
		fmt.Fprintf(&b, "; does not add up: %s of the charge is not explained",
			amount(rc.ImbalanceCents))
	}
	switch rc.Posting {
	case postPredetermination:
		b.WriteString("; an estimate: the balance does not change")
	case postForwarded, postNotOurs:
		if rctx.crossover != "" {
			fmt.Fprintf(&b, "; forwarded to %s", rctx.crossover)
		}
	}
	if rctx.notification {
		b.WriteString("; notification only: no payment to expect")
	}
	return b.String()
}

// adjustmentWords lists a CLP's adjustments, claim and line level added
// up by group and reason, e.g. "CO-45 20.00, PR-2 10.00".
func adjustmentWords(rc *store.RemitClaim) string {
	var order []string
	sums := map[string]int64{}
	add := func(adjs []store.RemitAdjustment) {
		for _, a := range adjs {
			k := a.Group + "-" + a.Reason
			if _, ok := sums[k]; !ok {
				order = append(order, k)
			}
			sums[k] += a.AmountCents
		}
	}
	add(rc.Adjustments)
	for _, l := range rc.Lines {
		add(l.Adjustments)
	}
	parts := make([]string, 0, len(order))
	for _, k := range order {
		parts = append(parts, k+" "+amount(sums[k]))
	}
	return strings.Join(parts, ", ")
}

func payerNo(rc *store.RemitClaim) string {
	if rc.PayerClaimNumber == "" {
		return ""
	}
	return "; payer claim number " + rc.PayerClaimNumber
}

// amount renders cents as dollars, e.g. "-120.00".
func amount(cents int64) string { return edi.Amount(cents).String() }

// or is v, or def when v is empty.
func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
