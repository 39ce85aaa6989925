package posting

import (
	"errors"
	"testing"

	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

func TestCorrectAfterPayerRejection(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("CR1"))
		id := ids["CR1"]
		e.send(5, id)
		if _, err := Correct(e.ctx, e.s, id, oneLine("CR1").doc(), today); !errors.Is(err,
			lifecycle.ErrNotAllowed) {
			t.Errorf("correction while awaited: %v", err)
		}
		e.apply("277.x12", e.claimAckFile(claimStatus{pcn: "CR1", stc: []string{"A7:562:85"},
			payerNo: "PYRCR1"}))
		e.wantStatus(id, lifecycle.RejectedPayer)

		// A replacement without the original's number takes the one the
		// 277CA gave.
		fixed := oneLine("CR1")
		fixed.freq = "7"
		r := e.correct(id, fixed)
		if r.Claim.Version != 2 || r.Claim.PayerClaimNumber != "PYRCR1" {
			t.Errorf("revision %+v", r.Claim)
		}
		v := e.claim(id).Current
		c, err := x837.DecodeClaim(v.Document, x837.Professional)
		if err != nil || c.ClaimInformation.ClaimSupplementalInformation.ClaimControlNumber !=
			"PYRCR1" || v.FrequencyCode != "7" || v.PayerClaimNumber != "PYRCR1" {
			t.Errorf("version %+v, %v", v, err)
		}
		// The first version and its answer stay on the timeline.
		if got := e.answers(id); len(got) != 1 || got[0][:13] != "claim_ack v1 " {
			t.Errorf("answers %q", got)
		}

		// A correction that fails its checks is stored invalid.
		bad := oneLine("CR1")
		bad.npi = "1234567890"
		e.send(5, id)
		e.apply("277b.x12", e.claimAckFile(claimStatus{pcn: "CR1",
			stc: []string{"A7:562:85"}}))
		r, err = Correct(e.ctx, e.s, id, bad.doc(), today)
		if err != nil || r.Claim.Status != lifecycle.Invalid || len(r.Findings) != 1 {
			t.Errorf("invalid correction %+v, %v", r, err)
		}
	})
}

func TestVoid(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("VD1"), oneLine("VD2"), oneLine("VD3"), oneLine("VD4"),
			oneLine("VD5"))

		// Never sent: withdrawn.
		r, err := Void(e.ctx, e.s, ids["VD1"], today)
		if err != nil || !r.Withdrawn || r.Claim.Status != lifecycle.Void {
			t.Errorf("void of a ready claim: %+v, %v", r, err)
		}

		// Paid: a frequency 8 version naming the payer's claim number.
		e.send(5, ids["VD2"], ids["VD3"], ids["VD4"], ids["VD5"])
		e.apply("835.x12", e.remitFile(remit{trace: "EFTV", claims: []clp{
			paidOne("VD2", "PYRVD2"), {pcn: "VD5", status: "4", charge: 12500,
				adjs: []cas{{"CO", "31", 12500}}}}}))
		e.apply("277.x12", e.claimAckFile(claimStatus{pcn: "VD3", stc: []string{"A2:20:PR"}}))
		r, err = Void(e.ctx, e.s, ids["VD2"], today)
		if err != nil || r.Withdrawn || r.Claim.Status != lifecycle.Ready ||
			r.Claim.Version != 2 {
			t.Fatalf("void of a paid claim: %+v, %v", r, err)
		}
		v := e.claim(ids["VD2"]).Current
		c, err := x837.DecodeClaim(v.Document, x837.Professional)
		if err != nil || c.ClaimInformation.ClaimFrequencyCode != "8" ||
			c.ClaimInformation.ClaimSupplementalInformation.ClaimControlNumber != "PYRVD2" ||
			v.FrequencyCode != "8" {
			t.Errorf("void version %+v, %v", v, err)
		}

		// Acknowledged but no payer claim number known.
		_, err = Void(e.ctx, e.s, ids["VD3"], today)
		if !errors.Is(err, lifecycle.ErrNotAllowed) || err.Error() != "void claim "+ids["VD3"]+
			": transition not allowed: it is acknowledged: a clearinghouse or payer has it "+
			"and has not answered yet; a new version can be made once the answer comes, or "+
			"when the claim is late (stuck)" {
			t.Errorf("void of an acknowledged claim awaiting payment: %v", err)
		}
		// Denied, and the payer gave no claim number to void.
		if _, err := Void(e.ctx, e.s, ids["VD5"], today); !errors.Is(err,
			ErrNoPayerClaimNumber) {
			t.Errorf("void without a payer claim number: %v", err)
		}
		// In flight and not late: refused.
		if _, err := Void(e.ctx, e.s, ids["VD4"], today); !errors.Is(err,
			lifecycle.ErrNotAllowed) {
			t.Errorf("void of a submitted claim: %v", err)
		}
	})
}
