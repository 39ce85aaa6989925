package store

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/jmoiron/sqlx"
)

// How the views count a claim's money, in one place. The balance is the
// charge minus what payers paid minus their adjustments (CO, OA, PI, CR);
// patient responsibility (PR) is part of the balance, owed by the patient
// rather than the payer. Of the payer adjustments, those no rule writes off
// (data/writeoff.tsv) are denied: open until a person appeals, corrects or
// writes them off.

//go:embed data/writeoff.tsv
var writeoffData []byte

// writeoffReasons are the reasons (CARC) written off by rule, sorted.
var writeoffReasons = func() []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(writeoffData))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		reason, _, _ := strings.Cut(line, "\t")
		out = append(out, strings.TrimSpace(reason))
	}
	sort.Strings(out)
	return out
}()

// WrittenOffByRule reports whether adjustments for a reason (CARC) are
// written off by rule rather than left open as denied.
func WrittenOffByRule(reason string) bool {
	i := sort.SearchStrings(writeoffReasons, reason)
	return i < len(writeoffReasons) && writeoffReasons[i] == reason
}

// priorPayerReason is OA-23: a later payer restating what the payers
// before it did. It is not an adjustment of its own and is not counted.
const priorPayerReason = "23"

// adjustmentClass is what an adjustment does to a claim's money.
type adjustmentClass int

const (
	adjIgnored    adjustmentClass = iota // OA-23: a restatement
	adjPatient                           // PR: owed by the patient
	adjWrittenOff                        // a payer adjustment written off by rule
	adjDenied                            // a payer adjustment open for a person
)

// classify tells what an adjustment does; the SQL below says the same.
func classify(group, reason string) adjustmentClass {
	switch {
	case group == "PR":
		return adjPatient
	case group == "OA" && reason == priorPayerReason:
		return adjIgnored
	case WrittenOffByRule(reason):
		return adjWrittenOff
	}
	return adjDenied
}

// Posting kinds that move no money: an estimate, and an answer held for a
// person.
const (
	postingPredetermination = "predetermination"
	postingHeld             = "held"
)

// countsForMoney reports whether a CLP posted as posting moves a claim's
// money. Reversals count: their negated amounts net out what they cancel.
func countsForMoney(claimID, posting string) bool {
	return claimID != "" && posting != postingPredetermination && posting != postingHeld
}

// SQL conditions saying the same as countsForMoney and classify, over rc
// (remit_claims) and a (remit_adjustments).
var (
	sqlCounts = "rc.claim_id IS NOT NULL AND rc.posting NOT IN ('" +
		postingPredetermination + "', '" + postingHeld + "')"
	sqlPayerAdj = "a.group_code <> 'PR' AND NOT (a.group_code = 'OA' AND a.reason_code = '" +
		priorPayerReason + "')"
	sqlDeniedAdj = sqlPayerAdj + " AND a.reason_code NOT IN ('" +
		strings.Join(writeoffReasons, "', '") + "')"
	// sqlStanding narrows sqlCounts to the postings that stand: neither a
	// reversal nor reversed, for counting denials rather than adding money.
	sqlStanding = sqlCounts + " AND rc.posting <> 'reversal' AND NOT EXISTS " +
		"(SELECT 1 FROM remit_claims rv WHERE rv.reverses_id = rc.id)"
)

// Each claim keeps its paid, adjusted and patient sums in its row
// (paid_cents, adjusted_cents, patient_cents), set by refreshMoney whenever
// a payment is recorded or attached; moneySums is the SQL that works them
// out from the postings, for the claim c.
var moneySums = []struct{ column, expr string }{
	{"paid_cents", "COALESCE((SELECT SUM(rc.paid_cents) FROM remit_claims rc " +
		"WHERE rc.claim_id = c.id AND " + sqlCounts + "), 0)"},
	{"adjusted_cents", adjustmentSum(sqlPayerAdj)},
	{"patient_cents", sqlPatientOwes},
}

// Who owes the patient's part when several payers answered in turn (a
// crossover): the patient owes what the last of them says (CLP05), so only
// the postings of the last payer in line count; a reversal counts in the
// place of the posting it cancels, and a CLP02 that names no place in line
// counts when only the primary payer has answered.

// sqlOrder is the place in line (1 primary, 2 secondary, 3 tertiary, 0
// none) that the CLP02 code in the SQL expression code names.
func sqlOrder(code string) string {
	return "CASE " + code + " WHEN '1' THEN 1 WHEN '19' THEN 1 WHEN '2' THEN 2 " +
		"WHEN '20' THEN 2 WHEN '3' THEN 3 WHEN '21' THEN 3 ELSE 0 END"
}

// sqlLastPayer is the place in line of the last payer whose posting of the
// claim c stands (counts, is no reversal and was not reversed), at least 1.
var sqlLastPayer = func() string {
	last := "(SELECT COALESCE(MAX(" + sqlOrder("sp.status_code") + "), 0) " +
		"FROM remit_claims sp WHERE sp.claim_id = c.id AND sp.posting NOT IN ('" +
		postingPredetermination + "', '" + postingHeld + "', 'reversal') AND NOT EXISTS " +
		"(SELECT 1 FROM remit_claims rv2 WHERE rv2.reverses_id = sp.id))"
	return "(CASE WHEN " + last + " > 1 THEN " + last + " ELSE 1 END)"
}()

// sqlPatientOwes is the patient's part of the claim c: CLP05 of the last
// payer's postings.
var sqlPatientOwes = func() string {
	order := sqlOrder("COALESCE(rvd.status_code, rc.status_code)")
	return "COALESCE((SELECT SUM(rc.patient_cents) FROM remit_claims rc " +
		"LEFT JOIN remit_claims rvd ON rvd.id = rc.reverses_id " +
		"WHERE rc.claim_id = c.id AND " + sqlCounts + " AND (" + order + " = " +
		sqlLastPayer + " OR (" + order + " = 0 AND " + sqlLastPayer + " = 1))), 0)"
}()

// payerOrder is sqlOrder for a CLP02 code.
func payerOrder(code string) int {
	switch code {
	case "1", "19":
		return 1
	case "2", "20":
		return 2
	case "3", "21":
		return 3
	}
	return 0
}

// adjustmentSum is the SQL for the sum of a claim c's adjustments that
// cond selects, over the postings that count.
func adjustmentSum(cond string) string {
	return "COALESCE((SELECT SUM(a.amount_cents) FROM remit_adjustments a " +
		"JOIN remit_claims rc ON rc.id = a.remit_claim_id WHERE rc.claim_id = c.id AND " +
		sqlCounts + " AND " + cond + "), 0)"
}

// refreshMoney works out again the money columns of the claims ids.
func (t *Tx) refreshMoney(ctx context.Context, ids []string) error {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) > 0 && ids[0] == "" {
		ids = ids[1:]
	}
	set := make([]string, len(moneySums))
	for i, m := range moneySums {
		set[i] = m.column + " = " + m.expr
	}
	const chunk = 500
	for len(ids) > 0 {
		n := min(chunk, len(ids))
		query, args, err := sqlx.In("UPDATE claims AS c SET "+strings.Join(set, ", ")+
			" WHERE c.id IN (?)", ids[:n])
		if err != nil {
			return err
		}
		if _, err := t.tx.ExecContext(ctx, t.tx.Rebind(query), args...); err != nil {
			return fmt.Errorf("update claims' money: %w", err)
		}
		ids = ids[n:]
	}
	return nil
}

// RefreshMoney works out again the money columns of every claim, for data
// written by other means than the store's (tests write answers with plain
// SQL).
func (s *Store) RefreshMoney(ctx context.Context) error {
	var ids []string
	if err := s.selectAll(ctx, &ids, "SELECT id FROM claims"); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error { return tx.refreshMoney(ctx, ids) })
}

// Expressions over a claim c.
var (
	sqlPaid     = "c.paid_cents"
	sqlAdjusted = "c.adjusted_cents"
	sqlPatient  = "c.patient_cents"
	// sqlDenied is worked out from the postings, as what is denied depends
	// on the reasons written off by rule.
	sqlDenied = adjustmentSum(sqlDeniedAdj)
	// sqlBalance is the claim's balance: charge minus paid minus payer
	// adjustments, the patient's part included.
	sqlBalance = "(c.total_cents - " + sqlPaid + " - " + sqlAdjusted + ")"
	// sqlAtIssue is what a work item about the claim puts in question:
	// what the payer denied, and what it has neither paid nor adjusted nor
	// left to the patient.
	sqlAtIssue = "(" + sqlDenied + " + " + sqlBalance + " - " + sqlPatient + ")"
	// sqlWithPayer is what the payer has neither paid nor adjusted nor
	// left to the patient; below zero, the payers paid more than is owed.
	sqlWithPayer = "(" + sqlBalance + " - " + sqlPatient + ")"
)

// Money is where a claim's charge went.
type Money struct {
	ChargeCents int64 `json:"charge_cents"` // the current version's total charge
	PaidCents   int64 `json:"paid_cents"`   // CLP04 over the postings that count, reversals netted
	// AdjustedCents is the payer adjustments (CO, OA, PI, CR; OA-23 left
	// out), the denied ones included.
	AdjustedCents int64 `json:"adjusted_cents"`
	PatientCents  int64 `json:"patient_cents"` // PR: patient responsibility
	DeniedCents   int64 `json:"denied_cents"`  // of AdjustedCents, what no rule writes off
}

// BalanceCents is the charge minus what payers paid and adjusted: what is
// still to be collected, from the payer or the patient.
func (m Money) BalanceCents() int64 { return m.ChargeCents - m.PaidCents - m.AdjustedCents }

// WithPayerCents is the balance less the patient's part: what the payer
// has neither paid, adjusted nor left to the patient.
func (m Money) WithPayerCents() int64 { return m.BalanceCents() - m.PatientCents }

// AtIssueCents is what a work item about the claim puts in question: the
// denied amounts and what is still with the payer.
func (m Money) AtIssueCents() int64 { return m.DeniedCents + m.WithPayerCents() }

// GroupTotal is the adjustments of one CAS group on a claim.
type GroupTotal struct {
	Group       string `json:"group"`
	Text        string `json:"text"`
	AmountCents int64  `json:"amount_cents"`
}

// ClaimMoney is a claim's money as its page shows it: the charge split
// into paid, adjustments by group, the patient's part and what is left
// with the payer, which add up to the charge by construction. Unexplained
// says what its answers leave open when they should not.
type ClaimMoney struct {
	Money
	Groups []GroupTotal `json:"groups"` // CO, OA, PI, CR with amounts, in that order
	// UnexplainedCents is what the payers' CLPs themselves leave
	// unexplained (charge minus paid, patient and adjustments).
	UnexplainedCents int64 `json:"unexplained_cents"`
	// Settled is whether the payer has decided the claim: then nothing
	// should be left with the payer.
	Settled bool `json:"settled"`
}

// AddsUp reports whether the figures agree: each CLP balances, and a
// claim the payer decided has nothing left with it.
func (m ClaimMoney) AddsUp() bool {
	return m.UnexplainedCents == 0 && (!m.Settled || m.WithPayerCents() == 0)
}

// claimMoney works a claim's money out from its payments, by the same
// rules as the SQL above.
func claimMoney(c ClaimView, payments []ClaimPayment) ClaimMoney {
	m := ClaimMoney{Money: Money{ChargeCents: c.TotalCents}}
	groups := map[string]int64{}
	// The patient owes what the last payer in line says (sqlPatientOwes).
	byID := map[string]ClaimPayment{}
	reversed := map[string]bool{}
	for _, p := range payments {
		byID[p.ID] = p
		if p.ReversesID != "" {
			reversed[p.ReversesID] = true
		}
	}
	order := func(p ClaimPayment) int {
		if t, ok := byID[p.ReversesID]; ok && p.ReversesID != "" {
			return payerOrder(t.StatusCode)
		}
		return payerOrder(p.StatusCode)
	}
	last := 1
	for _, p := range payments {
		if countsForMoney(p.ClaimID, p.Posting) && p.Posting != "reversal" && !reversed[p.ID] {
			last = max(last, payerOrder(p.StatusCode))
		}
	}
	for _, p := range payments {
		if !countsForMoney(p.ClaimID, p.Posting) {
			continue
		}
		m.PaidCents += p.PaidCents
		m.UnexplainedCents += p.ImbalanceCents
		if o := order(p); o == last || o == 0 && last == 1 {
			m.PatientCents += p.PatientCents
		}
		for _, a := range p.Adjustments {
			switch classify(a.Group, a.Reason) {
			case adjPatient:
			case adjDenied:
				m.DeniedCents += a.AmountCents
				fallthrough
			case adjWrittenOff:
				m.AdjustedCents += a.AmountCents
				groups[a.Group] += a.AmountCents
			}
		}
	}
	for _, g := range []string{"CO", "OA", "PI", "CR"} {
		if n, ok := groups[g]; ok {
			m.Groups = append(m.Groups, GroupTotal{Group: g, Text: groupWords[g],
				AmountCents: n})
		}
	}
	// A claim paid in part may still have lines the payer has not
	// decided (a split claim's other half); paid and denied ones may not.
	m.Settled = c.Status == lifecycle.Paid || c.Status == lifecycle.Denied
	return m
}

// groupWords names the CAS groups for the claim page's sum.
var groupWords = map[string]string{
	"CO": "contractual and payer adjustments",
	"OA": "other adjustments",
	"PI": "payer-initiated reductions",
	"CR": "corrections and reversals",
}
