package respond_test

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x277"
	"github.com/claimflow/claimflow/edi/x837"
)

// statusOf renders a claim's STC composites as "A7:164:IL A3:116:PR".
func statusOf(c *x277.Claim) string {
	var out []string
	for _, s := range c.Statuses {
		code := s.Codes[0]
		v := code.Category + ":" + code.Code
		if code.Entity != "" {
			v += ":" + code.Entity
		}
		out = append(out, v+"/"+s.Action)
	}
	return strings.Join(out, " ")
}

// The 277CA rejects each claim by every rule it breaks, accepts the rest
// with a payer claim number, and counts both at the levels above.
func TestClaimAckRules(t *testing.T) {
	sc := respond.DefaultScenario()
	sc.ClaimAck = respond.ClaimAckRules{
		InvalidMemberIDs:     []string{"M000000002"},
		InvalidMemberPattern: "^XX",
		UnknownPayerIDs:      []string{"99999"},
		UnknownBillingNPIs:   []string{"1111111112"},
	}
	ps := people(7)
	ps[1].member = "M000000002"                   // listed as invalid
	ps[2].member = "XX00000003"                   // matches the pattern
	ps[3].payer = "99999"                         // unknown payer
	ps[4].npi = "1111111112"                      // billing NPI not enrolled
	ps[5].payer, ps[5].member = "99999", "XXA777" // two rules at once
	claims := synthetic(t, ps)
	a := respondTo(t, newResponder(t, sc), "rules.837", build(t, x837.Professional, claims))

	got := read277(t, a["rules.277"].Data)
	want := []string{
		"A2:20/WQ",
		"A7:164:IL/U",
		"A7:164:IL/U",
		"A3:116:PR/U",
		"A7:562:85/U",
		"A3:116:PR/U A7:164:IL/U",
		"A2:20/WQ",
	}
	if len(got) != len(want) {
		t.Fatalf("%d claims, want %d", len(got), len(want))
	}
	var accepted, rejected edi.Amount
	for i, c := range got {
		charge := edi.Amount(claims[i].ClaimInformation.ClaimChargeAmount.Cents)
		if s := statusOf(c); s != want[i] {
			t.Errorf("claim %d: %s, want %s", i, s, want[i])
		}
		if c.Trace != ps[i].pcn || !strings.HasPrefix(c.ClearinghouseTrace, "CH26068") ||
			len(c.ClearinghouseTrace) != 15 {
			t.Errorf("claim %d: trace %q, D9 %q", i, c.Trace, c.ClearinghouseTrace)
		}
		if got, _ := c.Charge(); got != charge {
			t.Errorf("claim %d: charge %s, want %s", i, got, charge)
		}
		if c.Rejected() {
			rejected += charge
			if c.PayerClaimNumber != "" {
				t.Errorf("claim %d: rejected with payer claim number %q", i, c.PayerClaimNumber)
			}
			continue
		}
		accepted += charge
		if !strings.HasPrefix(c.PayerClaimNumber, "26068") || len(c.PayerClaimNumber) != 14 {
			t.Errorf("claim %d: payer claim number %q", i, c.PayerClaimNumber)
		}
	}

	// Claim 4 comes from another billing provider: the provider levels
	// follow the 837's billing HLs, each with its own totals.
	rcv := got[0].Receiver.Totals
	if *rcv.AcceptedCount != 2 || *rcv.RejectedCount != 5 ||
		*rcv.AcceptedAmount != accepted || *rcv.RejectedAmount != rejected {
		t.Errorf("receiver totals %d/%d %s/%s", *rcv.AcceptedCount, *rcv.RejectedCount,
			*rcv.AcceptedAmount, *rcv.RejectedAmount)
	}
	var provs []string
	for _, c := range got {
		p := c.Provider
		if len(provs) == 0 || !strings.HasPrefix(provs[len(provs)-1], p.ID+":") {
			provs = append(provs, fmt.Sprintf("%s:%s:%s", p.ID, p.Name.ID, counts(p.Totals)))
		}
	}
	if s := strings.Join(provs, " "); s != "3:1234567893:1/3 8:1111111112:0/1 "+
		"10:1234567893:1/1" {
		t.Errorf("provider levels %s", s)
	}

	// Rejected claims are not paid; the accepted ones are.
	paid := 0
	for _, r := range a.remits() {
		for _, rem := range read835(t, r.Data) {
			for _, c := range rem.Claims {
				if c.PatientControl != ps[0].pcn && c.PatientControl != ps[6].pcn {
					t.Errorf("claim %s paid", c.PatientControl)
				}
				paid++
			}
		}
	}
	if paid != 2 {
		t.Errorf("%d claims paid, want 2", paid)
	}
}

// counts renders a level's totals as accepted/rejected.
func counts(t x277.Totals) string {
	n := func(p *int) int {
		if p == nil {
			return 0
		}
		return *p
	}
	return fmt.Sprintf("%d/%d", n(t.AcceptedCount), n(t.RejectedCount))
}

// The hierarchy of a 277CA: the clearinghouse as source with the dates
// the batch was received and processed, the submitter as receiver with
// the 837's BHT03, each claim's patient named as in the 837.
func TestClaimAckLevels(t *testing.T) {
	claims := loadClaims(t, "837p-dependent.json")
	a := respondTo(t, newResponder(t, respond.DefaultScenario()), "dep.837",
		build(t, x837.Professional, claims))
	r := x277.NewReader(bytes.NewReader(a["dep.277"].Data))
	var levels []string
	for {
		it, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch v := it.(type) {
		case *x277.Level:
			levels = append(levels, fmt.Sprintf("%s/%s %s %s %s %s %s", v.ID, v.ParentID,
				v.Code, v.Name.Code, v.Name.Last, v.Name.ID, v.Trace.Type))
			if v.Code == x277.LevelSource &&
				(v.Received != "20260309" || v.Processed != "20260309" ||
					v.Header.Date != "20260309" || v.Header.Time != "1830") {
				t.Errorf("source dates %s %s, BHT %s %s", v.Received, v.Processed,
					v.Header.Date, v.Header.Time)
			}
			if v.Code == x277.LevelReceiver && v.Trace.Number != "0000047110001" {
				t.Errorf("receiver trace %q, want the 837's BHT03", v.Trace.Number)
			}
		case *x277.Claim:
			if v.ServiceDate.Start == "" {
				t.Errorf("claim without service date")
			}
		}
	}
	noFindings(t, "277CA", r.Findings())
	d := claims[0].Dependent
	want := []string{
		"1/ 20 AY CLAIMFLOW SIMULATED CLEARINGHOUSE CLEARINGHOUSE 1",
		"2/1 21 41 BRIGHTWATER BILLING CO BWB0042 2",
		"3/2 19 85 JUNIPER FAMILY MEDICINE 1234567893 1",
		"4/3 PT QC " + d.LastName + " " + claims[0].Subscriber.MemberID + " ",
	}
	if strings.Join(levels, "\n") != strings.Join(want, "\n") {
		t.Errorf("levels\n%s\nwant\n%s", strings.Join(levels, "\n"), strings.Join(want, "\n"))
	}
}
