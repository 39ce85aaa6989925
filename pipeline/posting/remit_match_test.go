package posting

import (
	"testing"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// POSTING 2 (835): a CLP whose number no claim has is kept unmatched and
// posts nothing; attaching it to the right claim replays the posting.
func TestPosting2_RemittanceUnmatchedThenAttached(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RM200"))
		id := ids["RM200"]
		e.send(5, id)
		c := paidTwoLines("RM200", "PYR200")
		c.pcn = "ZZ-999"
		res := e.apply("835.x12", e.remitFile(remit{trace: "EFT2", claims: []clp{c}}))
		if res.Unmatched != 1 || res.Events != 0 {
			t.Errorf("result %+v", res)
		}
		e.wantStatus(id, lifecycle.Submitted)
		e.wantBalance(id, Balance{Charge: 12500})
		open, _ := e.s.ListUnmatched(e.ctx, true)
		if len(open) != 1 || open[0].Kind != "835" || open[0].Reference != "ZZ-999" ||
			open[0].Reason != store.UnmatchedNoClaim {
			t.Fatalf("unmatched %+v", open)
		}

		out, err := AttachUnmatched(e.ctx, e.s, open[0].ID, id)
		if err != nil || out.Events != 1 || out.Moved != 1 {
			t.Fatalf("AttachUnmatched = %+v, %v", out, err)
		}
		e.wantStatus(id, lifecycle.Paid)
		e.wantPostings(id, "original 1 80.00 [1 2]")
		e.wantBalance(id, paidBalance)
		e.wantAnswers(id, "remittance v1 paid->paid: 835 EFT2 original (CLP02 1: Processed "+
			"as primary): charge 125.00, paid 80.00, patient 20.00; CO-45 25.00, PR-2 20.00; "+
			"payer claim number PYR200")
		if open, _ := e.s.ListUnmatched(e.ctx, true); len(open) != 0 {
			t.Errorf("still open %+v", open)
		}
		if _, err := AttachUnmatched(e.ctx, e.s, res.FileID, id); err == nil {
			t.Error("attaching a file ID as an answer succeeded")
		}
	})
}

// POSTING 3 (835): an altered number still finds its claim, but only when
// one claim fits.
func TestPosting3_RemittanceAlteredNumber(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("Ab300x"), twoLines("LONGPCN3000001"),
			twoLines("DUPL30001"), twoLines("DUPL30002"))
		e.send(10, ids["Ab300x"], ids["LONGPCN3000001"], ids["DUPL30001"], ids["DUPL30002"])
		upper := paidTwoLines("Ab300x", "P3A")
		upper.pcn = "AB-300-X"
		cut := paidTwoLines("LONGPCN3000001", "P3B")
		cut.pcn = "LONGPCN30000"
		twin := paidTwoLines("DUPL30001", "P3C")
		twin.pcn = "DUPL3000"
		res := e.apply("835.x12", e.remitFile(remit{trace: "EFT3",
			claims: []clp{upper, cut, twin}}))
		if res.Claims != 2 || res.Unmatched != 1 {
			t.Errorf("result %+v", res)
		}
		e.wantStatus(ids["Ab300x"], lifecycle.Paid)
		e.wantStatus(ids["LONGPCN3000001"], lifecycle.Paid)
		e.wantStatus(ids["DUPL30001"], lifecycle.Submitted)
		e.wantStatus(ids["DUPL30002"], lifecycle.Submitted)
		open, _ := e.s.ListUnmatched(e.ctx, true)
		if len(open) != 1 || open[0].Reason != store.UnmatchedAmbiguous {
			t.Errorf("unmatched %+v", open)
		}
	})
}

// POSTING 4: a corrected claim sent under a new number: the reversal names
// the old number and the correction the new one, and both belong to the
// claim through its chain of submissions. The replacement took the payer's
// claim number by itself.
func TestPosting4_CorrectionUnderANewNumber(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RM400"))
		id := ids["RM400"]
		e.send(5, id)
		e.apply("835-1.x12", e.remitFile(remit{trace: "EFT4A",
			claims: []clp{paidTwoLines("RM400", "PYR400A")}}))

		fixed := twoLines("RM400B")
		fixed.freq = "7"
		r := e.correct(id, fixed)
		if r.Claim.PCN != "RM400B" || r.Claim.Version != 2 {
			t.Fatalf("correction %+v", r.Claim)
		}
		v2 := e.claim(id).Current
		if v2.PayerClaimNumber != "PYR400A" || v2.FrequencyCode != "7" {
			t.Errorf("replacement %+v", v2)
		}
		e.send(5, id)

		reversal := negate(paidTwoLines("RM400", "PYR400A"))
		correction := clp{pcn: "RM400B", charge: 12500, paid: 9000, patient: 1000,
			payerNo: "PYR400B", lines: []svc{
				{code: "99213", charge: 10000, paid: 7200, control: "RM400BL1",
					adjs: []cas{{"CO", "45", 2000}, {"PR", "2", 800}}},
				{code: "87880", charge: 2500, paid: 1800, control: "RM400BL2",
					adjs: []cas{{"CO", "45", 500}, {"PR", "2", 200}}}}}
		e.apply("835-2.x12", e.remitFile(remit{trace: "EFT4B",
			claims: []clp{reversal, correction}}))
		e.wantStatus(id, lifecycle.Paid)
		e.wantAnswers(id,
			"remittance v1 paid->paid: 835 EFT4A original (CLP02 1: Processed as primary): "+
				"charge 125.00, paid 80.00, patient 20.00; CO-45 25.00, PR-2 20.00; payer "+
				"claim number PYR400A",
			"remittance v1 reversed->submitted: 835 EFT4B reversal (CLP02 22: Reversal of "+
				"an earlier payment): charge -125.00, paid -80.00, patient -20.00; CO-45 "+
				"-25.00, PR-2 -20.00; payer claim number PYR400A",
			"remittance v2 paid->paid: 835 EFT4B correction (CLP02 1: Processed as "+
				"primary): charge 125.00, paid 90.00, patient 10.00; CO-45 25.00, PR-2 10.00; "+
				"payer claim number PYR400B")
		e.wantPostings(id, "original 1 80.00 [1 2]", "reversal 22 -80.00 [1 2]",
			"correction 1 90.00 [1 2]")
		e.wantBalance(id, Balance{Charge: 12500, Paid: 9000, WrittenOff: 2500,
			Patient: 1000, Postings: 3})
		if got := e.claim(id).Claim.PayerClaimNumber; got != "PYR400B" {
			t.Errorf("payer claim number %q", got)
		}
	})
}

// negate is the reversal of a CLP: status 22 and every amount negated.
func negate(c clp) clp {
	c.status = "22"
	c.charge, c.paid, c.patient, c.interest = -c.charge, -c.paid, -c.patient, -c.interest
	neg := func(as []cas) []cas {
		out := make([]cas, len(as))
		for i, a := range as {
			out[i] = cas{a.group, a.reason, -a.cents}
		}
		return out
	}
	c.adjs = neg(c.adjs)
	lines := make([]svc, len(c.lines))
	for i, l := range c.lines {
		l.charge, l.paid, l.adjs = -l.charge, -l.paid, neg(l.adjs)
		lines[i] = l
	}
	c.lines = lines
	return c
}

// POSTING 5: a claim billed to one payer and then to another: each answer
// goes to the submission for the payer that sent it (its payer ID, and
// the payer order its CLP02 gives).
func TestPosting5_AnswerToThePayersSubmission(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RM500"))
		id := ids["RM500"]
		e.send(5, id)
		e.apply("835-1.x12", e.remitFile(remit{trace: "EFT5A", payer: "60054",
			claims: []clp{paidTwoLines("RM500", "PYR500")}}))

		// The patient's coverage had changed: the claim goes to the new
		// payer under the same number.
		other := twoLines("RM500")
		other.payer = "77001"
		e.correct(id, other)
		e.send(5, id)

		// A late payment from the first payer (no payer claim number to go
		// by) and the new payer's answer.
		late := clp{pcn: "RM500", charge: 0, paid: 500, adjs: []cas{{"CO", "45", -500}}}
		second := clp{pcn: "RM500", charge: 12500, paid: 10000, patient: 2500,
			payerNo: "NEW500", adjs: []cas{{"PR", "1", 2500}}}
		e.apply("835-2.x12", e.remitFile(remit{trace: "EFT5B", payer: "60054",
			claims: []clp{late}}, remit{trace: "EFT5C", payer: "77001",
			claims: []clp{second}}))
		e.wantStatus(id, lifecycle.Paid)
		e.wantPostings(id, "original 1 80.00 [1 2]", "supplemental 1 5.00 []",
			"original 1 100.00 []")
		ps, _ := e.s.ClaimPostings(e.ctx, id)
		if v := [3]int{ps[0].Version, ps[1].Version, ps[2].Version}; v != [3]int{1, 1, 2} {
			t.Errorf("versions %v", v)
		}
		got := e.answers(id)
		if len(got) != 3 || got[1][:31] != "remittance v1 paid->submitted: " ||
			got[2][:25] != "remittance v2 paid->paid:" {
			t.Errorf("answers %q", got)
		}
	})
}

// POSTING 6: names and member IDs that differ are never the key: the
// number decides.
func TestPosting6_NamesAreNotTheKey(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RM600"))
		e.send(5, ids["RM600"])
		other := paidTwoLines("RM600", "PYR600")
		other.patientLast, other.memberID = "SOMEONEELSE", "XX111"
		stranger := paidTwoLines("NOPE600", "PYR601")
		res := e.apply("835.x12", e.remitFile(remit{trace: "EFT6",
			claims: []clp{other, stranger}}))
		if res.Claims != 1 || res.Unmatched != 1 {
			t.Errorf("result %+v", res)
		}
		e.wantStatus(ids["RM600"], lifecycle.Paid)
	})
}

// POSTING 7: lines without REF*6R match on procedure, charge and date, one
// line each; identical lines are taken in the order they were sent.
func TestPosting7_LinesWithoutControlNumbers(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(claimSpec{pcn: "RM700", lines: []lineSpec{
			{code: "99213", cents: 5000}, {code: "99213", cents: 5000},
			{code: "87880", cents: 2500}}})
		id := ids["RM700"]
		e.send(5, id)
		e.apply("835.x12", e.remitFile(remit{trace: "EFT7", claims: []clp{{pcn: "RM700",
			charge: 12500, paid: 9000, lines: []svc{
				{code: "87880", charge: 2500, paid: 2000, adjs: []cas{{"CO", "45", 500}}},
				{code: "99213", charge: 5000, paid: 4000, adjs: []cas{{"CO", "45", 1000}}},
				{code: "99213", charge: 5000, paid: 3000, adjs: []cas{{"CO", "45", 2000}}},
			}}}}))
		e.wantPostings(id, "original 1 90.00 [3 1 2]")
		e.wantStatus(id, lifecycle.Paid)
	})
}

// POSTING 8: the payer paid a different code (SVC01) and returned ours in
// SVC06: the line matches on SVC06, and no new charge appears.
func TestPosting8_PaidAsAnotherCode(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(claimSpec{pcn: "RM800", lines: []lineSpec{
			{code: "99214", cents: 15000}}})
		id := ids["RM800"]
		e.send(5, id)
		e.apply("835.x12", e.remitFile(remit{trace: "EFT8", claims: []clp{{pcn: "RM800",
			charge: 15000, paid: 8000, lines: []svc{{code: "99213", billed: "99214",
				charge: 15000, paid: 8000, adjs: []cas{{"CO", "45", 7000}}}}}}}))
		e.wantAnswers(id, "remittance v1 paid->paid: 835 EFT8 original (CLP02 1: Processed "+
			"as primary): charge 150.00, paid 80.00, patient 0.00; CO-45 70.00; line 1 "+
			"billed 99214, paid as 99213")
		e.wantPostings(id, "original 1 80.00 [1]")
		e.wantBalance(id, Balance{Charge: 15000, Paid: 8000, WrittenOff: 7000, Postings: 1})
	})
}

// POSTING 9: a modifier the payer dropped: the line matches on code and
// modifier, else on the code alone when only one line has it; when two
// lines have it, the line is left for a person.
func TestPosting9_DroppedModifier(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(claimSpec{pcn: "RM900", lines: []lineSpec{
			{code: "99213", mods: []string{"25"}, cents: 10000},
			{code: "87880", mods: []string{"QW"}, cents: 2500}}},
			claimSpec{pcn: "RM901", lines: []lineSpec{
				{code: "99213", mods: []string{"25"}, cents: 5000},
				{code: "99213", mods: []string{"59"}, cents: 6000}}})
		e.send(5, ids["RM900"], ids["RM901"])
		e.apply("835.x12", e.remitFile(remit{trace: "EFT9", claims: []clp{
			{pcn: "RM900", charge: 12500, paid: 10000, lines: []svc{
				{code: "87880", charge: 2500, paid: 2000, adjs: []cas{{"CO", "45", 500}}},
				{code: "99213", charge: 10000, paid: 8000, adjs: []cas{{"CO", "45", 2000}}}}},
			{pcn: "RM901", charge: 11000, paid: 5000, lines: []svc{
				{code: "99213", charge: 5500, paid: 5000, adjs: []cas{{"CO", "45", 500}}}},
				adjs: []cas{{"CO", "45", 5500}}},
		}}))
		e.wantPostings(ids["RM900"], "original 1 100.00 [2 1]")
		e.wantStatus(ids["RM900"], lifecycle.Paid)
		e.wantPostings(ids["RM901"], "original 1 50.00 [0]")
		e.wantStatus(ids["RM901"], lifecycle.PartiallyPaid)
		e.wantAnswers(ids["RM901"], "remittance v1 partially_paid->partially_paid: 835 EFT9 "+
			"original (CLP02 1: Processed as primary): charge 110.00, paid 50.00, "+
			"patient 0.00; CO-45 60.00; 1 service lines match no claim line; lines not yet "+
			"adjudicated: 1, 2")
	})
}

// POSTING 10: the date of a line without REF*6R comes from its DTM*472;
// placeholders are no date, and lines then go in the order they were sent.
func TestPosting10_LineDates(t *testing.T) {
	eachEnv(t, func(e *env) {
		spec := func(pcn string) claimSpec {
			return claimSpec{pcn: pcn, lines: []lineSpec{
				{code: "99213", cents: 5000, date: "20260301"},
				{code: "99213", cents: 5000, date: "20260302"}}}
		}
		ids := e.importClaims(spec("RM1000"), spec("RM1001"))
		e.send(5, ids["RM1000"], ids["RM1001"])
		line := func(date string, paid int64) svc {
			return svc{code: "99213", charge: 5000, paid: paid, date: date,
				adjs: []cas{{"CO", "45", 5000 - paid}}}
		}
		e.apply("835.x12", e.remitFile(remit{trace: "EFT10", claims: []clp{
			{pcn: "RM1000", charge: 10000, paid: 8500,
				lines: []svc{line("20260302", 4500), line("20260301", 4000)}},
			{pcn: "RM1001", charge: 10000, paid: 8500,
				lines: []svc{line("19000101", 4500), line("00000000", 4000)}},
		}}))
		e.wantPostings(ids["RM1000"], "original 1 85.00 [2 1]")
		e.wantPostings(ids["RM1001"], "original 1 85.00 [1 2]")
		ps, _ := e.s.ClaimPostings(e.ctx, ids["RM1001"])
		if d := ps[0].Lines[0].ServiceDate + "|" + ps[0].Lines[1].ServiceDate; d != "|" {
			t.Errorf("placeholder dates stored as %q", d)
		}
		ps, _ = e.s.ClaimPostings(e.ctx, ids["RM1000"])
		if d := ps[0].Lines[0].ServiceDate; d != "2026-03-02" {
			t.Errorf("date stored as %q", d)
		}
	})
}
