package posting

import (
	"fmt"

	"github.com/claimflow/claimflow/edi/codes"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// recoupments are the PLB reasons that take money back for an earlier
// claim, named by its payer claim number in the reference.
var recoupments = map[string]bool{"WO": true, "72": true}

// providerAdjustments records an 835's PLB items. A recoupment (WO, 72)
// whose reference is the payer's claim number of exactly one claim is
// booked against that claim, with a note on its timeline, unless the set
// is held (book false); the claim's postings and status do not change.
// Everything else (interest L6, forward balances FB, recoupments of
// unknown claims) stays a provider-level item.
func (p *poster) providerAdjustments(rs remitSet, rem *store.Remittance, book bool) error {
	if rs.Summary == nil || len(rs.Summary.Adjustments) == 0 {
		return nil
	}
	var numbers []string
	for _, a := range rs.Summary.Adjustments {
		if book && recoupments[a.Reason] && a.Reference != "" {
			numbers = append(numbers, a.Reference)
		}
	}
	refs, err := p.payerClaimRefs(numbers)
	if err != nil {
		return err
	}
	rows := make([]store.ProviderAdjustment, 0, len(rs.Summary.Adjustments))
	for i, a := range rs.Summary.Adjustments {
		row := store.ProviderAdjustment{RemittanceID: rem.ID, Seq: i + 1,
			ProviderID: a.ProviderID, FiscalDate: string(a.FiscalPeriod), Reason: a.Reason,
			Reference: a.Reference, AmountCents: int64(a.Amount)}
		if book && recoupments[a.Reason] {
			if ref, ok := oneClaim(refs[a.Reference]); ok {
				row.ClaimID = ref.ClaimID
				p.event(ref.ClaimID, ref.Version, lifecycle.KindNote, "", "", fmt.Sprintf(
					"835 %s: %s (PLB %s) of %s booked against this claim, payer claim "+
						"number %s", rem.TraceNumber, codes.PLBReason.Describe(a.Reason),
					a.Reason, amount(int64(a.Amount)), a.Reference), "")
			}
		}
		rows = append(rows, row)
	}
	return p.write("provider adjustments", func() error {
		return p.tx.InsertProviderAdjustments(p.ctx, rows)
	})
}

// oneClaim returns the newest version of the claim refs name, when they
// name one claim only.
func oneClaim(refs []store.PayerClaimRef) (store.PayerClaimRef, bool) {
	if len(refs) == 0 {
		return store.PayerClaimRef{}, false
	}
	best := refs[0]
	for _, r := range refs[1:] {
		if r.ClaimID != best.ClaimID {
			return store.PayerClaimRef{}, false
		}
		if r.Version > best.Version {
			best = r
		}
	}
	return best, true
}
