package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// waiting are the statuses of a claim whose answers are still to come.
var waiting = map[lifecycle.Status]bool{
	lifecycle.Ready: true, lifecycle.Batched: true, lifecycle.Submitted: true,
	lifecycle.Accepted: true, lifecycle.Acknowledged: true,
}

// watch prints the claims' progress as it changes, and returns once no
// claim waits for an answer and the simulator has nothing left to send.
func watch(ctx context.Context, st *store.Store, srv *sim.Server, p *printer,
	timeout time.Duration, daemon <-chan error) error {
	deadline := time.After(timeout)
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	last := ""
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-daemon:
			if err == nil {
				err = fmt.Errorf("demo: the daemon stopped")
			}
			return err
		case <-deadline:
			return fmt.Errorf("%w (%s); see the log", errTimeout, seconds(timeout))
		case <-tick.C:
		}
		counts, err := countByStatus(ctx, st)
		if err != nil {
			return err
		}
		if line := statusLine(counts); line != last {
			p.say("%s", line)
			last = line
		}
		open := 0
		for s, n := range counts {
			if waiting[s] {
				open += n
			}
		}
		if open == 0 && len(srv.Pending()) == 0 {
			return nil
		}
	}
}

// countByStatus counts the claims in each status.
func countByStatus(ctx context.Context, st *store.Store) (map[lifecycle.Status]int, error) {
	counts := map[lifecycle.Status]int{}
	q := store.ClaimQuery{Limit: 1000}
	for {
		page, err := st.ListClaims(ctx, q)
		if err != nil {
			return nil, err
		}
		for _, c := range page.Claims {
			counts[c.Status]++
		}
		if page.Next == "" {
			return counts, nil
		}
		q.After = page.Next
	}
}

// statusLine renders counts in lifecycle order, leaving out zeros.
func statusLine(counts map[lifecycle.Status]int) string {
	var parts []string
	for _, s := range lifecycle.Statuses() {
		if n := counts[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", statusWords(s), n))
		}
	}
	return strings.Join(parts, " · ")
}

// statusWords says a status the way a biller would.
func statusWords(s lifecycle.Status) string {
	switch s {
	case lifecycle.RejectedClearinghouse:
		return "rejected by the clearinghouse"
	case lifecycle.RejectedPayer:
		return "rejected by the payer"
	case lifecycle.PartiallyPaid:
		return "partially paid"
	case lifecycle.Invalid:
		return "held by the checks"
	}
	return strings.ReplaceAll(string(s), "_", " ")
}
