package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// NewEvent is an event to add to a claim's timeline.
type NewEvent struct {
	Kind    lifecycle.Kind
	Version int              // the version it concerns; 0 means the current one
	Status  lifecycle.Status // what it asserts; zero for none
	FileID  string           // the file that caused it, if any
	BatchID string           // the batch that caused it, if any
	Detail  string           // for people; never patient data
	At      time.Time        // when it happened; zero means now
}

// Event is one entry of a claim's timeline.
type Event struct {
	ClaimID      string           `json:"claim_id"`
	Seq          int              `json:"seq"` // 1 for the claim's first event, then one more each
	At           time.Time        `json:"at,omitzero"`
	Kind         lifecycle.Kind   `json:"kind"`
	Version      int              `json:"version"`
	Status       lifecycle.Status `json:"status"`        // what the event asserted; zero for none
	StatusBefore lifecycle.Status `json:"status_before"` // zero for the claim's first event
	StatusAfter  lifecycle.Status `json:"status_after"`
	FileID       string           `json:"file_id,omitzero"`
	BatchID      string           `json:"batch_id,omitzero"`
	Detail       string           `json:"detail,omitzero"`
}

// Moved reports whether the event changed the claim's status. An event that
// came too late (a 277CA after the 835) is recorded and moves nothing.
func (e Event) Moved() bool { return e.StatusBefore != e.StatusAfter }

// LifecycleEvent is the event as the lifecycle sees it.
func (e Event) LifecycleEvent() lifecycle.Event {
	return lifecycle.Event{Kind: e.Kind, Version: e.Version, Status: e.Status}
}

const eventColumns = "claim_id, seq, at, kind, version, status, status_before, " +
	"status_after, file_id, batch_id, detail"

type eventRow struct {
	ClaimID      string         `db:"claim_id"`
	Seq          int            `db:"seq"`
	At           dbTime         `db:"at"`
	Kind         string         `db:"kind"`
	Version      int            `db:"version"`
	Status       sql.NullString `db:"status"`
	StatusBefore sql.NullString `db:"status_before"`
	StatusAfter  string         `db:"status_after"`
	FileID       sql.NullString `db:"file_id"`
	BatchID      sql.NullString `db:"batch_id"`
	Detail       string         `db:"detail"`
}

func (r eventRow) event() Event {
	return Event{
		ClaimID:      r.ClaimID,
		Seq:          r.Seq,
		At:           r.At.Time,
		Kind:         lifecycle.Kind(r.Kind),
		Version:      r.Version,
		Status:       lifecycle.Status(r.Status.String),
		StatusBefore: lifecycle.Status(r.StatusBefore.String),
		StatusAfter:  lifecycle.Status(r.StatusAfter),
		FileID:       r.FileID.String,
		BatchID:      r.BatchID.String,
		Detail:       r.Detail,
	}
}

// AppendEvent adds an event to a claim's timeline and, in the same
// transaction, applies what the lifecycle makes of it to the claim. An
// event the lifecycle refuses is not recorded: the error wraps
// lifecycle.ErrNotAllowed. New versions come only through AddVersion, so a
// received event is refused here.
func (s *Store) AppendEvent(ctx context.Context, claimID string, e NewEvent) (Event, error) {
	var ev Event
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		ev, err = tx.AppendEvent(ctx, claimID, e)
		return err
	})
	return ev, err
}

// AppendEvent is Store.AppendEvent inside a transaction. The claim's row
// stays locked until the transaction ends, so events of one claim are
// applied one at a time.
func (t *Tx) AppendEvent(ctx context.Context, claimID string, e NewEvent) (Event, error) {
	if e.Kind == lifecycle.KindReceived {
		return Event{}, fmt.Errorf("%w: a new version is added with AddVersion",
			ErrInvalidInput)
	}
	return t.appendEvent(ctx, claimID, e)
}

func (t *Tx) appendEvent(ctx context.Context, claimID string, e NewEvent) (Event, error) {
	cur, err := t.lockClaim(ctx, claimID)
	if err != nil {
		return Event{}, err
	}
	state := cur.claim().State()
	if e.Version == 0 {
		e.Version = cur.Version
	}
	next, _, err := lifecycle.Next(state, e.lifecycle())
	if err != nil {
		return Event{}, fmt.Errorf("claim %s: %w", claimID, err)
	}

	now := t.s.clock()
	change := eventChange{claimID: claimID, seq: cur.LastEvent + 1, before: state,
		after: next, e: e}
	if err := t.insertEvents(ctx, now, []eventChange{change}); err != nil {
		return Event{}, err
	}
	ev := Event{
		ClaimID: claimID, Seq: change.seq, At: eventTime(e, now), Kind: e.Kind,
		Version: e.Version, Status: e.Status, StatusBefore: state.Status,
		StatusAfter: next.Status, FileID: e.FileID, BatchID: e.BatchID, Detail: e.Detail,
	}
	stuckSince := dbTime{}
	switch {
	case next.Stuck && state.Stuck:
		stuckSince = cur.StuckSince
	case next.Stuck:
		stuckSince = at(ev.At)
	}
	err = t.execOne(ctx, "UPDATE claims SET status = ?, version = ?, stuck_since = ?, "+
		"last_event = ?, updated_at = ? WHERE id = ?",
		next.Status, next.Version, stuckSince, ev.Seq, at(now), claimID)
	if err != nil {
		return Event{}, fmt.Errorf("update claim %s: %w", claimID, err)
	}
	return ev, nil
}

// eventChange is an event with the states around it, ready to record.
type eventChange struct {
	claimID       string
	seq           int
	before, after lifecycle.State
	e             NewEvent
}

// insertEvents records timeline rows, many per statement. An event without
// a time of its own gets now.
func (t *Tx) insertEvents(ctx context.Context, now time.Time, changes []eventChange) error {
	rows := make([][]any, 0, len(changes))
	for _, c := range changes {
		rows = append(rows, []any{c.claimID, c.seq, at(eventTime(c.e, now)), c.e.Kind,
			c.e.Version, nullString(string(c.e.Status)), nullString(string(c.before.Status)),
			c.after.Status, nullString(c.e.FileID), nullString(c.e.BatchID), c.e.Detail})
	}
	err := t.insertRows(ctx, "claim_events", strings.Split(eventColumns, ", "), rows)
	if err != nil && len(changes) == 1 {
		return fmt.Errorf("record %s event of claim %s: %w",
			changes[0].e.Kind, changes[0].claimID, err)
	}
	if err != nil {
		return fmt.Errorf("record %d events: %w", len(changes), err)
	}
	return nil
}

func eventTime(e NewEvent, now time.Time) time.Time {
	if e.At.IsZero() {
		return now
	}
	return truncate(e.At)
}

func (e NewEvent) lifecycle() lifecycle.Event {
	return lifecycle.Event{Kind: e.Kind, Version: e.Version, Status: e.Status}
}
