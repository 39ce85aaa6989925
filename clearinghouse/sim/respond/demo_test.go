package respond_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi/x837"
)

// The demo's claims, built the way `claimflow x12 build` builds them (one
// file per kind, the defective claims held back), are accepted in full
// and paid by their three payers.
func TestDemoClaims(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(claimsDir, "demo.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	r := newResponder(t, respond.DefaultScenario())
	opts := x837.Options{Today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	env := x837.DefaultBuildConfig().Envelope(arrived)
	written, paid := 0, 0
	payers := map[string]bool{}
	for _, kind := range []x837.Kind{x837.Professional, x837.Institutional} {
		var out bytes.Buffer
		rep, err := x837.BuildFile(bytes.NewReader(raw), &out, kind, env, opts)
		if err != nil {
			t.Fatal(err)
		}
		written += rep.Claims
		a := respondTo(t, r, "demo-"+kind.String()+".837", out.Bytes())
		for _, c := range read277(t, a["demo-"+kind.String()+".277"].Data) {
			if c.Rejected() {
				t.Errorf("claim %s rejected: %s", c.Trace, statusOf(c))
			}
		}
		for _, f := range a.remits() {
			for _, rem := range read835(t, f.Data) {
				checkBalance(t, rem)
				paid += len(rem.Claims)
				id, _ := rem.Payment.Payer.Ref("2U")
				payers[id] = true
			}
		}
	}
	if written != 54 || paid != written || len(payers) != 3 {
		t.Errorf("%d claims written, %d paid, payers %v", written, paid, payers)
	}
}
