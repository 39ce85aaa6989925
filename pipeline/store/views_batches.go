package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// BatchSummary is a batch as the batch log shows it: what was sent and
// what the TA1, 999 and 277CA said about it.
type BatchSummary struct {
	Batch
	FileName       string `json:"file_name,omitzero"`
	TA1            string `json:"ta1"`             // TA104 of the newest TA1: A, E or R; "" when none came
	GroupAck       string `json:"group_ack"`       // AK901 of the newest 999: A, E, P or R; "" when none came
	SetsAccepted   int    `json:"sets_accepted"`   // transaction sets a 999 accepted (IK501 A or E)
	SetsRejected   int    `json:"sets_rejected"`   // transaction sets a 999 rejected
	ClaimsAccepted int    `json:"claims_accepted"` // claims of the batch a 277CA accepted
	ClaimsRejected int    `json:"claims_rejected"` // claims of the batch a 277CA rejected
}

// BatchQuery selects batches for the log, newest first.
type BatchQuery struct {
	Connection string
	State      BatchState
	Since      time.Time // built at or after
	Before     string    // the Next of the previous page
	Offset     int
	Limit      int // 0 means 100; at most 1000
}

// BatchPage is one page of the batch log.
type BatchPage struct {
	Batches []BatchSummary `json:"batches"`
	Next    string         `json:"next"` // "" on the last page
}

const batchSummarySelect = "SELECT b.id, b.connection, b.state, b.claim_count, " +
	"b.total_cents, b.isa13, b.gs06, b.st02_first, b.st02_last, b.file_id, b.built_at, " +
	"b.uploaded_at, b.acknowledged_at, b.error, f.name AS file_name, " +
	"(SELECT a.status FROM acknowledgments a WHERE a.batch_id = b.id AND a.kind = 'TA1' " +
	"ORDER BY a.received_at DESC, a.seq DESC LIMIT 1) AS ta1, " +
	"(SELECT a.status FROM acknowledgments a WHERE a.batch_id = b.id AND a.kind = '999' " +
	"AND a.st02 IS NULL ORDER BY a.received_at DESC, a.seq DESC LIMIT 1) AS group_ack, " +
	"(SELECT COUNT(*) FROM acknowledgments a WHERE a.batch_id = b.id AND a.kind = '999' " +
	"AND a.st02 IS NOT NULL AND a.status IN ('A', 'E')) AS sets_accepted, " +
	"(SELECT COUNT(*) FROM acknowledgments a WHERE a.batch_id = b.id AND a.kind = '999' " +
	"AND a.st02 IS NOT NULL AND a.status NOT IN ('A', 'E')) AS sets_rejected " +
	"FROM batches b JOIN files f ON f.id = b.file_id"

type batchSummaryRow struct {
	batchRow
	FileName     string         `db:"file_name"`
	TA1          sql.NullString `db:"ta1"`
	GroupAck     sql.NullString `db:"group_ack"`
	SetsAccepted int            `db:"sets_accepted"`
	SetsRejected int            `db:"sets_rejected"`
}

func (r batchSummaryRow) summary() BatchSummary {
	return BatchSummary{Batch: r.batch(), FileName: r.FileName, TA1: r.TA1.String,
		GroupAck: r.GroupAck.String, SetsAccepted: r.SetsAccepted,
		SetsRejected: r.SetsRejected}
}

// countClaimAcks fills in how many claims of each batch a 277CA accepted
// or rejected, in one query for all of them.
func (s *Store) countClaimAcks(ctx context.Context, batches []BatchSummary) error {
	if len(batches) == 0 {
		return nil
	}
	index := make(map[string]int, len(batches))
	ids := make([]string, 0, len(batches))
	for i, b := range batches {
		index[b.ID] = i
		ids = append(ids, b.ID)
	}
	query, args, err := sqlx.In("SELECT bc.batch_id, ca.verdict, "+
		"COUNT(DISTINCT ca.claim_id) AS n FROM batch_claims bc JOIN claim_acks ca "+
		"ON ca.claim_id = bc.claim_id AND ca.version = bc.version "+
		"WHERE bc.batch_id IN (?) GROUP BY bc.batch_id, ca.verdict", ids)
	if err != nil {
		return fmt.Errorf("count 277CA answers: %w", err)
	}
	var rows []struct {
		BatchID string `db:"batch_id"`
		Verdict string `db:"verdict"`
		N       int    `db:"n"`
	}
	if err := s.selectAll(ctx, &rows, query, args...); err != nil {
		return fmt.Errorf("count 277CA answers: %w", err)
	}
	for _, r := range rows {
		b := &batches[index[r.BatchID]]
		switch r.Verdict {
		case "accepted":
			b.ClaimsAccepted = r.N
		case "rejected":
			b.ClaimsRejected = r.N
		}
	}
	return nil
}

// cursor joins the sort key of a row into a page token.
func cursor(t time.Time, id string) string { return t.UTC().Format(timeLayout) + "_" + id }

// parseCursor splits a page token made by cursor.
func parseCursor(c string) (string, string, error) {
	ts, id, ok := strings.Cut(c, "_")
	if _, err := time.Parse(timeLayout, ts); !ok || err != nil || id == "" {
		return "", "", fmt.Errorf("%w: page token %q", ErrInvalidInput, c)
	}
	return ts, id, nil
}

// ListBatches returns a page of the batch log, newest built first.
func (s *Store) ListBatches(ctx context.Context, q BatchQuery) (BatchPage, error) {
	limit := clampLimit(q.Limit)
	var where []string
	var args []any
	add := func(cond string, v ...any) { where, args = append(where, cond), append(args, v...) }
	if q.Connection != "" {
		add("b.connection = ?", q.Connection)
	}
	if q.State != "" {
		add("b.state = ?", q.State)
	}
	if !q.Since.IsZero() {
		add("b.built_at >= ?", at(q.Since))
	}
	if q.Before != "" {
		ts, id, err := parseCursor(q.Before)
		if err != nil {
			return BatchPage{}, err
		}
		add("(b.built_at < ? OR (b.built_at = ? AND b.id < ?))", ts, ts, id)
	}
	query := batchSummarySelect
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY b.built_at DESC, b.id DESC LIMIT ? OFFSET ?"
	var rows []batchSummaryRow
	if err := s.selectAll(ctx, &rows, query, append(args, limit+1,
		max(q.Offset, 0))...); err != nil {
		return BatchPage{}, fmt.Errorf("list batches: %w", err)
	}
	var page BatchPage
	for i, r := range rows {
		if i == limit {
			last := page.Batches[limit-1]
			page.Next = cursor(last.BuiltAt, last.ID)
			break
		}
		page.Batches = append(page.Batches, r.summary())
	}
	return page, s.countClaimAcks(ctx, page.Batches)
}

// BatchClaimView is a claim of a batch with where it stands now.
type BatchClaimView struct {
	BatchClaim
	PCN        string           `json:"pcn"`
	PayerID    string           `json:"payer_id"`
	TotalCents int64            `json:"total_cents"`
	Status     lifecycle.Status `json:"status"`
	Stuck      bool             `json:"stuck"`
	AckVerdict string           `json:"ack_verdict"` // the newest 277CA verdict for this version; "" when none
}

// AckView is one TA1 or 999 answer to a batch.
type AckView struct {
	ID         string     `json:"id"`
	FileID     string     `json:"file_id,omitzero"`
	FileName   string     `json:"file_name,omitzero"`
	Kind       string     `json:"kind"` // TA1 or 999
	ST02       string     `json:"st02"` // "" for a TA1 or a 999's group verdict
	Status     string     `json:"status"`
	NoteCode   string     `json:"note_code,omitzero"`
	Errors     []AckError `json:"errors"`
	ReceivedAt time.Time  `json:"received_at,omitzero"`
}

// BatchDetail is a batch with a page of its claims and every answer to it.
type BatchDetail struct {
	BatchSummary
	Claims []BatchClaimView `json:"claims"`
	Acks   []AckView        `json:"acks"`
}

// GetBatchDetail returns a batch with its claims from offset (at most
// limit of them, in file order) and the TA1 and 999 answers to it.
func (s *Store) GetBatchDetail(ctx context.Context, id string, offset,
	limit int) (BatchDetail, error) {

	var r batchSummaryRow
	if err := s.get(ctx, &r, batchSummarySelect+" WHERE b.id = ?", id); err != nil {
		if errIsNotFound(err) {
			return BatchDetail{}, fmt.Errorf("batch %s: %w", id, ErrNotFound)
		}
		return BatchDetail{}, fmt.Errorf("read batch %s: %w", id, err)
	}
	d := BatchDetail{BatchSummary: r.summary()}
	one := []BatchSummary{d.BatchSummary}
	if err := s.countClaimAcks(ctx, one); err != nil {
		return d, err
	}
	d.BatchSummary = one[0]

	var claims []struct {
		batchClaimRow
		PCN        string         `db:"pcn"`
		PayerID    string         `db:"payer_id"`
		TotalCents int64          `db:"total_cents"`
		Status     string         `db:"status"`
		StuckSince dbTime         `db:"stuck_since"`
		Verdict    sql.NullString `db:"verdict"`
	}
	err := s.selectAll(ctx, &claims, "SELECT bc.claim_id, bc.version, bc.st02, bc.position, "+
		"bc.released_at, v.pcn, c.payer_id, v.total_cents, c.status, c.stuck_since, "+
		"(SELECT ca.verdict FROM claim_acks ca WHERE ca.claim_id = bc.claim_id "+
		"AND ca.version = bc.version ORDER BY ca.received_at DESC, ca.seq DESC LIMIT 1) "+
		"AS verdict FROM batch_claims bc JOIN claims c ON c.id = bc.claim_id "+
		"JOIN claim_versions v ON v.claim_id = bc.claim_id AND v.version = bc.version "+
		"WHERE bc.batch_id = ? ORDER BY bc.position LIMIT ? OFFSET ?",
		id, clampLimit(limit), max(offset, 0))
	if err != nil {
		return d, fmt.Errorf("read claims of batch %s: %w", id, err)
	}
	for _, c := range claims {
		d.Claims = append(d.Claims, BatchClaimView{
			BatchClaim: BatchClaim{ClaimID: c.ClaimID, Version: c.Version, ST02: c.ST02,
				Position: c.Position, ReleasedAt: c.ReleasedAt.Time},
			PCN: c.PCN, PayerID: c.PayerID, TotalCents: c.TotalCents,
			Status: lifecycle.Status(c.Status), Stuck: !c.StuckSince.IsZero(),
			AckVerdict: c.Verdict.String})
	}

	acks, err := s.batchAcks(ctx, []string{id})
	if err != nil {
		return d, err
	}
	d.Acks = acks[id]
	return d, nil
}

// batchAcks reads the TA1 and 999 answers to the given batches, oldest
// first.
func (s *Store) batchAcks(ctx context.Context, ids []string) (map[string][]AckView, error) {
	out := map[string][]AckView{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID         string         `db:"id"`
		BatchID    string         `db:"batch_id"`
		FileID     string         `db:"file_id"`
		FileName   string         `db:"file_name"`
		Kind       string         `db:"kind"`
		ST02       sql.NullString `db:"st02"`
		Status     string         `db:"status"`
		NoteCode   sql.NullString `db:"note_code"`
		Errors     string         `db:"errors"`
		ReceivedAt dbTime         `db:"received_at"`
	}
	query, args, err := sqlx.In("SELECT a.id, a.batch_id, a.file_id, f.name AS file_name, "+
		"a.kind, a.st02, a.status, a.note_code, a.errors, a.received_at "+
		"FROM acknowledgments a JOIN files f ON f.id = a.file_id "+
		"WHERE a.batch_id IN (?) ORDER BY a.received_at, a.file_id, a.seq", ids)
	if err != nil {
		return nil, fmt.Errorf("read acknowledgments: %w", err)
	}
	if err := s.selectAll(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("read acknowledgments: %w", err)
	}
	for _, r := range rows {
		out[r.BatchID] = append(out[r.BatchID], AckView{ID: r.ID, FileID: r.FileID,
			FileName: r.FileName, Kind: r.Kind, ST02: r.ST02.String, Status: r.Status,
			NoteCode: r.NoteCode.String, Errors: parseAckErrors(r.Errors),
			ReceivedAt: r.ReceivedAt.Time})
	}
	return out, nil
}
