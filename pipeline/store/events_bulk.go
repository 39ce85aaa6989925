package store

import (
	"context"
	"fmt"
	"maps"
	"slices"

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
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		r := locked[id]
		err := t.execOne(ctx, "UPDATE claims SET status = ?, version = ?, stuck_since = ?, "+
			"last_event = ?, payer_claim_number = ?, updated_at = ? WHERE id = ?",
			r.Status, r.Version, r.StuckSince, r.LastEvent, r.PayerClaimNumber, at(now), id)
		if err != nil {
			return nil, fmt.Errorf("update claim %s: %w", id, err)
		}
	}
	return out, nil
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
