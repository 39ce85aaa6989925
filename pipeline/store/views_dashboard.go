package store

import (
	"context"
	"fmt"
	"time"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// StatusTotal is how many claims are in one status, and their charges.
type StatusTotal struct {
	Status     lifecycle.Status
	Count      int
	TotalCents int64
	Stuck      int // of Count, those marked stuck
}

// Tally is a number of claims and an amount of money.
type Tally struct {
	Count int
	Cents int64
}

// Dashboard answers what is paid, what is pending and what is stuck.
type Dashboard struct {
	AsOf time.Time
	// Paid: claims paid in full or in part, and what payers paid on them.
	Paid Tally
	// Pending: claims on their way (received to accepted by the payer),
	// not stuck, by their charges.
	Pending Tally
	// NeedsAction: claims held, rejected, denied or stuck, by their charges.
	NeedsAction Tally
	// Received: money received in 835s in the last 30 days.
	Received  Tally
	ByStatus  []StatusTotal // in lifecycle order; statuses without claims left out
	Aging     AgingReport
	Denials   []ReasonCount // the most frequent denial reasons
	WorkItems map[WorkKind]int
}

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
		switch {
		case r.Stuck == 1 || st == lifecycle.Invalid || st == lifecycle.RejectedClearinghouse ||
			st == lifecycle.RejectedPayer || st == lifecycle.Denied:
			d.NeedsAction.Count += r.N
			d.NeedsAction.Cents += r.Cents
		case st.Rank() <= lifecycle.Acknowledged.Rank() || st == lifecycle.Forwarded ||
			st == lifecycle.Reversed:
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
	err = s.get(ctx, &paid, "SELECT COUNT(DISTINCT c.id) AS n, "+
		"COALESCE(SUM(rc.paid_cents), 0) AS cents FROM claims c "+
		"JOIN remit_claims rc ON rc.claim_id = c.id "+
		"WHERE c.status IN ('paid', 'partially_paid')")
	if err != nil {
		return d, fmt.Errorf("dashboard: %w", err)
	}
	d.Paid = Tally{Count: paid.N, Cents: paid.Cents}

	var recv struct {
		N     int   `db:"n"`
		Cents int64 `db:"cents"`
	}
	err = s.get(ctx, &recv, "SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN credit_debit = 'D' "+
		"THEN -amount_cents ELSE amount_cents END), 0) AS cents FROM remittances "+
		"WHERE received_at >= ?", at(d.AsOf.Add(-30*24*time.Hour)))
	if err != nil {
		return d, fmt.Errorf("dashboard: %w", err)
	}
	d.Received = Tally{Count: recv.N, Cents: recv.Cents}

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
	return d, nil
}
