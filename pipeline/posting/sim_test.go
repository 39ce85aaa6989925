package posting

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// The demo's claims go through the simulated clearinghouse and its payers:
// every answer it sends matches its claim, every claim the checks let
// through ends adjudicated, and the money posted to the claims is the
// money the remittances carry.
func TestSimulatedClearinghouse(t *testing.T) {
	eachEnv(t, func(e *env) {
		raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "claims", "demo.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		checked := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		sum, err := Import(e.ctx, e.s, bytes.NewReader(raw), ImportOptions{Today: checked})
		if err != nil || sum.Ready != 54 || sum.Invalid != 6 {
			t.Fatalf("Import = %+v, %v", sum, err)
		}
		page, err := e.s.ListClaims(e.ctx, store.ClaimQuery{Status: lifecycle.Ready})
		if err != nil {
			t.Fatal(err)
		}
		r, err := respond.New(respond.DefaultScenario(), nil)
		if err != nil {
			t.Fatal(err)
		}

		var responses []sim.Response
		for i, kind := range []store.ClaimKind{store.Professional, store.Institutional} {
			var ids []string
			for _, c := range page.Claims {
				if c.Kind == kind {
					ids = append(ids, c.ID)
				}
			}
			content, b := e.sendKind(kind, ids, checked)
			out, err := r.Respond(e.ctx, sim.Upload{Seq: uint64(i + 1),
				Name: fmt.Sprintf("/inbound/batch-%d.837", i+1), Data: content,
				Arrived: e.clock})
			if err != nil {
				t.Fatal(err)
			}
			if len(out) < 4 {
				t.Fatalf("batch %s: %d answers", b.ID, len(out))
			}
			responses = append(responses, out...)
		}
		// The answers arrive in the order of their delays.
		slices.SortStableFunc(responses, func(a, b sim.Response) int {
			return int(a.Delay - b.Delay)
		})
		var remitted, interestPLB int64
		for _, resp := range responses {
			res := e.apply(resp.Name, resp.Data)
			if res.State != store.FileApplied || res.Unmatched != 0 {
				t.Errorf("%s: %+v", resp.Name, res)
			}
			for _, f := range res.Findings {
				if f.Severity == edi.Error {
					t.Errorf("%s: %v", resp.Name, f)
				}
			}
			rems, err := e.s.FileRemittances(e.ctx, res.FileID)
			if err != nil {
				t.Fatal(err)
			}
			for _, rem := range rems {
				remitted += rem.AmountCents
				pas, _ := e.s.RemittanceAdjustments(e.ctx, rem.ID)
				for _, pa := range pas {
					remitted += pa.AmountCents
					if pa.Reason == "L6" {
						interestPLB -= pa.AmountCents
					}
				}
			}
		}

		// Every claim sent is adjudicated, and what was posted adds up to
		// what was remitted: the payments, plus what provider-level
		// adjustments held back; the claims' interest is the PLB's.
		var paid, interest int64
		statuses := map[lifecycle.Status]int{}
		for _, c := range page.Claims {
			d := e.claim(c.ID)
			statuses[d.Claim.Status]++
			b := e.balance(c.ID)
			paid += b.Paid
			interest += b.Interest
			if b.Postings == 0 {
				t.Errorf("claim %s: %s, nothing posted", c.ID, d.Claim.Status)
			}
			if b.Unexplained != 0 || b.Open() < 0 {
				t.Errorf("claim %s: balance %+v", c.ID, b)
			}
		}
		adjudicated := statuses[lifecycle.Paid] + statuses[lifecycle.PartiallyPaid] +
			statuses[lifecycle.Denied]
		t.Logf("statuses %v, posted %s", statuses, amount(paid))
		if adjudicated != 54 || statuses[lifecycle.Paid] == 0 {
			t.Errorf("statuses %v", statuses)
		}
		if paid != remitted || paid == 0 || interest != interestPLB {
			t.Errorf("posted %s, remitted %s; interest %s, in PLB %s", amount(paid),
				amount(remitted), amount(interest), amount(interestPLB))
		}
	})
}

// sendKind batches claims of one kind into an 837 for the simulator's
// default receiver, marks the batch uploaded and returns its content.
func (e *env) sendKind(kind store.ClaimKind, ids []string, checked time.Time) ([]byte,
	store.Batch) {

	e.t.Helper()
	k := x837.Professional
	if kind == store.Institutional {
		k = x837.Institutional
	}
	var content []byte
	b, err := e.s.CreateBatch(e.ctx, store.BatchRequest{Connection: e.conn, ClaimIDs: ids,
		Build: func(d store.BatchDraft) (store.OutboundFile, error) {
			env := x837.DefaultBuildConfig().Envelope(e.clock)
			env.Interchange, env.Group = d.ISA13, d.GS06
			env.FirstSet, env.MaxClaimsPerSet = int(d.Sets[0].ST02), len(d.Sets[0].Claims)
			var out bytes.Buffer
			bl, err := x837.NewBuilder(&out, k, env, x837.Options{Today: checked}, "\n")
			if err != nil {
				return store.OutboundFile{}, err
			}
			for _, s := range d.Sets {
				for _, dc := range s.Claims {
					c, err := x837.DecodeClaim(dc.Document, k)
					if err != nil {
						return store.OutboundFile{}, err
					}
					if _, err := bl.Add(c); err != nil {
						return store.OutboundFile{}, err
					}
				}
			}
			if _, err := bl.Close(); err != nil {
				return store.OutboundFile{}, err
			}
			content = out.Bytes()
			return store.OutboundFile{Name: d.BatchID + ".837", Content: content,
				Type: string(kind)}, nil
		}})
	if err != nil {
		e.t.Fatalf("CreateBatch: %v", err)
	}
	if b, err = e.s.MarkBatchUploaded(e.ctx, b.ID, "/inbound/"+b.ID, e.clock); err != nil {
		e.t.Fatal(err)
	}
	return content, b
}
