package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Remittance is one 835 transaction set's payment, as stored in
// remittances.
type Remittance struct {
	ID              string // set by InsertRemittance when empty
	FileID          string
	ST02            string
	Handling        string // BPR01: I payment and advice, H notification only...
	AmountCents     int64  // BPR02
	CreditDebit     string // BPR03
	Method          string // BPR04: ACH, CHK, NON...
	PaymentDate     string // BPR16, YYYY-MM-DD
	TraceNumber     string // TRN02
	TraceOriginator string // TRN03
	PayerID         string
	PayerName       string
	PayeeNPI        string
	PayeeName       string
	ImbalanceCents  int64 // BPR02 minus what the claims and PLB add up to
	ReceivedAt      time.Time
}

// RemitClaim is one CLP of an 835, with its lines, claim-level
// adjustments and remarks, as stored in remit_claims and its children.
type RemitClaim struct {
	ID               string // set by InsertRemitClaims when empty
	RemittanceID     string
	Seq              int    // order within the remittance, from 1
	ClaimID          string // "" when no claim matched
	Version          int
	PCN              string // CLP01 as received
	StatusCode       string // CLP02
	ChargeCents      int64  // CLP03
	PaidCents        int64  // CLP04
	PatientCents     int64  // CLP05
	PayerClaimNumber string // CLP07
	InterestCents    int64  // AMT*I
	Posting          string // how it was posted: payment, reversal, split...
	ReversesID       string // for a reversal, the RemitClaim it cancels
	ImbalanceCents   int64

	Adjustments []RemitAdjustment // claim level
	Remarks     []RemitRemark     // claim level (MIA, MOA)
	Lines       []RemitLine

	// Read back only: the remittance's file and arrival.
	FileID     string
	ReceivedAt time.Time
}

// RemitLine is one SVC of a CLP.
type RemitLine struct {
	ID            string
	Seq           int
	LineNumber    int    // the claim line it pays; 0 when none matched
	ControlNumber string // REF*6R
	ProcedureCode string // SVC01 as adjudicated
	Modifiers     []string
	BilledCode    string // SVC06 when the payer changed the code
	ChargeCents   int64
	PaidCents     int64
	Units         string
	ServiceDate   string // YYYY-MM-DD
	Adjustments   []RemitAdjustment
	Remarks       []RemitRemark // LQ*HE
}

// RemitAdjustment is one CAS reason triplet.
type RemitAdjustment struct {
	ID          string
	Group       string // CO, PR, OA, PI, CR
	Reason      string // CARC
	AmountCents int64
	Quantity    string
}

// RemitRemark is one remark code (RARC).
type RemitRemark struct {
	ID     string
	Source string // MIA, MOA or LQ
	Code   string
}

// ProviderAdjustment is one PLB reason and amount, as stored in
// provider_adjustments.
type ProviderAdjustment struct {
	ID           string
	RemittanceID string
	Seq          int
	ProviderID   string // PLB01
	FiscalDate   string // PLB02
	Reason       string // WO, 72, L6, FB...
	Reference    string
	AmountCents  int64  // positive reduces the payment
	ClaimID      string // a recoupment booked against a claim

	// Read back only.
	FileID     string
	ReceivedAt time.Time
}

// InsertRemittance records an 835 payment header.
func (t *Tx) InsertRemittance(ctx context.Context, r *Remittance) error {
	if r.ID == "" {
		r.ID = newID()
	}
	_, err := t.exec(ctx, "INSERT INTO remittances (id, file_id, st02, handling, "+
		"amount_cents, credit_debit, method, payment_date, trace_number, trace_originator, "+
		"payer_id, payer_name, payee_npi, payee_name, imbalance_cents, received_at) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		r.ID, r.FileID, r.ST02, r.Handling, r.AmountCents, r.CreditDebit, r.Method,
		nullString(r.PaymentDate), r.TraceNumber, nullString(r.TraceOriginator),
		nullString(r.PayerID), nullString(r.PayerName), nullString(r.PayeeNPI),
		nullString(r.PayeeName), r.ImbalanceCents, at(t.when(r.ReceivedAt)))
	if err != nil {
		return fmt.Errorf("record remittance %s: %w", r.TraceNumber, err)
	}
	return nil
}

var (
	remitClaimColumns = []string{"id", "remittance_id", "seq", "claim_id", "version", "pcn",
		"status_code", "charge_cents", "paid_cents", "patient_cents", "payer_claim_number",
		"interest_cents", "posting", "reverses_id", "imbalance_cents"}
	remitLineColumns = []string{"id", "remit_claim_id", "seq", "line_number",
		"control_number", "procedure_code", "modifiers", "billed_code", "charge_cents",
		"paid_cents", "units", "service_date"}
	remitAdjColumns = []string{"id", "remit_claim_id", "remit_line_id", "group_code",
		"reason_code", "amount_cents", "quantity"}
	remitRemarkColumns = []string{"id", "remit_claim_id", "remit_line_id", "source", "code"}
)

// InsertRemitClaims records CLPs with everything beneath them, giving IDs
// to those that have none.
func (t *Tx) InsertRemitClaims(ctx context.Context, claims []*RemitClaim) error {
	var cr, lr, ar, rr [][]any
	for _, c := range claims {
		if c.ID == "" {
			c.ID = newID()
		}
		cr = append(cr, []any{c.ID, c.RemittanceID, c.Seq, nullString(c.ClaimID),
			nullInt(c.Version), c.PCN, c.StatusCode, c.ChargeCents, c.PaidCents,
			c.PatientCents, nullString(c.PayerClaimNumber), c.InterestCents, c.Posting,
			nullString(c.ReversesID), c.ImbalanceCents})
		ar = appendAdjustments(ar, c.ID, nil, c.Adjustments)
		rr = appendRemarks(rr, c.ID, nil, c.Remarks)
		for i := range c.Lines {
			l := &c.Lines[i]
			if l.ID == "" {
				l.ID = newID()
			}
			lr = append(lr, []any{l.ID, c.ID, l.Seq, nullInt(l.LineNumber),
				nullString(l.ControlNumber), l.ProcedureCode, strings.Join(l.Modifiers, ":"),
				nullString(l.BilledCode), l.ChargeCents, l.PaidCents, nullString(l.Units),
				nullString(l.ServiceDate)})
			ar = appendAdjustments(ar, c.ID, l.ID, l.Adjustments)
			rr = appendRemarks(rr, c.ID, l.ID, l.Remarks)
		}
	}
	for _, step := range []struct {
		table   string
		columns []string
		rows    [][]any
	}{
		{"remit_claims", remitClaimColumns, cr},
		{"remit_lines", remitLineColumns, lr},
		{"remit_adjustments", remitAdjColumns, ar},
		{"remit_remarks", remitRemarkColumns, rr},
	} {
		if err := t.insertRows(ctx, step.table, step.columns, step.rows); err != nil {
			return fmt.Errorf("record %s: %w", strings.ReplaceAll(step.table, "_", " "), err)
		}
	}
	ids := make([]string, 0, len(claims))
	for _, c := range claims {
		ids = append(ids, c.ClaimID)
	}
	return t.refreshMoney(ctx, ids)
}

func appendAdjustments(rows [][]any, claimID string, lineID any,
	adjs []RemitAdjustment) [][]any {

	for i := range adjs {
		a := &adjs[i]
		if a.ID == "" {
			a.ID = newID()
		}
		rows = append(rows, []any{a.ID, claimID, lineID, a.Group, a.Reason, a.AmountCents,
			nullString(a.Quantity)})
	}
	return rows
}

func appendRemarks(rows [][]any, claimID string, lineID any, rs []RemitRemark) [][]any {
	for i := range rs {
		r := &rs[i]
		if r.ID == "" {
			r.ID = newID()
		}
		rows = append(rows, []any{r.ID, claimID, lineID, r.Source, r.Code})
	}
	return rows
}

// AssignRemitClaim records the claim, version, posting and line matches of
// a stored CLP that was held or matched nothing, once it is attached.
func (t *Tx) AssignRemitClaim(ctx context.Context, c *RemitClaim) error {
	err := t.execOne(ctx, "UPDATE remit_claims SET claim_id = ?, version = ?, posting = ?, "+
		"reverses_id = ? WHERE id = ?", nullString(c.ClaimID), nullInt(c.Version), c.Posting,
		nullString(c.ReversesID), c.ID)
	if err != nil {
		return fmt.Errorf("attach remittance claim %s: %w", c.ID, err)
	}
	for _, l := range c.Lines {
		err := t.execOne(ctx, "UPDATE remit_lines SET line_number = ? WHERE id = ?",
			nullInt(l.LineNumber), l.ID)
		if err != nil {
			return fmt.Errorf("attach remittance line %s: %w", l.ID, err)
		}
	}
	return t.refreshMoney(ctx, []string{c.ClaimID})
}

// InsertProviderAdjustments records PLB items.
func (t *Tx) InsertProviderAdjustments(ctx context.Context, pas []ProviderAdjustment) error {
	rows := make([][]any, 0, len(pas))
	for i := range pas {
		p := &pas[i]
		if p.ID == "" {
			p.ID = newID()
		}
		rows = append(rows, []any{p.ID, p.RemittanceID, p.Seq, p.ProviderID, p.FiscalDate,
			p.Reason, nullString(p.Reference), p.AmountCents, nullString(p.ClaimID)})
	}
	err := t.insertRows(ctx, "provider_adjustments", []string{"id", "remittance_id", "seq",
		"provider_id", "fiscal_date", "reason_code", "reference", "amount_cents",
		"claim_id"}, rows)
	if err != nil {
		return fmt.Errorf("record provider adjustments: %w", err)
	}
	return nil
}

type remitClaimRow struct {
	ID               string         `db:"id"`
	RemittanceID     string         `db:"remittance_id"`
	Seq              int            `db:"seq"`
	ClaimID          sql.NullString `db:"claim_id"`
	Version          sql.NullInt64  `db:"version"`
	PCN              string         `db:"pcn"`
	StatusCode       string         `db:"status_code"`
	ChargeCents      int64          `db:"charge_cents"`
	PaidCents        int64          `db:"paid_cents"`
	PatientCents     int64          `db:"patient_cents"`
	PayerClaimNumber sql.NullString `db:"payer_claim_number"`
	InterestCents    int64          `db:"interest_cents"`
	Posting          string         `db:"posting"`
	ReversesID       sql.NullString `db:"reverses_id"`
	ImbalanceCents   int64          `db:"imbalance_cents"`
	FileID           string         `db:"file_id"`
	ReceivedAt       dbTime         `db:"received_at"`
}

const remitClaimSelect = "SELECT rc.id, rc.remittance_id, rc.seq, rc.claim_id, rc.version, " +
	"rc.pcn, rc.status_code, rc.charge_cents, rc.paid_cents, rc.patient_cents, " +
	"rc.payer_claim_number, rc.interest_cents, rc.posting, rc.reverses_id, " +
	"rc.imbalance_cents, r.file_id, r.received_at " +
	"FROM remit_claims rc JOIN remittances r ON r.id = rc.remittance_id "

// Postings returns every CLP posted to the claims named, with their lines,
// adjustments and remarks, each claim's in the order they arrived.
func (t *Tx) Postings(ctx context.Context, claimIDs []string) (map[string][]*RemitClaim,
	error) {

	var rows []remitClaimRow
	err := inChunks(ctx, t, &rows, remitClaimSelect+"WHERE rc.claim_id IN (?)", claimIDs)
	if err != nil {
		return nil, fmt.Errorf("read postings: %w", err)
	}
	claims, err := t.readRemitClaims(ctx, rows)
	if err != nil {
		return nil, err
	}
	out := map[string][]*RemitClaim{}
	for _, c := range claims {
		out[c.ClaimID] = append(out[c.ClaimID], c)
	}
	return out, nil
}

// RemitClaim returns one stored CLP with everything beneath it.
func (t *Tx) RemitClaim(ctx context.Context, id string) (*RemitClaim, error) {
	var rows []remitClaimRow
	if err := t.selectAll(ctx, &rows, remitClaimSelect+"WHERE rc.id = ?", id); err != nil {
		return nil, fmt.Errorf("read remittance claim %s: %w", id, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("remittance claim %s: %w", id, ErrNotFound)
	}
	claims, err := t.readRemitClaims(ctx, rows)
	if err != nil {
		return nil, err
	}
	return claims[0], nil
}

// ClaimPostings is Postings of one claim, outside a transaction, for views.
func (s *Store) ClaimPostings(ctx context.Context, claimID string) ([]*RemitClaim, error) {
	var out []*RemitClaim
	err := s.readTx(ctx, func(t *Tx) error {
		m, err := t.Postings(ctx, []string{claimID})
		out = m[claimID]
		return err
	})
	return out, err
}

// readRemitClaims fills in the lines, adjustments and remarks of rows and
// orders them by arrival: received time, remittance, then seq.
func (t *Tx) readRemitClaims(ctx context.Context, rows []remitClaimRow) ([]*RemitClaim,
	error) {

	slices.SortFunc(rows, func(a, b remitClaimRow) int {
		if c := a.ReceivedAt.Compare(b.ReceivedAt.Time); c != 0 {
			return c
		}
		if c := strings.Compare(a.RemittanceID, b.RemittanceID); c != 0 {
			return c
		}
		return a.Seq - b.Seq
	})
	byID := make(map[string]*RemitClaim, len(rows))
	ids := make([]string, 0, len(rows))
	out := make([]*RemitClaim, 0, len(rows))
	for _, r := range rows {
		c := &RemitClaim{
			ID: r.ID, RemittanceID: r.RemittanceID, Seq: r.Seq, ClaimID: r.ClaimID.String,
			Version: int(r.Version.Int64), PCN: r.PCN, StatusCode: r.StatusCode,
			ChargeCents: r.ChargeCents, PaidCents: r.PaidCents, PatientCents: r.PatientCents,
			PayerClaimNumber: r.PayerClaimNumber.String, InterestCents: r.InterestCents,
			Posting: r.Posting, ReversesID: r.ReversesID.String,
			ImbalanceCents: r.ImbalanceCents, FileID: r.FileID, ReceivedAt: r.ReceivedAt.Time,
		}
		byID[c.ID] = c
		ids = append(ids, c.ID)
		out = append(out, c)
	}
	if len(ids) == 0 {
		return out, nil
	}
	lines, err := t.remitLines(ctx, ids, byID)
	if err != nil {
		return nil, err
	}
	if err := t.remitDetails(ctx, ids, byID, lines); err != nil {
		return nil, err
	}
	return out, nil
}

type remitLineRow struct {
	ID            string         `db:"id"`
	RemitClaimID  string         `db:"remit_claim_id"`
	Seq           int            `db:"seq"`
	LineNumber    sql.NullInt64  `db:"line_number"`
	ControlNumber sql.NullString `db:"control_number"`
	ProcedureCode string         `db:"procedure_code"`
	Modifiers     string         `db:"modifiers"`
	BilledCode    sql.NullString `db:"billed_code"`
	ChargeCents   int64          `db:"charge_cents"`
	PaidCents     int64          `db:"paid_cents"`
	Units         sql.NullString `db:"units"`
	ServiceDate   sql.NullString `db:"service_date"`
}

// remitLines attaches the lines of the claims; it returns where each line
// landed, by line ID.
func (t *Tx) remitLines(ctx context.Context, ids []string,
	byID map[string]*RemitClaim) (map[string]lineAt, error) {

	var rows []remitLineRow
	err := inChunks(ctx, t, &rows, "SELECT id, remit_claim_id, seq, line_number, "+
		"control_number, procedure_code, modifiers, billed_code, charge_cents, paid_cents, "+
		"units, service_date FROM remit_lines WHERE remit_claim_id IN (?)", ids)
	if err != nil {
		return nil, fmt.Errorf("read remittance lines: %w", err)
	}
	slices.SortFunc(rows, func(a, b remitLineRow) int {
		if c := strings.Compare(a.RemitClaimID, b.RemitClaimID); c != 0 {
			return c
		}
		return a.Seq - b.Seq
	})
	for _, r := range rows {
		l := RemitLine{
			ID: r.ID, Seq: r.Seq, LineNumber: int(r.LineNumber.Int64),
			ControlNumber: r.ControlNumber.String, ProcedureCode: r.ProcedureCode,
			BilledCode: r.BilledCode.String, ChargeCents: r.ChargeCents,
			PaidCents: r.PaidCents, Units: r.Units.String, ServiceDate: r.ServiceDate.String,
		}
		if r.Modifiers != "" {
			l.Modifiers = strings.Split(r.Modifiers, ":")
		}
		c := byID[r.RemitClaimID]
		c.Lines = append(c.Lines, l)
	}
	where := make(map[string]lineAt, len(rows))
	for _, c := range byID {
		for i := range c.Lines {
			where[c.Lines[i].ID] = lineAt{claim: c, index: i}
		}
	}
	return where, nil
}

// lineAt places a line: its claim and its index among the claim's lines.
type lineAt struct {
	claim *RemitClaim
	index int
}

// remitDetails attaches the adjustments and remarks of the claims and of
// their lines.
func (t *Tx) remitDetails(ctx context.Context, ids []string, byID map[string]*RemitClaim,
	lines map[string]lineAt) error {

	var adjs []struct {
		ID           string         `db:"id"`
		RemitClaimID string         `db:"remit_claim_id"`
		RemitLineID  sql.NullString `db:"remit_line_id"`
		Group        string         `db:"group_code"`
		Reason       string         `db:"reason_code"`
		AmountCents  int64          `db:"amount_cents"`
		Quantity     sql.NullString `db:"quantity"`
	}
	err := inChunks(ctx, t, &adjs, "SELECT id, remit_claim_id, remit_line_id, group_code, "+
		"reason_code, amount_cents, quantity FROM remit_adjustments "+
		"WHERE remit_claim_id IN (?) ORDER BY id", ids)
	if err != nil {
		return fmt.Errorf("read remittance adjustments: %w", err)
	}
	for _, a := range adjs {
		adj := RemitAdjustment{ID: a.ID, Group: a.Group, Reason: a.Reason,
			AmountCents: a.AmountCents, Quantity: a.Quantity.String}
		if la, ok := lines[a.RemitLineID.String]; ok && a.RemitLineID.Valid {
			l := &la.claim.Lines[la.index]
			l.Adjustments = append(l.Adjustments, adj)
			continue
		}
		c := byID[a.RemitClaimID]
		c.Adjustments = append(c.Adjustments, adj)
	}

	var remarks []struct {
		ID           string         `db:"id"`
		RemitClaimID string         `db:"remit_claim_id"`
		RemitLineID  sql.NullString `db:"remit_line_id"`
		Source       string         `db:"source"`
		Code         string         `db:"code"`
	}
	err = inChunks(ctx, t, &remarks, "SELECT id, remit_claim_id, remit_line_id, source, "+
		"code FROM remit_remarks WHERE remit_claim_id IN (?) ORDER BY id", ids)
	if err != nil {
		return fmt.Errorf("read remittance remarks: %w", err)
	}
	for _, r := range remarks {
		rm := RemitRemark{ID: r.ID, Source: r.Source, Code: r.Code}
		if la, ok := lines[r.RemitLineID.String]; ok && r.RemitLineID.Valid {
			l := &la.claim.Lines[la.index]
			l.Remarks = append(l.Remarks, rm)
			continue
		}
		c := byID[r.RemitClaimID]
		c.Remarks = append(c.Remarks, rm)
	}
	return nil
}

type remittanceRow struct {
	ID              string         `db:"id"`
	FileID          string         `db:"file_id"`
	ST02            string         `db:"st02"`
	Handling        string         `db:"handling"`
	AmountCents     int64          `db:"amount_cents"`
	CreditDebit     string         `db:"credit_debit"`
	Method          string         `db:"method"`
	PaymentDate     sql.NullString `db:"payment_date"`
	TraceNumber     string         `db:"trace_number"`
	TraceOriginator sql.NullString `db:"trace_originator"`
	PayerID         sql.NullString `db:"payer_id"`
	PayerName       sql.NullString `db:"payer_name"`
	PayeeNPI        sql.NullString `db:"payee_npi"`
	PayeeName       sql.NullString `db:"payee_name"`
	ImbalanceCents  int64          `db:"imbalance_cents"`
	ReceivedAt      dbTime         `db:"received_at"`
}

const remittanceSelect = "SELECT id, file_id, st02, handling, amount_cents, credit_debit, " +
	"method, payment_date, trace_number, trace_originator, payer_id, payer_name, payee_npi, " +
	"payee_name, imbalance_cents, received_at FROM remittances "

func (r remittanceRow) remittance() Remittance {
	return Remittance{ID: r.ID, FileID: r.FileID, ST02: r.ST02, Handling: r.Handling,
		AmountCents: r.AmountCents, CreditDebit: r.CreditDebit, Method: r.Method,
		PaymentDate: r.PaymentDate.String, TraceNumber: r.TraceNumber,
		TraceOriginator: r.TraceOriginator.String, PayerID: r.PayerID.String,
		PayerName: r.PayerName.String, PayeeNPI: r.PayeeNPI.String,
		PayeeName: r.PayeeName.String, ImbalanceCents: r.ImbalanceCents,
		ReceivedAt: r.ReceivedAt.Time}
}

// Remittance returns one stored 835 payment header.
func (t *Tx) Remittance(ctx context.Context, id string) (Remittance, error) {
	var r remittanceRow
	if err := t.get(ctx, &r, remittanceSelect+"WHERE id = ?", id); err != nil {
		return Remittance{}, fmt.Errorf("read remittance %s: %w", id, noRows(err))
	}
	return r.remittance(), nil
}

// FileRemittances returns the 835 payments read from a file, in order.
func (s *Store) FileRemittances(ctx context.Context, fileID string) ([]Remittance, error) {
	var rows []remittanceRow
	err := s.selectAll(ctx, &rows, remittanceSelect+"WHERE file_id = ? ORDER BY st02, id",
		fileID)
	if err != nil {
		return nil, fmt.Errorf("read remittances of file %s: %w", fileID, err)
	}
	out := make([]Remittance, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.remittance())
	}
	return out, nil
}
