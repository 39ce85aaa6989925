package web

import (
	"context"
	"io"

	"github.com/claimflow/claimflow/pipeline/posting"
	"github.com/claimflow/claimflow/pipeline/store"
)

// PostingIntake is the Intake that pipeline/posting provides: each claim
// of the body (JSON Lines or an array, in the JSON claim format) is
// checked and stored, ready or held back with its findings; a claim that
// cannot be read, or whose number a live claim holds, is refused.
func PostingIntake(s *store.Store) Intake { return postingIntake{s: s} }

type postingIntake struct{ s *store.Store }

// Import stores the claims of r and says what became of each.
func (p postingIntake) Import(ctx context.Context, r io.Reader) (ImportResult, error) {
	res := ImportResult{Claims: []ImportedClaim{}}
	_, err := posting.Import(ctx, p.s, r, posting.ImportOptions{
		OnClaim: func(c posting.ClaimResult) {
			ic := ImportedClaim{ID: c.ClaimID, PCN: c.PCN, Status: string(c.Status)}
			if c.Err != nil {
				ic.Status, ic.Error = "refused", c.Err.Error()
			}
			for _, f := range c.Findings {
				ic.Findings = append(ic.Findings, ImportFinding{
					Severity: f.Severity.String(), Code: f.Code, Path: f.Path,
					Message: f.Message})
			}
			res.Claims = append(res.Claims, ic)
		},
	})
	return res, err
}
