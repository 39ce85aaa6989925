package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/claimflow/claimflow/edi/codes"
)

// AgingBuckets names the aging buckets, in order.
var AgingBuckets = [4]string{"0-30", "31-60", "61-90", "90+"}

// AgingRow is one payer's open balance by age. The balance of a claim is
// its charge minus what payers paid and adjusted (CO, OA, PI, CR); the
// patient's part (PR) is in it and also given on its own.
type AgingRow struct {
	PayerID      string   `json:"payer_id"`
	PayerName    string   `json:"payer_name"` // as the payer's newest 835 names it; "" when none has
	Cents        [4]int64 `json:"cents"`
	Counts       [4]int   `json:"counts"`
	PatientCents int64    `json:"patient_cents"` // of the balance, what the patients owe (PR)
}

// TotalCents is the row's open balance.
func (r AgingRow) TotalCents() int64 { return r.Cents[0] + r.Cents[1] + r.Cents[2] + r.Cents[3] }

// TotalCount is the row's number of claims with a balance.
func (r AgingRow) TotalCount() int { return r.Counts[0] + r.Counts[1] + r.Counts[2] + r.Counts[3] }

// WithPayerCents is the row's open balance less what the patients owe.
func (r AgingRow) WithPayerCents() int64 { return r.TotalCents() - r.PatientCents }

// AgingReport is the open balance of every payer by age.
type AgingReport struct {
	AsOf  time.Time  `json:"as_of,omitzero"`
	Rows  []AgingRow `json:"rows"` // largest balance first
	Total AgingRow   `json:"total"`
}

// balanceStatuses are the statuses of claims that were sent and not
// voided: what their balance says is still to be collected.
const balanceStatuses = "'batched', 'submitted', 'accepted', 'rejected_clearinghouse', " +
	"'acknowledged', 'rejected_payer', 'paid', 'partially_paid', 'denied', 'forwarded', " +
	"'reversed'"

// voidFrequency is the claim frequency code (CLM05-3) of a version that
// asks the payer to void the claim: nothing of its charge is owed.
const voidFrequency = "8"

// openBalance is the SQL for each sent claim's balance, its patient's
// part, and the date its age counts from (its first upload, or its intake
// when never uploaded). A claim whose current version voids it has none. The balance is the one of Money: the charge minus
// what payers paid and adjusted; denied amounts are adjusted, and wait in
// the work list rather than here.
func (s *Store) openBalance() string {
	first, join := s.firstUpload()
	return "SELECT c.payer_id, " + sqlBalance + " AS open_cents, " + sqlPatient +
		" AS patient_cents, COALESCE(" + first + ", c.created_at) AS since FROM claims c" +
		join + " JOIN claim_versions cv ON cv.claim_id = c.id AND " +
		"cv.version = c.version WHERE c.status IN (" + balanceStatuses + ") " +
		"AND cv.frequency_code <> '" + voidFrequency + "'"
}

// firstUpload returns the SQL for the time a claim c was first uploaded,
// and the join it needs. PostgreSQL joins the times of all claims at once:
// its planner would run a correlated subquery once for each reference to
// it. SQLite looks each claim's up by index, faster than it builds the
// aggregate.
func (s *Store) firstUpload() (expr, join string) {
	if s.dialect == Postgres {
		return "fu.first_up", " LEFT JOIN (SELECT bc.claim_id, MIN(b.uploaded_at) AS first_up " +
			"FROM batch_claims bc JOIN batches b ON b.id = bc.batch_id " +
			"GROUP BY bc.claim_id) fu ON fu.claim_id = c.id"
	}
	return "(SELECT MIN(b.uploaded_at) FROM batch_claims bc JOIN batches b " +
		"ON b.id = bc.batch_id WHERE bc.claim_id = c.id)", ""
}

// ReportQuery narrows a report.
type ReportQuery struct {
	PayerID    string
	Connection string
	Since      time.Time // claims received at or after; zero for all
}

func (q ReportQuery) where(alias string) (string, []any) {
	var where []string
	var args []any
	if q.PayerID != "" {
		where, args = append(where, alias+".payer_id = ?"), append(args, q.PayerID)
	}
	if q.Connection != "" {
		where, args = append(where, alias+".connection = ?"), append(args, q.Connection)
	}
	if !q.Since.IsZero() {
		where, args = append(where, alias+".created_at >= ?"), append(args, at(q.Since))
	}
	if len(where) == 0 {
		return "", nil
	}
	return " AND " + strings.Join(where, " AND "), args
}

// Aging returns the open balances by payer in 0-30, 31-60, 61-90 and 90+
// day buckets as of asOf.
func (s *Store) Aging(ctx context.Context, q ReportQuery, asOf time.Time) (AgingReport,
	error) {

	asOf = truncate(asOf)
	cond, args := q.where("c")
	// Text times of fixed width compare as times, so the buckets are
	// ranges of the since column.
	day := 24 * time.Hour
	bounds := []any{at(asOf.Add(-30 * day)), at(asOf.Add(-60 * day)), at(asOf.Add(-90 * day))}
	var rows []struct {
		PayerID string `db:"payer_id"`
		Bucket  int    `db:"bucket"`
		N       int    `db:"n"`
		Cents   int64  `db:"cents"`
		Patient int64  `db:"patient"`
	}
	// A balance below zero (paid more than the charge) is shown, not
	// hidden: it is money to give back.
	// Materialized, so that each claim's first upload is looked up once
	// rather than once for each bucket it is compared with.
	err := s.selectAll(ctx, &rows, "WITH o AS MATERIALIZED ("+s.openBalance()+cond+") "+
		"SELECT o.payer_id, CASE WHEN o.since >= ? THEN 0 "+
		"WHEN o.since >= ? THEN 1 WHEN o.since >= ? THEN 2 ELSE 3 END AS bucket, "+
		"COUNT(*) AS n, SUM(o.open_cents) AS cents, SUM(o.patient_cents) AS patient "+
		"FROM o WHERE o.open_cents <> 0 GROUP BY o.payer_id, bucket",
		append(args, bounds...)...)
	if err != nil {
		return AgingReport{}, fmt.Errorf("aging report: %w", err)
	}
	rep := AgingReport{AsOf: asOf, Total: AgingRow{PayerID: "All payers"}}
	byPayer := map[string]*AgingRow{}
	for _, r := range rows {
		row, ok := byPayer[r.PayerID]
		if !ok {
			row = &AgingRow{PayerID: r.PayerID}
			byPayer[r.PayerID] = row
		}
		row.Cents[r.Bucket] += r.Cents
		row.Counts[r.Bucket] += r.N
		row.PatientCents += r.Patient
		rep.Total.Cents[r.Bucket] += r.Cents
		rep.Total.Counts[r.Bucket] += r.N
		rep.Total.PatientCents += r.Patient
	}
	names, err := s.PayerNames(ctx)
	if err != nil {
		return rep, err
	}
	for _, r := range byPayer {
		r.PayerName = names[r.PayerID]
		rep.Rows = append(rep.Rows, *r)
	}
	slices.SortFunc(rep.Rows, func(a, b AgingRow) int {
		if a.TotalCents() != b.TotalCents() {
			return int(min(max(b.TotalCents()-a.TotalCents(), -1), 1))
		}
		return strings.Compare(a.PayerID, b.PayerID)
	})
	return rep, nil
}

// ReasonCount is how often an adjustment reason comes up in denials: in
// whole claims the payer denied, and in lines it denied inside claims it
// paid.
type ReasonCount struct {
	Group       string `json:"group"`
	Reason      string `json:"reason"`
	Text        string `json:"text"`         // the CARC's description
	Claims      int    `json:"claims"`       // claims denied in whole with this reason
	AmountCents int64  `json:"amount_cents"` // what it denied of those
	LineClaims  int    `json:"line_claims"`  // claims paid in part with a line denied for it
	Lines       int    `json:"lines"`        // the lines it denied in them
	LineCents   int64  `json:"line_cents"`   // what it denied of those lines
}

// Code is the reason as group and CARC, e.g. "CO-16".
func (r ReasonCount) Code() string { return r.Group + "-" + r.Reason }

// AllClaims is the number of claims denied in whole or in part with the
// reason.
func (r ReasonCount) AllClaims() int { return r.Claims + r.LineClaims }

// AllCents is what the reason denied, in whole claims and in lines.
func (r ReasonCount) AllCents() int64 { return r.AmountCents + r.LineCents }

// DenialRow is one payer's denials: claims denied in whole (CLP02 4, or
// nothing paid for payer reasons), and claims paid with lines denied.
type DenialRow struct {
	PayerID     string `json:"payer_id"`
	PayerName   string `json:"payer_name"`
	Adjudicated int    `json:"adjudicated"`  // claims the payer decided: paid, partly paid, denied or reversed
	Denied      int    `json:"denied"`       // claims denied in whole
	DeniedCents int64  `json:"denied_cents"` // the charges of the claims denied in whole
	// LineDenied counts the claims paid (in part) with lines denied,
	// LinesDenied those lines, LineDeniedCents what was denied of them.
	LineDenied      int           `json:"line_denied"`
	LinesDenied     int           `json:"lines_denied"`
	LineDeniedCents int64         `json:"line_denied_cents"`
	TopReasons      []ReasonCount `json:"top_reasons"`
}

// Rate is the share of adjudicated claims denied in whole, 0 to 1.
func (r DenialRow) Rate() float64 {
	if r.Adjudicated == 0 {
		return 0
	}
	return float64(r.Denied) / float64(r.Adjudicated)
}

// LineRate is the share of adjudicated claims paid with lines denied.
func (r DenialRow) LineRate() float64 {
	if r.Adjudicated == 0 {
		return 0
	}
	return float64(r.LineDenied) / float64(r.Adjudicated)
}

// DenialReport is the denial rate and reasons by payer.
type DenialReport struct {
	Rows       []DenialRow   `json:"rows"` // most denials first
	Total      DenialRow     `json:"total"`
	TopReasons []ReasonCount `json:"top_reasons"` // over every payer, most claims first
}

// topReasonsPerPayer is how many reasons each payer's row lists.
const topReasonsPerPayer = 3

// sqlLineDenied selects the denied adjustments of lines inside claims the
// payer paid, over the postings that stand. A claim that keeps no denied
// amount has none, so it is passed over before its payments are read.
var sqlLineDenied = "c.status IN ('paid', 'partially_paid') AND " + sqlDenied + " <> 0 AND " +
	"a.remit_line_id IS NOT NULL AND " + sqlStanding + " AND " + sqlDeniedAdj

// sqlWholeDenied selects the denied adjustments of claims denied in whole.
var sqlWholeDenied = "c.status = 'denied' AND " + sqlDenied + " <> 0 AND " + sqlStanding +
	" AND " + sqlDeniedAdj

// Denials returns the denial rate by payer and the most frequent reasons,
// for whole claims and for lines denied in claims the payer paid. limit
// caps the overall list of reasons (0 means 10).
func (s *Store) Denials(ctx context.Context, q ReportQuery, limit int) (DenialReport, error) {
	if limit <= 0 {
		limit = 10
	}
	cond, args := q.where("c")
	var rows []struct {
		PayerID     string `db:"payer_id"`
		Adjudicated int    `db:"adjudicated"`
		Denied      int    `db:"denied"`
		DeniedCents int64  `db:"denied_cents"`
	}
	err := s.selectAll(ctx, &rows, "SELECT c.payer_id, COUNT(*) AS adjudicated, "+
		"SUM(CASE WHEN c.status = 'denied' THEN 1 ELSE 0 END) AS denied, "+
		"SUM(CASE WHEN c.status = 'denied' THEN c.total_cents ELSE 0 END) AS denied_cents "+
		"FROM claims c WHERE c.status IN ('paid', 'partially_paid', 'denied', 'reversed')"+
		cond+" GROUP BY c.payer_id", args...)
	if err != nil {
		return DenialReport{}, fmt.Errorf("denial report: %w", err)
	}
	var lineRows []struct {
		PayerID string `db:"payer_id"`
		Claims  int    `db:"claims"`
		Lines   int    `db:"lines"`
		Cents   int64  `db:"cents"`
	}
	err = s.selectAll(ctx, &lineRows, "SELECT c.payer_id, COUNT(DISTINCT c.id) AS claims, "+
		"COUNT(DISTINCT a.remit_line_id) AS lines, SUM(a.amount_cents) AS cents "+
		"FROM claims c JOIN remit_claims rc ON rc.claim_id = c.id "+
		"JOIN remit_adjustments a ON a.remit_claim_id = rc.id WHERE "+sqlLineDenied+cond+
		" GROUP BY c.payer_id", args...)
	if err != nil {
		return DenialReport{}, fmt.Errorf("line denials: %w", err)
	}

	// Reasons: the denied adjustments of the claims now denied, and of the
	// lines denied inside paid claims, counted once per claim and line.
	var reasons []struct {
		PayerID string `db:"payer_id"`
		Whole   int    `db:"whole"`
		Group   string `db:"group_code"`
		Reason  string `db:"reason_code"`
		Claims  int    `db:"claims"`
		Lines   int    `db:"lines"`
		Cents   int64  `db:"cents"`
	}
	reasonQuery := func(whole int, where string) string {
		return fmt.Sprintf("SELECT c.payer_id, %d AS whole, a.group_code, a.reason_code, "+
			"COUNT(DISTINCT c.id) AS claims, COUNT(DISTINCT a.remit_line_id) AS lines, "+
			"SUM(a.amount_cents) AS cents FROM claims c "+
			"JOIN remit_claims rc ON rc.claim_id = c.id "+
			"JOIN remit_adjustments a ON a.remit_claim_id = rc.id WHERE %s%s "+
			"GROUP BY c.payer_id, a.group_code, a.reason_code", whole, where, cond)
	}
	err = s.selectAll(ctx, &reasons, reasonQuery(1, sqlWholeDenied)+" UNION ALL "+
		reasonQuery(0, sqlLineDenied), append(append([]any(nil), args...), args...)...)
	if err != nil {
		return DenialReport{}, fmt.Errorf("denial reasons: %w", err)
	}

	rep := DenialReport{Total: DenialRow{PayerID: "All payers"}}
	byPayer := map[string]*DenialRow{}
	for _, r := range rows {
		byPayer[r.PayerID] = &DenialRow{PayerID: r.PayerID, Adjudicated: r.Adjudicated,
			Denied: r.Denied, DeniedCents: r.DeniedCents}
		rep.Total.Adjudicated += r.Adjudicated
		rep.Total.Denied += r.Denied
		rep.Total.DeniedCents += r.DeniedCents
	}
	for _, r := range lineRows {
		if row, ok := byPayer[r.PayerID]; ok {
			row.LineDenied, row.LinesDenied, row.LineDeniedCents = r.Claims, r.Lines, r.Cents
		}
		rep.Total.LineDenied += r.Claims
		rep.Total.LinesDenied += r.Lines
		rep.Total.LineDeniedCents += r.Cents
	}
	perPayer := map[string]map[string]*ReasonCount{}
	overall := map[string]*ReasonCount{}
	add := func(m map[string]*ReasonCount, group, reason string, whole bool, claims,
		lines int, cents int64) {
		key := group + "-" + reason
		o, ok := m[key]
		if !ok {
			o = &ReasonCount{Group: group, Reason: reason, Text: codes.CARC.Describe(reason)}
			m[key] = o
		}
		if whole {
			o.Claims += claims
			o.AmountCents += cents
		} else {
			o.LineClaims += claims
			o.Lines += lines
			o.LineCents += cents
		}
	}
	for _, r := range reasons {
		if perPayer[r.PayerID] == nil {
			perPayer[r.PayerID] = map[string]*ReasonCount{}
		}
		add(perPayer[r.PayerID], r.Group, r.Reason, r.Whole == 1, r.Claims, r.Lines, r.Cents)
		add(overall, r.Group, r.Reason, r.Whole == 1, r.Claims, r.Lines, r.Cents)
	}
	names, err := s.PayerNames(ctx)
	if err != nil {
		return rep, err
	}
	for _, row := range byPayer {
		row.PayerName = names[row.PayerID]
		for _, rc := range perPayer[row.PayerID] {
			row.TopReasons = append(row.TopReasons, *rc)
		}
		sortReasons(row.TopReasons)
		if len(row.TopReasons) > topReasonsPerPayer {
			row.TopReasons = row.TopReasons[:topReasonsPerPayer]
		}
		rep.Rows = append(rep.Rows, *row)
	}
	for _, o := range overall {
		rep.TopReasons = append(rep.TopReasons, *o)
	}
	sortReasons(rep.TopReasons)
	if len(rep.TopReasons) > limit {
		rep.TopReasons = rep.TopReasons[:limit]
	}
	slices.SortFunc(rep.Rows, func(a, b DenialRow) int {
		if a.Denied+a.LineDenied != b.Denied+b.LineDenied {
			return b.Denied + b.LineDenied - a.Denied - a.LineDenied
		}
		return strings.Compare(a.PayerID, b.PayerID)
	})
	return rep, nil
}

func sortReasons(rs []ReasonCount) {
	slices.SortFunc(rs, func(a, b ReasonCount) int {
		if a.AllClaims() != b.AllClaims() {
			return b.AllClaims() - a.AllClaims()
		}
		if a.AllCents() != b.AllCents() {
			return int(min(max(b.AllCents()-a.AllCents(), -1), 1))
		}
		return strings.Compare(a.Code(), b.Code())
	})
}

// AcceptanceRow is one payer's first-pass acceptance and speed of payment.
type AcceptanceRow struct {
	PayerID   string `json:"payer_id"`
	PayerName string `json:"payer_name"`
	// Submitted counts claims whose first version was uploaded.
	Submitted int `json:"submitted"`
	// FirstPass counts those the payer accepted (277CA, or an 835 that
	// decided them) on that first submission, with no rejection before.
	FirstPass int `json:"first_pass"`
	// Rejected counts those a clearinghouse or payer rejected on it.
	Rejected int `json:"rejected"`
	// Paid counts claims with a payment; DaysToPay is the mean number of
	// days from their first upload to their first payment.
	Paid      int     `json:"paid"`
	DaysToPay float64 `json:"days_to_pay"`
}

// Rate is the first-pass acceptance rate, 0 to 1.
func (r AcceptanceRow) Rate() float64 {
	if r.Submitted == 0 {
		return 0
	}
	return float64(r.FirstPass) / float64(r.Submitted)
}

// AcceptanceReport is the first-pass acceptance rate and days to payment
// by payer.
type AcceptanceReport struct {
	Rows  []AcceptanceRow `json:"rows"` // most submitted first
	Total AcceptanceRow   `json:"total"`
}

// daysToPay is the SQL for the number of paid claims and the mean days
// from their first upload to their first payment, by payer; cond narrows
// the claims c. Like firstUpload, PostgreSQL joins aggregates and SQLite
// looks each claim up.
func (s *Store) daysToPay(cond string) string {
	days := "AVG(" + s.dayNumber("t.paid_on") + " - " + s.dayNumber("t.sent_at") + ") AS days"
	if s.dialect == Postgres {
		return "SELECT t.payer_id, COUNT(*) AS paid, " + days + " FROM (SELECT c.payer_id, " +
			"fu.first_up AS sent_at, pd.paid_on FROM claims c JOIN (SELECT bc.claim_id, " +
			"MIN(b.uploaded_at) AS first_up FROM batch_claims bc JOIN batches b " +
			"ON b.id = bc.batch_id WHERE b.uploaded_at IS NOT NULL GROUP BY bc.claim_id) fu " +
			"ON fu.claim_id = c.id JOIN (SELECT rc.claim_id, " +
			"MIN(COALESCE(r.payment_date, r.received_at)) AS paid_on FROM remit_claims rc " +
			"JOIN remittances r ON r.id = rc.remittance_id WHERE rc.paid_cents > 0 " +
			"AND rc.claim_id IS NOT NULL GROUP BY rc.claim_id) pd ON pd.claim_id = c.id " +
			"WHERE c.status IN ('paid', 'partially_paid')" + cond + ") t GROUP BY t.payer_id"
	}
	// Materialized, so that each claim's times are looked up once rather
	// than once for each place the outer query names them.
	return "WITH t AS MATERIALIZED (SELECT c.payer_id, " +
		"(SELECT MIN(b.uploaded_at) FROM batch_claims bc JOIN batches b " +
		"ON b.id = bc.batch_id WHERE bc.claim_id = c.id) AS sent_at, " +
		"(SELECT MIN(COALESCE(r.payment_date, r.received_at)) FROM remit_claims rc " +
		"JOIN remittances r ON r.id = rc.remittance_id " +
		"WHERE rc.claim_id = c.id AND rc.paid_cents > 0) AS paid_on " +
		"FROM claims c WHERE c.status IN ('paid', 'partially_paid')" + cond + ") " +
		"SELECT t.payer_id, COUNT(*) AS paid, " + days + " FROM t " +
		"WHERE t.sent_at IS NOT NULL AND t.paid_on IS NOT NULL GROUP BY t.payer_id"
}

// sentStatuses are the statuses of a version that was uploaded;
// verdictStatuses those of a version the payer accepted into adjudication.
const (
	sentStatuses = "'submitted', 'accepted', 'rejected_clearinghouse', 'acknowledged', " +
		"'rejected_payer', 'paid', 'partially_paid', 'denied', 'forwarded', 'reversed'"
	verdictStatuses = "'acknowledged', 'paid', 'partially_paid', 'denied', 'forwarded', " +
		"'reversed'"
)

// dayNumber is the SQL for the day number of a stored time or date, so
// that two of them subtract to a number of days.
func (s *Store) dayNumber(col string) string {
	if s.dialect == Postgres {
		return "(CAST(SUBSTR(" + col + ", 1, 10) AS DATE) - DATE '2000-01-01')"
	}
	return "CAST(JULIANDAY(SUBSTR(" + col + ", 1, 10)) AS INTEGER)"
}

// Acceptance returns the first-pass acceptance rate and the days to
// payment by payer.
func (s *Store) Acceptance(ctx context.Context, q ReportQuery) (AcceptanceReport, error) {
	cond, args := q.where("c")
	// Most claims never change version, and their status tells whether
	// their first submission went out and was accepted; only corrected or
	// voided claims need their timeline read. Rejections of the first
	// version are few, and a partial index finds them.
	var rows []struct {
		PayerID   string `db:"payer_id"`
		Submitted int    `db:"submitted"`
		FirstPass int    `db:"first_pass"`
		Rejected  int    `db:"rejected"`
	}
	err := s.selectAll(ctx, &rows, "SELECT c.payer_id, "+
		"SUM(CASE WHEN c.version = 1 AND c.status <> 'void' THEN "+
		"CASE WHEN c.status IN ("+sentStatuses+") THEN 1 ELSE 0 END "+
		"WHEN EXISTS (SELECT 1 FROM batch_claims bc JOIN batches b ON b.id = bc.batch_id "+
		"WHERE bc.claim_id = c.id AND bc.version = 1 AND b.uploaded_at IS NOT NULL) "+
		"THEN 1 ELSE 0 END) AS submitted, "+
		"SUM(CASE WHEN r.claim_id IS NOT NULL THEN 0 "+
		"WHEN c.version = 1 AND c.status <> 'void' THEN "+
		"CASE WHEN c.status IN ("+verdictStatuses+") THEN 1 ELSE 0 END "+
		"WHEN EXISTS (SELECT 1 FROM claim_events e WHERE e.claim_id = c.id "+
		"AND e.version = 1 AND e.status IN ("+verdictStatuses+")) THEN 1 ELSE 0 END) "+
		"AS first_pass, COUNT(r.claim_id) AS rejected FROM claims c "+
		"LEFT JOIN (SELECT DISTINCT claim_id FROM claim_events WHERE version = 1 "+
		"AND status IN ('rejected_clearinghouse', 'rejected_payer')) r ON r.claim_id = c.id "+
		"WHERE 1 = 1"+cond+" GROUP BY c.payer_id", args...)
	if err != nil {
		return AcceptanceReport{}, fmt.Errorf("acceptance report: %w", err)
	}

	var pay []struct {
		PayerID string  `db:"payer_id"`
		Paid    int     `db:"paid"`
		Days    float64 `db:"days"`
	}
	if err := s.selectAll(ctx, &pay, s.daysToPay(cond), args...); err != nil {
		return AcceptanceReport{}, fmt.Errorf("days to payment: %w", err)
	}

	rep := AcceptanceReport{Total: AcceptanceRow{PayerID: "All payers"}}
	byPayer := map[string]*AcceptanceRow{}
	for _, r := range rows {
		if r.Submitted == 0 {
			continue
		}
		byPayer[r.PayerID] = &AcceptanceRow{PayerID: r.PayerID, Submitted: r.Submitted,
			FirstPass: r.FirstPass, Rejected: r.Rejected}
		rep.Total.Submitted += r.Submitted
		rep.Total.FirstPass += r.FirstPass
		rep.Total.Rejected += r.Rejected
	}
	var daySum float64
	for _, p := range pay {
		row, ok := byPayer[p.PayerID]
		if !ok {
			row = &AcceptanceRow{PayerID: p.PayerID}
			byPayer[p.PayerID] = row
		}
		row.Paid, row.DaysToPay = p.Paid, p.Days
		rep.Total.Paid += p.Paid
		daySum += p.Days * float64(p.Paid)
	}
	if rep.Total.Paid > 0 {
		rep.Total.DaysToPay = daySum / float64(rep.Total.Paid)
	}
	names, err := s.PayerNames(ctx)
	if err != nil {
		return rep, err
	}
	for _, r := range byPayer {
		r.PayerName = names[r.PayerID]
		rep.Rows = append(rep.Rows, *r)
	}
	slices.SortFunc(rep.Rows, func(a, b AcceptanceRow) int {
		if a.Submitted != b.Submitted {
			return b.Submitted - a.Submitted
		}
		return strings.Compare(a.PayerID, b.PayerID)
	})
	return rep, nil
}

// PayerNames maps payer IDs to the name the newest 835 from each payer
// gives (N1*PR), for reports that would otherwise show bare IDs.
func (s *Store) PayerNames(ctx context.Context) (map[string]string, error) {
	var rows []struct {
		PayerID string `db:"payer_id"`
		Name    string `db:"payer_name"`
	}
	err := s.selectAll(ctx, &rows, "SELECT r.payer_id, r.payer_name FROM remittances r "+
		"WHERE r.payer_id IS NOT NULL AND r.payer_name IS NOT NULL AND r.id = "+
		"(SELECT MAX(r2.id) FROM remittances r2 WHERE r2.payer_id = r.payer_id "+
		"AND r2.payer_name IS NOT NULL)")
	if err != nil {
		return nil, fmt.Errorf("read payer names: %w", err)
	}
	names := make(map[string]string, len(rows))
	for _, r := range rows {
		names[r.PayerID] = r.Name
	}
	return names, nil
}
