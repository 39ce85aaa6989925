package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/claimflow/claimflow/edi/codes"
)

// RemitSummary is one 835 payment as the lists show it.
type RemitSummary struct {
	ID              string    `json:"id"`
	FileID          string    `json:"file_id,omitzero"`
	FileName        string    `json:"file_name,omitzero"`
	Connection      string    `json:"connection"`
	ST02            string    `json:"st02"`
	Handling        string    `json:"handling"`     // BPR01: I payment and advice, H notification only
	AmountCents     int64     `json:"amount_cents"` // BPR02
	CreditDebit     string    `json:"credit_debit"` // BPR03
	Method          string    `json:"method"`       // BPR04
	PaymentDate     string    `json:"payment_date"` // YYYY-MM-DD, "" when not given
	TraceNumber     string    `json:"trace_number"`
	PayerID         string    `json:"payer_id"`
	PayerName       string    `json:"payer_name"`
	PayeeNPI        string    `json:"payee_npi"`
	PayeeName       string    `json:"payee_name"`
	ImbalanceCents  int64     `json:"imbalance_cents"` // 0 when the set balances
	ReceivedAt      time.Time `json:"received_at,omitzero"`
	ClaimCount      int       `json:"claim_count"`
	ClaimPaidCents  int64     `json:"claim_paid_cents"`   // sum of CLP04 over every claim of the payment
	ProviderAdjCent int64     `json:"provider_adj_cents"` // sum of PLB amounts
}

// DepositCents is BPR02 with its sign: what reaches the bank, negative
// for a debit.
func (r RemitSummary) DepositCents() int64 {
	if r.CreditDebit == "D" {
		return -r.AmountCents
	}
	return r.AmountCents
}

// ExpectedCents is the claim payments less the provider-level
// adjustments: what BPR02 should be.
func (r RemitSummary) ExpectedCents() int64 { return r.ClaimPaidCents - r.ProviderAdjCent }

// MethodText says how the money came, in words.
func (r RemitSummary) MethodText() string { return codes.PaymentMethod.Describe(r.Method) }

// Adjustment is one CAS reason triplet.
type Adjustment struct {
	Group       string `json:"group"` // CAS01
	GroupText   string `json:"group_text"`
	Reason      string `json:"reason"` // CARC
	ReasonText  string `json:"reason_text"`
	AmountCents int64  `json:"amount_cents"`
	Quantity    string `json:"quantity,omitzero"`
	LineSeq     int    `json:"line_seq,omitzero"` // the SVC it belongs to; 0 for claim level
}

// Remark is one remark code (RARC).
type Remark struct {
	Source  string `json:"source"` // MIA, MOA or LQ
	Code    string `json:"code"`
	Text    string `json:"text"`
	LineSeq int    `json:"line_seq,omitzero"` // 0 for claim level
}

// RemitLineView is one SVC as the pages show it.
type RemitLineView struct {
	Seq           int    `json:"seq"`
	LineNumber    int    `json:"line_number"` // the claim line it pays; 0 when unmatched
	ControlNumber string `json:"control_number"`
	ProcedureCode string `json:"procedure_code"`
	Modifiers     string `json:"modifiers,omitzero"`
	BilledCode    string `json:"billed_code"` // SVC06 when the payer adjudicated another code
	ChargeCents   int64  `json:"charge_cents"`
	PaidCents     int64  `json:"paid_cents"`
	Units         string `json:"units"`
	ServiceDate   string `json:"service_date"`
}

// RemitClaimView is one CLP with what belongs to it, as the pages show it.
type RemitClaimView struct {
	ID               string `json:"id"`
	RemittanceID     string `json:"remittance_id,omitzero"`
	Seq              int    `json:"seq"`
	ClaimID          string `json:"claim_id"` // "" when it matched no claim
	Version          int    `json:"version"`
	PCN              string `json:"pcn"`
	StatusCode       string `json:"status_code"` // CLP02
	StatusText       string `json:"status_text"`
	ChargeCents      int64  `json:"charge_cents"`
	PaidCents        int64  `json:"paid_cents"`
	PatientCents     int64  `json:"patient_cents"`
	PayerClaimNumber string `json:"payer_claim_number,omitzero"`
	InterestCents    int64  `json:"interest_cents"`
	// Posting is how the CLP was posted: payment, supplemental, split,
	// correction, reversal, forwarded, not_ours, predetermination or held.
	Posting string `json:"posting"`
	// ReversesID is, for a reversal, the CLP it cancels.
	ReversesID string `json:"reverses_id,omitzero"`
	// ImbalanceCents is what the CLP leaves unexplained: charge minus paid
	// minus patient responsibility minus the other adjustments.
	ImbalanceCents int64           `json:"imbalance_cents"`
	Adjustments    []Adjustment    `json:"adjustments"`
	Remarks        []Remark        `json:"remarks"`
	Lines          []RemitLineView `json:"lines"`
}

// PayerAdjustmentCents is the sum of the claim's payer adjustments (CO,
// OA, PI, CR), lines included: the patient's part (PR) is PatientCents, and
// OA-23, a restatement of earlier payers, is left out. When the CLP
// balances, charge = paid + patient + payer adjustments.
func (c RemitClaimView) PayerAdjustmentCents() int64 {
	var n int64
	for _, a := range c.Adjustments {
		switch classify(a.Group, a.Reason) {
		case adjWrittenOff, adjDenied:
			n += a.AmountCents
		}
	}
	return n
}

// ProviderAdjustmentView is one PLB amount, with its reason in words.
type ProviderAdjustmentView struct {
	Seq         int    `json:"seq"`
	ProviderID  string `json:"provider_id"`
	FiscalDate  string `json:"fiscal_date"`
	Reason      string `json:"reason"`
	ReasonText  string `json:"reason_text"`
	Reference   string `json:"reference"`
	AmountCents int64  `json:"amount_cents"`
	ClaimID     string `json:"claim_id"`
}

// RemitDetail is one payment with every claim and provider adjustment.
type RemitDetail struct {
	RemitSummary
	Claims              []RemitClaimView         `json:"claims"`
	ProviderAdjustments []ProviderAdjustmentView `json:"provider_adjustments"`
}

// RemitQuery selects payments, newest received first.
type RemitQuery struct {
	PayerID    string
	Connection string
	Trace      string
	Since      time.Time // received at or after
	Before     string    // the Next of the previous page
	Offset     int
	Limit      int
}

// RemitPage is one page of payments.
type RemitPage struct {
	Remittances []RemitSummary `json:"remittances"`
	Next        string         `json:"next"`
}

// The SQL for a remittance r's claim payments (CLP04 of every CLP, the
// unmatched ones too, as BPR02 counts them) and its PLB amounts.
const (
	remitClaimPaid = "COALESCE((SELECT SUM(rc.paid_cents) FROM remit_claims rc " +
		"WHERE rc.remittance_id = r.id), 0)"
	remitPLB = "COALESCE((SELECT SUM(p.amount_cents) FROM provider_adjustments p " +
		"WHERE p.remittance_id = r.id), 0)"
)

const remitSummarySelect = "SELECT r.id, r.file_id, f.name AS file_name, " +
	"f.connection, r.st02, r.handling, r.amount_cents, r.credit_debit, r.method, " +
	"r.payment_date, r.trace_number, r.payer_id, r.payer_name, r.payee_npi, r.payee_name, " +
	"r.imbalance_cents, r.received_at, " +
	"(SELECT COUNT(*) FROM remit_claims rc WHERE rc.remittance_id = r.id) AS claim_count, " +
	remitClaimPaid + " AS claim_paid_cents, " + remitPLB + " AS plb_cents " +
	"FROM remittances r JOIN files f ON f.id = r.file_id"

type remitSummaryRow struct {
	ID             string         `db:"id"`
	FileID         string         `db:"file_id"`
	FileName       string         `db:"file_name"`
	Connection     sql.NullString `db:"connection"`
	ST02           string         `db:"st02"`
	Handling       string         `db:"handling"`
	AmountCents    int64          `db:"amount_cents"`
	CreditDebit    string         `db:"credit_debit"`
	Method         string         `db:"method"`
	PaymentDate    sql.NullString `db:"payment_date"`
	TraceNumber    string         `db:"trace_number"`
	PayerID        sql.NullString `db:"payer_id"`
	PayerName      sql.NullString `db:"payer_name"`
	PayeeNPI       sql.NullString `db:"payee_npi"`
	PayeeName      sql.NullString `db:"payee_name"`
	ImbalanceCents int64          `db:"imbalance_cents"`
	ReceivedAt     dbTime         `db:"received_at"`
	ClaimCount     int            `db:"claim_count"`
	ClaimPaidCents int64          `db:"claim_paid_cents"`
	PLBCents       int64          `db:"plb_cents"`
}

func (r remitSummaryRow) summary() RemitSummary {
	return RemitSummary{ID: r.ID, FileID: r.FileID, FileName: r.FileName,
		Connection: r.Connection.String, ST02: r.ST02, Handling: r.Handling,
		AmountCents: r.AmountCents, CreditDebit: r.CreditDebit, Method: r.Method,
		PaymentDate: r.PaymentDate.String, TraceNumber: r.TraceNumber,
		PayerID: r.PayerID.String, PayerName: r.PayerName.String,
		PayeeNPI: r.PayeeNPI.String, PayeeName: r.PayeeName.String,
		ImbalanceCents: r.ImbalanceCents, ReceivedAt: r.ReceivedAt.Time,
		ClaimCount: r.ClaimCount, ClaimPaidCents: r.ClaimPaidCents,
		ProviderAdjCent: r.PLBCents}
}

// remitSummaries runs remitSummarySelect with a condition, which may use
// sqlx.In's slice expansion.
func (s *Store) remitSummaries(ctx context.Context, where string, args []any, order string,
	limit, offset int) ([]RemitSummary, error) {

	query := remitSummarySelect
	if where != "" {
		query += " WHERE " + where
	}
	query += " ORDER BY " + order + " LIMIT ? OFFSET ?"
	query, args, err := sqlx.In(query, append(args, limit, max(offset, 0))...)
	if err != nil {
		return nil, fmt.Errorf("list remittances: %w", err)
	}
	var rows []remitSummaryRow
	if err := s.selectAll(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("list remittances: %w", err)
	}
	out := make([]RemitSummary, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.summary())
	}
	return out, nil
}

// remitFilter turns a query into a condition.
func remitFilter(q RemitQuery) (string, []any) {
	var where []string
	var args []any
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if q.PayerID != "" {
		add("r.payer_id = ?", q.PayerID)
	}
	if q.Connection != "" {
		add("f.connection = ?", q.Connection)
	}
	if q.Trace != "" {
		add("r.trace_number = ?", q.Trace)
	}
	if !q.Since.IsZero() {
		add("r.received_at >= ?", at(q.Since))
	}
	return strings.Join(where, " AND "), args
}

// ListRemittances returns a page of payments, newest received first.
func (s *Store) ListRemittances(ctx context.Context, q RemitQuery) (RemitPage, error) {
	limit := clampLimit(q.Limit)
	where, args := remitFilter(q)
	if q.Before != "" {
		cond := "r.id < ?"
		if where != "" {
			cond = " AND " + cond
		}
		where, args = where+cond, append(args, q.Before)
	}
	// IDs are UUIDv7 made when the 835 was posted: their order is the order
	// of arrival.
	rows, err := s.remitSummaries(ctx, where, args, "r.id DESC", limit+1, q.Offset)
	if err != nil {
		return RemitPage{}, err
	}
	var page RemitPage
	for i, r := range rows {
		if i == limit {
			page.Next = page.Remittances[limit-1].ID
			break
		}
		page.Remittances = append(page.Remittances, r)
	}
	return page, nil
}

// GetRemittance returns a payment with its claims, their adjustments,
// remarks and lines, and its provider-level adjustments.
func (s *Store) GetRemittance(ctx context.Context, id string) (RemitDetail, error) {
	heads, err := s.remitSummaries(ctx, "r.id = ?", []any{id}, "r.id", 1, 0)
	if err != nil {
		return RemitDetail{}, err
	}
	if len(heads) == 0 {
		return RemitDetail{}, fmt.Errorf("remittance %s: %w", id, ErrNotFound)
	}
	d := RemitDetail{RemitSummary: heads[0]}
	if d.Claims, err = s.remitClaims(ctx, "rc.remittance_id = ?", id); err != nil {
		return d, err
	}
	var plb []struct {
		Seq         int            `db:"seq"`
		ProviderID  string         `db:"provider_id"`
		FiscalDate  string         `db:"fiscal_date"`
		Reason      string         `db:"reason_code"`
		Reference   sql.NullString `db:"reference"`
		AmountCents int64          `db:"amount_cents"`
		ClaimID     sql.NullString `db:"claim_id"`
	}
	err = s.selectAll(ctx, &plb, "SELECT seq, provider_id, fiscal_date, reason_code, "+
		"reference, amount_cents, claim_id FROM provider_adjustments "+
		"WHERE remittance_id = ? ORDER BY seq", id)
	if err != nil {
		return d, fmt.Errorf("read provider adjustments of remittance %s: %w", id, err)
	}
	for _, p := range plb {
		d.ProviderAdjustments = append(d.ProviderAdjustments, ProviderAdjustmentView{
			Seq: p.Seq, ProviderID: p.ProviderID, FiscalDate: p.FiscalDate, Reason: p.Reason,
			ReasonText: codes.PLBReason.Describe(p.Reason), Reference: p.Reference.String,
			AmountCents: p.AmountCents, ClaimID: p.ClaimID.String})
	}
	return d, nil
}

// remitClaims reads the CLPs a condition on rc (remit_claims) selects,
// with their adjustments, remarks and lines, as posting reads them, and
// puts them in words for the pages: a fixed number of queries whatever
// their number.
func (s *Store) remitClaims(ctx context.Context, where string, arg any) ([]RemitClaimView, error) {
	var claims []*RemitClaim
	err := s.readTx(ctx, func(t *Tx) error {
		q, args, err := sqlx.In(remitClaimSelect+"WHERE "+where, arg)
		if err != nil {
			return err
		}
		var rows []remitClaimRow
		if err := t.selectAll(ctx, &rows, q, args...); err != nil {
			return fmt.Errorf("read remittance claims: %w", err)
		}
		claims, err = t.readRemitClaims(ctx, rows)
		return err
	})
	if err != nil {
		return nil, err
	}
	out := make([]RemitClaimView, len(claims))
	for i, c := range claims {
		out[i] = remitClaimView(c)
	}
	return out, nil
}

// remitClaimView puts a stored CLP in words, its lines' adjustments and
// remarks listed after the claim's own with the line they belong to.
func remitClaimView(c *RemitClaim) RemitClaimView {
	v := RemitClaimView{ID: c.ID, RemittanceID: c.RemittanceID, Seq: c.Seq,
		ClaimID: c.ClaimID, Version: c.Version, PCN: c.PCN, StatusCode: c.StatusCode,
		StatusText: codes.ClaimStatus.Describe(c.StatusCode), ChargeCents: c.ChargeCents,
		PaidCents: c.PaidCents, PatientCents: c.PatientCents,
		PayerClaimNumber: c.PayerClaimNumber, InterestCents: c.InterestCents,
		Posting: c.Posting, ReversesID: c.ReversesID, ImbalanceCents: c.ImbalanceCents}
	add := func(adjs []RemitAdjustment, remarks []RemitRemark, lineSeq int) {
		for _, a := range adjs {
			v.Adjustments = append(v.Adjustments, Adjustment{Group: a.Group,
				GroupText: codes.CASGroup.Describe(a.Group), Reason: a.Reason,
				ReasonText: codes.CARC.Describe(a.Reason), AmountCents: a.AmountCents,
				Quantity: a.Quantity, LineSeq: lineSeq})
		}
		for _, m := range remarks {
			v.Remarks = append(v.Remarks, Remark{Source: m.Source, Code: m.Code,
				Text: codes.RARC.Describe(m.Code), LineSeq: lineSeq})
		}
	}
	add(c.Adjustments, c.Remarks, 0)
	for _, l := range c.Lines {
		v.Lines = append(v.Lines, RemitLineView{Seq: l.Seq, LineNumber: l.LineNumber,
			ControlNumber: l.ControlNumber, ProcedureCode: l.ProcedureCode,
			Modifiers: strings.Join(l.Modifiers, ":"), BilledCode: l.BilledCode,
			ChargeCents: l.ChargeCents, PaidCents: l.PaidCents, Units: l.Units,
			ServiceDate: l.ServiceDate})
		add(l.Adjustments, l.Remarks, l.Seq)
	}
	return v
}

// RemitExportRow is one CLP with its payment, for a spreadsheet.
type RemitExportRow struct {
	Payment RemitSummary
	Claim   RemitClaimView
}

// maxExportRows bounds one export.
const maxExportRows = 100000

// ExportRemittances returns every CLP of the payments q selects (Before,
// Offset and Limit are ignored), payments newest first, claims in file
// order. An export of more than 100,000 claims is refused: narrow it with
// Since or PayerID.
func (s *Store) ExportRemittances(ctx context.Context, q RemitQuery) ([]RemitExportRow, error) {
	where, args := remitFilter(q)
	heads, err := s.remitSummaries(ctx, where, args, "r.id DESC", maxExportRows, 0)
	if err != nil {
		return nil, err
	}
	if len(heads) == 0 {
		return nil, nil
	}
	var ids []string
	total := 0
	for _, h := range heads {
		ids = append(ids, h.ID)
		total += h.ClaimCount
	}
	if total > maxExportRows {
		return nil, fmt.Errorf("%w: the export would hold %d claims, more than %d",
			ErrInvalidInput, total, maxExportRows)
	}
	var claims []RemitClaimView
	for start := 0; start < len(ids); start += maxRowsPerInsert {
		chunk := ids[start:min(start+maxRowsPerInsert, len(ids))]
		part, err := s.remitClaims(ctx, "rc.remittance_id IN (?)", chunk)
		if err != nil {
			return nil, err
		}
		claims = append(claims, part...)
	}
	byRemit := map[string][]RemitClaimView{}
	for _, c := range claims {
		byRemit[c.RemittanceID] = append(byRemit[c.RemittanceID], c)
	}
	out := make([]RemitExportRow, 0, total)
	for _, h := range heads {
		for _, c := range byRemit[h.ID] {
			out = append(out, RemitExportRow{Payment: h, Claim: c})
		}
	}
	return out, nil
}

// errIsNotFound reports whether err wraps ErrNotFound or sql.ErrNoRows.
func errIsNotFound(err error) bool {
	return errors.Is(err, ErrNotFound) || errors.Is(err, sql.ErrNoRows)
}
