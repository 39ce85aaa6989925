package posting

import (
	"reflect"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// paidOne pays oneLine: 100.00 paid, 25.00 contractual.
func paidOne(pcn, payerNo string) clp {
	return clp{pcn: pcn, charge: 12500, paid: 10000, payerNo: payerNo,
		adjs: []cas{{"CO", "45", 2500}}}
}

// plbRows reads a remittance's provider adjustments as
// "reason reference amount claim".
func (e *env) plbRows(fileID string) []string {
	e.t.Helper()
	rems, err := e.s.FileRemittances(e.ctx, fileID)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, r := range rems {
		pas, err := e.s.RemittanceAdjustments(e.ctx, r.ID)
		if err != nil {
			e.t.Fatal(err)
		}
		for _, pa := range pas {
			out = append(out, strings.Join([]string{pa.Reason, pa.Reference,
				amount(pa.AmountCents), pa.ClaimID}, " "))
		}
	}
	return out
}

// POSTING 24: interest (AMT*I on the claim, PLB L6 in total) is interest,
// not a payment of the claim; the L6 agrees with the AMT*I.
func TestPosting24_Interest(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("RM2400"))
		id := ids["RM2400"]
		e.send(5, id)
		c := paidOne("RM2400", "P24")
		c.interest = 250
		res := e.apply("835.x12", e.remitFile(remit{trace: "EFT24", claims: []clp{c},
			plbs: []plb{{"L6", "", -250}}}))
		e.wantStatus(id, lifecycle.Paid)
		e.wantAnswers(id, "remittance v1 paid->paid: 835 EFT24 original (CLP02 1: Processed "+
			"as primary): charge 125.00, paid 100.00, patient 0.00; CO-45 25.00; payer claim "+
			"number P24; interest 2.50")
		e.wantBalance(id, Balance{Charge: 12500, Paid: 10000, WrittenOff: 2500, Interest: 250,
			Postings: 1})
		if got := e.plbRows(res.FileID); !reflect.DeepEqual(got, []string{"L6  -2.50 "}) {
			t.Errorf("provider adjustments %q", got)
		}
		rems, _ := e.s.FileRemittances(e.ctx, res.FileID)
		if rems[0].AmountCents != 10250 || rems[0].ImbalanceCents != 0 {
			t.Errorf("remittance %+v", rems[0])
		}
		for _, f := range res.Findings {
			t.Errorf("finding: %v", f)
		}
	})
}

// POSTING 25: a recoupment (PLB WO or 72) naming an earlier claim's CLP07 is
// booked against that claim; one naming no known claim stays an
// unapplied provider-level item; the claims of the current file are not
// touched, and BPR02 is the claims' payments less the PLB amounts.
func TestPosting25_Recoupment(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("RM2500"), oneLine("RM2501"))
		e.send(5, ids["RM2500"])
		e.apply("835-1.x12", e.remitFile(remit{trace: "EFT25A",
			claims: []clp{paidOne("RM2500", "PYR2500")}}))
		e.send(5, ids["RM2501"])
		res := e.apply("835-2.x12", e.remitFile(remit{trace: "EFT25B",
			claims: []clp{paidOne("RM2501", "PYR2501")},
			plbs:   []plb{{"WO", "PYR2500", 3000}, {"72", "UNKNOWN9", 1000}}}))
		want := []string{"WO PYR2500 30.00 " + ids["RM2500"], "72 UNKNOWN9 10.00 "}
		if got := e.plbRows(res.FileID); !reflect.DeepEqual(got, want) {
			t.Errorf("provider adjustments %q\nwant %q", got, want)
		}
		e.wantStatus(ids["RM2500"], lifecycle.Paid)
		got := e.answers(ids["RM2500"])
		wantNote := "note v1 ->paid: 835 EFT25B: Overpayment recovery: money taken back for " +
			"an earlier overpayment (PLB WO) of 30.00 booked against this claim, payer " +
			"claim number PYR2500"
		if len(got) != 2 || got[1] != wantNote {
			t.Errorf("answers %q", got)
		}
		e.wantBalance(ids["RM2500"], Balance{Charge: 12500, Paid: 10000, WrittenOff: 2500,
			Recouped: 3000, Postings: 1})
		e.wantBalance(ids["RM2501"], Balance{Charge: 12500, Paid: 10000, WrittenOff: 2500,
			Postings: 1})
		rems, _ := e.s.FileRemittances(e.ctx, res.FileID)
		if rems[0].AmountCents != 6000 || rems[0].ImbalanceCents != 0 {
			t.Errorf("remittance %+v", rems[0])
		}
	})
}

// POSTING 26: forward balances (PLB FB): a negative FB that brings a
// payment to zero opens one, a later positive FB with the same reference
// closes it; no claim's status changes.
func TestPosting26_ForwardBalance(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("RM2600"), oneLine("RM2601"))
		e.send(5, ids["RM2600"], ids["RM2601"])
		first := paidOne("RM2600", "P2600")
		first.paid, first.adjs = 5000, []cas{{"CO", "45", 7500}}
		e.apply("835-1.x12", e.remitFile(remit{trace: "EFT26A", claims: []clp{first},
			plbs: []plb{{"WO", "OLD77", 8000}, {"FB", "FB2600", -3000}}}))
		open, err := e.s.ForwardBalances(e.ctx, true)
		if err != nil || len(open) != 1 || open[0].Reference != "FB2600" ||
			open[0].AmountCents != -3000 || open[0].Items != 1 {
			t.Fatalf("forward balances %+v, %v", open, err)
		}
		before := len(e.claim(ids["RM2601"]).Timeline)
		e.apply("835-2.x12", e.remitFile(remit{trace: "EFT26B",
			claims: []clp{paidOne("RM2601", "P2601")}, plbs: []plb{{"FB", "FB2600", 3000}}}))
		open, _ = e.s.ForwardBalances(e.ctx, true)
		all, _ := e.s.ForwardBalances(e.ctx, false)
		if len(open) != 0 || len(all) != 1 || all[0].AmountCents != 0 || all[0].Items != 2 {
			t.Errorf("forward balances open %+v, all %+v", open, all)
		}
		if n := len(e.claim(ids["RM2601"]).Timeline); n != before+1 {
			t.Errorf("%d events added, want the remittance's only", n-before)
		}
		e.wantStatus(ids["RM2600"], lifecycle.Paid)
	})
}

// POSTING 27: a notification only (BPR01 H, BPR04 NON, BPR02 0): the claim
// results are posted, and no deposit is expected.
func TestPosting27_NotificationOnly(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("RM2700"))
		id := ids["RM2700"]
		e.send(5, id)
		res := e.apply("835.x12", e.remitFile(remit{trace: "NOTE27", handling: "H",
			method: "NON", claims: []clp{{pcn: "RM2700", charge: 12500, paid: 0,
				patient: 12500, payerNo: "P27", adjs: []cas{{"PR", "1", 12500}}}}}))
		e.wantStatus(id, lifecycle.Paid)
		e.wantAnswers(id, "remittance v1 paid->paid: 835 NOTE27 original (CLP02 1: Processed "+
			"as primary): charge 125.00, paid 0.00, patient 125.00; PR-1 125.00; payer claim "+
			"number P27; notification only: no payment to expect")
		e.wantBalance(id, Balance{Charge: 12500, Patient: 12500, Postings: 1})
		rems, _ := e.s.FileRemittances(e.ctx, res.FileID)
		if len(rems) != 1 || rems[0].Handling != "H" || rems[0].Method != "NON" ||
			rems[0].AmountCents != 0 {
			t.Errorf("remittance %+v", rems)
		}
	})
}

// POSTING 28: the same 835 again under a new name changes nothing; the
// repeat is recorded, recognised by content.
func TestPosting28_SameFileAgain(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RM2800"))
		id := ids["RM2800"]
		e.send(5, id)
		file := e.remitFile(remit{trace: "EFT28", claims: []clp{paidTwoLines("RM2800",
			"P28")}})
		first := e.apply("remit-0415.835", file)
		timeline := e.claim(id).Timeline
		counts := map[string]int{}
		for _, table := range []string{"remittances", "remit_claims", "remit_lines",
			"remit_adjustments", "claim_events", "files"} {
			counts[table] = e.count(table)
		}
		again := e.apply("remit-0415-resent.835", file)
		if !again.Duplicate || again.FileID != first.FileID || again.Events != 0 ||
			again.State != store.FileApplied {
			t.Errorf("second apply %+v", again)
		}
		for table, n := range counts {
			if got := e.count(table); got != n {
				t.Errorf("%s: %d rows, want %d", table, got, n)
			}
		}
		if got := e.claim(id).Timeline; !reflect.DeepEqual(got, timeline) {
			t.Errorf("timeline changed:\n%+v", got)
		}
		rs, err := e.s.Receipts(e.ctx, first.FileID)
		if err != nil || len(rs) != 2 || rs[0].Duplicate || !rs[1].Duplicate ||
			rs[1].Name != "remit-0415-resent.835" || rs[1].Connection != "cascade" {
			t.Errorf("receipts %+v, %v", rs, err)
		}
		byID, err := Apply(e.ctx, e.s, Input{FileID: first.FileID})
		if err != nil || !byID.AlreadyApplied || byID.Duplicate || byID.Events != 0 {
			t.Errorf("apply by ID %+v, %v", byID, err)
		}
		e.wantBalance(id, paidBalance)
	})
}

// POSTING 29 and an 835 before its 277CA: the late 277CA is recorded and
// the paid claim stays paid.
func TestPosting29_ClaimAckAfterRemittance(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RM2900"))
		id := ids["RM2900"]
		b := e.send(5, id)
		e.apply("835.x12", e.remitFile(remit{trace: "EFT29",
			claims: []clp{paidTwoLines("RM2900", "P29")}}))
		res := e.apply("277.x12", e.claimAckFile(claimStatus{pcn: "RM2900",
			stc: []string{"A2:20:PR"}, payerNo: "P29", batch: &b}))
		if res.Events != 1 || res.Moved != 0 {
			t.Errorf("result %+v", res)
		}
		e.wantStatus(id, lifecycle.Paid)
		got := e.answers(id)
		if len(got) != 2 || got[1] != "claim_ack v1 acknowledged->paid: 277CA acknowledged, "+
			"payer claim number P29; "+acceptedWords {
			t.Errorf("answers %q", got)
		}
		acks, _ := e.s.ClaimAcks(e.ctx, id)
		if len(acks) != 1 || acks[0].Version != 1 {
			t.Errorf("claim acks %+v", acks)
		}
	})
}
