package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

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

// ReadyQuery narrows ReadyClaims.
type ReadyQuery struct {
	Kind  ClaimKind // "" for both kinds
	After string    // only claims whose ID sorts after this one
	Limit int
}

// ReadyClaims returns up to q.Limit ready claims that the routing sends to
// its connection, in ID order (oldest first).
func (s *Store) ReadyClaims(ctx context.Context, r Routing, q ReadyQuery) ([]Claim, error) {
	where := []string{"status = ?"}
	args := []any{string(lifecycle.Ready)}
	if q.Kind != "" {
		where = append(where, "kind = ?")
		args = append(args, string(q.Kind))
	}
	if q.After != "" {
		where = append(where, "id > ?")
		args = append(args, q.After)
	}
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
	args = append(args, r.Connection, q.Limit)
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

// CurrentDocuments returns the document of each claim's current version,
// by claim ID; claims that do not exist are left out.
func (s *Store) CurrentDocuments(ctx context.Context, ids []string) (map[string][]byte,
	error) {
	docs := make(map[string][]byte, len(ids))
	for chunk := range slices.Chunk(ids, maxRowsPerInsert) {
		query, args, err := sqlx.In("SELECT v.claim_id, v.document FROM claim_versions v "+
			"JOIN claims c ON c.id = v.claim_id AND c.version = v.version "+
			"WHERE v.claim_id IN (?)", chunk)
		if err != nil {
			return nil, fmt.Errorf("read claim documents: %w", err)
		}
		var rows []struct {
			ClaimID  string `db:"claim_id"`
			Document string `db:"document"`
		}
		if err := s.selectAll(ctx, &rows, query, args...); err != nil {
			return nil, fmt.Errorf("read claim documents: %w", err)
		}
		for _, r := range rows {
			docs[r.ClaimID] = []byte(r.Document)
		}
	}
	return docs, nil
}

// HoldClaim holds a ready claim that cannot be sent: in one transaction it
// adds the findings to its current version, where the work list shows
// them, and moves it to invalid with an event saying why.
func (s *Store) HoldClaim(ctx context.Context, claimID string, findings []Finding,
	detail string) (Event, error) {
	var ev Event
	err := s.InTx(ctx, func(tx *Tx) error {
		cur, err := tx.lockClaim(ctx, claimID)
		if err != nil {
			return err
		}
		var last int
		if err := tx.get(ctx, &last, "SELECT COALESCE(MAX(seq), 0) FROM claim_findings "+
			"WHERE claim_id = ? AND version = ?", claimID, cur.Version); err != nil {
			return fmt.Errorf("hold claim %s: %w", claimID, err)
		}
		rows := make([][]any, len(findings))
		for i, f := range findings {
			rows[i] = []any{claimID, cur.Version, last + i + 1, f.Severity, f.Code, f.Path,
				f.Message}
		}
		if err := tx.insertRows(ctx, "claim_findings", findingColumns, rows); err != nil {
			return fmt.Errorf("hold claim %s: %w", claimID, err)
		}
		ev, err = tx.appendEvent(ctx, claimID, NewEvent{Kind: lifecycle.KindChecked,
			Status: lifecycle.Invalid, Detail: detail})
		return err
	})
	return ev, err
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
