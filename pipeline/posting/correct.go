package posting

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// Revision is what Correct or Void made: the claim as it now stands, and
// the findings of the new version's checks.
type Revision struct {
	Claim    store.Claim
	Findings x837.Findings
	// Withdrawn is true when Void withdrew a claim the payer never had,
	// instead of making a version to send.
	Withdrawn bool
}

// ErrNoPayerClaimNumber means a void was asked for a claim whose payer's
// claim number is not known: no 277CA or 835 gave one.
var ErrNoPayerClaimNumber = errors.New("no payer claim number is known for the claim")

// Correct records a corrected claim: doc is the new JSON document, checked
// again like a claim at intake, with line control numbers written into
// lines that have none. A replacement (frequency 7) or void (8) that does
// not name the original gets the payer's claim number of the claim's
// newest 277CA or 835. The new version is ready, or invalid with its
// findings, and starts a new submission cycle; earlier versions and their
// answers stay on the timeline. Correct is refused (an error wrapping
// lifecycle.ErrNotAllowed) while the claim is in a batch, void, or waiting
// for an answer that is not yet late.
func Correct(ctx context.Context, s *store.Store, claimID string, doc []byte,
	today time.Time) (Revision, error) {

	d, err := s.GetClaim(ctx, claimID)
	if err != nil {
		return Revision{}, err
	}
	if !lifecycle.CanRevise(d.Claim.State()) {
		return Revision{}, fmt.Errorf("correct claim %s: %w: %s", claimID,
			lifecycle.ErrNotAllowed, notRevisable(d.Claim.Status))
	}
	return revise(ctx, s, d.Claim, doc, today)
}

// Void withdraws a claim. A claim the payer never had (held, ready, or
// rejected by the clearinghouse or the payer) is simply marked void. A
// claim the payer has is voided by sending it again with frequency 8 and
// the payer's claim number from its newest 277CA or 835: Void makes that
// version from the current one, ready to send.
func Void(ctx context.Context, s *store.Store, claimID string, today time.Time) (Revision,
	error) {

	d, err := s.GetClaim(ctx, claimID)
	if err != nil {
		return Revision{}, err
	}
	switch d.Claim.Status {
	case lifecycle.Received, lifecycle.Invalid, lifecycle.Ready,
		lifecycle.RejectedClearinghouse, lifecycle.RejectedPayer:
		_, err := s.AppendEvent(ctx, claimID, store.NewEvent{Kind: lifecycle.KindVoided,
			Status: lifecycle.Void, Detail: "withdrawn: the payer never had this claim"})
		if err != nil {
			return Revision{}, fmt.Errorf("void claim %s: %w", claimID, err)
		}
		c, err := s.GetClaim(ctx, claimID)
		return Revision{Claim: c.Claim, Withdrawn: true}, err
	}
	if !lifecycle.CanRevise(d.Claim.State()) {
		return Revision{}, fmt.Errorf("void claim %s: %w: %s", claimID,
			lifecycle.ErrNotAllowed, notRevisable(d.Claim.Status))
	}
	number, err := s.LatestPayerClaimNumber(ctx, claimID)
	if err != nil {
		return Revision{}, err
	}
	if number == "" {
		return Revision{}, fmt.Errorf("void claim %s: %w", claimID, ErrNoPayerClaimNumber)
	}
	doc, err := setString(d.Current.Document,
		[]string{"claimInformation", "claimFrequencyCode"}, "8")
	if err == nil {
		doc, err = setString(doc, []string{"claimInformation", "claimSupplementalInformation",
			"claimControlNumber"}, number)
	}
	if err != nil {
		return Revision{}, fmt.Errorf("void claim %s: %w", claimID, err)
	}
	return revise(ctx, s, d.Claim, doc, today)
}

// notRevisable says why a claim in status st takes no new version now, and
// when it will.
func notRevisable(st lifecycle.Status) string {
	switch st {
	case lifecycle.Void:
		return "it is void"
	case lifecycle.Received:
		return "it is being checked"
	}
	return fmt.Sprintf("it is %s: a clearinghouse or payer has it and has not answered "+
		"yet; a new version can be made once the answer comes, or when the claim is late "+
		"(stuck)", st)
}

// revise checks doc as the claim's next version and records it.
func revise(ctx context.Context, s *store.Store, cur store.Claim, doc []byte,
	today time.Time) (Revision, error) {

	kind := x837.Professional
	if cur.Kind == store.Institutional {
		kind = x837.Institutional
	}
	c, err := x837.DecodeClaim(doc, kind)
	if err != nil {
		return Revision{}, fmt.Errorf("correct claim %s: %w", cur.ID, err)
	}
	if ci := c.ClaimInformation; ci != nil &&
		(ci.ClaimFrequencyCode == "7" || ci.ClaimFrequencyCode == "8") &&
		ci.ClaimSupplementalInformation.OriginalClaimNumber() == "" {
		number, err := s.LatestPayerClaimNumber(ctx, cur.ID)
		if err != nil {
			return Revision{}, err
		}
		if number != "" {
			doc, err = setString(doc, []string{"claimInformation",
				"claimSupplementalInformation", "claimControlNumber"}, number)
			if err != nil {
				return Revision{}, fmt.Errorf("correct claim %s: %w", cur.ID, err)
			}
			if c, err = x837.DecodeClaim(doc, kind); err != nil {
				return Revision{}, fmt.Errorf("correct claim %s: %w", cur.ID, err)
			}
		}
	}
	in, fs, err := claimInput(c, today)
	if err != nil {
		return Revision{Findings: fs}, fmt.Errorf("correct claim %s: %w", cur.ID, err)
	}
	claim, err := s.AddVersion(ctx, cur.ID, in)
	if err != nil {
		return Revision{Findings: fs}, err
	}
	return Revision{Claim: claim, Findings: fs}, nil
}
