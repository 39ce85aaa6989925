package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// ClaimEvent is one event for AppendEvents.
type ClaimEvent struct {
	ClaimID string
	NewEvent
	// PayerClaimNumber, when not empty, becomes the claim's newest known
	// payer claim number.
	PayerClaimNumber string
}

// AppendEvents is AppendEvent for many events at once, in the order given:
// the claims are locked in ID order in a few statements, every event goes
// through the lifecycle, and the timeline rows are written together. An
// event the lifecycle refuses fails the whole call, and the transaction
// must be rolled back.
func (t *Tx) AppendEvents(ctx context.Context, evs []ClaimEvent) ([]Event, error) {
	if len(evs) == 0 {
		return nil, nil
	}
	for _, e := range evs {
		if e.Kind == lifecycle.KindReceived {
			return nil, fmt.Errorf("%w: a new version is added with AddVersion",
				ErrInvalidInput)
		}
	}
	ids := make(map[string]bool, len(evs))
	for _, e := range evs {
		ids[e.ClaimID] = true
	}
	locked, err := t.lockClaims(ctx, slices.Sorted(maps.Keys(ids)))
	if err != nil {
		return nil, err
	}

	now := t.s.clock()
	changes := make([]eventChange, 0, len(evs))
	out := make([]Event, 0, len(evs))
	for _, ce := range evs {
		r := locked[ce.ClaimID]
		state := r.claim().State()
		e := ce.NewEvent
		if e.Version == 0 {
			e.Version = r.Version
		}
		next, _, err := lifecycle.Next(state, e.lifecycle())
		if err != nil {
			return nil, fmt.Errorf("claim %s: %w", ce.ClaimID, err)
		}
		r.LastEvent++
		ev := Event{
			ClaimID: ce.ClaimID, Seq: r.LastEvent, At: eventTime(e, now), Kind: e.Kind,
			Version: e.Version, Status: e.Status, StatusBefore: state.Status,
			StatusAfter: next.Status, FileID: e.FileID, BatchID: e.BatchID, Detail: e.Detail,
		}
		switch {
		case next.Stuck && state.Stuck:
		case next.Stuck:
			r.StuckSince = at(ev.At)
		default:
			r.StuckSince = dbTime{}
		}
		r.Status, r.Version = string(next.Status), next.Version
		if ce.PayerClaimNumber != "" {
			r.PayerClaimNumber.String, r.PayerClaimNumber.Valid = ce.PayerClaimNumber, true
		}
		locked[ce.ClaimID] = r
		changes = append(changes, eventChange{claimID: ce.ClaimID, seq: ev.Seq,
			before: state, after: next, e: e})
		out = append(out, ev)
	}
	if err := t.insertEvents(ctx, now, changes); err != nil {
		return nil, err
	}
	if err := t.updateClaims(ctx, slices.Sorted(maps.Keys(ids)), locked, now); err != nil {
		return nil, err
	}
	return out, nil
}

// updateClaims writes the status, version, stuck flag, newest event and
// payer claim number of claims, a few hundred per statement.
func (t *Tx) updateClaims(ctx context.Context, ids []string, rows map[string]claimRow,
	now time.Time) error {

	one := "(?, ?, CAST(? AS INTEGER), ?, CAST(? AS INTEGER), ?)"
	for chunk := range slices.Chunk(ids, maxRowsPerInsert) {
		args := make([]any, 0, 6*len(chunk)+1)
		for _, id := range chunk {
			r := rows[id]
			args = append(args, id, r.Status, r.Version, r.StuckSince, r.LastEvent,
				r.PayerClaimNumber)
		}
		args = append(args, at(now))
		res, err := t.exec(ctx, "WITH v (id, status, version, stuck_since, last_event, "+
			"payer_claim_number) AS (VALUES "+one+repeatSQL(", "+one, len(chunk)-1)+") "+
			"UPDATE claims SET status = v.status, version = v.version, "+
			"stuck_since = v.stuck_since, last_event = v.last_event, "+
			"payer_claim_number = v.payer_claim_number, updated_at = ? "+
			"FROM v WHERE claims.id = v.id", args...)
		if err != nil {
			return fmt.Errorf("update %d claims: %w", len(chunk), err)
		}
		if n, err := res.RowsAffected(); err != nil || n != int64(len(chunk)) {
			return fmt.Errorf("update %d claims: %d changed, %v", len(chunk), n, err)
		}
	}
	return nil
}

// LockClaims locks claims' rows until the transaction ends, so that what
// the caller reads of them next (their postings, say) cannot change before
// it writes: a transaction posting to the same claims waits. Rows are
// locked in ID order; a missing claim is an error wrapping ErrNotFound.
func (t *Tx) LockClaims(ctx context.Context, ids []string) error {
	sorted := slices.Sorted(slices.Values(ids))
	_, err := t.lockClaims(ctx, slices.Compact(sorted))
	return err
}

// lockClaims reads claims and locks their rows until the transaction ends,
// in ID order, so that two transactions locking overlapping sets cannot
// deadlock. A missing claim is an error wrapping ErrNotFound.
func (t *Tx) lockClaims(ctx context.Context, ids []string) (map[string]claimRow, error) {
	query := "SELECT " + claimColumns + " FROM claims WHERE id IN (?) ORDER BY id"
	if t.s.dialect == Postgres {
		query += " FOR UPDATE"
	}
	var rows []claimRow
	if err := inChunks(ctx, t, &rows, query, ids); err != nil {
		return nil, fmt.Errorf("lock claims: %w", err)
	}
	out := make(map[string]claimRow, len(rows))
	for _, r := range rows {
		out[r.ID] = r
	}
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			return nil, fmt.Errorf("claim %s: %w", id, ErrNotFound)
		}
	}
	return out, nil
}
