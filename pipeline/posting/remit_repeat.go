package posting

import (
	"fmt"
	"slices"
	"strings"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/pipeline/store"
)

// A clearinghouse may send a payment again in a new envelope: new control
// numbers and dates, so new content, but the same 835. The payment is
// known by its keys, not by its file: the payer (TRN03, else its ID), the
// check or EFT trace (TRN02), the amount (BPR02) and the claims (CLP01,
// CLP07 and CLP04 of each). A set whose keys all equal those of a payment
// received before is a repeat and posts nothing. A set with the payer and
// trace of an earlier payment but another amount or other claims is
// neither posted nor dropped: its claims wait for a person.

// payerOf is the payer identity a set's trace belongs to: TRN03, or the
// payer's ID when the set has none.
func payerOf(rem *store.Remittance) string {
	return or(rem.TraceOriginator, rem.PayerID)
}

// priorPayments returns the payments received before with the set's payer
// and trace; none when the set has no trace.
func (p *poster) priorPayments(rem *store.Remittance) ([]store.PriorPayment, error) {
	if strings.TrimSpace(rem.TraceNumber) == "" {
		return nil, nil
	}
	if err := p.tx.LockPaymentTrace(p.ctx, rem.TraceNumber, payerOf(rem)); err != nil {
		return nil, err
	}
	return p.tx.PaymentsByTrace(p.ctx, rem.TraceNumber, payerOf(rem))
}

// claimKeys are the keys of a set's CLPs, sorted.
func claimKeys(rcs []*store.RemitClaim) []store.PaymentClaimKey {
	out := make([]store.PaymentClaimKey, 0, len(rcs))
	for _, rc := range rcs {
		out = append(out, store.PaymentClaimKey{PCN: rc.PCN,
			PayerClaimNumber: rc.PayerClaimNumber, PaidCents: rc.PaidCents})
	}
	return sortKeys(out)
}

func sortKeys(ks []store.PaymentClaimKey) []store.PaymentClaimKey {
	slices.SortFunc(ks, func(a, b store.PaymentClaimKey) int {
		if c := strings.Compare(a.PCN, b.PCN); c != 0 {
			return c
		}
		if c := strings.Compare(a.PayerClaimNumber, b.PayerClaimNumber); c != 0 {
			return c
		}
		return int(a.PaidCents - b.PaidCents)
	})
	return ks
}

// samePayment returns the earlier payment the set repeats, or nil.
func samePayment(rem *store.Remittance, keys []store.PaymentClaimKey,
	prior []store.PriorPayment) *store.PriorPayment {

	for i := range prior {
		pp := &prior[i]
		if pp.AmountCents == rem.AmountCents &&
			slices.Equal(sortKeys(slices.Clone(pp.Claims)), keys) {
			return pp
		}
	}
	return nil
}

// repeated records that a set repeats an earlier payment; nothing of it is
// written.
func (p *poster) repeated(rs remitSet, rem *store.Remittance, pp *store.PriorPayment) {
	p.repeats++
	p.notes = append(p.notes, edi.Finding{Severity: edi.Warning, File: p.file.Name,
		Pos: rs.Payment.Pos, Err: edi.ErrStructure,
		Message: fmt.Sprintf("835 set %s repeats the payment of set %s in file %s (%s): "+
			"trace %s from payer %s, %s, the same %d claims; nothing in it was posted again",
			rem.ST02, pp.ST02, pp.FileID, pp.FileName, rem.TraceNumber, payerOf(rem),
			amount(rem.AmountCents), len(rs.Claims))})
}

// holdSameTrace keeps a set whose payer and trace an earlier payment had,
// with another amount or other claims: the payment, its claims and its
// provider-level items are recorded, each claim held for a person, and
// nothing is posted.
func (p *poster) holdSameTrace(rs remitSet, rem *store.Remittance, rcs []*store.RemitClaim,
	keys []store.PaymentClaimKey, pp *store.PriorPayment) error {

	p.heldSets++
	var diff []string
	if rem.AmountCents != pp.AmountCents {
		diff = append(diff, fmt.Sprintf("%s where that one has %s", amount(rem.AmountCents),
			amount(pp.AmountCents)))
	}
	if !slices.Equal(sortKeys(slices.Clone(pp.Claims)), keys) {
		diff = append(diff, "other claims")
	}
	p.notes = append(p.notes, edi.Finding{Severity: edi.Warning, File: p.file.Name,
		Pos: rs.Payment.Pos, Err: edi.ErrStructure,
		Message: fmt.Sprintf("835 set %s has the trace %s from payer %s of set %s in file "+
			"%s (%s), but %s: its %d claims wait for a person and nothing was posted",
			rem.ST02, rem.TraceNumber, payerOf(rem), pp.ST02, pp.FileID, pp.FileName,
			strings.Join(diff, ", and "), len(rcs))})
	for _, rc := range rcs {
		rc.Posting = postHeld
		p.hold("835", rc.ID, rc.PCN, store.UnmatchedSameTrace)
	}
	err := p.write("remittance claims", func() error {
		return p.tx.InsertRemitClaims(p.ctx, rcs)
	})
	if err != nil {
		return err
	}
	// The payment's provider-level items are kept with it, so that its
	// deposit can be reconciled, but a recoupment is not booked against a
	// claim until a person has decided what the payment is.
	return p.providerAdjustments(rs, rem, false)
}
