package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// Submission is one version of a claim with one batch that carried it: the
// unit an answer from a clearinghouse or payer names. A version that was
// never batched appears once, with an empty BatchID.
type Submission struct {
	ClaimID        string
	Version        int
	PCN            string // CLM01 of this version
	PayerID        string
	Responsibility string // SBR01 of this version
	FrequencyCode  string

	ClaimStatus  lifecycle.Status // the claim's status now
	ClaimVersion int              // the claim's current version

	BatchID    string
	Connection string
	ISA13      int64
	ST02       int64
	BatchState BatchState
	BuiltAt    time.Time
	UploadedAt time.Time // zero until uploaded
}

// Sent reports whether the version went out in a batch that was not
// abandoned.
func (s Submission) Sent() bool { return s.BatchID != "" && s.BatchState != BatchAbandoned }

const submissionQuery = "SELECT cv.claim_id, cv.version, cv.pcn, cv.payer_id, " +
	"cv.responsibility, cv.frequency_code, c.status, c.version AS claim_version, " +
	"bc.batch_id, b.connection, b.isa13, bc.st02, b.state, b.built_at, b.uploaded_at " +
	"FROM claim_versions cv JOIN claims c ON c.id = cv.claim_id " +
	"LEFT JOIN batch_claims bc ON bc.claim_id = cv.claim_id AND bc.version = cv.version " +
	"LEFT JOIN batches b ON b.id = bc.batch_id "

type submissionRow struct {
	ClaimID        string         `db:"claim_id"`
	Version        int            `db:"version"`
	PCN            string         `db:"pcn"`
	PayerID        string         `db:"payer_id"`
	Responsibility string         `db:"responsibility"`
	FrequencyCode  string         `db:"frequency_code"`
	Status         string         `db:"status"`
	ClaimVersion   int            `db:"claim_version"`
	BatchID        sql.NullString `db:"batch_id"`
	Connection     sql.NullString `db:"connection"`
	ISA13          sql.NullInt64  `db:"isa13"`
	ST02           sql.NullInt64  `db:"st02"`
	State          sql.NullString `db:"state"`
	BuiltAt        dbTime         `db:"built_at"`
	UploadedAt     dbTime         `db:"uploaded_at"`
}

func (r submissionRow) submission() Submission {
	return Submission{
		ClaimID: r.ClaimID, Version: r.Version, PCN: r.PCN, PayerID: r.PayerID,
		Responsibility: r.Responsibility, FrequencyCode: r.FrequencyCode,
		ClaimStatus: lifecycle.Status(r.Status), ClaimVersion: r.ClaimVersion,
		BatchID: r.BatchID.String, Connection: r.Connection.String, ISA13: r.ISA13.Int64,
		ST02: r.ST02.Int64, BatchState: BatchState(r.State.String),
		BuiltAt: r.BuiltAt.Time, UploadedAt: r.UploadedAt.Time,
	}
}

// sortSubmissions orders submissions by claim, version and build time,
// so that callers see the same order on both databases.
func sortSubmissions(rows []submissionRow) []Submission {
	out := make([]Submission, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.submission())
	}
	slices.SortFunc(out, func(a, b Submission) int {
		if c := strings.Compare(a.ClaimID, b.ClaimID); c != 0 {
			return c
		}
		if a.Version != b.Version {
			return a.Version - b.Version
		}
		return a.BuiltAt.Compare(b.BuiltAt)
	})
	return out
}

// SubmissionsByPCN returns every submission of every version whose patient
// control number is one of pcns, exactly as written.
func (t *Tx) SubmissionsByPCN(ctx context.Context, pcns []string) ([]Submission, error) {
	var rows []submissionRow
	err := inChunks(ctx, t, &rows, submissionQuery+"WHERE cv.pcn IN (?)", pcns)
	if err != nil {
		return nil, fmt.Errorf("look up submissions by patient control number: %w", err)
	}
	return sortSubmissions(rows), nil
}

// MinFuzzyKey is the shortest PCNKey that SubmissionsLike compares by
// prefix or suffix: shorter keys would find too many claims to mean
// anything.
const MinFuzzyKey = 5

// SubmissionsLike returns the submissions of versions whose PCNKey equals
// key, or, when key is at least MinFuzzyKey long, begins with it (a number
// cut short), is the start of it (a suffix added) or is its end (a prefix
// added). It reads every version's key and is meant for answers that
// matched nothing exactly.
func (t *Tx) SubmissionsLike(ctx context.Context, key string) ([]Submission, error) {
	var rows []submissionRow
	query := submissionQuery + "WHERE cv.pcn_key = ?"
	args := []any{key}
	if len(key) >= MinFuzzyKey {
		query += " OR (length(cv.pcn_key) >= ? AND (" +
			"substr(cv.pcn_key, 1, ?) = ? OR " +
			"(length(cv.pcn_key) <= ? AND (substr(?, 1, length(cv.pcn_key)) = cv.pcn_key " +
			"OR substr(?, ? - length(cv.pcn_key) + 1) = cv.pcn_key))))"
		args = append(args, MinFuzzyKey, len(key), key, len(key), key, key, len(key))
	}
	if err := t.selectAll(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("look up submissions by a near patient control number: %w", err)
	}
	return sortSubmissions(rows), nil
}

// SubmissionsOfClaims returns every submission of the claims named.
func (t *Tx) SubmissionsOfClaims(ctx context.Context, ids []string) ([]Submission, error) {
	var rows []submissionRow
	err := inChunks(ctx, t, &rows, submissionQuery+"WHERE cv.claim_id IN (?)", ids)
	if err != nil {
		return nil, fmt.Errorf("look up submissions of claims: %w", err)
	}
	return sortSubmissions(rows), nil
}

// BatchesByISA13 returns the batches that used isa13, of one connection or,
// when connection is "", of any.
func (t *Tx) BatchesByISA13(ctx context.Context, connection string,
	isa13 int64) ([]Batch, error) {

	return t.batchesBy(ctx, "isa13", connection, isa13)
}

// BatchesByGS06 returns the batches that used gs06, of one connection or,
// when connection is "", of any.
func (t *Tx) BatchesByGS06(ctx context.Context, connection string,
	gs06 int64) ([]Batch, error) {

	return t.batchesBy(ctx, "gs06", connection, gs06)
}

func (t *Tx) batchesBy(ctx context.Context, column, connection string,
	n int64) ([]Batch, error) {

	query := "SELECT " + batchColumns + " FROM batches WHERE " + column + " = ?"
	args := []any{n}
	if connection != "" {
		query += " AND connection = ?"
		args = append(args, connection)
	}
	var rows []batchRow
	if err := t.selectAll(ctx, &rows, query+" ORDER BY built_at, id", args...); err != nil {
		return nil, fmt.Errorf("look up batches by %s: %w", column, err)
	}
	out := make([]Batch, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.batch())
	}
	return out, nil
}

// BatchClaims returns the claims a batch carried, in file order, whether or
// not their membership is still live.
func (t *Tx) BatchClaims(ctx context.Context, batchID string) ([]BatchClaim, error) {
	return batchClaims(ctx, t.tx, batchID, false)
}

// MarkBatchAnswered records what a TA1 or 999 said of a whole batch:
// BatchAcknowledged or BatchRejected. A rejection stands against a later
// acceptance, and an abandoned batch stays abandoned.
func (t *Tx) MarkBatchAnswered(ctx context.Context, batchID string, state BatchState,
	when time.Time) error {

	if state != BatchAcknowledged && state != BatchRejected {
		return fmt.Errorf("%w: a batch is answered acknowledged or rejected, not %s",
			ErrInvalidInput, state)
	}
	from := "'built', 'uploaded'"
	if state == BatchRejected {
		from += ", 'acknowledged'"
	}
	_, err := t.exec(ctx, "UPDATE batches SET state = ?, "+
		"acknowledged_at = COALESCE(acknowledged_at, ?) WHERE id = ? AND state IN ("+from+")",
		state, at(truncate(when)), batchID)
	if err != nil {
		return fmt.Errorf("mark batch %s %s: %w", batchID, state, err)
	}
	return nil
}

// VersionKey names one version of a claim.
type VersionKey struct {
	ClaimID string
	Version int
}

// VersionLines returns the service lines of every version of the claims
// named, in line order.
func (t *Tx) VersionLines(ctx context.Context, claimIDs []string) (map[VersionKey][]Line,
	error) {

	var rows []struct {
		ClaimID string `db:"claim_id"`
		Version int    `db:"version"`
		lineRow
	}
	err := inChunks(ctx, t, &rows, "SELECT claim_id, version, line_number, control_number, "+
		"procedure_code, revenue_code, modifiers, charge_cents, units, service_date, "+
		"service_date_end FROM claim_lines WHERE claim_id IN (?)", claimIDs)
	if err != nil {
		return nil, fmt.Errorf("read claim lines: %w", err)
	}
	out := map[VersionKey][]Line{}
	for _, r := range rows {
		k := VersionKey{r.ClaimID, r.Version}
		out[k] = append(out[k], r.lineRow.line())
	}
	for k := range out {
		slices.SortFunc(out[k], func(a, b Line) int { return a.Number - b.Number })
	}
	return out, nil
}
