package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline/posting"
	"github.com/claimflow/claimflow/pipeline/store"
)

// PostingIntake is the Intake that pipeline/posting provides: each claim
// of the body (JSON Lines or an array, in the JSON claim format) is
// checked and stored, ready or held back with its findings; a claim that
// cannot be read, or whose number a live claim holds, is refused and the
// others go on.
func PostingIntake(s *store.Store) Intake { return postingIntake{s: s} }

type postingIntake struct{ s *store.Store }

// Import stores the claims of r and says what became of each.
func (p postingIntake) Import(ctx context.Context, r io.Reader) (ImportResult, error) {
	res := ImportResult{Claims: []ImportedClaim{}}
	_, err := posting.Import(ctx, p.s, r, posting.ImportOptions{
		OnClaim: func(c posting.ClaimResult) { res.add(importedClaim(c)) },
	})
	// Refused claims are reported at once, stored ones when their
	// transaction commits: list them in the order of the body.
	slices.SortStableFunc(res.Claims, func(a, b ImportedClaim) int { return a.Index - b.Index })
	if errors.Is(err, x837.ErrDecode) {
		err = fmt.Errorf("%w: %w", store.ErrInvalidInput, err)
	}
	return res, err
}

// importedClaim says what became of one claim, naming a claim that could
// not be decoded by its place in the body rather than its content.
func importedClaim(c posting.ClaimResult) ImportedClaim {
	ic := ImportedClaim{Index: c.Index, Line: c.Line, ID: c.ClaimID, PCN: c.PCN,
		Status: string(c.Status)}
	var de *x837.DecodeError
	switch {
	case errors.As(c.Err, &de):
		ic.Status, ic.Error = ImportRefused, de.Err.Error()
	case c.Err != nil:
		ic.Status, ic.Error = ImportRefused, c.Err.Error()
	}
	for _, f := range c.Findings {
		ic.Findings = append(ic.Findings, ImportFinding{
			Severity: f.Severity.String(), Code: f.Code, Path: f.Path,
			Message: f.Message})
	}
	return ic
}
