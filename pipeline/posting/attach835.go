package posting

import (
	"errors"

	"github.com/claimflow/claimflow/pipeline/store"
)

// ErrPosted means the remittance claim to attach was posted already.
var ErrPosted = errors.New("the remittance claim is posted already")

// ErrNothingToReverse means a held reversal still finds no posting of the
// claim to cancel.
var ErrNothingToReverse = errors.New("the claim has no posting this reversal cancels")

// attach835 posts a stored CLP that matched nothing, or a held reversal,
// on the claim whose submissions are subs, as posting would have.
func (p *poster) attach835(id string, subs []store.Submission) error {
	rc, err := p.tx.RemitClaim(p.ctx, id)
	if err != nil {
		return err
	}
	if rc.ClaimID != "" {
		return ErrPosted
	}
	rem, err := p.tx.Remittance(p.ctx, rc.RemittanceID)
	if err != nil {
		return err
	}
	refs, err := p.payerClaimRefs([]string{rc.PayerClaimNumber})
	if err != nil {
		return err
	}
	cands := p.narrow835(subs, rc, rem.PayerID, refs)
	if cands == nil {
		cands = subs
	}
	if err := p.books([]string{subs[0].ClaimID}); err != nil {
		return err
	}
	rc.Posting = ""
	p.post(rc, cands, remitContext{trace: rem.TraceNumber,
		notification: rem.Handling == "H" || rem.Method == "NON"})
	if rc.Posting == postHeld {
		return ErrNothingToReverse
	}
	return p.write("remittance claim", func() error {
		return p.tx.AssignRemitClaim(p.ctx, rc)
	})
}
