package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// ClaimView is a claim as lists show it: its current fields and where its
// money went.
type ClaimView struct {
	Claim
	PaidCents     int64 `json:"paid_cents"`     // CLP04 over the postings that count, reversals netted
	PatientCents  int64 `json:"patient_cents"`  // PR adjustments: what the patient owes
	AdjustedCents int64 `json:"adjusted_cents"` // payer adjustments (CO, OA, PI, CR)
	DeniedCents   int64 `json:"denied_cents"`   // of AdjustedCents, what no rule writes off
}

// Money returns the claim's money.
func (c ClaimView) Money() Money {
	return Money{ChargeCents: c.TotalCents, PaidCents: c.PaidCents,
		AdjustedCents: c.AdjustedCents, PatientCents: c.PatientCents,
		DeniedCents: c.DeniedCents}
}

// ClaimViewQuery selects claims for the lists, newest first.
type ClaimViewQuery struct {
	Statuses   []lifecycle.Status
	StuckOnly  bool
	PayerID    string
	Connection string
	Since      time.Time // created at or after
	Before     string    // the Next of the previous page
	Offset     int       // for callers that page by number instead
	Limit      int       // 0 means 100; at most 1000
}

// ClaimViewPage is one page of claims.
type ClaimViewPage struct {
	Claims []ClaimView `json:"claims"`
	Next   string      `json:"next"` // "" on the last page
}

var claimViewColumns = "c.id, c.pcn, c.kind, c.payer_id, c.connection, c.billing_npi, " +
	"c.total_cents, c.status, c.stuck_since, c.version, c.last_event, " +
	"c.payer_claim_number, c.created_at, c.updated_at, c.paid_cents, c.patient_cents, " +
	"c.adjusted_cents, " + sqlDenied + " AS denied_cents"

type claimViewRow struct {
	claimRow
	PaidCents     int64 `db:"paid_cents"`
	PatientCents  int64 `db:"patient_cents"`
	AdjustedCents int64 `db:"adjusted_cents"`
	DeniedCents   int64 `db:"denied_cents"`
}

func (r claimViewRow) view() ClaimView {
	return ClaimView{Claim: r.claim(), PaidCents: r.PaidCents, PatientCents: r.PatientCents,
		AdjustedCents: r.AdjustedCents, DeniedCents: r.DeniedCents}
}

// ListClaimViews returns a page of claims, newest first.
func (s *Store) ListClaimViews(ctx context.Context, q ClaimViewQuery) (ClaimViewPage, error) {
	limit := clampLimit(q.Limit)
	var where []string
	var args []any
	add := func(cond string, v ...any) { where, args = append(where, cond), append(args, v...) }
	if len(q.Statuses) > 0 {
		for _, st := range q.Statuses {
			if !st.Valid() {
				return ClaimViewPage{}, fmt.Errorf("%w: unknown claim status %q",
					ErrInvalidInput, st)
			}
		}
		add("c.status IN (?)", q.Statuses)
	}
	if q.StuckOnly {
		add("c.stuck_since IS NOT NULL")
	}
	if q.PayerID != "" {
		add("c.payer_id = ?", q.PayerID)
	}
	if q.Connection != "" {
		add("c.connection = ?", q.Connection)
	}
	if !q.Since.IsZero() {
		add("c.created_at >= ?", at(q.Since))
	}
	if q.Before != "" {
		add("c.id < ?", q.Before)
	}
	query := "SELECT " + claimViewColumns + " FROM claims c"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY c.id DESC LIMIT ? OFFSET ?"
	args = append(args, limit+1, max(q.Offset, 0))
	query, args, err := sqlx.In(query, args...)
	if err != nil {
		return ClaimViewPage{}, fmt.Errorf("list claims: %w", err)
	}
	var rows []claimViewRow
	if err := s.selectAll(ctx, &rows, query, args...); err != nil {
		return ClaimViewPage{}, fmt.Errorf("list claims: %w", err)
	}
	var page ClaimViewPage
	for i, r := range rows {
		if i == limit {
			page.Next = page.Claims[limit-1].ID
			break
		}
		page.Claims = append(page.Claims, r.view())
	}
	return page, nil
}

// claimViews reads the claims with the given IDs, in no order.
func (s *Store) claimViews(ctx context.Context, ids []string) (map[string]ClaimView, error) {
	out := make(map[string]ClaimView, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	query, args, err := sqlx.In("SELECT "+claimViewColumns+" FROM claims c WHERE c.id IN (?)",
		ids)
	if err != nil {
		return nil, fmt.Errorf("read claims: %w", err)
	}
	var rows []claimViewRow
	if err := s.selectAll(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("read claims: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r.view()
	}
	return out, nil
}

// TimelineEvent is an event of a claim's timeline with the names of the
// file and batch that caused it.
type TimelineEvent struct {
	Event
	FileName  string `json:"file_name,omitzero"`
	FileType  string `json:"file_type,omitzero"`
	BatchISA  int64  `json:"batch_isa,omitzero"` // ISA13 of the batch; 0 when none
	BatchFile string `json:"batch_file,omitzero"`
}

// ClaimAckView is a 277CA's word on a claim, as the pages show it.
type ClaimAckView struct {
	ID                 string       `json:"id"`
	FileID             string       `json:"file_id,omitzero"`
	FileName           string       `json:"file_name,omitzero"`
	Version            int          `json:"version"`
	Verdict            string       `json:"verdict"` // accepted or rejected
	Statuses           []StatusCode `json:"statuses"`
	PayerClaimNumber   string       `json:"payer_claim_number,omitzero"`
	ClearinghouseTrace string       `json:"clearinghouse_trace,omitzero"`
	StatusDate         string       `json:"status_date"`
	ReceivedAt         time.Time    `json:"received_at,omitzero"`
}

// ClaimPayment is one CLP of a remittance that names the claim.
type ClaimPayment struct {
	RemitClaimView
	RemittanceID string `json:"remittance_id,omitzero"`
	TraceNumber  string `json:"trace_number"`
	PaymentDate  string `json:"payment_date"`
	PayerName    string `json:"payer_name"`
}

// ClaimBatch is a batch a claim was sent in.
type ClaimBatch struct {
	BatchID    string     `json:"batch_id,omitzero"`
	Version    int        `json:"version"`
	ISA13      int64      `json:"isa13"`
	ST02       int64      `json:"st02"`
	State      BatchState `json:"state"`
	FileID     string     `json:"file_id,omitzero"`
	FileName   string     `json:"file_name,omitzero"`
	BuiltAt    time.Time  `json:"built_at,omitzero"`
	UploadedAt time.Time  `json:"uploaded_at,omitzero"`
	ReleasedAt time.Time  `json:"released_at,omitzero"`
}

// ClaimTimeline is everything the claim page shows.
type ClaimTimeline struct {
	Claim    ClaimView       `json:"claim"`
	Current  Version         `json:"current"`
	Versions []Version       `json:"versions"` // every version, oldest first, without lines or findings
	Events   []TimelineEvent `json:"events"`
	Batches  []ClaimBatch    `json:"batches"`
	Acks     []ClaimAckView  `json:"acks"`
	Payments []ClaimPayment  `json:"payments"`
	Money    ClaimMoney      `json:"money"` // where the charge went, by group
}

// GetClaimTimeline returns a claim with its whole history.
func (s *Store) GetClaimTimeline(ctx context.Context, id string) (ClaimTimeline, error) {
	d, err := s.GetClaim(ctx, id)
	if err != nil {
		return ClaimTimeline{}, err
	}
	views, err := s.claimViews(ctx, []string{id})
	if err != nil {
		return ClaimTimeline{}, err
	}
	t := ClaimTimeline{Claim: views[id], Current: d.Current}

	var vrows []versionRow
	err = s.selectAll(ctx, &vrows, "SELECT claim_id, version, frequency_code, pcn, "+
		"payer_claim_number, total_cents, '' AS document, received_at FROM claim_versions "+
		"WHERE claim_id = ? ORDER BY version", id)
	if err != nil {
		return t, fmt.Errorf("read versions of claim %s: %w", id, err)
	}
	for _, v := range vrows {
		t.Versions = append(t.Versions, Version{ClaimID: v.ClaimID, Number: v.Number,
			FrequencyCode: v.FrequencyCode, PCN: v.PCN,
			PayerClaimNumber: v.PayerClaimNumber.String, TotalCents: v.TotalCents,
			ReceivedAt: v.ReceivedAt.Time})
	}

	var erows []struct {
		eventRow
		FileName  sql.NullString `db:"file_name"`
		FileType  sql.NullString `db:"file_type"`
		BatchISA  sql.NullInt64  `db:"batch_isa13"`
		BatchFile sql.NullString `db:"batch_file"`
	}
	err = s.selectAll(ctx, &erows, "SELECT e.claim_id, e.seq, e.at, e.kind, e.version, "+
		"e.status, e.status_before, e.status_after, e.file_id, e.batch_id, e.detail, "+
		"f.name AS file_name, f.detected_type AS file_type, b.isa13 AS batch_isa13, "+
		"b.file_id AS batch_file FROM claim_events e "+
		"LEFT JOIN files f ON f.id = e.file_id LEFT JOIN batches b ON b.id = e.batch_id "+
		"WHERE e.claim_id = ? ORDER BY e.seq", id)
	if err != nil {
		return t, fmt.Errorf("read timeline of claim %s: %w", id, err)
	}
	for _, e := range erows {
		t.Events = append(t.Events, TimelineEvent{Event: e.event(),
			FileName: e.FileName.String, FileType: e.FileType.String,
			BatchISA: e.BatchISA.Int64, BatchFile: e.BatchFile.String})
	}

	var brows []struct {
		BatchID    string `db:"batch_id"`
		Version    int    `db:"version"`
		ISA13      int64  `db:"isa13"`
		ST02       int64  `db:"st02"`
		State      string `db:"state"`
		FileID     string `db:"file_id"`
		FileName   string `db:"file_name"`
		BuiltAt    dbTime `db:"built_at"`
		UploadedAt dbTime `db:"uploaded_at"`
		ReleasedAt dbTime `db:"released_at"`
	}
	err = s.selectAll(ctx, &brows, "SELECT bc.batch_id, bc.version, b.isa13, bc.st02, "+
		"b.state, b.file_id, f.name AS file_name, b.built_at, b.uploaded_at, bc.released_at "+
		"FROM batch_claims bc JOIN batches b ON b.id = bc.batch_id "+
		"JOIN files f ON f.id = b.file_id WHERE bc.claim_id = ? ORDER BY b.built_at", id)
	if err != nil {
		return t, fmt.Errorf("read batches of claim %s: %w", id, err)
	}
	for _, b := range brows {
		t.Batches = append(t.Batches, ClaimBatch{BatchID: b.BatchID, Version: b.Version,
			ISA13: b.ISA13, ST02: b.ST02, State: BatchState(b.State), FileID: b.FileID,
			FileName: b.FileName, BuiltAt: b.BuiltAt.Time, UploadedAt: b.UploadedAt.Time,
			ReleasedAt: b.ReleasedAt.Time})
	}

	acks, err := s.claimAcks(ctx, []string{id})
	if err != nil {
		return t, err
	}
	t.Acks = acks[id]

	if t.Payments, err = s.claimPayments(ctx, id); err != nil {
		return t, err
	}
	t.Money = claimMoney(t.Claim, t.Payments)
	// The payer's claim number, when the claim row has none yet, is the
	// newest one an answer carried.
	for i := len(t.Acks) - 1; i >= 0 && t.Claim.PayerClaimNumber == ""; i-- {
		t.Claim.PayerClaimNumber = t.Acks[i].PayerClaimNumber
	}
	for i := len(t.Payments) - 1; i >= 0 && t.Claim.PayerClaimNumber == ""; i-- {
		t.Claim.PayerClaimNumber = t.Payments[i].PayerClaimNumber
	}
	return t, nil
}

// claimAcks reads the 277CA answers of the given claims, oldest first.
func (s *Store) claimAcks(ctx context.Context, ids []string) (map[string][]ClaimAckView, error) {
	out := map[string][]ClaimAckView{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID                 string         `db:"id"`
		ClaimID            string         `db:"claim_id"`
		FileID             string         `db:"file_id"`
		FileName           string         `db:"file_name"`
		Version            sql.NullInt64  `db:"version"`
		Verdict            string         `db:"verdict"`
		Statuses           string         `db:"statuses"`
		PayerClaimNumber   sql.NullString `db:"payer_claim_number"`
		ClearinghouseTrace sql.NullString `db:"clearinghouse_trace"`
		StatusDate         sql.NullString `db:"status_date"`
		ReceivedAt         dbTime         `db:"received_at"`
	}
	query, args, err := sqlx.In("SELECT a.id, a.claim_id, a.file_id, f.name AS file_name, "+
		"a.version, a.verdict, a.statuses, a.payer_claim_number, a.clearinghouse_trace, "+
		"a.status_date, a.received_at FROM claim_acks a JOIN files f ON f.id = a.file_id "+
		"WHERE a.claim_id IN (?) ORDER BY a.received_at, a.seq", ids)
	if err != nil {
		return nil, fmt.Errorf("read 277CA answers: %w", err)
	}
	if err := s.selectAll(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("read 277CA answers: %w", err)
	}
	for _, r := range rows {
		out[r.ClaimID] = append(out[r.ClaimID], ClaimAckView{ID: r.ID, FileID: r.FileID,
			FileName: r.FileName, Version: int(r.Version.Int64), Verdict: r.Verdict,
			Statuses: parseStatusCodes(r.Statuses), PayerClaimNumber: r.PayerClaimNumber.String,
			ClearinghouseTrace: r.ClearinghouseTrace.String, StatusDate: r.StatusDate.String,
			ReceivedAt: r.ReceivedAt.Time})
	}
	return out, nil
}

// claimPayments reads the CLPs that name a claim, oldest first, with their
// adjustments, remarks and lines.
func (s *Store) claimPayments(ctx context.Context, claimID string) ([]ClaimPayment, error) {
	var heads []struct {
		ID             string         `db:"remittance_id"`
		RemitClaimView string         `db:"remit_claim_id"`
		Trace          string         `db:"trace_number"`
		PaymentDate    sql.NullString `db:"payment_date"`
		PayerName      sql.NullString `db:"payer_name"`
	}
	err := s.selectAll(ctx, &heads, "SELECT r.id AS remittance_id, rc.id AS remit_claim_id, "+
		"r.trace_number, r.payment_date, r.payer_name FROM remit_claims rc "+
		"JOIN remittances r ON r.id = rc.remittance_id WHERE rc.claim_id = ? "+
		"ORDER BY r.received_at, rc.seq", claimID)
	if err != nil {
		return nil, fmt.Errorf("read payments of claim %s: %w", claimID, err)
	}
	if len(heads) == 0 {
		return nil, nil
	}
	ids := make([]string, 0, len(heads))
	for _, h := range heads {
		ids = append(ids, h.RemitClaimView)
	}
	rcs, err := s.remitClaims(ctx, "rc.id IN (?)", ids)
	if err != nil {
		return nil, err
	}
	byID := map[string]RemitClaimView{}
	for _, rc := range rcs {
		byID[rc.ID] = rc
	}
	out := make([]ClaimPayment, 0, len(heads))
	for _, h := range heads {
		out = append(out, ClaimPayment{RemitClaimView: byID[h.RemitClaimView], RemittanceID: h.ID,
			TraceNumber: h.Trace, PaymentDate: h.PaymentDate.String,
			PayerName: h.PayerName.String})
	}
	return out, nil
}

// SearchResult is what a search found.
type SearchResult struct {
	Claims      []ClaimView    `json:"claims"`
	Remittances []RemitSummary `json:"remittances"`
}

// maxSearchResults bounds each list of a search.
const maxSearchResults = 50

// Search finds claims by patient control number (current or earlier) or by
// payer claim number, and remittances by check or EFT trace number. Only
// exact matches count; the term is also tried in upper case.
func (s *Store) Search(ctx context.Context, term string) (SearchResult, error) {
	term = strings.TrimSpace(term)
	if term == "" {
		return SearchResult{}, nil
	}
	terms := []string{term}
	if up := strings.ToUpper(term); up != term {
		terms = append(terms, up)
	}
	var ids []string
	query, args, err := sqlx.In("SELECT id FROM claims WHERE pcn IN (?) "+
		"UNION SELECT claim_id FROM claim_versions WHERE pcn IN (?) "+
		"UNION SELECT id FROM claims WHERE payer_claim_number IN (?) "+
		"UNION SELECT claim_id FROM claim_acks WHERE payer_claim_number IN (?) "+
		"AND claim_id IS NOT NULL "+
		"UNION SELECT claim_id FROM remit_claims WHERE payer_claim_number IN (?) "+
		"AND claim_id IS NOT NULL", terms, terms, terms, terms, terms)
	if err != nil {
		return SearchResult{}, fmt.Errorf("search claims: %w", err)
	}
	if err := s.selectAll(ctx, &ids, query, args...); err != nil {
		return SearchResult{}, fmt.Errorf("search claims: %w", err)
	}
	if len(ids) > maxSearchResults {
		ids = ids[:maxSearchResults]
	}
	views, err := s.claimViews(ctx, ids)
	if err != nil {
		return SearchResult{}, err
	}
	var res SearchResult
	for _, id := range ids {
		res.Claims = append(res.Claims, views[id])
	}
	slices.SortFunc(res.Claims, func(a, b ClaimView) int { return cmp.Compare(b.ID, a.ID) })

	remits, err := s.remitSummaries(ctx, "r.trace_number IN (?)", []any{terms},
		"r.received_at DESC, r.id DESC", maxSearchResults, 0)
	if err != nil {
		return SearchResult{}, err
	}
	res.Remittances = remits
	return res, nil
}
