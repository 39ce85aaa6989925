package posting

import (
	"reflect"
	"testing"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// balance reads a claim's balance.
func (e *env) balance(id string) Balance {
	e.t.Helper()
	b, err := ClaimBalance(e.ctx, e.s, id)
	if err != nil {
		e.t.Fatalf("ClaimBalance: %v", err)
	}
	return b
}

// wantBalance checks a claim's balance.
func (e *env) wantBalance(id string, want Balance) {
	e.t.Helper()
	if got := e.balance(id); got != want {
		e.t.Errorf("balance %+v\nwant    %+v", got, want)
	}
	// The sums the claim keeps in its row, updated as payments are
	// recorded and attached, agree with its payments added up afresh.
	tl, err := e.s.GetClaimTimeline(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	kept := [3]int64{tl.Claim.PaidCents, tl.Claim.AdjustedCents, tl.Claim.PatientCents}
	added := [3]int64{tl.Money.PaidCents, tl.Money.AdjustedCents, tl.Money.PatientCents}
	if b := e.balance(id); tl.Claim.PatientCents != b.Patient || tl.Claim.PaidCents != b.Paid {
		e.t.Errorf("claim %s: the views say paid %d, patient %d; posting says %d, %d", id,
			tl.Claim.PaidCents, tl.Claim.PatientCents, b.Paid, b.Patient)
	}
	if kept != added {
		e.t.Errorf("claim %s keeps paid, adjusted, patient %v; its payments add up to %v",
			id, kept, added)
	}
}

// postings reads a claim's postings as "posting CLP02 paid [line numbers]".
func (e *env) postings(id string) []string {
	e.t.Helper()
	ps, err := e.s.ClaimPostings(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, rc := range ps {
		s := rc.Posting + " " + rc.StatusCode + " " + amount(rc.PaidCents) + " ["
		for i, l := range rc.Lines {
			if i > 0 {
				s += " "
			}
			s += string(rune('0' + l.LineNumber))
		}
		out = append(out, s+"]")
	}
	return out
}

func (e *env) wantPostings(id string, want ...string) {
	e.t.Helper()
	if got := e.postings(id); !reflect.DeepEqual(got, want) {
		e.t.Errorf("postings %q\nwant %q", got, want)
	}
}

// twoLines is a claim of two lines, 100.00 and 25.00.
func twoLines(pcn string) claimSpec {
	return claimSpec{pcn: pcn, lines: []lineSpec{{code: "99213", cents: 10000},
		{code: "87880", cents: 2500}}}
}

// paidTwoLines is the 835 claim that pays twoLines: 80% allowed, the
// patient owing 20% of it.
func paidTwoLines(pcn, payerNo string) clp {
	return clp{pcn: pcn, charge: 12500, paid: 8000, patient: 2000, payerNo: payerNo,
		lines: []svc{
			{code: "99213", charge: 10000, paid: 6400, control: pcn + "L1",
				adjs: []cas{{"CO", "45", 2000}, {"PR", "2", 1600}}},
			{code: "87880", charge: 2500, paid: 1600, control: pcn + "L2",
				adjs: []cas{{"CO", "45", 500}, {"PR", "2", 400}}},
		}}
}

// paidBalance is the balance of twoLines once paidTwoLines is posted.
var paidBalance = Balance{Charge: 12500, Paid: 8000, WrittenOff: 2500, Patient: 2000,
	Postings: 1}

// POSTING 1 (835): CLP01 is our patient control number and each line
// comes back with its REF*6R; the payer's claim number is kept.
func TestPosting1_RemittanceByPCN(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("RM100"))
		id := ids["RM100"]
		e.send(5, id)
		res := e.apply("835.x12", e.remitFile(remit{trace: "EFT1",
			claims: []clp{paidTwoLines("RM100", "PYR100")}}))
		if res.Type != "835" || res.Claims != 1 || res.Moved != 1 || res.Unmatched != 0 ||
			len(res.Findings) != 0 {
			t.Errorf("result %+v", res)
		}
		e.wantStatus(id, lifecycle.Paid)
		e.wantAnswers(id, "remittance v1 paid->paid: 835 EFT1 original (CLP02 1: Processed "+
			"as primary): charge 125.00, paid 80.00, patient 20.00; CO-45 25.00, PR-2 20.00; "+
			"payer claim number PYR100")
		e.wantPostings(id, "original 1 80.00 [1 2]")
		e.wantBalance(id, paidBalance)
		b := e.balance(id)
		if b.Open() != 2000 || b.WithPayer() != 0 {
			t.Errorf("open %d, with payer %d", b.Open(), b.WithPayer())
		}
		if got := e.claim(id).Claim.PayerClaimNumber; got != "PYR100" {
			t.Errorf("payer claim number %q", got)
		}
		rems, err := e.s.FileRemittances(e.ctx, res.FileID)
		if err != nil || len(rems) != 1 || rems[0].AmountCents != 8000 ||
			rems[0].TraceNumber != "EFT1" || rems[0].ImbalanceCents != 0 ||
			rems[0].PayeeNPI != "1234567893" || rems[0].PaymentDate != "2026-04-15" {
			t.Errorf("remittances %+v, %v", rems, err)
		}
	})
}
