package posting

import (
	"testing"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// correctedTwoLines is a new adjudication of twoLines: 90.00 paid, the
// patient owing 10.00.
func correctedTwoLines(pcn, payerNo string) clp {
	return clp{pcn: pcn, charge: 12500, paid: 9000, patient: 1000, payerNo: payerNo,
		lines: []svc{
			{code: "99213", charge: 10000, paid: 7200, control: pcn + "L1",
				adjs: []cas{{"CO", "45", 2000}, {"PR", "2", 800}}},
			{code: "87880", charge: 2500, paid: 1800, control: pcn + "L2",
				adjs: []cas{{"CO", "45", 500}, {"PR", "2", 200}}}}}
}

// correctedBalance is twoLines after paidTwoLines, its reversal and
// correctedTwoLines.
var correctedBalance = Balance{Charge: 12500, Paid: 9000, WrittenOff: 2500, Patient: 1000,
	Postings: 3}

// POSTING 16: a reversal and its correction in one file: the reversal
// cancels the original posting, the correction posts fresh, and the net of
// the file is the correction minus the original. Not a split.
func TestPosting16_ReversalAndCorrectionInOneFile(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RM1600"))
		id := ids["RM1600"]
		e.send(5, id)
		e.apply("835-1.x12", e.remitFile(remit{trace: "EFT16A",
			claims: []clp{paidTwoLines("RM1600", "P16A")}}))
		before := e.balance(id)
		e.apply("835-2.x12", e.remitFile(remit{trace: "EFT16B",
			claims: []clp{negate(paidTwoLines("RM1600", "P16A")),
				correctedTwoLines("RM1600", "P16B")}}))
		e.wantStatus(id, lifecycle.Paid)
		e.wantPostings(id, "original 1 80.00 [1 2]", "reversal 22 -80.00 [1 2]",
			"correction 1 90.00 [1 2]")
		e.wantBalance(id, correctedBalance)
		if net := e.balance(id).Paid - before.Paid; net != 1000 {
			t.Errorf("the file moved %d, want 1000", net)
		}
		e.wantAnswers(id,
			"remittance v1 paid->paid: 835 EFT16A original (CLP02 1: Processed as primary): "+
				"charge 125.00, paid 80.00, patient 20.00; CO-45 25.00, PR-2 20.00; payer "+
				"claim number P16A",
			"remittance v1 reversed->reversed: 835 EFT16B reversal (CLP02 22: Reversal of "+
				"an earlier payment): charge -125.00, paid -80.00, patient -20.00; CO-45 "+
				"-25.00, PR-2 -20.00; payer claim number P16A",
			"remittance v1 paid->paid: 835 EFT16B correction (CLP02 1: Processed as "+
				"primary): charge 125.00, paid 90.00, patient 10.00; CO-45 25.00, PR-2 10.00; "+
				"payer claim number P16B")
	})
}

// POSTING 17: a reversal and its correction in two files: in between, the
// claim is open again, its balance back with the payer.
func TestPosting17_ReversalAndCorrectionInTwoFiles(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RM1700"))
		id := ids["RM1700"]
		e.send(5, id)
		e.apply("835-1.x12", e.remitFile(remit{trace: "EFT17A",
			claims: []clp{paidTwoLines("RM1700", "P17A")}}))
		e.apply("835-2.x12", e.remitFile(remit{trace: "EFT17B",
			claims: []clp{negate(paidTwoLines("RM1700", "P17A"))}}))
		e.wantStatus(id, lifecycle.Reversed)
		e.wantBalance(id, Balance{Charge: 12500, Postings: 2})
		if b := e.balance(id); b.WithPayer() != 12500 {
			t.Errorf("with payer %d", b.WithPayer())
		}
		// A reopened claim is awaited: it can be flagged late.
		if _, err := e.s.AppendEvent(e.ctx, id, store.NewEvent{Kind: lifecycle.KindStuck}); err != nil {
			t.Errorf("stuck: %v", err)
		}

		e.apply("835-3.x12", e.remitFile(remit{trace: "EFT17C",
			claims: []clp{correctedTwoLines("RM1700", "P17B")}}))
		e.wantStatus(id, lifecycle.Paid)
		e.wantBalance(id, correctedBalance)
		if e.claim(id).Claim.Stuck() {
			t.Error("still stuck after the correction")
		}
	})
}

// POSTING 18: a reversal of a payment never posted here is held for a
// person and changes no balance; once the payment is posted, attaching the
// held reversal cancels it.
func TestPosting18_ReversalOfNothingPosted(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RM1800"))
		id := ids["RM1800"]
		e.send(5, id)
		res := e.apply("835-1.x12", e.remitFile(remit{trace: "EFT18A",
			claims: []clp{negate(paidTwoLines("RM1800", "P18"))}}))
		if res.Unmatched != 1 || res.Moved != 0 {
			t.Errorf("result %+v", res)
		}
		e.wantStatus(id, lifecycle.Submitted)
		e.wantBalance(id, Balance{Charge: 12500})
		e.wantAnswers(id, "note v1 ->submitted: 835 EFT18A: a reversal (CLP02 22) of a "+
			"payment never posted here is held for a person: charge -125.00, paid -80.00; "+
			"payer claim number P18")
		open, _ := e.s.ListUnmatched(e.ctx, true)
		if len(open) != 1 || open[0].Reason != store.UnmatchedReversal ||
			open[0].Reference != "RM1800" {
			t.Fatalf("unmatched %+v", open)
		}
		// Attached now, it still has nothing to cancel.
		if _, err := AttachUnmatched(e.ctx, e.s, open[0].ID, id); err == nil {
			t.Fatal("a reversal of nothing was attached")
		}

		e.apply("835-2.x12", e.remitFile(remit{trace: "EFT18B",
			claims: []clp{paidTwoLines("RM1800", "P18")}}))
		e.wantStatus(id, lifecycle.Paid)
		if _, err := AttachUnmatched(e.ctx, e.s, open[0].ID, id); err != nil {
			t.Fatalf("AttachUnmatched: %v", err)
		}
		e.wantStatus(id, lifecycle.Reversed)
		e.wantPostings(id, "reversal 22 -80.00 [1 2]", "original 1 80.00 [1 2]")
		e.wantBalance(id, Balance{Charge: 12500, Postings: 2})
	})
}

// POSTING 19: the same claim paid again in a later 835 is posted as a
// supplemental payment, on top of the first.
func TestPosting19_SupplementalPayment(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("RM1900"))
		id := ids["RM1900"]
		e.send(5, id)
		e.apply("835-1.x12", e.remitFile(remit{trace: "EFT19A", claims: []clp{{
			pcn: "RM1900", charge: 12500, paid: 7000, payerNo: "P19", lines: []svc{{
				code: "99213", charge: 12500, paid: 7000, control: "RM1900L1",
				adjs: []cas{{"CO", "45", 5500}}}}}}}))
		e.apply("835-2.x12", e.remitFile(remit{trace: "EFT19B", claims: []clp{{
			pcn: "RM1900", charge: 0, paid: 1000, payerNo: "P19", lines: []svc{{
				code: "99213", charge: 0, paid: 1000, control: "RM1900L1",
				adjs: []cas{{"CO", "45", -1000}}}}}}}))
		e.wantStatus(id, lifecycle.Paid)
		e.wantPostings(id, "original 1 70.00 [1]", "supplemental 1 10.00 [1]")
		e.wantBalance(id, Balance{Charge: 12500, Paid: 8000, WrittenOff: 4500, Postings: 2})
	})
}

// threeLines is a claim the payer splits: 100.00, 25.00 and 20.00.
func threeLines(pcn string) claimSpec {
	return claimSpec{pcn: pcn, lines: []lineSpec{{code: "99213", cents: 10000},
		{code: "87880", cents: 2500}, {code: "36415", cents: 2000}}}
}

// splitHalves are the two CLPs of threeLines split by the payer.
func splitHalves(pcn string) (clp, clp) {
	a := clp{pcn: pcn, charge: 12500, paid: 10000, payerNo: pcn + "S1", lines: []svc{
		{code: "99213", charge: 10000, paid: 8000, control: pcn + "L1",
			adjs: []cas{{"CO", "45", 2000}}},
		{code: "87880", charge: 2500, paid: 2000, control: pcn + "L2",
			adjs: []cas{{"CO", "45", 500}}}}}
	b := clp{pcn: pcn, charge: 2000, paid: 1500, payerNo: pcn + "S2", lines: []svc{
		{code: "36415", charge: 2000, paid: 1500, control: pcn + "L3",
			adjs: []cas{{"CO", "45", 500}}}}}
	return a, b
}

// POSTING 20: a claim the payer split into two CLPs (same CLP01, another
// CLP07): each covers some lines, and the claim is settled when every line
// is.
func TestPosting20_SplitClaimInOneFile(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(threeLines("RM2000"))
		id := ids["RM2000"]
		e.send(5, id)
		a, b := splitHalves("RM2000")
		e.apply("835.x12", e.remitFile(remit{trace: "EFT20", claims: []clp{a, b}}))
		e.wantStatus(id, lifecycle.Paid)
		e.wantPostings(id, "original 1 100.00 [1 2]", "split 1 15.00 [3]")
		e.wantAnswers(id,
			"remittance v1 partially_paid->partially_paid: 835 EFT20 original (CLP02 1: "+
				"Processed as primary): charge 125.00, paid 100.00, patient 0.00; CO-45 "+
				"25.00; payer claim number RM2000S1; lines not yet adjudicated: 3",
			"remittance v1 paid->paid: 835 EFT20 split (CLP02 1: Processed as primary): "+
				"charge 20.00, paid 15.00, patient 0.00; CO-45 5.00; payer claim number "+
				"RM2000S2")
		e.wantBalance(id, Balance{Charge: 14500, Paid: 11500, WrittenOff: 3000, Postings: 2})
	})
}

// POSTING 21: the split halves in different files: the line still open
// stays pending, not denied, and CLP03 need not be the claim's total.
func TestPosting21_SplitClaimInTwoFiles(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(threeLines("RM2100"))
		id := ids["RM2100"]
		e.send(5, id)
		a, b := splitHalves("RM2100")
		e.apply("835-1.x12", e.remitFile(remit{trace: "EFT21A", claims: []clp{a}}))
		e.wantStatus(id, lifecycle.PartiallyPaid)
		if bal := e.balance(id); bal.WithPayer() != 2000 || bal.Denied != 0 {
			t.Errorf("balance %+v", bal)
		}
		e.apply("835-2.x12", e.remitFile(remit{trace: "EFT21B", claims: []clp{b}}))
		e.wantStatus(id, lifecycle.Paid)
		e.wantPostings(id, "original 1 100.00 [1 2]", "split 1 15.00 [3]")
	})
}

// POSTING 22: bundling: a line closed at zero with CO-97, a bundled line
// with a negative OA-94, a line the payer added at zero charge: no new
// charge, no denial, and the claim balances.
func TestPosting22_Bundling(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(claimSpec{pcn: "RM2200", lines: []lineSpec{
			{code: "99213", cents: 10000}, {code: "36415", cents: 2000}}})
		id := ids["RM2200"]
		e.send(5, id)
		res := e.apply("835.x12", e.remitFile(remit{trace: "EFT22", claims: []clp{{
			pcn: "RM2200", charge: 12000, paid: 9000, payerNo: "P22", lines: []svc{
				{code: "99213", charge: 10000, paid: 9000, control: "RM2200L1",
					adjs: []cas{{"CO", "45", 3000}, {"OA", "94", -2000}}},
				{code: "36415", charge: 2000, paid: 0, control: "RM2200L2",
					adjs: []cas{{"CO", "97", 2000}}},
				{code: "99000", charge: 0, paid: 0}}}}}))
		e.wantStatus(id, lifecycle.Paid)
		e.wantPostings(id, "original 1 90.00 [1 2 0]")
		e.wantAnswers(id, "remittance v1 paid->paid: 835 EFT22 original (CLP02 1: Processed "+
			"as primary): charge 120.00, paid 90.00, patient 0.00; CO-45 30.00, OA-94 -20.00, "+
			"CO-97 20.00; payer claim number P22; 1 service lines match no claim line")
		e.wantBalance(id, Balance{Charge: 12000, Paid: 9000, WrittenOff: 3000, Postings: 1})
		for _, f := range res.Findings {
			t.Errorf("finding: %v", f)
		}
	})
}

// POSTING 23: claim-level adjustments stay at claim level; charge minus
// paid minus patient responsibility is checked against the other
// adjustments, and a mismatch is flagged, never forced to balance.
func TestPosting23_ClaimLevelAdjustmentsAndMismatch(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RM2300"))
		id := ids["RM2300"]
		e.send(5, id)
		res := e.apply("835.x12", e.remitFile(remit{trace: "EFT23", claims: []clp{{
			pcn: "RM2300", charge: 12500, paid: 8000, patient: 2000,
			adjs: []cas{{"CO", "45", 2000}}, lines: []svc{
				{code: "99213", charge: 10000, paid: 6400, control: "RM2300L1",
					adjs: []cas{{"PR", "2", 1600}}},
				{code: "87880", charge: 2500, paid: 1600, control: "RM2300L2",
					adjs: []cas{{"PR", "2", 400}}}}}}}))
		e.wantStatus(id, lifecycle.Paid)
		e.wantAnswers(id, "remittance v1 paid->paid: 835 EFT23 original (CLP02 1: Processed "+
			"as primary): charge 125.00, paid 80.00, patient 20.00; CO-45 20.00, PR-2 "+
			"20.00; does not add up: 5.00 of the charge is not explained")
		e.wantBalance(id, Balance{Charge: 12500, Paid: 8000, WrittenOff: 2000, Patient: 2000,
			Unexplained: 500, Postings: 1})
		ps, _ := e.s.ClaimPostings(e.ctx, id)
		if len(ps[0].Adjustments) != 1 || ps[0].Adjustments[0].Reason != "45" ||
			ps[0].ImbalanceCents != 500 {
			t.Errorf("claim-level adjustments %+v, imbalance %d", ps[0].Adjustments,
				ps[0].ImbalanceCents)
		}
		if len(res.Findings) == 0 {
			t.Error("the reader's balancing findings were not kept")
		}
	})
}

// A second payment that restates the whole adjudication, rather than
// adding to it, leaves the claim paid more than it owes: it is posted as
// the payer sent it, and the work list shows the credit with the figures.
func TestRestatedPaymentIsACreditBalance(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("RM1901"))
		id := ids["RM1901"]
		e.send(5, id)
		full := func(trace string) []byte {
			return e.remitFile(remit{trace: trace, claims: []clp{{
				pcn: "RM1901", charge: 12500, paid: 7000, payerNo: "P1901", lines: []svc{{
					code: "99213", charge: 12500, paid: 7000, control: "RM1901L1",
					adjs: []cas{{"CO", "45", 5500}}}}}}})
		}
		e.apply("835-1.x12", full("EFT1901A"))
		e.apply("835-2.x12", full("EFT1901B"))
		e.wantStatus(id, lifecycle.Paid)

		wl, err := e.s.GetWorklist(e.ctx, store.WorklistQuery{
			Kinds: []store.WorkKind{store.WorkOverpaid}})
		if err != nil {
			e.t.Fatal(err)
		}
		if len(wl.Items) != 1 {
			e.t.Fatalf("overpaid items: %+v", wl.Items)
		}
		it := wl.Items[0]
		want := "Paid more than is owed: on a charge of $125.00 the payers paid $140.00, " +
			"adjusted $110.00 and left $0.00 to the patient, which together come to $125.00 " +
			"more than the charge (a credit balance)"
		if it.ClaimID != id || it.AmountCents != 12500 || it.Reason != want {
			e.t.Errorf("item = %+v", it)
		}
		if na := wl.NeedsAction(); na.Count != 1 || na.Cents != 12500 {
			e.t.Errorf("needs action = %+v", na)
		}
	})
}
