package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// PayerClaimRef says that a payer's claim number (REF*1K, CLP07) was seen
// for a claim's version.
type PayerClaimRef struct {
	Number  string
	ClaimID string
	Version int
}

// ClaimsByPayerClaimNumber returns the claim versions each of numbers was
// seen for: in a claim's newest known number, a 277CA status or a CLP that
// was not a reversal. Each claim version appears once per number.
func (t *Tx) ClaimsByPayerClaimNumber(ctx context.Context,
	numbers []string) ([]PayerClaimRef, error) {

	var rows []struct {
		Number  string `db:"number"`
		ClaimID string `db:"claim_id"`
		Version int    `db:"version"`
	}
	err := inChunks(ctx, t, &rows, "SELECT payer_claim_number AS number, claim_id, version "+
		"FROM claim_acks WHERE claim_id IS NOT NULL AND payer_claim_number IN (?) "+
		"UNION SELECT payer_claim_number, claim_id, version FROM remit_claims "+
		"WHERE claim_id IS NOT NULL AND status_code <> '22' AND payer_claim_number IN (?) "+
		"UNION SELECT payer_claim_number, id, version FROM claims "+
		"WHERE payer_claim_number IN (?)", numbers)
	if err != nil {
		return nil, fmt.Errorf("look up claims by payer claim number: %w", err)
	}
	out := make([]PayerClaimRef, 0, len(rows))
	for _, r := range rows {
		out = append(out, PayerClaimRef{Number: r.Number, ClaimID: r.ClaimID,
			Version: r.Version})
	}
	slices.SortFunc(out, func(a, b PayerClaimRef) int {
		if c := strings.Compare(a.Number, b.Number); c != 0 {
			return c
		}
		if c := strings.Compare(a.ClaimID, b.ClaimID); c != 0 {
			return c
		}
		return a.Version - b.Version
	})
	return slices.Compact(out), nil
}

// LatestPayerClaimNumber returns the payer's claim number that the newest
// 277CA status or CLP (other than a reversal) of a claim carries, or "".
// A replacement or void of the claim names the original by it.
func (s *Store) LatestPayerClaimNumber(ctx context.Context, claimID string) (string, error) {
	var rows []struct {
		Number string `db:"number"`
		At     string `db:"at"`
		Seq    int    `db:"seq"`
	}
	err := s.selectAll(ctx, &rows, "SELECT payer_claim_number AS number, received_at AS at, "+
		"seq FROM claim_acks WHERE claim_id = ? AND payer_claim_number IS NOT NULL "+
		"UNION ALL SELECT rc.payer_claim_number, r.received_at, rc.seq FROM remit_claims rc "+
		"JOIN remittances r ON r.id = rc.remittance_id WHERE rc.claim_id = ? "+
		"AND rc.status_code <> '22' AND rc.payer_claim_number IS NOT NULL",
		claimID, claimID)
	if err != nil {
		return "", fmt.Errorf("read payer claim numbers of claim %s: %w", claimID, err)
	}
	best := -1
	for i, r := range rows {
		if best < 0 || r.At > rows[best].At || (r.At == rows[best].At && r.Seq > rows[best].Seq) {
			best = i
		}
	}
	if best < 0 {
		return "", nil
	}
	return rows[best].Number, nil
}
