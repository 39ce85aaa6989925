package respond_test

import (
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/edi/x999"
)

// A full transaction set of 5,000 claims is answered in well under the
// time a clearinghouse takes, and its answers still read and balance.
func TestLargeBatch(t *testing.T) {
	const n = x837.MaxClaimsPerSet
	data := build(t, x837.Professional, synthetic(t, people(n)))
	start := time.Now()
	a := respondTo(t, newResponder(t, respond.DefaultScenario()), "big.837", data)
	took := time.Since(start)
	// The bound leaves room for the race detector and slow machines; the
	// answer takes a fraction of it on a laptop.
	if took > 10*time.Second {
		t.Errorf("answering %d claims took %v", n, took)
	}
	t.Logf("answered %d claims (%d bytes) in %v", n, len(data), took)

	acks := read999(t, a["big.999"].Data)
	if len(acks) != 1 || acks[0].Result.Code != x999.Accepted {
		t.Fatalf("999 %+v", acks)
	}
	cas := read277(t, a["big.277"].Data)
	rejected := 0
	for _, c := range cas {
		if c.Rejected() {
			rejected++
		}
	}
	if len(cas) != n || rejected != 0 {
		t.Errorf("277CA: %d claims, %d rejected", len(cas), rejected)
	}
	paid := 0
	for _, r := range a.remits() {
		for _, rem := range read835(t, r.Data) {
			checkBalance(t, rem)
			paid += len(rem.Claims)
		}
	}
	if paid != n {
		t.Errorf("%d claims paid, want %d", paid, n)
	}
}
