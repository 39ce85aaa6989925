package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/claimflow/claimflow/edi/codes"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// WorkKind is the kind of a work item.
type WorkKind string

// The kinds of work item.
const (
	WorkInvalid       WorkKind = "invalid"                // held back by the checks
	WorkRejectedCH    WorkKind = "rejected_clearinghouse" // TA1 or 999 rejection
	WorkRejectedPayer WorkKind = "rejected_payer"         // 277CA rejection
	WorkDenied        WorkKind = "denied"                 // 835 denial
	WorkPartlyPaid    WorkKind = "partially_paid"         // 835 paid some lines, denied others
	WorkStuck         WorkKind = "stuck"                  // no answer in time
	WorkOverpaid      WorkKind = "overpaid"               // payers paid more than is owed
	WorkUnmatched     WorkKind = "unmatched"              // an answer that fits no claim
	WorkImbalance     WorkKind = "imbalance"              // an 835 that does not balance
	WorkFile          WorkKind = "file"                   // an answer file cut short or unreadable
)

// WorkKinds lists the kinds in the order the work list groups them.
func WorkKinds() []WorkKind {
	return []WorkKind{WorkRejectedCH, WorkRejectedPayer, WorkDenied, WorkPartlyPaid, WorkOverpaid,
		WorkStuck, WorkInvalid, WorkUnmatched, WorkImbalance, WorkFile}
}

// Valid reports whether k is one of the kinds.
func (k WorkKind) Valid() bool {
	for _, w := range WorkKinds() {
		if k == w {
			return true
		}
	}
	return false
}

// WorkItem is one thing a person has to look at, with the reason in words
// and what to do next.
type WorkItem struct {
	Kind       WorkKind         `json:"kind"`
	ID         string           `json:"id"` // the claim, unmatched answer or remittance it is about
	ClaimID    string           `json:"claim_id"`
	PCN        string           `json:"pcn"`
	PayerID    string           `json:"payer_id"`
	Connection string           `json:"connection"`
	Status     lifecycle.Status `json:"status"`
	// AmountCents is, for a claim, the money at issue: what the payer
	// denied and what it has neither paid, adjusted nor left to the
	// patient (the whole charge of a claim not yet decided); for an answer
	// that matched no claim, its payment; for an 835, its imbalance.
	AmountCents  int64     `json:"amount_cents"`
	Since        time.Time `json:"since,omitzero"` // when it became work
	Codes        []string  `json:"codes,omitzero"` // the codes behind the reason, e.g. "A7:562:IL", "CO-16"
	Reason       string    `json:"reason"`
	NextStep     string    `json:"next_step"`
	FileID       string    `json:"file_id,omitzero"` // the answer's file, when one caused it
	RemittanceID string    `json:"remittance_id,omitzero"`
}

// WorklistQuery selects work items, newest first.
type WorklistQuery struct {
	Kinds      []WorkKind // none means every kind
	PayerID    string
	Connection string
	Offset     int
	Limit      int // 0 means 100; at most 1000
}

// Worklist is a page of work items and how many there are of each kind.
type Worklist struct {
	Items   []WorkItem         `json:"items"`
	Counts  map[WorkKind]int   `json:"counts"`  // every item that PayerID and Connection select
	Amounts map[WorkKind]int64 `json:"amounts"` // the sum of their AmountCents, by kind
	Total   int                `json:"total"`   // items of the kinds asked for
}

// NeedsAction is the claims of the work list and the money they put at
// issue, whatever kinds the page shows: the dashboard's figure.
func (w Worklist) NeedsAction() Tally {
	var t Tally
	for _, k := range claimWorkKinds {
		t.Count += w.Counts[k]
		t.Cents += w.Amounts[k]
	}
	return t
}

// AllItems is the number of items of every kind that the payer and
// connection filters select, whatever kinds the page shows.
func (w Worklist) AllItems() int {
	n := 0
	for _, c := range w.Counts {
		n += c
	}
	return n
}

// OtherItems is the number of items that are not claims: answers that
// matched none, 835s that do not balance and files cut short or unreadable.
func (w Worklist) OtherItems() int {
	return w.Counts[WorkUnmatched] + w.Counts[WorkImbalance] + w.Counts[WorkFile]
}

// claimWorkKinds are the kinds of work item that are claims.
var claimWorkKinds = []WorkKind{WorkInvalid, WorkRejectedCH, WorkRejectedPayer, WorkDenied,
	WorkPartlyPaid, WorkOverpaid, WorkStuck}

// IsClaim reports whether items of kind k are claims.
func (k WorkKind) IsClaim() bool {
	for _, c := range claimWorkKinds {
		if k == c {
			return true
		}
	}
	return false
}

// worklistUnion lists every work item's kind, ID, time and amount, with
// the columns the filters need. A claim's amount is what it puts at issue
// (see Money.AtIssueCents); for a claim paid more than is owed, the excess
// (see Money.WithPayerCents).
var worklistUnion = "SELECT CASE WHEN c.stuck_since IS NOT NULL THEN 'stuck' " +
	"WHEN " + sqlWithPayer + " < 0 THEN 'overpaid' " +
	"ELSE c.status END AS kind, c.id AS ref, " +
	"COALESCE(c.stuck_since, c.updated_at) AS since, c.payer_id AS payer_id, " +
	"c.connection AS connection, CASE WHEN " + sqlWithPayer + " < 0 AND " +
	"c.stuck_since IS NULL THEN -" + sqlWithPayer + " ELSE " + sqlAtIssue + " END AS amount " +
	"FROM claims c" +
	" WHERE c.status IN ('invalid', 'rejected_clearinghouse', 'rejected_payer', 'denied', " +
	"'partially_paid') " +
	"OR c.stuck_since IS NOT NULL " +
	"OR (" + sqlWithPayer + " < 0 AND c.status <> 'void') " +
	"UNION ALL SELECT 'unmatched', u.id, u.received_at, NULL, f.connection, " +
	"COALESCE(urc.paid_cents, 0) FROM unmatched_responses u JOIN files f ON f.id = u.file_id " +
	"LEFT JOIN remit_claims urc ON u.kind = '835' AND urc.id = u.source_id " +
	"WHERE u.attached_at IS NULL " +
	"UNION ALL SELECT 'imbalance', r.id, r.received_at, r.payer_id, f.connection, " +
	"r.imbalance_cents FROM remittances r JOIN files f ON f.id = r.file_id " +
	"WHERE r.imbalance_cents <> 0 " +
	"UNION ALL SELECT 'file', f.id, f.stored_at, NULL, f.connection, 0 FROM files f " +
	"WHERE f.direction = 'in' AND f.state IN ('incomplete', 'unreadable')"

// GetWorklist returns a page of work items with their reasons, in a fixed
// number of queries whatever the page size.
func (s *Store) GetWorklist(ctx context.Context, q WorklistQuery) (Worklist, error) {
	for _, k := range q.Kinds {
		if !k.Valid() {
			return Worklist{}, fmt.Errorf("%w: unknown work item kind %q", ErrInvalidInput, k)
		}
	}
	var where []string
	var args []any
	if q.PayerID != "" {
		where, args = append(where, "w.payer_id = ?"), append(args, q.PayerID)
	}
	if q.Connection != "" {
		where, args = append(where, "w.connection = ?"), append(args, q.Connection)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}

	var counts []struct {
		Kind  string `db:"kind"`
		N     int    `db:"n"`
		Cents int64  `db:"cents"`
	}
	err := s.selectAll(ctx, &counts, "SELECT w.kind, COUNT(*) AS n, SUM(w.amount) AS cents "+
		"FROM ("+worklistUnion+") w"+cond+" GROUP BY w.kind", args...)
	if err != nil {
		return Worklist{}, fmt.Errorf("count work items: %w", err)
	}
	wl := Worklist{Counts: map[WorkKind]int{}, Amounts: map[WorkKind]int64{}}
	for _, c := range counts {
		wl.Counts[WorkKind(c.Kind)] = c.N
		wl.Amounts[WorkKind(c.Kind)] = c.Cents
	}
	if len(q.Kinds) == 0 {
		for _, n := range wl.Counts {
			wl.Total += n
		}
	} else {
		for _, k := range q.Kinds {
			wl.Total += wl.Counts[k]
		}
		kindCond := "w.kind IN (?)"
		if cond == "" {
			cond = " WHERE " + kindCond
		} else {
			cond += " AND " + kindCond
		}
		args = append(args, q.Kinds)
	}

	var refs []struct {
		Kind  string `db:"kind"`
		Ref   string `db:"ref"`
		Since dbTime `db:"since"`
	}
	query, qargs, err := sqlx.In("SELECT w.kind, w.ref, w.since FROM ("+worklistUnion+") w"+
		cond+" ORDER BY w.since DESC, w.ref DESC LIMIT ? OFFSET ?",
		append(args, clampLimit(q.Limit), max(q.Offset, 0))...)
	if err != nil {
		return wl, fmt.Errorf("list work items: %w", err)
	}
	if err := s.selectAll(ctx, &refs, query, qargs...); err != nil {
		return wl, fmt.Errorf("list work items: %w", err)
	}

	byKind := map[WorkKind][]string{}
	for _, r := range refs {
		byKind[WorkKind(r.Kind)] = append(byKind[WorkKind(r.Kind)], r.Ref)
	}
	items := map[string]WorkItem{}
	if err := s.claimWork(ctx, byKind, items); err != nil {
		return wl, err
	}
	if err := s.unmatchedWork(ctx, byKind[WorkUnmatched], items); err != nil {
		return wl, err
	}
	if err := s.imbalanceWork(ctx, byKind[WorkImbalance], items); err != nil {
		return wl, err
	}
	if err := s.fileWork(ctx, byKind[WorkFile], items); err != nil {
		return wl, err
	}
	for _, r := range refs {
		it := items[r.Kind+"/"+r.Ref]
		it.Kind, it.Since = WorkKind(r.Kind), r.Since.Time
		wl.Items = append(wl.Items, it)
	}
	return wl, nil
}

// claimWork fills in the items that are claims.
func (s *Store) claimWork(ctx context.Context, byKind map[WorkKind][]string,
	items map[string]WorkItem) error {

	var ids []string
	for _, k := range claimWorkKinds {
		ids = append(ids, byKind[k]...)
	}
	if len(ids) == 0 {
		return nil
	}
	claims, err := s.claimViews(ctx, ids)
	if err != nil {
		return err
	}
	findings, err := s.errorFindings(ctx, byKind[WorkInvalid])
	if err != nil {
		return err
	}
	chReasons, err := s.clearinghouseReasons(ctx, byKind[WorkRejectedCH])
	if err != nil {
		return err
	}
	acks, err := s.claimAcks(ctx, byKind[WorkRejectedPayer])
	if err != nil {
		return err
	}
	denials, err := s.latestRemitClaims(ctx,
		append(append([]string(nil), byKind[WorkDenied]...), byKind[WorkPartlyPaid]...))
	if err != nil {
		return err
	}
	stuckBatches, err := s.latestBatches(ctx, byKind[WorkStuck])
	if err != nil {
		return err
	}

	for kind, list := range byKind {
		for _, id := range list {
			c, ok := claims[id]
			if !ok {
				continue
			}
			it := WorkItem{ID: id, ClaimID: id, PCN: c.PCN, PayerID: c.PayerID,
				Connection: c.Connection, Status: c.Status,
				AmountCents: c.Money().AtIssueCents()}
			switch kind {
			case WorkInvalid:
				describeInvalid(&it, findings[id])
			case WorkRejectedCH:
				describeRejectedCH(&it, chReasons[id])
			case WorkRejectedPayer:
				describeRejectedPayer(&it, acks[id], c.Version)
			case WorkDenied:
				describeDenied(&it, denials[id], false, c.PatientCents)
			case WorkPartlyPaid:
				describeDenied(&it, denials[id], true, c.PatientCents)
			case WorkStuck:
				describeStuck(&it, c, stuckBatches[id])
			case WorkOverpaid:
				describeOverpaid(&it, c.Money())
			default:
				continue
			}
			items[string(kind)+"/"+id] = it
		}
	}
	return nil
}

func describeInvalid(it *WorkItem, fs []Finding) {
	it.Reason = "Held back by the checks"
	if len(fs) > 0 {
		var msgs []string
		for _, f := range fs {
			it.Codes = append(it.Codes, f.Code)
			msgs = append(msgs, f.Message+" ("+f.Path+")")
		}
		it.Reason += ": " + strings.Join(msgs, "; ")
	}
	it.NextStep = "Correct the claim and send a new version"
}

// chReason is why the clearinghouse rejected a claim.
type chReason struct {
	fileID string
	codes  []string
	words  []string
}

func describeRejectedCH(it *WorkItem, r chReason) {
	it.Reason = "Rejected by the clearinghouse"
	if len(r.words) > 0 {
		it.Reason += ": " + strings.Join(r.words, "; ")
	}
	it.Codes, it.FileID = r.codes, r.fileID
	it.NextStep = "Correct the claim (or the file's envelope) and resubmit; " +
		"other claims of the same file may need the same fix"
}

func describeRejectedPayer(it *WorkItem, acks []ClaimAckView, version int) {
	it.Reason = "Rejected by the payer"
	it.NextStep = capitalize(stepByCategory["A7"])
	for i := len(acks) - 1; i >= 0; i-- {
		a := acks[i]
		if a.Verdict != "rejected" || (a.Version != 0 && a.Version != version) {
			continue
		}
		it.FileID = a.FileID
		var words []string
		first := true
		for _, st := range a.Statuses {
			if !st.Rejected() && len(a.Statuses) > 1 {
				continue
			}
			it.Codes = append(it.Codes, st.String())
			words = append(words, st.Describe()+" ("+st.String()+")")
			if first {
				it.NextStep = capitalize(stepForStatus(st))
				first = false
			}
		}
		if len(words) > 0 {
			it.Reason += ": " + strings.Join(words, "; ")
		}
		break
	}
}

// describeDenied explains a denial from the claim's latest remittance; for
// a claim paid in part (partial) only the adjustments that denied lines.
// The next step follows the payer's main reason; what the patient owes
// (PR) is added as a step of its own.
func describeDenied(it *WorkItem, rc *RemitClaimView, partial bool, patientCents int64) {
	it.Reason = "Denied by the payer"
	if partial {
		it.Reason = "Partly paid; some lines denied"
	}
	it.NextStep = capitalize(stepByGroup["CO"])
	if rc == nil {
		return
	}
	it.RemittanceID = rc.RemittanceID
	var words []string
	var biggest Adjustment
	seen := map[string]bool{}
	for _, a := range rc.Adjustments {
		code := a.Group + "-" + a.Reason
		class := classify(a.Group, a.Reason)
		if class == adjIgnored || partial && class != adjDenied {
			// On a claim that was paid in part, the contract's write-offs
			// and the patient's share are how payment looks, not the work.
			continue
		}
		if betterReason(a, biggest) {
			biggest = a
		}
		if seen[code] {
			continue
		}
		seen[code] = true
		it.Codes = append(it.Codes, code)
		words = append(words, a.ReasonText+" ("+code+")")
	}
	for _, m := range rc.Remarks {
		if seen[m.Code] {
			continue
		}
		seen[m.Code] = true
		it.Codes = append(it.Codes, m.Code)
		words = append(words, "remark: "+m.Text+" ("+m.Code+")")
	}
	if len(words) > 0 {
		it.Reason += ": " + strings.Join(words, "; ")
	}
	if biggest.Reason != "" {
		it.NextStep = capitalize(stepForAdjustment(biggest.Group, biggest.Reason))
	}
	if patientCents > 0 && biggest.Group != "PR" {
		it.NextStep += ". The patient's share of " + formatCents(patientCents) +
			" (PR) is theirs: bill the secondary payer or the patient"
	}
}

// betterReason reports whether adjustment a explains a denial better than
// b: a payer's denied amount before a write-off or the patient's share,
// then the larger amount.
func betterReason(a, b Adjustment) bool {
	rank := func(x Adjustment) int {
		switch classify(x.Group, x.Reason) {
		case adjDenied:
			return 2
		case adjWrittenOff:
			return 1
		}
		return 0
	}
	switch {
	case b.Reason == "":
		return true
	case rank(a) != rank(b):
		return rank(a) > rank(b)
	}
	return a.AmountCents > b.AmountCents
}

// describeOverpaid says how payers came to pay more than a claim owes.
func describeOverpaid(it *WorkItem, m Money) {
	it.AmountCents = -m.WithPayerCents()
	it.Reason = fmt.Sprintf("Paid more than is owed: on a charge of %s the payers paid %s, "+
		"adjusted %s and left %s to the patient, which together come to %s more than the "+
		"charge (a credit balance)",
		formatCents(m.ChargeCents), formatCents(m.PaidCents), formatCents(m.AdjustedCents),
		formatCents(m.PatientCents), formatCents(-m.WithPayerCents()))
	it.NextStep = "Compare the claim's payments: a payment posted twice or attached to the " +
		"wrong claim is corrected here; if the payer did pay too much, refund it or let it " +
		"take the money back, and do not bill the patient for a share counted twice"
}

func describeStuck(it *WorkItem, c ClaimView, b *ClaimBatch) {
	since := c.StuckSince.Format("Jan 2, 2006")
	where := ""
	if b != nil {
		where = fmt.Sprintf(" (batch ISA13 %09d, file %s)", b.ISA13, b.FileName)
	}
	switch c.Status {
	case lifecycle.Batched:
		it.Reason = "Built into a batch but never uploaded" + where
		it.NextStep = "Check the connection's upload log; the batch may need to be " +
			"abandoned and the claims sent again"
	case lifecycle.Submitted:
		it.Reason = "No 999 from the clearinghouse since the upload" + where +
			"; overdue since " + since
		it.NextStep = "Ask the clearinghouse whether the file arrived and check " +
			"the connection's poll log"
	case lifecycle.Accepted:
		it.Reason = "No 277CA from the payer since the clearinghouse accepted it; " +
			"overdue since " + since
		it.NextStep = "Ask the clearinghouse for the 277CA or look the claim up on " +
			"the payer's portal"
	default:
		it.Reason = "No payment (835) since the payer accepted it; overdue since " + since
		it.NextStep = "Send a claim status inquiry or call the payer with the payer " +
			"claim number"
	}
}

// errorFindings reads the error findings of the claims' current versions.
func (s *Store) errorFindings(ctx context.Context, ids []string) (map[string][]Finding, error) {
	out := map[string][]Finding{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ClaimID string `db:"claim_id"`
		Code    string `db:"code"`
		Path    string `db:"path"`
		Message string `db:"message"`
	}
	query, args, err := sqlx.In("SELECT f.claim_id, f.code, f.path, f.message "+
		"FROM claim_findings f JOIN claims c ON c.id = f.claim_id AND c.version = f.version "+
		"WHERE f.severity = 'error' AND f.claim_id IN (?) ORDER BY f.claim_id, f.seq", ids)
	if err != nil {
		return nil, fmt.Errorf("read findings: %w", err)
	}
	if err := s.selectAll(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("read findings: %w", err)
	}
	for _, r := range rows {
		out[r.ClaimID] = append(out[r.ClaimID], Finding{Severity: SeverityError,
			Code: r.Code, Path: r.Path, Message: r.Message})
	}
	return out, nil
}

// clearinghouseReasons reads the TA1 and 999 rejections that concern each
// claim's current version: its interchange's TA1, its group's 999 verdict
// and its own transaction set's.
func (s *Store) clearinghouseReasons(ctx context.Context,
	ids []string) (map[string]chReason, error) {

	out := map[string]chReason{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ClaimID  string         `db:"claim_id"`
		PCN      string         `db:"pcn"`
		ST02     int64          `db:"claim_st02"`
		FileID   string         `db:"file_id"`
		Kind     string         `db:"kind"`
		AckST02  sql.NullString `db:"st02"`
		Status   string         `db:"status"`
		NoteCode sql.NullString `db:"note_code"`
		Errors   string         `db:"errors"`
	}
	query, args, err := sqlx.In("SELECT bc.claim_id, c.pcn, bc.st02 AS claim_st02, a.file_id, "+
		"a.kind, a.st02, a.status, a.note_code, a.errors FROM batch_claims bc "+
		"JOIN claims c ON c.id = bc.claim_id AND c.version = bc.version "+
		"JOIN acknowledgments a ON a.batch_id = bc.batch_id "+
		"WHERE bc.claim_id IN (?) ORDER BY bc.claim_id, a.received_at, a.seq", ids)
	if err != nil {
		return nil, fmt.Errorf("read rejections: %w", err)
	}
	if err := s.selectAll(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("read rejections: %w", err)
	}
	for _, r := range rows {
		rr := out[r.ClaimID]
		switch {
		case r.Kind == "TA1" && r.Status == "R":
			rr.codes = append(rr.codes, "TA1 R "+r.NoteCode.String)
			rr.words = append(rr.words, "the interchange was refused: "+
				codes.TA1Note.Describe(r.NoteCode.String))
		case r.Kind == "999" && !r.AckST02.Valid && r.Status == "R":
			rr.codes = append(rr.codes, "AK9 R")
			rr.words = append(rr.words, "the whole functional group was rejected")
		case r.Kind == "999" && r.AckST02.Valid && r.Status != "A" && r.Status != "E":
			n, _ := strconv.ParseInt(strings.TrimSpace(r.AckST02.String), 10, 64)
			if n != r.ST02 {
				continue
			}
			rr.codes = append(rr.codes, "IK5 "+r.Status)
			errs := parseAckErrors(r.Errors)
			if len(errs) == 0 {
				rr.words = append(rr.words, "its transaction set was rejected: "+
					codes.AckCode.Describe(r.Status))
			}
			for _, e := range errs {
				// An error that names another claim of the set is that
				// claim's to fix.
				if e.Claim != "" && e.Claim != r.PCN {
					continue
				}
				rr.words = append(rr.words, e.Describe())
				if e.SegmentCode != "" {
					rr.codes = append(rr.codes, "IK304 "+e.SegmentCode)
				}
				if e.ElementCode != "" {
					rr.codes = append(rr.codes, "IK403 "+e.ElementCode)
				}
			}
		default:
			continue
		}
		rr.fileID = r.FileID
		out[r.ClaimID] = rr
	}
	return out, nil
}

// latestRemitClaims returns, for each claim, the CLP of the newest
// remittance that names it.
func (s *Store) latestRemitClaims(ctx context.Context,
	ids []string) (map[string]*RemitClaimView, error) {

	out := map[string]*RemitClaimView{}
	if len(ids) == 0 {
		return out, nil
	}
	rcs, err := s.remitClaims(ctx, "rc.claim_id IN (?)", ids)
	if err != nil {
		return nil, err
	}
	for i := range rcs {
		rc := &rcs[i]
		// Remittance IDs are UUIDv7: the larger, the later it was posted.
		if cur, ok := out[rc.ClaimID]; !ok || rc.RemittanceID > cur.RemittanceID ||
			(rc.RemittanceID == cur.RemittanceID && rc.Seq > cur.Seq) {
			out[rc.ClaimID] = rc
		}
	}
	return out, nil
}

// latestBatches returns, for each claim, the newest batch it is in.
func (s *Store) latestBatches(ctx context.Context, ids []string) (map[string]*ClaimBatch,
	error) {

	out := map[string]*ClaimBatch{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ClaimID  string `db:"claim_id"`
		BatchID  string `db:"batch_id"`
		ISA13    int64  `db:"isa13"`
		FileName string `db:"file_name"`
		BuiltAt  dbTime `db:"built_at"`
	}
	query, args, err := sqlx.In("SELECT bc.claim_id, bc.batch_id, b.isa13, "+
		"f.name AS file_name, b.built_at FROM batch_claims bc "+
		"JOIN batches b ON b.id = bc.batch_id JOIN files f ON f.id = b.file_id "+
		"WHERE bc.claim_id IN (?) ORDER BY b.built_at", ids)
	if err != nil {
		return nil, fmt.Errorf("read batches: %w", err)
	}
	if err := s.selectAll(ctx, &rows, query, args...); err != nil {
		return nil, fmt.Errorf("read batches: %w", err)
	}
	for _, r := range rows {
		out[r.ClaimID] = &ClaimBatch{BatchID: r.BatchID, ISA13: r.ISA13,
			FileName: r.FileName, BuiltAt: r.BuiltAt.Time}
	}
	return out, nil
}

// unmatchedWork fills in the answers that matched no claim.
func (s *Store) unmatchedWork(ctx context.Context, ids []string,
	items map[string]WorkItem) error {

	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		ID         string         `db:"id"`
		FileID     string         `db:"file_id"`
		FileName   string         `db:"file_name"`
		Connection sql.NullString `db:"connection"`
		Kind       string         `db:"kind"`
		Reference  string         `db:"reference"`
		Paid       sql.NullInt64  `db:"paid_cents"`
		Remittance sql.NullString `db:"remittance_id"`
		Why        string         `db:"reason"`
		Trace      sql.NullString `db:"trace_number"`
		Earlier    sql.NullString `db:"earlier_file"`
	}
	// For an 835 held because its trace came before, the earliest other
	// file with the same payer and trace.
	const earlier = "(SELECT r2.file_id FROM remittances r2 " +
		"WHERE r2.trace_number = r.trace_number AND r2.file_id <> r.file_id " +
		"AND COALESCE(NULLIF(r2.trace_originator, ''), r2.payer_id, '') = " +
		"COALESCE(NULLIF(r.trace_originator, ''), r.payer_id, '') " +
		"ORDER BY r2.received_at, r2.id LIMIT 1)"
	query, args, err := sqlx.In("SELECT u.id, u.file_id, f.name AS file_name, f.connection, "+
		"u.kind, u.reference, rc.paid_cents, rc.remittance_id, u.reason, r.trace_number, "+
		"CASE WHEN u.reason = 'same_trace' THEN "+earlier+" END AS earlier_file "+
		"FROM unmatched_responses u "+
		"JOIN files f ON f.id = u.file_id "+
		"LEFT JOIN remit_claims rc ON u.kind = '835' AND rc.id = u.source_id "+
		"LEFT JOIN remittances r ON r.id = rc.remittance_id "+
		"WHERE u.id IN (?)", ids)
	if err != nil {
		return fmt.Errorf("read unmatched answers: %w", err)
	}
	if err := s.selectAll(ctx, &rows, query, args...); err != nil {
		return fmt.Errorf("read unmatched answers: %w", err)
	}
	var earlierIDs []string
	for _, r := range rows {
		if r.Earlier.Valid {
			earlierIDs = append(earlierIDs, r.Earlier.String)
		}
	}
	names, err := s.fileNames(ctx, earlierIDs)
	if err != nil {
		return err
	}
	for _, r := range rows {
		what := map[string]string{
			"TA1":   "A TA1 names interchange",
			"999":   "A 999 names transaction set",
			"277CA": "A 277CA names patient control number",
			"835":   "An 835 payment names patient control number",
		}[r.Kind]
		if what == "" {
			what = "An answer names"
		}
		why, step := UnmatchedWords(r.Why), unmatchedStep(r.Why)
		if r.Why == UnmatchedSameTrace {
			other := "another file"
			if r.Earlier.Valid {
				other = "file " + r.Earlier.String + " (" + names[r.Earlier.String] + ")"
			}
			why = "comes under check/EFT trace " + r.Trace.String + " that " + other +
				" already brought, with a different amount or claims"
			step = "Compare it with " + other + ": attach it to its claim if the payer " +
				"paid again, or dismiss it if it restates that payment"
		}
		items[string(WorkUnmatched)+"/"+r.ID] = WorkItem{ID: r.ID, PCN: r.Reference,
			Connection: r.Connection.String, AmountCents: r.Paid.Int64, FileID: r.FileID,
			RemittanceID: r.Remittance.String, Codes: []string{r.Kind},
			Reason:   what + " " + r.Reference + ", which " + why + " (file " + r.FileName + ")",
			NextStep: step}
	}
	return nil
}

// fileNames reads the names of files by their IDs.
func (s *Store) fileNames(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var files []struct {
		ID   string `db:"id"`
		Name string `db:"name"`
	}
	query, args, err := sqlx.In("SELECT id, name FROM files WHERE id IN (?)", ids)
	if err != nil {
		return nil, fmt.Errorf("read file names: %w", err)
	}
	if err := s.selectAll(ctx, &files, query, args...); err != nil {
		return nil, fmt.Errorf("read file names: %w", err)
	}
	for _, f := range files {
		out[f.ID] = f.Name
	}
	return out, nil
}

// imbalanceWork fills in the 835s that do not balance.
func (s *Store) imbalanceWork(ctx context.Context, ids []string,
	items map[string]WorkItem) error {

	if len(ids) == 0 {
		return nil
	}
	remits, err := s.remitSummaries(ctx, "r.id IN (?)", []any{ids}, "r.id", len(ids), 0)
	if err != nil {
		return err
	}
	for _, r := range remits {
		items[string(WorkImbalance)+"/"+r.ID] = WorkItem{ID: r.ID, RemittanceID: r.ID,
			PayerID: r.PayerID, Connection: r.Connection, AmountCents: r.ImbalanceCents,
			FileID: r.FileID, Codes: []string{"BPR02"},
			Reason: fmt.Sprintf("The 835 with trace %s from %s does not balance: "+
				"the payment differs from its claims and adjustments by %s",
				r.TraceNumber, firstNonEmpty(r.PayerName, r.PayerID, "the payer"),
				formatCents(r.ImbalanceCents)),
			NextStep: "Compare the deposit with the payer's remittance advice and call " +
				"the payer if they differ"}
	}
	return nil
}

// fileWork fills in the received files that could not be applied: cut
// short in transfer, or unreadable.
func (s *Store) fileWork(ctx context.Context, ids []string, items map[string]WorkItem) error {
	if len(ids) == 0 {
		return nil
	}
	var rows []fileRow
	query, args, err := sqlx.In("SELECT "+fileColumns+" FROM files WHERE id IN (?)", ids)
	if err != nil {
		return fmt.Errorf("read files to look at: %w", err)
	}
	if err := s.selectAll(ctx, &rows, query, args...); err != nil {
		return fmt.Errorf("read files to look at: %w", err)
	}
	for _, r := range rows {
		f := r.file()
		why := ""
		for _, fd := range parseFileFindings(r.Findings) {
			if fd.Severity == string(SeverityError) {
				why = fd.Message
				break
			}
		}
		it := WorkItem{ID: f.ID, FileID: f.ID, Connection: f.Connection,
			Codes: []string{f.Type}}
		if f.State == FileIncomplete {
			it.Reason = capitalize(why)
			it.NextStep = "Ask the clearinghouse to send the file again; the complete " +
				"file is applied when it arrives. Once dealt with otherwise, " +
				"claimflow files close " + f.ID + " --reason TEXT takes it off the list"
		} else {
			it.Reason = "The file " + f.Name + " cannot be read as X12"
			if why != "" {
				it.Reason += ": " + why
			}
			it.NextStep = "Ask the clearinghouse to send the file again; " +
				"claimflow files raw " + f.ID + " shows where it breaks, and " +
				"claimflow files close " + f.ID + " --reason TEXT takes it off the list " +
				"once dealt with"
		}
		items[string(WorkFile)+"/"+f.ID] = it
	}
	return nil
}

// formatCents writes cents as dollars with two decimals, e.g. -12.50.
func formatCents(c int64) string {
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	return fmt.Sprintf("%s$%d.%02d", sign, c/100, c%100)
}

// unmatchedStep says what to do about an answer that waits for a person.
func unmatchedStep(reason string) string {
	switch reason {
	case "ambiguous":
		return "Decide which claim it belongs to and attach the answer to it"
	case "reversal_not_posted":
		return "Find the payment it takes back; ask the payer if it is not ours"
	}
	return "Find the claim it belongs to and attach the answer to it"
}
