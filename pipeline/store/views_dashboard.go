package store

import (
	"context"
	"fmt"
	"time"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// StatusTotal is how many claims are in one status, and their charges.
type StatusTotal struct {
	Status     lifecycle.Status `json:"status"`
	Count      int              `json:"count"`
	TotalCents int64            `json:"total_cents"`
	Stuck      int              `json:"stuck"` // of Count, those marked stuck
}

// Tally is a number of claims and an amount of money.
type Tally struct {
	Count int   `json:"count"`
	Cents int64 `json:"cents"`
}

// Dashboard answers what is paid, what is pending and what is stuck.
type Dashboard struct {
	AsOf time.Time `json:"as_of,omitzero"`
	// Paid: claims paid in full or in part, and what payers paid on them.
	Paid Tally `json:"paid"`
	// Pending: claims on their way (received to accepted by the payer),
	// not stuck, by their charges.
	Pending Tally `json:"pending"`
	// NeedsAction: the claims of the work list (held, rejected, denied,
	// paid in part with lines denied, or stuck) and the money they put at
	// issue; the same figures as Worklist.NeedsAction.
	NeedsAction Tally `json:"needs_action"`
	// OtherWork: work list items that are not claims (answers that
	// matched none, 835s that do not balance, files cut short or
	// unreadable).
	OtherWork int `json:"other_work"`
	// Received: deposits (BPR02) of the 835s received in the last 30
	// days, and how they come about.
	Received Deposits      `json:"received"`
	ByStatus []StatusTotal `json:"by_status"` // in lifecycle order; statuses without claims left out
	// Aging is the open balances; its total is the dashboard's open
	// balance.
	Aging     AgingReport      `json:"aging"`
	Denials   []ReasonCount    `json:"denials"` // the most frequent denial reasons
	WorkItems map[WorkKind]int `json:"work_items"`
}

// Deposits is what some 835s paid and how: the claim payments (CLP04)
// less the provider-level adjustments (PLB) make the deposits (BPR02)
// that reach the bank.
type Deposits struct {
	Count              int   `json:"count"`               // payments (835 transaction sets)
	Cents              int64 `json:"cents"`               // deposited: BPR02, debits negative
	ClaimPaymentCents  int64 `json:"claim_payment_cents"` // the sum of CLP04
	ProviderAdjCents   int64 `json:"provider_adj_cents"`  // the sum of PLB amounts: interest negative, takebacks positive
	UnbalancedPayments int   `json:"unbalanced_payments"` // of Count, those whose BPR02 differs from the two
}

// ExpectedCents is the claim payments less the provider-level
// adjustments: what the deposits should add up to.
func (d Deposits) ExpectedCents() int64 { return d.ClaimPaymentCents - d.ProviderAdjCents }

// ClaimCountsByStatus returns the number of claims in each status, for
// metrics: one cheap query over the status index.
func (s *Store) ClaimCountsByStatus(ctx context.Context) (map[lifecycle.Status]int, error) {
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	if err := s.selectAll(ctx, &rows, "SELECT status, COUNT(*) AS n FROM claims "+
		"GROUP BY status"); err != nil {
		return nil, fmt.Errorf("count claims by status: %w", err)
	}
	out := make(map[lifecycle.Status]int, len(rows))
	for _, r := range rows {
		out[lifecycle.Status(r.Status)] = r.N
	}
	return out, nil
}

// BatchCountsByState returns the number of batches in each state.
func (s *Store) BatchCountsByState(ctx context.Context) (map[BatchState]int, error) {
	var rows []struct {
		State string `db:"state"`
		N     int    `db:"n"`
	}
	if err := s.selectAll(ctx, &rows, "SELECT state, COUNT(*) AS n FROM batches "+
		"GROUP BY state"); err != nil {
		return nil, fmt.Errorf("count batches by state: %w", err)
	}
	out := make(map[BatchState]int, len(rows))
	for _, r := range rows {
		out[BatchState(r.State)] = r.N
	}
	return out, nil
}

// GetDashboard gathers the dashboard's figures as of asOf.
func (s *Store) GetDashboard(ctx context.Context, asOf time.Time) (Dashboard, error) {
	d := Dashboard{AsOf: truncate(asOf)}
	var rows []struct {
		Status string `db:"status"`
		Stuck  int    `db:"stuck"`
		N      int    `db:"n"`
		Cents  int64  `db:"cents"`
	}
	err := s.selectAll(ctx, &rows, "SELECT status, "+
		"CASE WHEN stuck_since IS NULL THEN 0 ELSE 1 END AS stuck, COUNT(*) AS n, "+
		"SUM(total_cents) AS cents FROM claims GROUP BY status, "+
		"CASE WHEN stuck_since IS NULL THEN 0 ELSE 1 END")
	if err != nil {
		return d, fmt.Errorf("dashboard: %w", err)
	}
	by := map[lifecycle.Status]*StatusTotal{}
	for _, r := range rows {
		st := lifecycle.Status(r.Status)
		t, ok := by[st]
		if !ok {
			t = &StatusTotal{Status: st}
			by[st] = t
		}
		t.Count += r.N
		t.TotalCents += r.Cents
		if r.Stuck == 1 {
			t.Stuck += r.N
		}
		if r.Stuck == 0 && st != lifecycle.Invalid && st != lifecycle.RejectedClearinghouse &&
			st != lifecycle.RejectedPayer && (st.Rank() <= lifecycle.Acknowledged.Rank() ||
			st == lifecycle.Forwarded || st == lifecycle.Reversed) {
			d.Pending.Count += r.N
			d.Pending.Cents += r.Cents
		}
	}
	for _, st := range lifecycle.Statuses() {
		if t, ok := by[st]; ok {
			d.ByStatus = append(d.ByStatus, *t)
		}
	}

	var paid struct {
		N     int   `db:"n"`
		Cents int64 `db:"cents"`
	}
	err = s.get(ctx, &paid, "SELECT COUNT(*) AS n, COALESCE(SUM(c.paid_cents), 0) AS cents "+
		"FROM claims c WHERE c.status IN ('paid', 'partially_paid')")
	if err != nil {
		return d, fmt.Errorf("dashboard: %w", err)
	}
	d.Paid = Tally{Count: paid.N, Cents: paid.Cents}

	if d.Received, err = s.deposits(ctx, d.AsOf.Add(-30*24*time.Hour)); err != nil {
		return d, err
	}

	if d.Aging, err = s.Aging(ctx, ReportQuery{}, asOf); err != nil {
		return d, err
	}
	den, err := s.Denials(ctx, ReportQuery{}, 5)
	if err != nil {
		return d, err
	}
	d.Denials = den.TopReasons
	wl, err := s.GetWorklist(ctx, WorklistQuery{Limit: 1})
	if err != nil {
		return d, err
	}
	d.WorkItems = wl.Counts
	d.NeedsAction = wl.NeedsAction()
	d.OtherWork = wl.OtherItems()
	return d, nil
}

// deposits sums the 835s received since a time.
func (s *Store) deposits(ctx context.Context, since time.Time) (Deposits, error) {
	var r struct {
		N         int   `db:"n"`
		Cents     int64 `db:"cents"`
		Claims    int64 `db:"claims"`
		PLB       int64 `db:"plb"`
		Unbalance int   `db:"unbalanced"`
	}
	err := s.get(ctx, &r, "SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN "+
		"r.credit_debit = 'D' THEN -r.amount_cents ELSE r.amount_cents END), 0) AS cents, "+
		"COALESCE(SUM("+remitClaimPaid+"), 0) AS claims, "+
		"COALESCE(SUM("+remitPLB+"), 0) AS plb, "+
		"COALESCE(SUM(CASE WHEN r.imbalance_cents <> 0 THEN 1 ELSE 0 END), 0) AS unbalanced "+
		"FROM remittances r WHERE r.received_at >= ?", at(since))
	if err != nil {
		return Deposits{}, fmt.Errorf("dashboard deposits: %w", err)
	}
	return Deposits{Count: r.N, Cents: r.Cents, ClaimPaymentCents: r.Claims,
		ProviderAdjCents: r.PLB, UnbalancedPayments: r.Unbalance}, nil
}
