package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Acknowledgment is a TA1, or one set (or the group verdict) of a 999, as
// stored in acknowledgments.
type Acknowledgment struct {
	ID         string // set by InsertAcknowledgments when empty
	FileID     string
	Seq        int    // order within the file, from 1
	Kind       string // "TA1" or "999"
	BatchID    string // "" when no batch matched
	ISA13      string // TA101, as received
	GS06       string // AK102
	ST02       string // AK202; "" for a group verdict or a TA1
	Status     string // TA104, IK501 or AK901
	NoteCode   string // TA105
	Errors     []byte // JSON; nil means none
	ReceivedAt time.Time
}

// ClaimAck is one claim's status from a 277CA, as stored in claim_acks.
type ClaimAck struct {
	ID                 string // set by InsertClaimAcks when empty
	FileID             string
	Seq                int
	ClaimID            string // "" when no claim matched
	Version            int
	PCN                string // TRN02 as received
	Verdict            string // "accepted" or "rejected"
	Statuses           []byte // JSON; nil means none
	PayerClaimNumber   string // REF*1K
	ClearinghouseTrace string // REF*D9
	StatusDate         string
	ReceivedAt         time.Time
}

// InsertAcknowledgments records TA1 and 999 answers, giving each an ID
// when it has none.
func (t *Tx) InsertAcknowledgments(ctx context.Context, acks []Acknowledgment) error {
	rows := make([][]any, 0, len(acks))
	for i := range acks {
		a := &acks[i]
		if a.ID == "" {
			a.ID = newID()
		}
		errs := "[]"
		if a.Errors != nil {
			errs = string(a.Errors)
		}
		rows = append(rows, []any{a.ID, a.FileID, a.Seq, a.Kind, nullString(a.BatchID),
			nullString(a.ISA13), nullString(a.GS06), nullString(a.ST02), a.Status,
			nullString(a.NoteCode), errs, at(t.when(a.ReceivedAt))})
	}
	err := t.insertRows(ctx, "acknowledgments", []string{"id", "file_id", "seq", "kind",
		"batch_id", "isa13", "gs06", "st02", "status", "note_code", "errors",
		"received_at"}, rows)
	if err != nil {
		return fmt.Errorf("record acknowledgments: %w", err)
	}
	return nil
}

// InsertClaimAcks records 277CA claim statuses, giving each an ID when it
// has none.
func (t *Tx) InsertClaimAcks(ctx context.Context, acks []ClaimAck) error {
	rows := make([][]any, 0, len(acks))
	for i := range acks {
		a := &acks[i]
		if a.ID == "" {
			a.ID = newID()
		}
		statuses := "[]"
		if a.Statuses != nil {
			statuses = string(a.Statuses)
		}
		rows = append(rows, []any{a.ID, a.FileID, a.Seq, nullString(a.ClaimID),
			nullInt(a.Version), a.PCN, a.Verdict, statuses, nullString(a.PayerClaimNumber),
			nullString(a.ClearinghouseTrace), nullString(a.StatusDate),
			at(t.when(a.ReceivedAt))})
	}
	err := t.insertRows(ctx, "claim_acks", claimAckColumns, rows)
	if err != nil {
		return fmt.Errorf("record claim acknowledgments: %w", err)
	}
	return nil
}

var claimAckColumns = []string{"id", "file_id", "seq", "claim_id", "version", "pcn",
	"verdict", "statuses", "payer_claim_number", "clearinghouse_trace", "status_date",
	"received_at"}

type claimAckRow struct {
	ID                 string         `db:"id"`
	FileID             string         `db:"file_id"`
	Seq                int            `db:"seq"`
	ClaimID            sql.NullString `db:"claim_id"`
	Version            sql.NullInt64  `db:"version"`
	PCN                string         `db:"pcn"`
	Verdict            string         `db:"verdict"`
	Statuses           string         `db:"statuses"`
	PayerClaimNumber   sql.NullString `db:"payer_claim_number"`
	ClearinghouseTrace sql.NullString `db:"clearinghouse_trace"`
	StatusDate         sql.NullString `db:"status_date"`
	ReceivedAt         dbTime         `db:"received_at"`
}

func (r claimAckRow) ack() ClaimAck {
	return ClaimAck{
		ID: r.ID, FileID: r.FileID, Seq: r.Seq, ClaimID: r.ClaimID.String,
		Version: int(r.Version.Int64), PCN: r.PCN, Verdict: r.Verdict,
		Statuses: []byte(r.Statuses), PayerClaimNumber: r.PayerClaimNumber.String,
		ClearinghouseTrace: r.ClearinghouseTrace.String, StatusDate: r.StatusDate.String,
		ReceivedAt: r.ReceivedAt.Time,
	}
}

const claimAckSelect = "SELECT id, file_id, seq, claim_id, version, pcn, verdict, " +
	"statuses, payer_claim_number, clearinghouse_trace, status_date, received_at " +
	"FROM claim_acks "

// ClaimAcksByTrace returns the stored 277CA statuses that carry one of the
// clearinghouse trace numbers (REF*D9) and were matched to a claim.
func (t *Tx) ClaimAcksByTrace(ctx context.Context, traces []string) ([]ClaimAck, error) {
	var rows []claimAckRow
	err := inChunks(ctx, t, &rows, claimAckSelect+
		"WHERE claim_id IS NOT NULL AND clearinghouse_trace IN (?)", traces)
	if err != nil {
		return nil, fmt.Errorf("look up claim acknowledgments by trace: %w", err)
	}
	out := make([]ClaimAck, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.ack())
	}
	return out, nil
}

// ClaimAck returns one stored 277CA status.
func (t *Tx) ClaimAck(ctx context.Context, id string) (ClaimAck, error) {
	var r claimAckRow
	if err := t.get(ctx, &r, claimAckSelect+"WHERE id = ?", id); err != nil {
		return ClaimAck{}, fmt.Errorf("read claim acknowledgment %s: %w", id, noRows(err))
	}
	return r.ack(), nil
}

// AssignClaimAck records the claim and version a stored 277CA status was
// attached to.
func (t *Tx) AssignClaimAck(ctx context.Context, id, claimID string, version int) error {
	err := t.execOne(ctx, "UPDATE claim_acks SET claim_id = ?, version = ? WHERE id = ?",
		claimID, version, id)
	if err != nil {
		return fmt.Errorf("attach claim acknowledgment %s: %w", id, err)
	}
	return nil
}

// ClaimAcks returns the 277CA statuses matched to a claim, oldest first.
func (s *Store) ClaimAcks(ctx context.Context, claimID string) ([]ClaimAck, error) {
	var rows []claimAckRow
	err := s.selectAll(ctx, &rows, claimAckSelect+
		"WHERE claim_id = ? ORDER BY received_at, file_id, seq", claimID)
	if err != nil {
		return nil, fmt.Errorf("read claim acknowledgments of claim %s: %w", claimID, err)
	}
	out := make([]ClaimAck, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.ack())
	}
	return out, nil
}

type ackRow struct {
	ID         string         `db:"id"`
	FileID     string         `db:"file_id"`
	Seq        int            `db:"seq"`
	Kind       string         `db:"kind"`
	BatchID    sql.NullString `db:"batch_id"`
	ISA13      sql.NullString `db:"isa13"`
	GS06       sql.NullString `db:"gs06"`
	ST02       sql.NullString `db:"st02"`
	Status     string         `db:"status"`
	NoteCode   sql.NullString `db:"note_code"`
	Errors     string         `db:"errors"`
	ReceivedAt dbTime         `db:"received_at"`
}

func (r ackRow) ack() Acknowledgment {
	return Acknowledgment{
		ID: r.ID, FileID: r.FileID, Seq: r.Seq, Kind: r.Kind, BatchID: r.BatchID.String,
		ISA13: r.ISA13.String, GS06: r.GS06.String, ST02: r.ST02.String, Status: r.Status,
		NoteCode: r.NoteCode.String, Errors: []byte(r.Errors), ReceivedAt: r.ReceivedAt.Time,
	}
}

// Acknowledgment returns one stored TA1 or 999 answer.
func (t *Tx) Acknowledgment(ctx context.Context, id string) (Acknowledgment, error) {
	var r ackRow
	err := t.get(ctx, &r, "SELECT id, file_id, seq, kind, batch_id, isa13, gs06, st02, "+
		"status, note_code, errors, received_at FROM acknowledgments WHERE id = ?", id)
	if err != nil {
		return Acknowledgment{}, fmt.Errorf("read acknowledgment %s: %w", id, noRows(err))
	}
	return r.ack(), nil
}

// FileAcknowledgments returns the TA1 and 999 answers read from a file, in
// file order.
func (s *Store) FileAcknowledgments(ctx context.Context, fileID string) ([]Acknowledgment,
	error) {

	var rows []ackRow
	err := s.selectAll(ctx, &rows, "SELECT id, file_id, seq, kind, batch_id, isa13, gs06, "+
		"st02, status, note_code, errors, received_at FROM acknowledgments "+
		"WHERE file_id = ? ORDER BY seq", fileID)
	if err != nil {
		return nil, fmt.Errorf("read acknowledgments of file %s: %w", fileID, err)
	}
	out := make([]Acknowledgment, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.ack())
	}
	return out, nil
}

// when is t, or the store's clock when t is zero.
func (t *Tx) when(w time.Time) time.Time {
	if w.IsZero() {
		return t.s.clock()
	}
	return truncate(w)
}

// nullInt maps 0 to NULL.
func nullInt(n int) any {
	if n == 0 {
		return nil
	}
	return n
}
