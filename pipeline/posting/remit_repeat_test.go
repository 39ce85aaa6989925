package posting

import (
	"database/sql"
	"errors"
	"reflect"
	"testing"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// POSTING 28, under a new envelope: the clearinghouse sends a payment
// again with new control numbers and dates, in a file that also holds a
// new payment. The repeated set posts nothing (not even its answer that
// matched no claim), the file says which earlier file it repeats, and the
// new set posts.
func TestPosting28_SamePaymentNewEnvelope(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RP1"), twoLines("RP2"))
		e.send(5, ids["RP1"], ids["RP2"])
		payment := remit{trace: "EFTRP1", claims: []clp{paidTwoLines("RP1", "PRP1"),
			paidTwoLines("NOBODYRP", "X9")}}
		first := e.apply("remit-1.835", e.remitFile(payment))
		if first.Unmatched != 1 || first.Claims != 1 {
			t.Fatalf("first %+v", first)
		}
		timeline := e.claim(ids["RP1"]).Timeline

		second := e.apply("remit-2.835", e.remitFile(payment,
			remit{trace: "EFTRP2", claims: []clp{paidTwoLines("RP2", "PRP2")}}))
		if second.Duplicate || second.State != store.FileApplied || second.Claims != 1 ||
			second.Unmatched != 0 || second.Repeated != 1 || second.Held != 0 {
			t.Errorf("second %+v", second)
		}
		want := []string{"warning 03: 835 set 0001 repeats the payment of set 0001 in " +
			"file " + first.FileID + " (remit-1.835): trace EFTRP1 from payer 1512345678, " +
			"160.00, the same 2 claims; nothing in it was posted again"}
		if got := e.findings(second.FileID); !reflect.DeepEqual(got, want) {
			t.Errorf("findings %q\nwant %q", got, want)
		}
		if got := e.claim(ids["RP1"]).Timeline; !reflect.DeepEqual(got, timeline) {
			t.Errorf("timeline of RP1 changed:\n%+v", got)
		}
		e.wantPostings(ids["RP1"], "original 1 80.00 [1 2]")
		e.wantBalance(ids["RP1"], paidBalance)
		e.wantStatus(ids["RP2"], lifecycle.Paid)
		e.wantBalance(ids["RP2"], paidBalance)
		rems, err := e.s.FileRemittances(e.ctx, second.FileID)
		if err != nil || len(rems) != 1 || rems[0].TraceNumber != "EFTRP2" {
			t.Errorf("remittances of the second file %+v, %v", rems, err)
		}
		if n := e.count("remittances"); n != 2 {
			t.Errorf("%d remittances", n)
		}
		if open, _ := e.s.ListUnmatched(e.ctx, true); len(open) != 1 ||
			open[0].FileID != first.FileID {
			t.Errorf("unmatched %+v", open)
		}

		// A third copy, alone in its file, changes nothing either.
		third := e.apply("remit-3.835", e.remitFile(payment))
		if third.Repeated != 1 || third.Events != 0 || third.Unmatched != 0 {
			t.Errorf("third %+v", third)
		}
		if n := e.count("remittances"); n != 2 {
			t.Errorf("%d remittances", n)
		}
	})
}

// The same payer and trace with another amount or other claims is not
// taken for a repeat, nor posted on top: its claims wait for a person,
// who compares the two files and attaches what is new money.
func TestSameTraceDifferentContentIsHeld(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RH1"), twoLines("RH2"))
		e.send(5, ids["RH1"], ids["RH2"])
		first := e.apply("remit-1.835", e.remitFile(remit{trace: "EFTRH",
			claims: []clp{paidTwoLines("RH1", "PRH1")}}))
		events := e.count("claim_events")

		more := paidTwoLines("RH2", "PRH2")
		second := e.apply("remit-2.835", e.remitFile(remit{trace: "EFTRH",
			claims: []clp{paidTwoLines("RH1", "PRH1"), more},
			plbs:   []plb{{"WO", "PRH1", 500}}}))
		if second.State != store.FileApplied || second.Held != 1 || second.Repeated != 0 ||
			second.Unmatched != 2 || second.Events != 0 {
			t.Errorf("second %+v", second)
		}
		want := []string{"warning 03: 835 set 0001 has the trace EFTRH from payer " +
			"1512345678 of set 0001 in file " + first.FileID + " (remit-1.835), but " +
			"155.00 where that one has 80.00, and other claims: its 2 claims wait for " +
			"a person and nothing was posted"}
		if got := e.findings(second.FileID); !reflect.DeepEqual(got, want) {
			t.Errorf("findings %q\nwant %q", got, want)
		}
		if n := e.count("claim_events"); n != events {
			t.Errorf("%d events, want %d", n, events)
		}
		// The held payment keeps its PLB, so its deposit reconciles, but
		// the recoupment naming RH1's payer claim number is not booked.
		var plbs []struct {
			Reason string         `db:"reason_code"`
			Cents  int64          `db:"amount_cents"`
			Claim  sql.NullString `db:"claim_id"`
		}
		if err := e.raw.Select(&plbs, "SELECT reason_code, amount_cents, claim_id "+
			"FROM provider_adjustments"); err != nil || len(plbs) != 1 ||
			plbs[0].Reason != "WO" || plbs[0].Cents != 500 || plbs[0].Claim.Valid {
			t.Errorf("provider adjustments %+v, %v", plbs, err)
		}
		e.wantPostings(ids["RH1"], "original 1 80.00 [1 2]")
		e.wantStatus(ids["RH2"], lifecycle.Submitted)

		wl, err := e.s.GetWorklist(e.ctx, store.WorklistQuery{
			Kinds: []store.WorkKind{store.WorkUnmatched}})
		if err != nil || len(wl.Items) != 2 {
			t.Fatalf("work %+v, %v", wl, err)
		}
		var got []string
		for _, it := range wl.Items {
			got = append(got, it.PCN+": "+it.Reason+" | "+it.NextStep)
		}
		step := "Compare it with file " + first.FileID + " (remit-1.835): attach it to its " +
			"claim if the payer paid again, or dismiss it if it restates that payment"
		why := ", which comes under check/EFT trace EFTRH that file " + first.FileID +
			" (remit-1.835) already brought, with a different amount or claims " +
			"(file remit-2.835)"
		wantWork := []string{
			"RH2: An 835 payment names patient control number RH2" + why + " | " + step,
			"RH1: An 835 payment names patient control number RH1" + why + " | " + step,
		}
		if !reflect.DeepEqual(got, wantWork) {
			t.Errorf("work\n%q\nwant\n%q", got, wantWork)
		}

		// The person finds RH2's payment is new money and attaches it, and
		// that RH1's restates the first payment, and dismisses it.
		for _, it := range wl.Items {
			var err error
			if it.PCN == "RH2" {
				_, err = AttachUnmatched(e.ctx, e.s, it.ID, ids["RH2"])
			} else {
				err = DismissUnmatched(e.ctx, e.s, it.ID)
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := DismissUnmatched(e.ctx, e.s, it.ID); !errors.Is(err, ErrAttached) {
				t.Errorf("dismiss again: %v", err)
			}
		}
		e.wantStatus(ids["RH2"], lifecycle.Paid)
		e.wantBalance(ids["RH2"], paidBalance)
		e.wantPostings(ids["RH1"], "original 1 80.00 [1 2]")
		if open, _ := e.s.ListUnmatched(e.ctx, true); len(open) != 0 {
			t.Errorf("unmatched %+v", open)
		}

		// The held copy again is a repeat of it: nothing more waits.
		third := e.apply("remit-3.835", e.remitFile(remit{trace: "EFTRH",
			claims: []clp{paidTwoLines("RH1", "PRH1"), more},
			plbs:   []plb{{"WO", "PRH1", 500}}}))
		if third.Repeated != 1 || third.Unmatched != 0 || third.Held != 0 {
			t.Errorf("third %+v", third)
		}
	})
}

// Reversal and correction, and more money later, come with traces of
// their own and still post; a payment with the same trace from another
// payer is another payment.
func TestSameTraceOtherPayerPosts(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RO1"), twoLines("RO2"))
		e.send(5, ids["RO1"], ids["RO2"])
		e.apply("remit-1.835", e.remitFile(remit{trace: "CHK100",
			claims: []clp{paidTwoLines("RO1", "PRO1")}}))
		other := e.remittance(remit{trace: "CHK100", claims: []clp{paidTwoLines("RO2",
			"PRO2")}})
		other.Payment.Trace.PayerID = "1999999999"
		res := e.apply("remit-2.835", e.remitFileOf(other))
		if res.Repeated != 0 || res.Held != 0 || res.Claims != 1 {
			t.Errorf("other payer %+v", res)
		}
		e.wantStatus(ids["RO2"], lifecycle.Paid)
	})
}

// Two copies of one payment in different envelopes, applied at once: one
// posts, the other is the repeat.
func TestSamePaymentAtOnce(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RC1"))
		e.send(5, ids["RC1"])
		payment := remit{trace: "EFTRC", claims: []clp{paidTwoLines("RC1", "PRC1")}}
		files := [][]byte{e.remitFile(payment), e.remitFile(payment)}
		results := make(chan Result, 2)
		errs := make(chan error, 2)
		for i, f := range files {
			go func() {
				res, err := Apply(e.ctx, e.s, Input{Name: string(rune('a'+i)) + ".835",
					Content: f, Connection: e.conn, ReceivedAt: e.clock})
				results <- res
				errs <- err
			}()
		}
		repeats := 0
		for range files {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
			repeats += (<-results).Repeated
		}
		if repeats != 1 {
			t.Errorf("%d repeats", repeats)
		}
		e.wantPostings(ids["RC1"], "original 1 80.00 [1 2]")
		e.wantBalance(ids["RC1"], paidBalance)
	})
}
