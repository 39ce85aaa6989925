package posting

import (
	"testing"

	"github.com/claimflow/claimflow/edi/ta1"
	"github.com/claimflow/claimflow/edi/x999"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

func TestTA1RejectsTheInterchange(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(claimSpec{pcn: "TA1A"}, claimSpec{pcn: "TA1B"})
		b := e.send(1, ids["TA1A"], ids["TA1B"])
		res := e.apply("ta1.x12", e.ta1File(b.ISA13, ta1.Rejected, "006"))
		if res.Type != "TA1" || res.State != store.FileApplied || res.Claims != 2 ||
			res.Events != 2 || res.Moved != 2 || res.Unmatched != 0 {
			t.Errorf("result %+v", res)
		}
		for _, pcn := range []string{"TA1A", "TA1B"} {
			e.wantStatus(ids[pcn], lifecycle.RejectedClearinghouse)
			e.wantAnswers(ids[pcn], "interchange_ack v1 rejected_clearinghouse->"+
				"rejected_clearinghouse: TA1 R for ISA13 000000001: Interchange rejected: "+
				"nothing in it will be processed; note 006: Sender ID (ISA06) is not valid")
		}
		got, _, err := e.s.GetBatch(e.ctx, b.ID)
		if err != nil || got.State != store.BatchRejected {
			t.Errorf("batch %+v, %v", got, err)
		}
		acks, err := e.s.FileAcknowledgments(e.ctx, res.FileID)
		if err != nil || len(acks) != 1 || acks[0].BatchID != b.ID || acks[0].Status != "R" ||
			acks[0].NoteCode != "006" || acks[0].ISA13 != "000000001" {
			t.Errorf("acknowledgments %+v, %v", acks, err)
		}
	})
}

func TestTA1AcceptsAndMatchesNothing(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(claimSpec{pcn: "TA1C"})
		b := e.send(1, ids["TA1C"])
		e.apply("ta1-ok.x12", e.ta1File(b.ISA13, ta1.Accepted, "000"))
		e.wantStatus(ids["TA1C"], lifecycle.Submitted)
		e.wantAnswers(ids["TA1C"], "interchange_ack v1 ->submitted: TA1 A for ISA13 "+
			"000000001: Interchange accepted with no errors; note 000: No error")
		got, _, _ := e.s.GetBatch(e.ctx, b.ID)
		if got.State != store.BatchAcknowledged || got.AcknowledgedAt.IsZero() {
			t.Errorf("batch %+v", got)
		}

		res := e.apply("ta1-other.x12", e.ta1File(77, ta1.Rejected, "006"))
		if res.Unmatched != 1 || res.Events != 0 {
			t.Errorf("result %+v", res)
		}
		open, err := e.s.ListUnmatched(e.ctx, true)
		if err != nil || len(open) != 1 || open[0].Kind != "TA1" ||
			open[0].Reference != "ISA13 000000077" || open[0].Reason != store.UnmatchedNoClaim ||
			open[0].FileID != res.FileID {
			t.Errorf("unmatched %+v, %v", open, err)
		}
	})
}

// POSTING 32: a 999 that rejects one transaction set rejects every claim
// in it; the claims of the sets it accepts are accepted, and a set it does
// not name, under a partial group verdict, is left alone.
func TestPosting32_999RejectsOneSet(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(claimSpec{pcn: "S1A"}, claimSpec{pcn: "S1B"},
			claimSpec{pcn: "S2A"}, claimSpec{pcn: "S2B"}, claimSpec{pcn: "S3A"})
		b := e.send(2, ids["S1A"], ids["S1B"], ids["S2A"], ids["S2B"], ids["S3A"])
		bad := x999.SegmentError{SegmentID: "NM1", SetPosition: 25, Loop: "2010BA", Code: "8",
			Contexts: []x999.Context{{IDs: []x999.ContextID{{Name: "CLM01",
				Reference: "S2B"}}}},
			Elements: []x999.ElementError{{Element: x999.ElementPosition{Element: 9},
				Reference: "67", Code: "7", BadValue: "ZZ99"}}}
		file := e.ack999File(b.GS06, x999.PartiallyAccepted,
			set999(1, x999.Accepted), set999(2, x999.Rejected, bad))
		res := e.apply("999.x12", file)
		if res.Type != "999" || res.Claims != 4 || res.Moved != 4 || res.Unmatched != 0 {
			t.Errorf("result %+v", res)
		}
		for _, pcn := range []string{"S1A", "S1B"} {
			e.wantStatus(ids[pcn], lifecycle.Accepted)
			e.wantAnswers(ids[pcn], "set_ack v1 accepted->accepted: 999 accepted set 0001 "+
				"(IK5 A: Accepted)")
		}
		e.wantStatus(ids["S2A"], lifecycle.RejectedClearinghouse)
		e.wantAnswers(ids["S2A"], "set_ack v1 rejected_clearinghouse->rejected_clearinghouse: "+
			"999 rejected set 0002 (IK5 R: Rejected); 1 errors in other claims of the set")
		e.wantAnswers(ids["S2B"], "set_ack v1 rejected_clearinghouse->rejected_clearinghouse: "+
			"999 rejected set 0002 (IK5 R: Rejected); NM1 at position 25 in loop 2010BA: "+
			"Segment has element errors (see the IK4 that follows); element 9 (67): "+
			"Code value is not valid for this element")
		// The third set is not named and the group is partly accepted: it
		// must not be sent again, and nothing is said of it.
		e.wantStatus(ids["S3A"], lifecycle.Submitted)
		e.wantAnswers(ids["S3A"])

		acks, err := e.s.FileAcknowledgments(e.ctx, res.FileID)
		if err != nil || len(acks) != 3 {
			t.Fatalf("acknowledgments %+v, %v", acks, err)
		}
		wantErrs := `[{"segment":"NM1","position":25,"loop":"2010BA","code":"8",` +
			`"description":"Segment has element errors (see the IK4 that follows)",` +
			`"claim":"S2B","elements":[{"element":9,"reference":"67","code":"7",` +
			`"description":"Code value is not valid for this element"}]}]`
		if acks[0].ST02 != "" || acks[0].Status != "P" || acks[1].ST02 != "0001" ||
			acks[2].Status != "R" || string(acks[2].Errors) != wantErrs {
			t.Errorf("acknowledgments %+v\nerrors %s", acks, acks[2].Errors)
		}
		got, _, _ := e.s.GetBatch(e.ctx, b.ID)
		if got.State != store.BatchAcknowledged {
			t.Errorf("batch state %s", got.State)
		}
	})
}

// A group rejected whole (AK9 R, no AK2) rejects every claim of the batch.
func TestPosting32_999RejectsTheGroup(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(claimSpec{pcn: "G1"}, claimSpec{pcn: "G2"})
		b := e.send(1, ids["G1"], ids["G2"])
		e.apply("999-group.x12", e.ack999File(b.GS06, x999.Rejected))
		for _, pcn := range []string{"G1", "G2"} {
			e.wantStatus(ids[pcn], lifecycle.RejectedClearinghouse)
			e.wantAnswers(ids[pcn], "set_ack v1 rejected_clearinghouse->rejected_clearinghouse: "+
				"999 rejected group 1 (AK9 R: Rejected)")
		}
		got, _, _ := e.s.GetBatch(e.ctx, b.ID)
		if got.State != store.BatchRejected {
			t.Errorf("batch state %s", got.State)
		}

		// A 999 for a group no batch used waits for a person.
		res := e.apply("999-other.x12", e.ack999File(4242, x999.Accepted))
		open, _ := e.s.ListUnmatched(e.ctx, true)
		if res.Unmatched != 1 || len(open) != 1 || open[0].Reference != "GS06 4242" {
			t.Errorf("result %+v, unmatched %+v", res, open)
		}
	})
}

// An accepted 999 after a rejecting TA1 leaves the claim rejected, and a
// 999 that arrives after the 277CA does not move it back.
func TestAcknowledgmentsOutOfOrder(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(claimSpec{pcn: "OO1"}, claimSpec{pcn: "OO2"})
		b1 := e.send(1, ids["OO1"])
		b2 := e.send(1, ids["OO2"])
		e.apply("ta1.x12", e.ta1File(b1.ISA13, ta1.Rejected, "006"))
		e.apply("999.x12", e.ack999File(b1.GS06, x999.Accepted, set999(b1.ST02First,
			x999.Accepted)))
		e.wantStatus(ids["OO1"], lifecycle.RejectedClearinghouse)

		e.apply("277.x12", e.claimAckFile(claimStatus{pcn: "OO2", stc: []string{"A2:20:PR"},
			batch: &b2}))
		e.apply("999b.x12", e.ack999File(b2.GS06, x999.Accepted, set999(b2.ST02First,
			x999.Accepted)))
		e.wantStatus(ids["OO2"], lifecycle.Acknowledged)
		d := e.claim(ids["OO2"])
		last := d.Timeline[len(d.Timeline)-1]
		if last.Kind != lifecycle.KindSetAck || last.Moved() {
			t.Errorf("late 999: %+v", last)
		}
	})
}
