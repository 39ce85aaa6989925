package posting

import (
	"testing"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// oneLine is the default claim: one 99213 line of 125.00.
func oneLine(pcn string) claimSpec { return claimSpec{pcn: pcn} }

// POSTING 11: processed (CLP02 1) but nothing paid, with CO reasons, is a
// denial; only contractual amounts are written off, never a denial.
func TestPosting11_PaidNothingIsADenial(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("RM1100"))
		id := ids["RM1100"]
		e.send(5, id)
		e.apply("835.x12", e.remitFile(remit{trace: "EFT11", claims: []clp{{pcn: "RM1100",
			charge: 12500, paid: 0, payerNo: "P11", lines: []svc{{code: "99213",
				charge: 12500, control: "RM1100L1", adjs: []cas{{"CO", "50", 12500}},
				remarks: []string{"N115"}}}}}}))
		e.wantStatus(id, lifecycle.Denied)
		e.wantAnswers(id, "remittance v1 denied->denied: 835 EFT11 original (CLP02 1: "+
			"Processed as primary): charge 125.00, paid 0.00, patient 0.00; CO-50 125.00; "+
			"payer claim number P11")
		e.wantBalance(id, Balance{Charge: 12500, Denied: 12500, Postings: 1})
		if b := e.balance(id); b.Open() != 12500 || b.WithPayer() != 0 {
			t.Errorf("open %d, with payer %d", b.Open(), b.WithPayer())
		}
		ps, _ := e.s.ClaimPostings(e.ctx, id)
		if r := ps[0].Lines[0].Remarks; len(r) != 1 || r[0].Source != "LQ" || r[0].Code != "N115" {
			t.Errorf("remarks %+v", r)
		}
	})
}

// POSTING 12: CLP02 4, a patient the payer does not know: denied, and the
// claim can be corrected and sent again.
func TestPosting12_DeniedUnknownPatient(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("RM1200"))
		id := ids["RM1200"]
		e.send(5, id)
		e.apply("835.x12", e.remitFile(remit{trace: "EFT12", claims: []clp{{pcn: "RM1200",
			status: "4", charge: 12500, paid: 0, adjs: []cas{{"CO", "31", 12500}}}}}))
		e.wantStatus(id, lifecycle.Denied)
		e.wantAnswers(id, "remittance v1 denied->denied: 835 EFT12 original (CLP02 4: "+
			"Denied): charge 125.00, paid 0.00, patient 0.00; CO-31 125.00")
		r := e.correct(id, oneLine("RM1200"))
		if r.Claim.Version != 2 {
			t.Errorf("correction %+v", r.Claim)
		}
	})
}

// POSTING 13: processed and forwarded to the next payer (CLP02 19, NM1*TT):
// the claim waits for that payer, no claim is built for it, and its
// answer (CLP02 2) settles the claim.
func TestPosting13_ForwardedToTheNextPayer(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("RM1300"))
		id := ids["RM1300"]
		e.send(5, id)
		e.apply("835-1.x12", e.remitFile(remit{trace: "EFT13A", claims: []clp{{
			pcn: "RM1300", status: "19", charge: 12500, paid: 8000, patient: 2000,
			payerNo: "P13", crossover: "77001",
			adjs: []cas{{"CO", "45", 2500}, {"PR", "2", 2000}}}}}))
		e.wantStatus(id, lifecycle.Forwarded)
		e.wantBalance(id, Balance{Charge: 12500, Paid: 8000, WrittenOff: 2500, Patient: 2000,
			Postings: 1})

		e.apply("835-2.x12", e.remitFile(remit{trace: "EFT13B", payer: "77001",
			claims: []clp{{pcn: "RM1300", status: "2", charge: 12500, paid: 2000,
				payerNo: "S13", adjs: []cas{{"OA", "23", 10500}}}}}))
		e.wantStatus(id, lifecycle.Paid)
		e.wantAnswers(id,
			"remittance v1 forwarded->forwarded: 835 EFT13A forwarded (CLP02 19: Processed "+
				"as primary and forwarded to another payer): charge 125.00, paid 80.00, "+
				"patient 20.00; CO-45 25.00, PR-2 20.00; payer claim number P13; forwarded "+
				"to 77001",
			"remittance v1 paid->paid: 835 EFT13B supplemental (CLP02 2: Processed as "+
				"secondary): charge 125.00, paid 20.00, patient 0.00; OA-23 105.00; payer "+
				"claim number S13")
		e.wantBalance(id, Balance{Charge: 12500, Paid: 10000, WrittenOff: 2500, Postings: 2})
		if n := e.count("claims"); n != 1 || e.claim(id).Claim.Version != 1 {
			t.Errorf("%d claims, version %d", n, e.claim(id).Claim.Version)
		}
	})
}

// POSTING 14: not this payer's claim (CLP02 23): no money; the claim
// waits on the payer it was sent on to, and a person follows up.
func TestPosting14_NotThisPayersClaim(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("RM1400"))
		id := ids["RM1400"]
		e.send(5, id)
		e.apply("835.x12", e.remitFile(remit{trace: "EFT14", claims: []clp{{pcn: "RM1400",
			status: "23", charge: 12500, paid: 0, crossover: "77002",
			adjs: []cas{{"OA", "109", 12500}}}}}))
		e.wantStatus(id, lifecycle.Forwarded)
		e.wantAnswers(id, "remittance v1 forwarded->forwarded: 835 EFT14 not_ours (CLP02 23: "+
			"Not this payer's claim; forwarded to another payer): charge 125.00, paid 0.00, "+
			"patient 0.00; OA-109 125.00; forwarded to 77002")
		if b := e.balance(id); b.Paid != 0 || b.Postings != 1 {
			t.Errorf("balance %+v", b)
		}
	})
}

// POSTING 15: a predetermination (CLP02 25) is an estimate: recorded, no
// status, no change to the balance.
func TestPosting15_Predetermination(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("RM1500"))
		id := ids["RM1500"]
		e.send(5, id)
		e.apply("835.x12", e.remitFile(remit{trace: "EFT15", amount: cents(0),
			method: "NON", claims: []clp{{pcn: "RM1500", status: "25", charge: 12500,
				paid: 9000, adjs: []cas{{"CO", "45", 3500}}}}}))
		e.wantStatus(id, lifecycle.Submitted)
		e.wantAnswers(id, "remittance v1 ->submitted: 835 EFT15 predetermination (CLP02 25: "+
			"Priced only (predetermination); no payment): charge 125.00, paid 90.00, "+
			"patient 0.00; CO-45 35.00; an estimate: the balance does not change; "+
			"notification only: no payment to expect")
		e.wantBalance(id, Balance{Charge: 12500})
	})
}
