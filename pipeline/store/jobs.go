package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// Routing says which claims a connection takes: those already assigned to
// it, and unassigned ones whose payer it lists. A default connection takes
// every payer except those that other connections list.
type Routing struct {
	Connection string
	Payers     []string // payer IDs it lists
	Default    bool     // it takes payers nobody lists
	Elsewhere  []string // payer IDs other connections list
}

// ReadyClaims returns up to limit ready claims that the routing sends to
// its connection, oldest first.
func (s *Store) ReadyClaims(ctx context.Context, r Routing, limit int) ([]Claim, error) {
	where := []string{"status = ?"}
	args := []any{string(lifecycle.Ready)}
	payer := []string{}
	if len(r.Payers) > 0 {
		payer = append(payer, "payer_id IN ("+marks(len(r.Payers))+")")
		for _, p := range r.Payers {
			args = append(args, p)
		}
	}
	if r.Default {
		if len(r.Elsewhere) == 0 {
			payer = append(payer, "1 = 1")
		} else {
			payer = append(payer, "payer_id NOT IN ("+marks(len(r.Elsewhere))+")")
			for _, p := range r.Elsewhere {
				args = append(args, p)
			}
		}
	}
	unassigned := "1 = 0"
	if len(payer) > 0 {
		unassigned = "(" + strings.Join(payer, " OR ") + ")"
	}
	where = append(where, "(connection = ? OR (connection IS NULL AND "+unassigned+"))")
	args = append(args, r.Connection, limit)
	var rows []claimRow
	err := s.selectAll(ctx, &rows, "SELECT "+claimColumns+" FROM claims WHERE "+
		strings.Join(where, " AND ")+" ORDER BY id LIMIT ?", args...)
	if err != nil {
		return nil, fmt.Errorf("list ready claims for %s: %w", r.Connection, err)
	}
	out := make([]Claim, len(rows))
	for i, row := range rows {
		out[i] = row.claim()
	}
	return out, nil
}

// BatchesInState returns a connection's batches in the given state, oldest
// first. The submit job uses it to find batches built but not uploaded.
func (s *Store) BatchesInState(ctx context.Context, connection string,
	state BatchState) ([]Batch, error) {
	var rows []batchRow
	err := s.selectAll(ctx, &rows, "SELECT "+batchColumns+" FROM batches "+
		"WHERE connection = ? AND state = ? ORDER BY built_at, id", connection, string(state))
	if err != nil {
		return nil, fmt.Errorf("list %s batches of %s: %w", state, connection, err)
	}
	out := make([]Batch, len(rows))
	for i, r := range rows {
		out[i] = r.batch()
	}
	return out, nil
}

// QuietClaims returns the IDs of a connection's claims that have been in
// status since before cutoff without being flagged stuck. The time a claim
// entered its status is that of the event that moved it there.
func (s *Store) QuietClaims(ctx context.Context, connection string, status lifecycle.Status,
	cutoff time.Time, limit int) ([]string, error) {
	var ids []string
	err := s.selectAll(ctx, &ids, "SELECT c.id FROM claims c "+
		"WHERE c.connection = ? AND c.status = ? AND c.stuck_since IS NULL AND "+
		"(SELECT MAX(e.at) FROM claim_events e WHERE e.claim_id = c.id "+
		"AND e.status_after = c.status AND "+
		"(e.status_before IS NULL OR e.status_before <> e.status_after)) < ? "+
		"ORDER BY c.id LIMIT ?", connection, string(status), at(cutoff), limit)
	if err != nil {
		return nil, fmt.Errorf("list quiet %s claims of %s: %w", status, connection, err)
	}
	return ids, nil
}

func marks(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
