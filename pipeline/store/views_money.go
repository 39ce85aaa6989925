package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
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

// Each claim keeps its money in its row (paid_cents, adjusted_cents,
// patient_cents, denied_cents), worked out again by refreshMoney in the
// transaction that records or attaches a payment, so that the pages read
// it rather than add up every payment each time.

// posted is one CLP as it counts towards a claim's money.
type posted struct {
	ID, ClaimID, StatusCode, Posting, ReversesID string
	PaidCents, PatientCents                      int64
	Adjustments                                  []postedAdjustment
}

type postedAdjustment struct {
	Group, Reason string
	AmountCents   int64
}

// addUp works out a claim's money from its CLPs: what payers paid
// (reversals netted), their adjustments (CO, OA, PI, CR; OA-23, a later
// payer restating the earlier ones, left out) by group, of which denied,
// and what the patient owes. When several payers answered in turn (a
// crossover), the patient owes what the last of them says (CLP05): only
// the CLPs of the last payer in line whose posting stands count, a
// reversal in the place of the CLP it cancels, and a CLP02 that names no
// place in line when only the primary has answered. Estimates and answers
// held for a person move no money.
func addUp(ps []posted) (m Money, groups map[string]int64) {
	groups = map[string]int64{}
	byID := map[string]posted{}
	reversed := map[string]bool{}
	for _, p := range ps {
		byID[p.ID] = p
		if p.ReversesID != "" {
			reversed[p.ReversesID] = true
		}
	}
	order := func(p posted) int {
		if t, ok := byID[p.ReversesID]; ok && p.ReversesID != "" {
			return payerOrder(t.StatusCode)
		}
		return payerOrder(p.StatusCode)
	}
	last := 1
	for _, p := range ps {
		if countsForMoney(p.ClaimID, p.Posting) && p.Posting != "reversal" && !reversed[p.ID] {
			last = max(last, payerOrder(p.StatusCode))
		}
	}
	for _, p := range ps {
		if !countsForMoney(p.ClaimID, p.Posting) {
			continue
		}
		m.PaidCents += p.PaidCents
		if o := order(p); o == last || o == 0 && last == 1 {
			m.PatientCents += p.PatientCents
		}
		for _, a := range p.Adjustments {
			switch classify(a.Group, a.Reason) {
			case adjDenied:
				m.DeniedCents += a.AmountCents
				fallthrough
			case adjWrittenOff:
				m.AdjustedCents += a.AmountCents
				groups[a.Group] += a.AmountCents
			}
		}
	}
	return m, groups
}

// AddUpPostings works out a claim's money from its stored CLPs, lines
// included, by the rules of addUp: the one reckoning that posting, the
// claims' kept sums and the claim page share. ChargeCents is left 0.
func AddUpPostings(rcs []*RemitClaim) Money {
	ps := make([]posted, 0, len(rcs))
	for _, rc := range rcs {
		p := posted{ID: rc.ID, ClaimID: rc.ClaimID, StatusCode: rc.StatusCode,
			Posting: rc.Posting, ReversesID: rc.ReversesID, PaidCents: rc.PaidCents,
			PatientCents: rc.PatientCents}
		add := func(adjs []RemitAdjustment) {
			for _, a := range adjs {
				p.Adjustments = append(p.Adjustments, postedAdjustment{Group: a.Group,
					Reason: a.Reason, AmountCents: a.AmountCents})
			}
		}
		add(rc.Adjustments)
		for _, l := range rc.Lines {
			add(l.Adjustments)
		}
		ps = append(ps, p)
	}
	m, _ := addUp(ps)
	return m
}

// payerOrder is the place in line a CLP02 code names: 1 primary, 2
// secondary, 3 tertiary, 0 none.
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

// refreshMoney works out again the money kept in the rows of the claims
// ids, in a fixed number of statements for every 500 claims.
func (t *Tx) refreshMoney(ctx context.Context, ids []string) error {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) > 0 && ids[0] == "" {
		ids = ids[1:]
	}
	const chunk = 500
	for len(ids) > 0 {
		n := min(chunk, len(ids))
		if err := t.refreshMoneyOf(ctx, ids[:n]); err != nil {
			return fmt.Errorf("update claims' money: %w", err)
		}
		ids = ids[n:]
	}
	return nil
}

func (t *Tx) refreshMoneyOf(ctx context.Context, ids []string) error {
	var heads []struct {
		ID         string         `db:"id"`
		ClaimID    string         `db:"claim_id"`
		StatusCode string         `db:"status_code"`
		Posting    string         `db:"posting"`
		ReversesID sql.NullString `db:"reverses_id"`
		Paid       int64          `db:"paid_cents"`
		Patient    int64          `db:"patient_cents"`
	}
	q, args, err := sqlx.In("SELECT id, claim_id, status_code, posting, reverses_id, "+
		"paid_cents, patient_cents FROM remit_claims WHERE claim_id IN (?)", ids)
	if err != nil {
		return err
	}
	if err := t.selectAll(ctx, &heads, q, args...); err != nil {
		return err
	}
	var adjs []struct {
		RemitClaimID string `db:"remit_claim_id"`
		Group        string `db:"group_code"`
		Reason       string `db:"reason_code"`
		Amount       int64  `db:"amount_cents"`
	}
	q, args, err = sqlx.In("SELECT a.remit_claim_id, a.group_code, a.reason_code, "+
		"a.amount_cents FROM remit_adjustments a JOIN remit_claims rc "+
		"ON rc.id = a.remit_claim_id WHERE rc.claim_id IN (?)", ids)
	if err != nil {
		return err
	}
	if err := t.selectAll(ctx, &adjs, q, args...); err != nil {
		return err
	}
	byRC := map[string][]postedAdjustment{}
	for _, a := range adjs {
		byRC[a.RemitClaimID] = append(byRC[a.RemitClaimID],
			postedAdjustment{Group: a.Group, Reason: a.Reason, AmountCents: a.Amount})
	}
	byClaim := map[string][]posted{}
	for _, h := range heads {
		byClaim[h.ClaimID] = append(byClaim[h.ClaimID], posted{ID: h.ID, ClaimID: h.ClaimID,
			StatusCode: h.StatusCode, Posting: h.Posting, ReversesID: h.ReversesID.String,
			PaidCents: h.Paid, PatientCents: h.Patient, Adjustments: byRC[h.ID]})
	}
	// One statement sets every claim of the chunk from a list of values.
	values := make([]string, 0, len(ids))
	vargs := make([]any, 0, 5*len(ids))
	for _, id := range ids {
		m, _ := addUp(byClaim[id])
		values = append(values, "(?, CAST(? AS BIGINT), CAST(? AS BIGINT), "+
			"CAST(? AS BIGINT), CAST(? AS BIGINT))")
		vargs = append(vargs, id, m.PaidCents, m.AdjustedCents, m.PatientCents, m.DeniedCents)
	}
	_, err = t.exec(ctx, "WITH v (id, paid, adjusted, patient, denied) AS (VALUES "+
		strings.Join(values, ", ")+") UPDATE claims SET paid_cents = v.paid, "+
		"adjusted_cents = v.adjusted, patient_cents = v.patient, denied_cents = v.denied "+
		"FROM v WHERE claims.id = v.id", vargs...)
	return err
}

// RefreshMoney works out again the money kept in every claim's row, for
// data written by other means than the store's (tests write answers with
// plain SQL).
func (s *Store) RefreshMoney(ctx context.Context) error {
	var ids []string
	if err := s.selectAll(ctx, &ids, "SELECT id FROM claims"); err != nil {
		return err
	}
	return s.InTx(ctx, func(tx *Tx) error { return tx.refreshMoney(ctx, ids) })
}

// Expressions over a claim c.
const (
	sqlPaid     = "c.paid_cents"
	sqlAdjusted = "c.adjusted_cents"
	sqlPatient  = "c.patient_cents"
	sqlDenied   = "c.denied_cents"
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
	ps := make([]posted, 0, len(payments))
	var unexplained int64
	for _, p := range payments {
		one := posted{ID: p.ID, ClaimID: p.ClaimID, StatusCode: p.StatusCode,
			Posting: p.Posting, ReversesID: p.ReversesID, PaidCents: p.PaidCents,
			PatientCents: p.PatientCents}
		for _, a := range p.Adjustments {
			one.Adjustments = append(one.Adjustments, postedAdjustment{Group: a.Group,
				Reason: a.Reason, AmountCents: a.AmountCents})
		}
		ps = append(ps, one)
		if countsForMoney(p.ClaimID, p.Posting) {
			unexplained += p.ImbalanceCents
		}
	}
	money, groups := addUp(ps)
	money.ChargeCents = c.TotalCents
	m := ClaimMoney{Money: money, UnexplainedCents: unexplained}
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
