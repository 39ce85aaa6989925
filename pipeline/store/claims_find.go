package store

import (
	"context"
	"fmt"
)

// FindClaims returns the claims that ref names: the claim whose ID it is;
// else the live claim whose patient control number it is; else every
// claim that had that number in any version, void ones included.
func (s *Store) FindClaims(ctx context.Context, ref string) ([]Claim, error) {
	for _, where := range []string{
		"id = ?",
		"pcn = ? AND status <> 'void'",
		"id IN (SELECT claim_id FROM claim_versions WHERE pcn = ?)",
	} {
		var rows []claimRow
		err := s.selectAll(ctx, &rows, "SELECT "+claimColumns+" FROM claims WHERE "+where+
			" ORDER BY id", ref)
		if err != nil {
			return nil, fmt.Errorf("find claims: %w", err)
		}
		if len(rows) > 0 {
			out := make([]Claim, 0, len(rows))
			for _, r := range rows {
				out = append(out, r.claim())
			}
			return out, nil
		}
	}
	return nil, nil
}
