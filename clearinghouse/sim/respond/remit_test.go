package respond_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x835"
	"github.com/claimflow/claimflow/edi/x837"
)

// remitsOf answers claims under sc and returns every remittance of every
// 835, each read with no finding.
func remitsOf(t testing.TB, sc respond.Scenario, claims []*x837.Claim) []*x835.Remittance {
	t.Helper()
	a := respondTo(t, newResponder(t, sc), "r.837", build(t, x837.Professional, claims))
	var out []*x835.Remittance
	for _, r := range a.remits() {
		out = append(out, read835(t, r.Data)...)
	}
	return out
}

// quiet is the default scenario without the rules that draw: every line
// allowed 80%, no copay, deductible, denial, interest or recoupment.
func quiet() respond.Scenario {
	sc := respond.DefaultScenario()
	sc.Remit.AllowedPercent = respond.Range{Min: 80, Max: 80}
	sc.Remit.CopayShare, sc.Remit.DeductibleShare, sc.Remit.DenialShare = 0, 0, 0
	sc.Remit.InterestShare, sc.Remit.RecoupmentShare = 0, 0
	return sc
}

// group sums a list of adjustments by group and reason, as "CO-45".
func byReason(adjs []x835.Adjustment) map[string]edi.Amount {
	out := map[string]edi.Amount{}
	for _, a := range adjs {
		out[a.Group+"-"+a.Reason] += a.Amount
	}
	return out
}

// checkBalance asserts the 835's arithmetic on its own terms: each line's
// charge less its adjustments is its payment, each claim's charge and
// payment are its lines', its patient responsibility its PR adjustments,
// and BPR02 the claims' payments less the provider adjustments.
func checkBalance(t testing.TB, rem *x835.Remittance) {
	t.Helper()
	var paid edi.Amount
	for _, c := range rem.Claims {
		var charge, linePaid, pr edi.Amount
		for _, l := range c.Lines {
			if got := l.Charge - x835.AdjustmentTotal(l.Adjustments); got != l.Paid {
				t.Errorf("%s line %s: %s less adjustments is %s, paid %s", c.PatientControl,
					l.Procedure.Code, l.Charge, got, l.Paid)
			}
			charge, linePaid = charge+l.Charge, linePaid+l.Paid
			pr += x835.GroupTotal(l.Adjustments, "PR")
		}
		if charge != c.Charge || linePaid != c.Paid || pr != c.PatientResp ||
			len(c.Adjustments) != 0 {
			t.Errorf("%s: CLP %s/%s/%s, lines %s/%s/%s", c.PatientControl, c.Charge, c.Paid,
				c.PatientResp, charge, linePaid, pr)
		}
		paid += c.Paid
	}
	plb := x835.ProviderAdjustmentTotal(rem.Summary.Adjustments)
	if f := rem.Payment.Financial; f.Amount != paid-plb || f.Amount < 0 {
		t.Errorf("BPR02 %s, claims paid %s, PLB %s", f.Amount, paid, plb)
	}
}

// Under the default scenario a batch of invented claims is paid, adjusted
// and shared with patients in every way the scenario allows, and every
// line, claim and payment balances.
func TestRemitBalances(t *testing.T) {
	rems := remitsOf(t, respond.DefaultScenario(), synthetic(t, people(120)))
	seen := map[string]int{}
	claims := 0
	for _, rem := range rems {
		checkBalance(t, rem)
		claims += len(rem.Claims)
		for _, c := range rem.Claims {
			for _, l := range c.Lines {
				for k := range byReason(l.Adjustments) {
					seen[k]++
				}
			}
			if c.Interest() > 0 {
				seen["AMT-I"]++
			}
		}
		for _, pa := range rem.Summary.Adjustments {
			seen["PLB-"+pa.Reason]++
		}
	}
	if claims != 120 {
		t.Errorf("%d claims paid, want 120", claims)
	}
	for _, k := range []string{"CO-45", "PR-1", "PR-2", "PR-3", "AMT-I", "PLB-L6"} {
		if seen[k] == 0 {
			t.Errorf("no %s among 120 claims: %v", k, seen)
		}
	}
	denied := seen["CO-50"] + seen["CO-96"] + seen["CO-97"] + seen["CO-16"]
	if denied == 0 || seen["PLB-L6"] != seen["AMT-I"] {
		t.Errorf("adjustments seen %v", seen)
	}
}

// Each line is allowed its percent of the charge, the rest CO-45; the
// coinsurance is its percent of what is allowed; the line echoes the
// procedure, date and line control number billed.
func TestRemitLine(t *testing.T) {
	claims := synthetic(t, people(3))
	rems := remitsOf(t, quiet(), claims)
	if len(rems) != 1 || len(rems[0].Claims) != 3 {
		t.Fatalf("%d remittances", len(rems))
	}
	for i, c := range rems[0].Claims {
		billed := claims[i].ClaimInformation
		if c.PatientControl != billed.PatientControlNumber || c.Status != "1" ||
			c.FilingIndicator != "12" || c.FacilityCode != "11" || c.Frequency != "1" ||
			len(c.Lines) != len(billed.ServiceLines) {
			t.Fatalf("claim %d: %+v", i, c)
		}
		for j, l := range c.Lines {
			bl := billed.ServiceLines[j]
			charge := edi.Amount(bl.ProfessionalService.LineItemChargeAmount.Cents)
			allowed := edi.Amount(math.Round(float64(charge) * 0.8))
			coins := edi.Amount(math.Round(float64(allowed) * 0.2))
			want := map[string]edi.Amount{"CO-45": charge - allowed, "PR-2": coins}
			if got := byReason(l.Adjustments); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("claim %d line %d: %v, want %v", i, j, got, want)
			}
			b6, _ := l.Amount("B6")
			ref, _ := l.ControlNumber()
			date, _ := l.Date("472")
			if l.Charge != charge || l.Paid != allowed-coins || b6 != allowed ||
				l.Procedure.Qualifier != "HC" ||
				l.Procedure.Code != bl.ProfessionalService.ProcedureCode ||
				l.Units != "1" || ref != bl.ProviderControlNumber ||
				string(date) != bl.ServiceDate {
				t.Errorf("claim %d line %d: %+v", i, j, l)
			}
		}
	}
}

// A copay plan puts PR-3 on the first line only; a deductible plan takes
// whole dollars of PR-1 before coinsurance.
func TestRemitPatientShare(t *testing.T) {
	sc := quiet()
	sc.Remit.CopayShare, sc.Remit.Copay = 1, edi.MustAmount("30")
	for _, c := range remitsOf(t, sc, synthetic(t, people(6)))[0].Claims {
		got := byReason(c.Lines[0].Adjustments)
		if got["PR-3"] != edi.MustAmount("30") || got["PR-2"] != 0 || got["PR-1"] != 0 ||
			c.PatientResp != edi.MustAmount("30") {
			t.Errorf("%s: first line %v, CLP05 %s", c.PatientControl, got, c.PatientResp)
		}
		for _, l := range c.Lines[1:] {
			if x835.GroupTotal(l.Adjustments, "PR") != 0 {
				t.Errorf("%s: copay on a later line", c.PatientControl)
			}
		}
	}

	sc = quiet()
	sc.Remit.DeductibleShare, sc.Remit.DeductibleMax = 1, edi.MustAmount("20")
	for _, c := range remitsOf(t, sc, synthetic(t, people(6)))[0].Claims {
		ded := c.GroupTotal("PR") - byReasonClaim(c)["PR-2"]
		if ded < edi.MustAmount("1") || ded > edi.MustAmount("20") || ded%100 != 0 {
			t.Errorf("%s: deductible %s", c.PatientControl, ded)
		}
		l := c.Lines[0]
		b6, _ := l.Amount("B6")
		got := byReason(l.Adjustments)
		if want := edi.Amount(math.Round(float64(b6-got["PR-1"]) * 0.2)); got["PR-2"] != want {
			t.Errorf("%s: coinsurance %s, want %s", c.PatientControl, got["PR-2"], want)
		}
	}
}

// byReasonClaim is byReason over every line of a claim.
func byReasonClaim(c *x835.Claim) map[string]edi.Amount {
	var all []x835.Adjustment
	for _, l := range c.Lines {
		all = append(all, l.Adjustments...)
	}
	return byReason(all)
}

// With every line denied, each is closed at zero by a denial reason with
// the remark paired with it, and a remittance that pays nothing is a
// notification.
func TestRemitDenials(t *testing.T) {
	sc := quiet()
	sc.Remit.DenialShare = 1
	pairs := map[string]string{}
	for _, d := range sc.Remit.Denials {
		pairs["CO-"+d.Reason] = d.Remark
	}
	rems := remitsOf(t, sc, synthetic(t, people(8)))
	f := rems[0].Payment.Financial
	if f.Handling != "H" || f.Method != "NON" || f.Amount != 0 || f.SenderDFI != "" {
		t.Errorf("BPR %+v", f)
	}
	seen := map[string]bool{}
	for _, c := range rems[0].Claims {
		if c.Status != "1" || c.Paid != 0 || c.PatientResp != 0 {
			t.Errorf("%s: CLP %s %s %s", c.PatientControl, c.Status, c.Paid, c.PatientResp)
		}
		for _, l := range c.Lines {
			if len(l.Adjustments) != 1 || len(l.Remarks) != 1 {
				t.Fatalf("%s: %+v", c.PatientControl, l)
			}
			a := l.Adjustments[0]
			key := a.Group + "-" + a.Reason
			if a.Amount != l.Charge || pairs[key] != l.Remarks[0].Code ||
				l.Remarks[0].Qualifier != "HE" {
				t.Errorf("%s: %s %s with %+v", c.PatientControl, key, a.Amount, l.Remarks[0])
			}
			seen[key] = true
		}
	}
	if len(seen) < 3 {
		t.Errorf("denial reasons drawn: %v", seen)
	}
}

// Members the payer cannot match have their claims denied in full: CLP02
// 4, CO-31 with N382 on every line.
func TestRemitDeniedMember(t *testing.T) {
	sc := quiet()
	sc.Remit.DeniedMemberIDs = []string{"M000000002"}
	for _, c := range remitsOf(t, sc, synthetic(t, people(3)))[0].Claims {
		denied := c.PatientControl == "SYN000002"
		if (c.Status == "4") != denied || denied && c.Paid != 0 {
			t.Errorf("%s: CLP02 %s paid %s", c.PatientControl, c.Status, c.Paid)
		}
		for _, l := range c.Lines {
			if denied && (fmt.Sprint(byReason(l.Adjustments)) !=
				fmt.Sprint(map[string]edi.Amount{"CO-31": l.Charge}) ||
				l.Remarks[0].Code != "N382") {
				t.Errorf("%s: %+v", c.PatientControl, l)
			}
		}
	}
}

// Interest is AMT*I on the claim and paid by a PLB L6 naming the claim;
// a recoupment is a PLB WO of 5 to 25 percent of the payment; BPR02 adds
// the first and takes off the second.
func TestRemitProviderAdjustments(t *testing.T) {
	sc := quiet()
	sc.Remit.InterestShare, sc.Remit.InterestPercent, sc.Remit.RecoupmentShare = 1, 2, 1
	rem := remitsOf(t, sc, synthetic(t, people(4)))[0]
	checkBalance(t, rem)
	var paid, interest edi.Amount
	l6 := map[string]edi.Amount{}
	var wo []x835.ProviderAdjustment
	for _, pa := range rem.Summary.Adjustments {
		if pa.ProviderID != "1234567893" || pa.FiscalPeriod != "20261231" {
			t.Errorf("PLB %+v", pa)
		}
		switch pa.Reason {
		case "L6":
			l6[pa.Reference] += pa.Amount
		case "WO":
			wo = append(wo, pa)
		}
	}
	for _, c := range rem.Claims {
		want := edi.Amount(math.Round(float64(c.Paid) * 0.02))
		if c.Interest() != want || l6[c.PayerControl] != -want {
			t.Errorf("%s: interest %s, L6 %s, want %s", c.PatientControl, c.Interest(),
				l6[c.PayerControl], want)
		}
		paid += c.Paid
		interest += want
	}
	if len(wo) != 1 || wo[0].Amount < paid*5/100 || wo[0].Amount > paid*25/100+1 ||
		len(wo[0].Reference) != 14 {
		t.Fatalf("recoupments %+v of %s paid", wo, paid)
	}
	if got := rem.Payment.Financial.Amount; got != paid+interest-wo[0].Amount {
		t.Errorf("BPR02 %s, want %s + %s - %s", got, paid, interest, wo[0].Amount)
	}
}

// Claims are paid by payer, one file each, and within a payer by billing
// provider, one transaction set with its own BPR and TRN each.
func TestRemitGrouping(t *testing.T) {
	ps := people(6)
	ps[1].payer, ps[3].payer = "70001", "70001"
	ps[4].npi = "1000000004"
	sc := quiet()
	sc.Remit.Method, sc.Delays.RemitSpread = respond.MethodCHK, 0
	a := respondTo(t, newResponder(t, sc), "g.837", build(t, x837.Professional,
		synthetic(t, ps)))
	var got []string
	traces := map[string]bool{}
	for _, r := range a.remits() {
		for _, rem := range read835(t, r.Data) {
			checkBalance(t, rem)
			p := rem.Payment
			var pcns []string
			for _, c := range rem.Claims {
				pcns = append(pcns, strings.TrimPrefix(c.PatientControl, "SYN00000"))
			}
			id, _ := p.Payer.Ref("2U")
			got = append(got, fmt.Sprintf("%s %s %s %s %s", r.Name[2:], id, p.Payee.ID,
				p.Financial.Method, strings.Join(pcns, ",")))
			if traces[p.Trace.Number] || len(p.Trace.Number) != 8 {
				t.Errorf("check number %q", p.Trace.Number)
			}
			traces[p.Trace.Number] = true
		}
	}
	want := []string{
		"20260312_01.835 60054 1234567893 CHK 1,3,6",
		"20260312_01.835 60054 1000000004 CHK 5",
		"20260312_02.835 70001 1234567893 CHK 2,4",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("remittances\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
