package posting

import (
	"testing"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// correct records spec as the claim's next version and checks it is ready.
func (e *env) correct(id string, spec claimSpec) Revision {
	e.t.Helper()
	r, err := Correct(e.ctx, e.s, id, spec.doc(), today)
	if err != nil {
		e.t.Fatalf("Correct: %v", err)
	}
	if r.Claim.Status != lifecycle.Ready {
		e.t.Fatalf("corrected claim is %s: %v", r.Claim.Status, r.Findings)
	}
	return r
}

const (
	// acceptedWords is how A2:20:PR reads.
	acceptedWords = "A2:20:PR (Acknowledged: accepted into the payer's adjudication system; " +
		"Accepted for processing; Payer)"
	// npiWords is how A7:562:85 reads.
	npiWords = "A7:562:85 (Rejected for invalid information; the status code says what; " +
		"Entity's National Provider Identifier (NPI); Billing provider)"
)

// POSTING 1 (277CA): TRN02 is our patient control number; the payer's
// claim number (REF*1K) is kept for corrections and voids.
func TestPosting1_ClaimAckByPCN(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(claimSpec{pcn: "CA100"}, claimSpec{pcn: "CA101"})
		b := e.send(5, ids["CA100"], ids["CA101"])
		res := e.apply("277.x12", e.claimAckFile(
			claimStatus{pcn: "CA100", stc: []string{"A2:20:PR"}, payerNo: "PYR100", batch: &b},
			claimStatus{pcn: "CA101", stc: []string{"A7:562:85"}, trace: "CH101"}))
		if res.Type != "277CA" || res.Claims != 2 || res.Moved != 2 || res.Unmatched != 0 {
			t.Errorf("result %+v", res)
		}
		e.wantStatus(ids["CA100"], lifecycle.Acknowledged)
		e.wantAnswers(ids["CA100"], "claim_ack v1 acknowledged->acknowledged: 277CA "+
			"acknowledged, payer claim number PYR100; "+acceptedWords)
		if got := e.claim(ids["CA100"]).Claim.PayerClaimNumber; got != "PYR100" {
			t.Errorf("payer claim number %q", got)
		}
		e.wantStatus(ids["CA101"], lifecycle.RejectedPayer)
		e.wantAnswers(ids["CA101"], "claim_ack v1 rejected_payer->rejected_payer: 277CA "+
			"rejected; "+npiWords)

		acks, err := e.s.ClaimAcks(e.ctx, ids["CA101"])
		wantStatuses := `[{"category":"A7","code":"562","entity":"85","date":"20260402",` +
			`"action":"U","rejected":true}]`
		if err != nil || len(acks) != 1 || acks[0].Verdict != "rejected" ||
			acks[0].Version != 1 || acks[0].ClearinghouseTrace != "CH101" ||
			string(acks[0].Statuses) != wantStatuses {
			t.Errorf("claim acks %+v, %v\n%s", acks, err, acks[0].Statuses)
		}
	})
}

// POSTING 2 (277CA): a number no claim has is kept as unmatched; attaching
// it replays the normal posting.
func TestPosting2_ClaimAckUnmatchedThenAttached(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(claimSpec{pcn: "CA200"})
		e.send(5, ids["CA200"])
		res := e.apply("277.x12", e.claimAckFile(claimStatus{pcn: "XQ-77",
			stc: []string{"A2:20:PR"}, payerNo: "PYR200"}))
		if res.Unmatched != 1 || res.Events != 0 {
			t.Fatalf("result %+v", res)
		}
		open, err := e.s.ListUnmatched(e.ctx, true)
		if err != nil || len(open) != 1 || open[0].Kind != "277CA" ||
			open[0].Reference != "XQ-77" || open[0].Reason != store.UnmatchedNoClaim {
			t.Fatalf("unmatched %+v, %v", open, err)
		}
		e.wantStatus(ids["CA200"], lifecycle.Submitted)

		out, err := AttachUnmatched(e.ctx, e.s, open[0].ID, ids["CA200"])
		if err != nil || out.Events != 1 || out.Moved != 1 {
			t.Fatalf("AttachUnmatched = %+v, %v", out, err)
		}
		e.wantStatus(ids["CA200"], lifecycle.Acknowledged)
		e.wantAnswers(ids["CA200"], "claim_ack v1 acknowledged->acknowledged: 277CA "+
			"acknowledged, payer claim number PYR200; "+acceptedWords)
		if open, _ := e.s.ListUnmatched(e.ctx, true); len(open) != 0 {
			t.Errorf("still open: %+v", open)
		}
		acks, _ := e.s.ClaimAcks(e.ctx, ids["CA200"])
		if len(acks) != 1 || acks[0].PCN != "XQ-77" {
			t.Errorf("claim acks %+v", acks)
		}
		// Attaching twice is refused.
		if _, err := AttachUnmatched(e.ctx, e.s, open[0].ID, ids["CA200"]); err == nil {
			t.Error("second attach accepted")
		}
	})
}

// POSTING 3 (277CA): a number that came back upper-cased, without its
// punctuation or cut short still finds its claim when only one fits.
func TestPosting3_ClaimAckAlteredNumber(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(claimSpec{pcn: "ab12cd34"}, claimSpec{pcn: "LONGPCN000123"},
			claimSpec{pcn: "TWIN00001"}, claimSpec{pcn: "TWIN00002"})
		e.send(10, ids["ab12cd34"], ids["LONGPCN000123"], ids["TWIN00001"],
			ids["TWIN00002"])
		res := e.apply("277.x12", e.claimAckFile(
			claimStatus{pcn: "AB-12-CD-34", stc: []string{"A2:20:PR"}},
			claimStatus{pcn: "LONGPCN0001", stc: []string{"A2:20:PR"}},
			claimStatus{pcn: "TWIN0000", stc: []string{"A2:20:PR"}}))
		if res.Claims != 2 || res.Unmatched != 1 {
			t.Errorf("result %+v", res)
		}
		e.wantStatus(ids["ab12cd34"], lifecycle.Acknowledged)
		e.wantStatus(ids["LONGPCN000123"], lifecycle.Acknowledged)
		e.wantStatus(ids["TWIN00001"], lifecycle.Submitted)
		open, _ := e.s.ListUnmatched(e.ctx, true)
		if len(open) != 1 || open[0].Reason != store.UnmatchedAmbiguous ||
			open[0].Reference != "TWIN0000" {
			t.Errorf("unmatched %+v", open)
		}
	})
}

// POSTING 30: two 277CAs with different verdicts each belong to the
// submission they name; a late rejection of the first submission does not
// undo the acceptance of the second.
func TestPosting30_EachClaimAckToItsSubmission(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(claimSpec{pcn: "CA300"})
		id := ids["CA300"]
		b1 := e.send(5, id)
		e.apply("277-1.x12", e.claimAckFile(claimStatus{pcn: "CA300",
			stc: []string{"A7:562:85"}, trace: "CHV1"}))
		e.wantStatus(id, lifecycle.RejectedPayer)

		e.correct(id, claimSpec{pcn: "CA300", lines: []lineSpec{{code: "99214",
			cents: 14000}}})
		b2 := e.send(5, id)
		e.apply("277-2.x12", e.claimAckFile(claimStatus{pcn: "CA300",
			stc: []string{"A2:20:PR"}, trace: "CHV2", batch: &b2}))
		e.wantStatus(id, lifecycle.Acknowledged)

		// The first rejection again, named by its trace number; then one
		// named by the first 837 (2200B TRN02).
		e.apply("277-1-again.x12", e.claimAckFile(claimStatus{pcn: "CA300",
			stc: []string{"A7:562:85"}, trace: "CHV1"}))
		e.apply("277-1-late.x12", e.claimAckFile(claimStatus{pcn: "CA300",
			stc: []string{"A7:562:85"}, batch: &b1}))
		e.wantStatus(id, lifecycle.Acknowledged)
		e.wantAnswers(id,
			"claim_ack v1 rejected_payer->rejected_payer: 277CA rejected; "+npiWords,
			"claim_ack v2 acknowledged->acknowledged: 277CA acknowledged; "+acceptedWords,
			"claim_ack v1 rejected_payer->acknowledged: 277CA rejected; "+npiWords,
			"claim_ack v1 rejected_payer->acknowledged: 277CA rejected; "+npiWords)
	})
}

// POSTING 31: a 277CA that rejects one service line rejects the whole
// claim, and the reason names that line.
func TestPosting31_LineRejection(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(claimSpec{pcn: "CA310", lines: []lineSpec{
			{code: "99213", cents: 10000, control: "CA310-1"},
			{code: "87880", cents: 3000, control: "CA310-2"}}})
		e.send(5, ids["CA310"])
		e.apply("277.x12", e.claimAckFile(claimStatus{pcn: "CA310",
			stc: []string{"A1:19:PR"}, lines: []lineStatus{
				{control: "CA310-1", code: "99213", cents: 10000, stc: []string{"A1:19:PR"}},
				{control: "CA310-2", code: "87880", cents: 3000, stc: []string{"A7:453"}}}}))
		e.wantStatus(ids["CA310"], lifecycle.RejectedPayer)
		e.wantAnswers(ids["CA310"], "claim_ack v1 rejected_payer->rejected_payer: "+
			"277CA rejected; A1:19:PR (Acknowledged: received, not yet accepted into "+
			"adjudication; Entity acknowledges receipt of the claim; Payer); line 2: "+
			"A7:453 (Rejected for invalid information; the status code says what; "+
			"Procedure code modifier(s) for the services)")
		acks, _ := e.s.ClaimAcks(e.ctx, ids["CA310"])
		want := `[{"category":"A1","code":"19","entity":"PR","date":"20260402",` +
			`"action":"WQ","rejected":false},{"position":1,"line":1,"control":"CA310-1",` +
			`"category":"A1","code":"19","entity":"PR","date":"20260402","action":"WQ",` +
			`"rejected":false},{"position":2,"line":2,"control":"CA310-2","category":"A7",` +
			`"code":"453","date":"20260402","action":"U","rejected":true}]`
		if len(acks) != 1 || string(acks[0].Statuses) != want {
			t.Errorf("statuses %s", acks[0].Statuses)
		}
	})
}
