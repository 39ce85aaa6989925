package posting

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/claimflow/claimflow/edi/ta1"
	"github.com/claimflow/claimflow/edi/x999"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

var errInjected = errors.New("injected failure")

// withFailure returns a context in which a poster's write number n fails;
// every write's name is appended to seen when it is not nil.
func withFailure(ctx context.Context, n int, seen *[]string) context.Context {
	return context.WithValue(ctx, failKey{}, failHook(func(step int, what string) error {
		if seen != nil {
			*seen = append(*seen, what)
		}
		if step == n {
			return errInjected
		}
		return nil
	}))
}

// answerTables are the tables a file's application writes to.
var answerTables = []string{"acknowledgments", "claim_acks", "remittances", "remit_claims",
	"remit_lines", "remit_adjustments", "remit_remarks", "provider_adjustments",
	"unmatched_responses", "claim_events"}

// snapshot counts the rows of the answer tables and reads the claims'
// statuses and the batches' states.
func (e *env) snapshot(ids map[string]string, batches ...store.Batch) map[string]any {
	e.t.Helper()
	out := map[string]any{}
	for _, t := range answerTables {
		out[t] = e.count(t)
	}
	for pcn, id := range ids {
		c := e.claim(id).Claim
		out["claim "+pcn] = string(c.Status) + " " + c.PayerClaimNumber
	}
	for _, b := range batches {
		got, _, err := e.s.GetBatch(e.ctx, b.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		out["batch "+b.ID] = got.State
	}
	return out
}

// A file of every kind of answer, failed at each of its writes in turn,
// leaves nothing behind each time, and then applies whole.
func TestApplyIsAllOrNothing(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("AN1"), twoLines("AN2"), oneLine("AN3"))
		b1 := e.send(1, ids["AN1"], ids["AN2"])
		b2 := e.send(5, ids["AN3"])
		e.apply("835-0.x12", e.remitFile(remit{trace: "EFT0",
			claims: []clp{paidOne("AN3", "PYRAN3")}}))

		var file bytes.Buffer
		file.Write(e.ta1File(b1.ISA13, ta1.Accepted, "000"))
		file.Write(e.ack999File(b1.GS06, x999.PartiallyAccepted,
			set999(b1.ST02First, x999.Accepted), set999(b1.ST02First+1, x999.Rejected)))
		file.Write(e.claimAckFile(claimStatus{pcn: "AN1", stc: []string{"A2:20:PR"},
			payerNo: "PYRAN1", batch: &b1}, claimStatus{pcn: "NOBODY", stc: []string{"A2:20"}}))
		file.Write(e.remitFile(remit{trace: "EFT1", claims: []clp{
			paidTwoLines("AN1", "PYRAN1"), paidTwoLines("NOBODY2", "X1")},
			plbs: []plb{{"WO", "PYRAN3", 1000}}}))
		content := file.Bytes()

		// Fail the first write, then the second, and so on: each time
		// nothing may remain, and the file stays stored, waiting.
		before := e.snapshot(ids, b1, b2)
		var steps []string
		n := 1
		for ; ; n++ {
			steps = steps[:0]
			ctx := withFailure(e.ctx, n, &steps)
			res, err := Apply(ctx, e.s, Input{Name: "all.x12", Content: content,
				Connection: e.conn, ReceivedAt: e.clock})
			if err == nil {
				if res.State != store.FileApplied || res.Duplicate || res.AlreadyApplied {
					t.Fatalf("result %+v", res)
				}
				break
			}
			if !errors.Is(err, errInjected) {
				t.Fatalf("write %d: %v", n, err)
			}
			if got := e.snapshot(ids, b1, b2); !reflect.DeepEqual(got, before) {
				t.Fatalf("failing write %d (%s) left\n%v\nwant\n%v", n, steps[n-1], got,
					before)
			}
			f, err := e.s.GetFile(e.ctx, res.FileID)
			if err != nil || f.State != store.FileReceived {
				t.Fatalf("file after failing write %d: %+v, %v", n, f, err)
			}
		}
		want := []string{"TA1 acknowledgments", "batch state", "999 acknowledgments",
			"batch state", "277CA statuses", "remittance", "remittance claims",
			"provider adjustments", "unmatched answers", "claim events", "file state"}
		if n != len(want)+1 || !reflect.DeepEqual(steps, want) {
			t.Errorf("%d writes %q\nwant %q", n-1, steps, want)
		}

		e.wantStatus(ids["AN1"], lifecycle.Paid)
		e.wantStatus(ids["AN2"], lifecycle.RejectedClearinghouse)
		e.wantStatus(ids["AN3"], lifecycle.Paid)
		if got := e.balance(ids["AN3"]).Recouped; got != 1000 {
			t.Errorf("recouped %d", got)
		}
		open, _ := e.s.ListUnmatched(e.ctx, true)
		if len(open) != 2 {
			t.Errorf("unmatched %+v", open)
		}

		// Applying it again changes nothing.
		after := e.snapshot(ids, b1, b2)
		res := e.apply("all-again.x12", content)
		if !res.Duplicate || !reflect.DeepEqual(e.snapshot(ids, b1, b2), after) {
			t.Errorf("again: %+v", res)
		}
	})
}

// Files that are not answers are kept, with what was found in them, and
// change no claim.
func TestApplyKeepsWhatItDoesNotApply(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("KP1"))
		b := e.send(5, ids["KP1"])
		sent, err := e.s.FileContent(e.ctx, b.FileID)
		if err != nil {
			t.Fatal(err)
		}
		good := e.ta1File(b.ISA13, ta1.Rejected, "006")
		broken := append(append([]byte{}, good...), []byte("ISA*00*BROKEN~")...)
		for _, tt := range []struct {
			name, content, typ, state string
			findings                  bool
		}{
			{"report.txt", "Daily report\nClaims accepted: 3\n", "unknown", store.FileReport,
				false},
			{"claims.837", string(sent), "837P", store.FileIgnored, true},
			{"broken.x12", string(broken), "TA1", store.FileUnreadable, true},
		} {
			res := e.apply(tt.name, []byte(tt.content))
			if res.Type != tt.typ || res.State != tt.state || res.Events != 0 ||
				(len(res.Findings) > 0) != tt.findings {
				t.Errorf("%s: %+v", tt.name, res)
			}
			f, err := e.s.GetFile(e.ctx, res.FileID)
			if err != nil || f.State != tt.state || f.Type != tt.typ {
				t.Errorf("%s: stored %+v, %v", tt.name, f, err)
			}
			content, err := e.s.FileContent(e.ctx, res.FileID)
			if err != nil || string(content) != tt.content {
				t.Errorf("%s: content not kept", tt.name)
			}
			again := e.apply(tt.name+".again", []byte(tt.content))
			if !again.Duplicate || again.State != tt.state {
				t.Errorf("%s again: %+v", tt.name, again)
			}
		}
		e.wantStatus(ids["KP1"], lifecycle.Submitted)
		if n := e.count("acknowledgments"); n != 0 {
			t.Errorf("%d acknowledgments from an unreadable file", n)
		}
	})
}

// A 999 for a group no batch used, attached by a person to a claim,
// rejects that claim alone.
func TestAttachAcknowledgment(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("AT1"), oneLine("AT2"))
		e.send(5, ids["AT1"], ids["AT2"])
		e.apply("999.x12", e.ack999File(777, x999.Rejected))
		open, _ := e.s.ListUnmatched(e.ctx, true)
		if len(open) != 1 {
			t.Fatalf("unmatched %+v", open)
		}
		res, err := AttachUnmatched(e.ctx, e.s, open[0].ID, ids["AT1"])
		if err != nil || res.Moved != 1 {
			t.Fatalf("AttachUnmatched = %+v, %v", res, err)
		}
		e.wantStatus(ids["AT1"], lifecycle.RejectedClearinghouse)
		e.wantAnswers(ids["AT1"], "set_ack v1 rejected_clearinghouse->rejected_clearinghouse: "+
			"999 R attached by a person")
		e.wantStatus(ids["AT2"], lifecycle.Submitted)

		if _, err := AttachUnmatched(e.ctx, e.s, open[0].ID, ids["AT2"]); !errors.Is(err,
			ErrAttached) {
			t.Errorf("second attach: %v", err)
		}
		ready := e.importClaims(oneLine("AT3"))
		e.apply("999b.x12", e.ack999File(778, x999.Rejected))
		open, _ = e.s.ListUnmatched(e.ctx, true)
		if _, err := AttachUnmatched(e.ctx, e.s, open[0].ID, ready["AT3"]); !errors.Is(err,
			ErrNotSent) {
			t.Errorf("attach to a claim never sent: %v", err)
		}
	})
}

// Two files posting to one claim at once, each half of a split claim:
// whichever goes second sees the first, and the claim ends paid.
func TestConcurrentRemittancesToOneClaim(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(threeLines("CC1"))
		e.send(5, ids["CC1"])
		a, b := splitHalves("CC1")
		files := [][]byte{e.remitFile(remit{trace: "EFTCCA", claims: []clp{a}}),
			e.remitFile(remit{trace: "EFTCCB", claims: []clp{b}})}
		errs := make(chan error, 2)
		for i, f := range files {
			go func() {
				_, err := Apply(e.ctx, e.s, Input{Name: string(rune('a'+i)) + ".835",
					Content: f, Connection: e.conn, ReceivedAt: e.clock})
				errs <- err
			}()
		}
		for range files {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		e.wantStatus(ids["CC1"], lifecycle.Paid)
		e.wantBalance(ids["CC1"], Balance{Charge: 14500, Paid: 11500, WrittenOff: 3000,
			Postings: 2})
	})
}
