package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Why an answer waits for a person (unmatched_responses.reason).
const (
	UnmatchedNoClaim      = "no_claim"            // no claim or batch has its number
	UnmatchedAmbiguous    = "ambiguous"           // more than one claim or batch fits
	UnmatchedNotSubmitted = "not_submitted"       // the claim was never sent
	UnmatchedReversal     = "reversal_not_posted" // a reversal of nothing posted here
	// UnmatchedSameTrace: an 835 whose payer and check or EFT trace came
	// before, with a different amount or other claims.
	UnmatchedSameTrace = "same_trace"
)

// unmatchedWords say each reason in words.
var unmatchedWords = map[string]string{
	UnmatchedNoClaim:      "matches no claim",
	UnmatchedAmbiguous:    "fits more than one claim",
	UnmatchedNotSubmitted: "names a claim that was never sent",
	UnmatchedReversal:     "reverses a payment that was never posted here",
	UnmatchedSameTrace:    "repeats the check or EFT trace of an earlier payment with other content",
}

// UnmatchedWords says why an answer matched no claim, in words; an
// unknown reason comes back as it is.
func UnmatchedWords(reason string) string {
	if w, ok := unmatchedWords[reason]; ok {
		return w
	}
	return reason
}

// Unmatched is an answer that matched no claim, or that posting held back,
// waiting for a person to attach it.
type Unmatched struct {
	ID              string // set by InsertUnmatched when empty
	FileID          string
	Kind            string // TA1, 999, 277CA or 835
	SourceID        string // the acknowledgments, claim_acks or remit_claims row
	Reference       string // the key that matched nothing, e.g. a PCN
	Reason          string // one of the Unmatched constants
	ReceivedAt      time.Time
	AttachedClaimID string
	AttachedAt      time.Time // zero while open
}

const unmatchedColumns = "id, file_id, kind, source_id, reference, reason, received_at, " +
	"attached_claim_id, attached_at"

type unmatchedRow struct {
	ID              string         `db:"id"`
	FileID          string         `db:"file_id"`
	Kind            string         `db:"kind"`
	SourceID        string         `db:"source_id"`
	Reference       string         `db:"reference"`
	Reason          string         `db:"reason"`
	ReceivedAt      dbTime         `db:"received_at"`
	AttachedClaimID sql.NullString `db:"attached_claim_id"`
	AttachedAt      dbTime         `db:"attached_at"`
}

func (r unmatchedRow) unmatched() Unmatched {
	return Unmatched{
		ID: r.ID, FileID: r.FileID, Kind: r.Kind, SourceID: r.SourceID,
		Reference: r.Reference, Reason: r.Reason, ReceivedAt: r.ReceivedAt.Time,
		AttachedClaimID: r.AttachedClaimID.String, AttachedAt: r.AttachedAt.Time,
	}
}

// InsertUnmatched records answers that wait for a person.
func (t *Tx) InsertUnmatched(ctx context.Context, us []Unmatched) error {
	rows := make([][]any, 0, len(us))
	for i := range us {
		u := &us[i]
		if u.ID == "" {
			u.ID = newID()
		}
		if u.Reason == "" {
			u.Reason = UnmatchedNoClaim
		}
		rows = append(rows, []any{u.ID, u.FileID, u.Kind, u.SourceID, u.Reference, u.Reason,
			at(t.when(u.ReceivedAt)), nil, nil})
	}
	err := t.insertRows(ctx, "unmatched_responses", []string{"id", "file_id", "kind",
		"source_id", "reference", "reason", "received_at", "attached_claim_id",
		"attached_at"}, rows)
	if err != nil {
		return fmt.Errorf("record unmatched answers: %w", err)
	}
	return nil
}

// LockUnmatched reads an unmatched answer and locks it until the
// transaction ends.
func (t *Tx) LockUnmatched(ctx context.Context, id string) (Unmatched, error) {
	var r unmatchedRow
	err := t.get(ctx, &r, "UPDATE unmatched_responses SET reason = reason WHERE id = ? "+
		"RETURNING "+unmatchedColumns, id)
	if err != nil {
		return Unmatched{}, fmt.Errorf("unmatched answer %s: %w", id, noRows(err))
	}
	return r.unmatched(), nil
}

// MarkAttached records that a person attached the answer to a claim, or,
// with claimID "", dismissed it: it waits no longer.
func (t *Tx) MarkAttached(ctx context.Context, id, claimID string) error {
	err := t.execOne(ctx, "UPDATE unmatched_responses SET attached_claim_id = ?, "+
		"attached_at = ? WHERE id = ? AND attached_at IS NULL", nullString(claimID),
		at(t.s.clock()), id)
	if err != nil {
		return fmt.Errorf("attach answer %s: %w", id, err)
	}
	return nil
}

// ListUnmatched returns the answers that wait for a person, oldest first;
// all when open is false, attached ones included.
func (s *Store) ListUnmatched(ctx context.Context, open bool) ([]Unmatched, error) {
	query := "SELECT " + unmatchedColumns + " FROM unmatched_responses"
	if open {
		query += " WHERE attached_at IS NULL"
	}
	var rows []unmatchedRow
	if err := s.selectAll(ctx, &rows, query+" ORDER BY received_at, id"); err != nil {
		return nil, fmt.Errorf("list unmatched answers: %w", err)
	}
	out := make([]Unmatched, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.unmatched())
	}
	return out, nil
}
