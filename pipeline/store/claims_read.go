package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// ClaimQuery selects a page of claims, in ID order (which is the order
// they were created in).
type ClaimQuery struct {
	Status     lifecycle.Status // zero for every status
	StuckOnly  bool
	Connection string    // only claims assigned to this connection
	Since      time.Time // only claims created at or after
	After      string    // the Next of the previous page; "" for the first
	Offset     int       // claims to skip after After
	Limit      int       // 0 means 100; at most 1000
}

// ClaimPage is one page of claims. Next is "" on the last page.
type ClaimPage struct {
	Claims []Claim
	Next   string
}

// ListClaims returns one page of the claims q selects.
func (s *Store) ListClaims(ctx context.Context, q ClaimQuery) (ClaimPage, error) {
	limit := q.Limit
	switch {
	case limit <= 0:
		limit = 100
	case limit > 1000:
		limit = 1000
	}
	if q.Status != "" && !q.Status.Valid() {
		return ClaimPage{}, fmt.Errorf("%w: unknown claim status %q", ErrInvalidInput, q.Status)
	}
	var where []string
	var args []any
	if q.Status != "" {
		where, args = append(where, "status = ?"), append(args, q.Status)
	}
	if q.StuckOnly {
		where = append(where, "stuck_since IS NOT NULL")
	}
	if q.Connection != "" {
		where, args = append(where, "connection = ?"), append(args, q.Connection)
	}
	if !q.Since.IsZero() {
		where, args = append(where, "created_at >= ?"), append(args, at(q.Since))
	}
	if q.After != "" {
		where, args = append(where, "id > ?"), append(args, q.After)
	}
	query := "SELECT " + claimColumns + " FROM claims"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	// One row more than the page tells whether another page follows.
	query += " ORDER BY id LIMIT ? OFFSET ?"
	args = append(args, limit+1, max(q.Offset, 0))

	var rows []claimRow
	if err := s.selectAll(ctx, &rows, query, args...); err != nil {
		return ClaimPage{}, fmt.Errorf("list claims: %w", err)
	}
	var page ClaimPage
	for i, r := range rows {
		if i == limit {
			page.Next = page.Claims[limit-1].ID
			break
		}
		page.Claims = append(page.Claims, r.claim())
	}
	return page, nil
}

// GetClaim returns a claim with its current version and timeline, read
// from one snapshot. A missing claim gives an error wrapping ErrNotFound.
func (s *Store) GetClaim(ctx context.Context, id string) (ClaimDetail, error) {
	tx, err := s.read.BeginTxx(ctx, &sql.TxOptions{
		Isolation: sql.LevelRepeatableRead, ReadOnly: true,
	})
	if err != nil {
		return ClaimDetail{}, fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to lose

	var d ClaimDetail
	var r claimRow
	err = tx.GetContext(ctx, &r, tx.Rebind("SELECT "+claimColumns+" FROM claims WHERE id = ?"), id)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("claim %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("read claim %s: %w", id, err)
	}
	d.Claim = r.claim()
	if d.Current, err = readVersion(ctx, tx, id, r.Version); err != nil {
		return d, err
	}
	var events []eventRow
	err = tx.SelectContext(ctx, &events, tx.Rebind("SELECT "+eventColumns+
		" FROM claim_events WHERE claim_id = ? ORDER BY seq"), id)
	if err != nil {
		return d, fmt.Errorf("read timeline of claim %s: %w", id, err)
	}
	for _, e := range events {
		d.Timeline = append(d.Timeline, e.event())
	}
	return d, nil
}

// GetVersion returns one version of a claim with its lines and findings.
func (s *Store) GetVersion(ctx context.Context, claimID string, version int) (Version, error) {
	tx, err := s.read.BeginTxx(ctx, &sql.TxOptions{
		Isolation: sql.LevelRepeatableRead, ReadOnly: true,
	})
	if err != nil {
		return Version{}, fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to lose
	return readVersion(ctx, tx, claimID, version)
}

type versionRow struct {
	ClaimID          string         `db:"claim_id"`
	Number           int            `db:"version"`
	FrequencyCode    string         `db:"frequency_code"`
	PCN              string         `db:"pcn"`
	PayerID          string         `db:"payer_id"`
	Responsibility   string         `db:"responsibility"`
	PayerClaimNumber sql.NullString `db:"payer_claim_number"`
	TotalCents       int64          `db:"total_cents"`
	Document         string         `db:"document"`
	ReceivedAt       dbTime         `db:"received_at"`
}

type lineRow struct {
	Number         int            `db:"line_number"`
	ControlNumber  sql.NullString `db:"control_number"`
	ProcedureCode  sql.NullString `db:"procedure_code"`
	RevenueCode    sql.NullString `db:"revenue_code"`
	Modifiers      string         `db:"modifiers"`
	ChargeCents    int64          `db:"charge_cents"`
	Units          string         `db:"units"`
	ServiceDate    sql.NullString `db:"service_date"`
	ServiceDateEnd sql.NullString `db:"service_date_end"`
}

func (l lineRow) line() Line {
	line := Line{
		Number: l.Number, ControlNumber: l.ControlNumber.String,
		ProcedureCode: l.ProcedureCode.String, RevenueCode: l.RevenueCode.String,
		ChargeCents: l.ChargeCents, Units: l.Units,
		ServiceDate: l.ServiceDate.String, ServiceDateEnd: l.ServiceDateEnd.String,
	}
	if l.Modifiers != "" {
		line.Modifiers = strings.Split(l.Modifiers, ":")
	}
	return line
}

// queryer reads, in a transaction or not.
type queryer interface {
	sqlx.QueryerContext
	Rebind(query string) string
}

func readVersion(ctx context.Context, q queryer, claimID string,
	version int) (Version, error) {

	var vr versionRow
	err := sqlx.GetContext(ctx, q, &vr, q.Rebind("SELECT claim_id, version, "+
		"frequency_code, pcn, payer_id, responsibility, payer_claim_number, total_cents, "+
		"document, received_at FROM claim_versions WHERE claim_id = ? AND version = ?"),
		claimID, version)
	if errors.Is(err, sql.ErrNoRows) {
		return Version{}, fmt.Errorf("claim %s version %d: %w", claimID, version, ErrNotFound)
	}
	if err != nil {
		return Version{}, fmt.Errorf("read claim %s version %d: %w", claimID, version, err)
	}
	v := Version{
		ClaimID: vr.ClaimID, Number: vr.Number, FrequencyCode: vr.FrequencyCode,
		PCN: vr.PCN, PayerID: vr.PayerID, Responsibility: vr.Responsibility,
		PayerClaimNumber: vr.PayerClaimNumber.String, TotalCents: vr.TotalCents,
		Document: []byte(vr.Document), ReceivedAt: vr.ReceivedAt.Time,
	}

	var lines []lineRow
	err = sqlx.SelectContext(ctx, q, &lines, q.Rebind("SELECT line_number, control_number, "+
		"procedure_code, revenue_code, modifiers, charge_cents, units, service_date, "+
		"service_date_end FROM claim_lines WHERE claim_id = ? AND version = ? "+
		"ORDER BY line_number"), claimID, version)
	if err != nil {
		return Version{}, fmt.Errorf("read lines of claim %s: %w", claimID, err)
	}
	for _, l := range lines {
		v.Lines = append(v.Lines, l.line())
	}

	var findings []struct {
		Severity string `db:"severity"`
		Code     string `db:"code"`
		Path     string `db:"path"`
		Message  string `db:"message"`
	}
	err = sqlx.SelectContext(ctx, q, &findings, q.Rebind("SELECT severity, code, path, "+
		"message FROM claim_findings WHERE claim_id = ? AND version = ? ORDER BY seq"),
		claimID, version)
	if err != nil {
		return Version{}, fmt.Errorf("read findings of claim %s: %w", claimID, err)
	}
	for _, f := range findings {
		v.Findings = append(v.Findings, Finding{
			Severity: Severity(f.Severity), Code: f.Code, Path: f.Path, Message: f.Message,
		})
	}
	return v, nil
}
