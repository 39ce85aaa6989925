package x835

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/internal/testgen"
)

// TestTestdata reads each invented file and compares everything read,
// positions and findings included, with its reviewed golden dump.
func TestTestdata(t *testing.T) {
	names, _ := filepath.Glob(filepath.Join("testdata", "*.835"))
	if len(names) < 5 {
		t.Fatalf("only %d testdata files", len(names))
	}
	for _, name := range names {
		t.Run(filepath.Base(name), func(t *testing.T) {
			items, fs := readItems(t, readFile(t, name))
			var b strings.Builder
			b.WriteString(dumpItems(items, true))
			b.WriteString("READER FINDINGS\n")
			for _, l := range findingLines(fs) {
				b.WriteString("  " + l + "\n")
			}
			checkGolden(t, filepath.Base(name)+".txt", b.String())
		})
	}
}

func TestReversalAndCorrection(t *testing.T) {
	items, fs := readItems(t, readFile(t, "testdata/reversal.835"))
	pays, claims, sums := split(items)
	if len(fs) != 0 || len(pays) != 1 || len(claims) != 2 || len(sums) != 1 {
		t.Fatalf("%d findings, %d/%d/%d items", len(fs), len(pays), len(claims), len(sums))
	}
	rev, cor := claims[0], claims[1]
	if rev.Status != "22" || rev.Charge != -20000 || rev.Paid != -12000 ||
		rev.PatientResp != -4000 || rev.PayerControl != "PYR0001A" {
		t.Errorf("reversal %s %s %s %s %s", rev.Status, rev.Charge, rev.Paid, rev.PatientResp,
			rev.PayerControl)
	}
	if ref, _ := cor.Ref("F8"); cor.Status != "1" || cor.Paid != 15000 || ref != "PYR0001A" ||
		cor.PatientControl != rev.PatientControl {
		t.Errorf("correction %s %s F8 %q", cor.Status, cor.Paid, ref)
	}
	if a := rev.Lines[0].Adjustments; a[0].Amount != -4000 || a[1].Group != "PR" {
		t.Errorf("reversal CAS %+v", a)
	}
	if rev.Imbalance() != 0 || cor.Imbalance() != 0 || rev.Lines[0].Imbalance() != 0 {
		t.Error("imbalance")
	}
	if tot := sums[0].Totals; tot.Paid != 3000 || tot.Expected() != pays[0].Financial.Amount {
		t.Errorf("totals %+v", tot)
	}
	if b6, _ := rev.Lines[0].Amount("B6"); b6 != -16000 {
		t.Errorf("reversed allowed amount %s", b6)
	}
	if rev.Payment != pays[0] || sums[0].Payment != pays[0] || rev.Header != cor.Header {
		t.Error("claims and summary do not point at their payment and header")
	}
}

func TestClaimShapes(t *testing.T) {
	items, fs := readItems(t, readFile(t, "testdata/claims.835"))
	pays, c, sums := split(items)
	if len(fs) != 0 || len(c) != 5 {
		t.Fatalf("%d claims, findings %v", len(c), fs)
	}
	if pays[0].Financial.Handling != "C" || sums[0].Totals.Expected() != 51000 {
		t.Errorf("BPR %+v, expected %s", pays[0].Financial, sums[0].Totals.Expected())
	}

	// A split claim: one CLP01, two CLP07s, each with MA15 and its own line.
	if c[0].PatientControl != c[1].PatientControl || c[0].PayerControl == c[1].PayerControl {
		t.Error("split halves")
	}
	for _, h := range c[:2] {
		if got := h.Outpatient.RemarkCodes(); !slices.Equal(got, []string{"MA15"}) ||
			len(h.Lines) != 1 {
			t.Errorf("split half %s: %v", h.PayerControl, got)
		}
	}

	// A denial: status 4, nothing paid, the reason at claim level, no lines.
	d := c[2]
	if d.Status != "4" || d.Paid != 0 || len(d.Lines) != 0 || d.GroupTotal("CO") != 15000 ||
		d.Adjustments[0].Reason != "31" {
		t.Errorf("denial %+v", d)
	}

	// A crossover: status 19 with the carrier forwarded to.
	x := c[3]
	if x.Status != "19" || x.Crossover == nil || x.Crossover.ID != "OM777" ||
		x.Crossover.IDQualifier != "PI" || x.Lines[0].Remarks[0].Code != "N4" {
		t.Errorf("crossover %+v", x)
	}

	// Claim-level CAS, a code changed by the payer, a line without REF*6R.
	m := c[4]
	if m.Adjustments[0].Group != "OA" || m.Adjustments[0].Amount != 2000 || m.Imbalance() != 0 {
		t.Errorf("claim-level CAS %+v", m.Adjustments)
	}
	l1, l2 := m.Lines[0], m.Lines[1]
	if l1.Procedure.Code != "99213" || l1.Original == nil || l1.Original.Code != "99214" ||
		l1.OriginalUnits != "1" {
		t.Errorf("SVC06 %+v %+v", l1.Procedure, l1.Original)
	}
	if _, ok := l1.ControlNumber(); ok {
		t.Error("line 1 has no REF*6R")
	}
	if n, _ := l2.ControlNumber(); n != "MG2004-2" {
		t.Errorf("line 2 REF*6R %q", n)
	}
	// CAS*CO*45*20*1*59*0: a quantity on the first triplet, a zero second.
	want := []Adjustment{{Group: "CO", Reason: "45", Amount: 2000, Quantity: "1", Triplet: 1},
		{Group: "CO", Reason: "59", Amount: 0, Triplet: 2}}
	for i, a := range l1.Adjustments[:2] {
		a.Pos = edi.Position{}
		if a != want[i] {
			t.Errorf("triplet %d: %+v", i+1, a)
		}
	}
	if m.Header == nil || m.Header.Summary.TotalCharge != 90000 {
		t.Errorf("TS3 %+v", m.Header)
	}
}

func TestProviderAdjustments(t *testing.T) {
	items, fs := readItems(t, readFile(t, "testdata/provider.835"))
	pays, claims, sums := split(items)
	if len(pays) != 4 || len(sums) != 4 || len(claims) != 5 {
		t.Fatalf("%d/%d/%d items", len(pays), len(claims), len(sums))
	}
	plb := func(s *Summary) []string {
		var out []string
		for _, pa := range s.Adjustments {
			out = append(out, pa.Reason+" "+pa.Reference+" "+pa.Amount.String())
		}
		return out
	}

	// A set with no claims: an advance payment, PLB only.
	if got := plb(sums[0]); !slices.Equal(got, []string{"AP ADV2026 -75.00"}) ||
		sums[0].Totals.Claims != 0 || sums[0].Totals.Expected() != 7500 {
		t.Errorf("PLB-only set: %v %+v", got, sums[0].Totals)
	}
	// Recoupment of an earlier claim, and a refund the provider sent.
	if got := plb(sums[1]); !slices.Equal(got, []string{"WO PYR0009Z 40.00", "72 REF.1.2 10.00"}) {
		t.Errorf("recoupment %v", got)
	}
	// No payment: a reversal larger than the claim paid, interest, and a
	// forward balance that brings the payment to zero.
	f := pays[2].Financial
	if f.Handling != "H" || f.Method != "NON" || f.Amount != 0 {
		t.Errorf("BPR %+v", f)
	}
	if tot := sums[2].Totals; tot.Paid != -4000 || tot.Interest != 250 ||
		tot.InterestPLB != -250 || tot.Expected() != 0 || len(sums[2].Findings) != 0 {
		t.Errorf("totals %+v, findings %v", tot, sums[2].Findings)
	}
	if got := plb(sums[2]); !slices.Equal(got, []string{"L6 PYR0003D -2.50", "FB FWD001 -37.50"}) {
		t.Errorf("interest and forward balance %v", got)
	}
	if claims[3].Interest() != 250 {
		t.Errorf("AMT*I %s", claims[3].Interest())
	}
	// The forward balance taken back later, and interest with no L6.
	if got := plb(sums[3]); !slices.Equal(got, []string{"FB FWD001 37.50"}) {
		t.Errorf("later forward balance %v", got)
	}
	want := []string{"warning segment 103 (ISA 000000103, GS 103, ST 0004 position 24) SE: " +
		"the claims report 5.00 of interest (AMT*I), but the PLB L6 adjustments pay 0.00"}
	if got := findingLines(sums[3].Findings); !slices.Equal(got, want) ||
		!slices.Equal(findingLines(fs), want) {
		t.Errorf("findings %v", got)
	}
	if f := sums[3].Findings[0]; !errors.Is(f, ErrBalance) || !errors.Is(f, edi.ErrData) {
		t.Error("an interest finding is a balancing finding")
	}
}

func TestLenient(t *testing.T) {
	items, fs := readItems(t, readFile(t, "testdata/lenient.835"))
	pays, c, sums := split(items)
	if len(pays) != 1 || len(c) != 3 || len(sums) != 1 {
		t.Fatalf("%d/%d/%d items", len(pays), len(c), len(sums))
	}
	pos := "(ISA 000000104, GS 104, ST 0001 position "
	want := []string{
		"warning segment 8 " + pos + "6) NTE: the 835 has no NTE segment; it is ignored",
		"warning segment 9 " + pos + "7) CLP: the claim is not inside a header number loop (LX)",
		"warning segment 11 " + pos + "9) SVC01: the component separator declared in ISA16 is " +
			"':', but this composite uses '>'; composites of the set are read with the one " +
			"they use",
		"error segment 15 " + pos + "13) AMT02: amount is not a monetary amount",
		"warning segment 16 " + pos + "14) LQ: LQ is out of place in loop 2100",
		"warning segment 14 " + pos + "12) CLP: the claim has no patient name (NM1*QC)",
		"warning segment 19 " + pos + "17) SVC01-2: " +
			"the composite has no procedure code after its qualifier",
		"warning segment 21 " + pos + "19) NM1: " +
			"NM1 belongs before the claim's service lines; it is kept with the claim",
		"warning segment 22 " + pos + "20) DTM02: date is not a CCYYMMDD date",
		"warning segment 23 " + pos + "21) TS3: TS3 is out of place in loop 2110",
		"warning segment 26 (ISA 000000104, GS 104, ST 0002 position 1) ST01: " +
			"the transaction set is not an 835; it is skipped",
	}
	if got := findingLines(fs); !slices.Equal(got, want) {
		t.Errorf("findings:\n%s", strings.Join(got, "\n"))
	}
	if p := c[0].Lines[0].Procedure; p.Code != "99213" || p.Modifiers[0] != "25" {
		t.Errorf("SVC01 read with '>': %+v", p)
	}
	if c[0].Header != nil || len(c[1].Lines) != 0 || c[1].Patient != nil {
		t.Error("claims without LX, without lines, without a patient")
	}
	if a := c[1].Amounts[0]; a.Qualifier != "I" || a.Amount != 0 {
		t.Errorf("AMT*I*ABC read as %+v", a)
	}
	if c[2].ServiceProvider == nil || c[2].Lines[0].Procedure.Qualifier != "HC" ||
		c[2].Lines[0].Dates[0].Date != "20261341" {
		t.Error("claim 3")
	}
	if pa := sums[0].Adjustments[0]; pa.Reason != "WO" || pa.Reference != "PYR0004Z" ||
		pa.Amount != 1500 || len(sums[0].Findings) != 0 {
		t.Errorf("PLB %+v %v", pa, sums[0].Findings)
	}
}

func TestEnvelopes(t *testing.T) {
	rems, fs, err := ReadAll(bytes.NewReader(readFile(t, "testdata/envelopes.835")))
	if err != nil || len(fs) != 0 || len(rems) != 5 {
		t.Fatalf("%v, %d remittances, findings %v", err, len(rems), fs)
	}
	var got []string
	for _, rem := range rems {
		p := rem.Payment.Pos
		got = append(got, p.Interchange+"/"+p.Group+"/"+p.Set+" "+rem.Claims[0].PatientControl+
			" "+rem.Claims[0].Lines[0].Procedure.Code+" "+rem.Payment.Trace.Number)
	}
	want := []string{"000000201/201/0001 EN6001 99213 CHK1",
		"000000201/201/0002 EN6002 99213 CHK2",
		"000000201/202/0003 EN6003 99213 CHK3", "000000202/203/0001 EN6004 99213 CHK4",
		"000000202/203/0002 EN6005 99213 CHK5"}
	if !slices.Equal(got, want) {
		t.Errorf("sets %v", got)
	}
	e := rems[3].Payment.Envelope
	d := edi.Delimiters{Element: '|', Component: '>', Repetition: '!', Segment: '~'}
	if e.Delimiters != d ||
		e.SenderID != "INVENTPAYER" || e.Version != "005010X221A1" || e.SetControl != "0001" ||
		e.Implementation != "005010X221A1" || e.InterchangeControl != "000000202" {
		t.Errorf("envelope %+v", e)
	}
	if c := rems[4].Claims[0]; c.Pos.Set != "0002" || c.Pos.SetPosition != 17 ||
		rems[4].Summary.Pos.SetPosition != 22 {
		t.Errorf("positions %+v %+v", c.Pos, rems[4].Summary.Pos)
	}
}

func TestAdjustmentTriplets(t *testing.T) {
	for _, tc := range []struct {
		cas      string
		want     string // group reason amount quantity triplet, one per adjustment
		findings int
	}{
		{"CAS*PR*1*150**2*70", "PR 1 150.00  1|PR 2 70.00  2", 0},
		{"CAS*CO*45*10*1.5", "CO 45 10.00 1.5 1", 0},
		{"CAS*CO*45*10*****59*5", "CO 45 10.00  1|CO 59 5.00  3", 0},
		{"CAS*CO*45*10****59*5", "CO 45 10.00  1|CO  0.00 59 2|CO 5 0.00  3", 3},
		{"CAS*OA*1*1*1*2*2*2*3*3*3*4*4*4*5*5*5*6*6*6",
			"OA 1 1.00 1 1|OA 2 2.00 2 2|OA 3 3.00 3 3|" +
				"OA 4 4.00 4 4|OA 5 5.00 5 5|OA 6 6.00 6 6", 0},
		{"CAS*CO*1*1*1*2*2*2*3*3*3*4*4*4*5*5*5*6*6*6*7*7",
			"CO 1 1.00 1 1|CO 2 2.00 2 2|CO 3 3.00 3 3|" +
				"CO 4 4.00 4 4|CO 5 5.00 5 5|CO 6 6.00 6 6", 1},
		{"CAS*CO*45", "CO 45 0.00  1", 1},
		{"CAS*CO*45*1.005", "CO 45 0.00  1", 1},
		{"CAS*CO**10", "CO  10.00  1", 1},
		{"CAS*CO*45*10*X", "CO 45 10.00  1", 1},
		{"CAS*ZZ*45*10", "ZZ 45 10.00  1", 1},
		{"CAS*CO", "", 1},
	} {
		t.Run(tc.cas, func(t *testing.T) {
			items, _ := readItems(t, body("0", "LX*1", "CLP*A1*1*0*0**12*P1",
				"NM1*QC*1*DOE*JO", tc.cas))
			_, c, _ := split(items)
			var got []string
			for _, a := range c[0].Adjustments {
				got = append(got, strings.Join([]string{a.Group, a.Reason, a.Amount.String(),
					string(a.Quantity), strconv.Itoa(a.Triplet)}, " "))
			}
			if g := strings.Join(got, "|"); g != tc.want {
				t.Errorf("got %s, want %s", g, tc.want)
			}
			n := 0
			for _, f := range c[0].Findings {
				if f.Segment == "CAS" {
					n++
				}
			}
			if n != tc.findings {
				t.Errorf("%d CAS findings, want %d: %v", n, tc.findings, c[0].Findings)
			}
		})
	}
}

func TestProviderAdjustmentComposites(t *testing.T) {
	for _, tc := range []struct {
		plb, want string
		finding   string
	}{
		{"PLB*P1*20261231*WO:ABC123*10", "WO ABC123 10.00 1", ""},
		{"PLB*P1*20261231*72:REF.1.2*-10*90*5", "72 REF.1.2 -10.00 1|90  5.00 2", ""},
		{"PLB*P1*20261231*WO>ABC123*10", "WO ABC123 10.00 1",
			"PLB03: the component separator declared in ISA16 is ':', " +
				"but this composite uses '>'"},
		{"PLB*P1*20261231*WO:A:B*10", "WO A 10.00 1", "PLB03-3: the adjustment identifier has"},
		{"PLB*P1*20261231*ZZ:A*10", "ZZ A 10.00 1", "PLB03-1: the adjustment reason is not"},
		{"PLB*P1*20261231*WO:A*ten", "WO A 0.00 1", "PLB04: provider adjustment amount is not"},
		{"PLB*P1*20261231***FB:F1*3", "FB F1 3.00 2", ""},
		{"PLB*P1*2026", "", "PLB02: fiscal period date is not a CCYYMMDD date"},
	} {
		t.Run(tc.plb, func(t *testing.T) {
			items, _ := readItems(t, body("0", tc.plb))
			_, _, s := split(items)
			var got []string
			for _, pa := range s[0].Adjustments {
				got = append(got, strings.Join([]string{pa.Reason, pa.Reference,
					pa.Amount.String(), strconv.Itoa(pa.Pair)}, " "))
			}
			if g := strings.Join(got, "|"); g != tc.want {
				t.Errorf("got %s, want %s", g, tc.want)
			}
			var first string
			for _, f := range s[0].Findings {
				if f.Segment == "PLB" {
					first = f.Error()
					break
				}
			}
			if tc.finding == "" && first != "" || !strings.Contains(first, tc.finding) {
				t.Errorf("finding %q, want %q", first, tc.finding)
			}
		})
	}
}

func TestNotAmounts(t *testing.T) {
	items, fs := readItems(t, body("1O0",
		"LX*1", "CLP*A1*1*12,50*0**12*P1", "NM1*QC*1*DOE*JO", "SVC*HC:99213*abc*0**1",
		"AMT*B6*1.005"))
	pays, c, _ := split(items)
	var got []string
	for _, f := range fs {
		if errors.Is(f, ErrNotAmount) {
			got = append(got, f.Segment+fmt.Sprintf("%02d", f.Element))
			if f.Severity != edi.Error || !errors.Is(f, edi.ErrAmount) {
				t.Errorf("%v", f)
			}
		}
	}
	if !slices.Equal(got, []string{"BPR02", "CLP03", "SVC02", "AMT02"}) {
		t.Errorf("not amounts: %v", got)
	}
	if pays[0].Financial.Amount != 0 || c[0].Charge != 0 || c[0].Lines[0].Charge != 0 {
		t.Error("values that are not amounts read as something other than 0")
	}
}

func TestOutOfPlace(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want []string // finding messages, after "SEG: "
	}{
		{"no header", wrap("LX*1", "CLP*A1*1*0*0**12*P1", "NM1*QC*1*DOE*JO"),
			[]string{"the 835 has no BPR segment before its claims",
				"the 835 has no TRN segment before its claims",
				"the 835 has no payer (N1*PR) before its claims",
				"the 835 has no payee (N1*PE) before its claims"}},
		{"line before any claim", body("0", "LX*1", "SVC*HC:99213*10*10", "CAS*CO*45*1",
			"CLP*A1*1*0*0**12*P1", "NM1*QC*1*DOE*JO"),
			[]string{"SVC is out of place in loop 2000 before its first CLP; " +
				"it and its line are skipped"}},
		{"claim after PLB", body("0", "PLB*P1*20261231*WO:X*0", "CLP*A1*1*0*0**12*P1",
			"NM1*QC*1*DOE*JO"),
			[]string{"CLP is out of place in the summary (table 3)",
				"the claim is not inside a header number loop (LX)"}},
		{"empty LX", body("0", "LX*1", "LX*2", "CLP*A1*1*0*0**12*P1", "NM1*QC*1*DOE*JO"),
			[]string{"the header number loop (LX) has no claim"}},
		{"LX at the end", body("0", "LX*1", "CLP*A1*1*0*0**12*P1", "NM1*QC*1*DOE*JO", "LX*2"),
			[]string{"the header number loop (LX) has no claim"}},
		{"repeated BPR and a third party", wrap(append(header("0"),
			"BPR*I*5*C*CHK************20260501", "N1*ZZ*SOMEONE", "N3*1 STREET")...),
			[]string{"BPR is out of place in loop 1000B",
				"BPR appears more than once here; the first is kept",
				"N101 is neither PR (payer) nor PE (payee); the N1 loop is skipped"}},
		{"header DTM after the payer", wrap("BPR*I*0*C*NON************20260501",
			"TRN*1*T*1", "N1*PR*PLAN", "DTM*405*20260430", "N1*PE*CLINIC*XX*1"),
			[]string{"DTM is out of place in loop 1000A"}},
		{"TS3 repeated and TS2 after CLP", body("0", "LX*1", "TS3*P*11*20261231*1*0",
			"TS3*P*11*20261231*1*0", "CLP*A1*1*0*0**12*P1", "NM1*QC*1*DOE*JO", "TS2*1"),
			[]string{"TS3 appears more than once here; the first is kept",
				"TS2 is out of place in loop 2100"}},
		{"unknown NM1", body("0", "LX*1", "CLP*A1*1*0*0**12*P1", "NM1*QC*1*DOE*JO",
			"NM1*QC*1*DOE*JO", "NM1*ZZ*1*X"),
			[]string{"NM1 appears more than once here; the first is kept",
				"the entity code is not one loop 2100 names; the NM1 is ignored"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, fs := readItems(t, tc.in)
			var got []string
			for _, f := range fs {
				if f.Err != edi.ErrEnvelope && f.Err != edi.ErrCount {
					got = append(got, f.Message)
				}
				if !errors.Is(f, edi.ErrStructure) && !errors.Is(f, edi.ErrData) {
					t.Errorf("%v unwraps to %v", f, f.Err)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestBalanceFindings(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want []string
	}{
		{"balanced", body("80", "LX*1", "CLP*A1*1*100*80*20*12*P1", "NM1*QC*1*DOE*JO",
			"SVC*HC:99213*100*80", "CAS*PR*1*20"), nil},
		{"line", body("80", "LX*1", "CLP*A1*1*100*80*20*12*P1", "NM1*QC*1*DOE*JO",
			"CAS*PR*1*20", "SVC*HC:99213*100*80"),
			[]string{"SVC03: the line does not balance: charge 100.00 minus adjustments 0.00 " +
				"is 100.00, but paid is 80.00",
				"CLP04: the lines' payments add up to 80.00, less claim-level adjustments " +
					"20.00 that is 60.00, but the claim payment is 80.00"}},
		{"claim", body("90", "LX*1", "CLP*A1*1*100*90*20*12*P1", "NM1*QC*1*DOE*JO",
			"CAS*PR*1*20"),
			[]string{"CLP04: the claim does not balance: charge 100.00 minus adjustments " +
				"20.00 is 80.00, but paid is 90.00"}},
		{"lines' charges", body("80", "LX*1", "CLP*A1*1*120*80*20*12*P1", "NM1*QC*1*DOE*JO",
			"CAS*CO*45*20", "SVC*HC:99213*100*80", "CAS*PR*1*20"),
			[]string{"CLP03: the lines' charges add up to 100.00, but the claim charge is 120.00",
				"CLP04: the lines' payments add up to 80.00, less claim-level adjustments " +
					"20.00 that is 60.00, but the claim payment is 80.00"}},
		{"patient responsibility", body("80", "LX*1", "CLP*A1*1*100*80*5*12*P1",
			"NM1*QC*1*DOE*JO", "CAS*PR*1*20"),
			[]string{"CLP05: patient responsibility is 5.00, " +
				"but the PR adjustments add up to 20.00"}},
		{"transaction", body("70", "LX*1", "CLP*A1*1*100*80*20*12*P1", "NM1*QC*1*DOE*JO",
			"CAS*PR*1*20", "PLB*P1*20261231*WO:X*5"),
			[]string{"BPR02: the payment does not balance: BPR02 is 70.00, but the claims paid " +
				"80.00 and the provider adjustments are 5.00, which make 75.00"}},
		{"debit", wrap("BPR*I*20*D*ACH************20260501", "TRN*1*T*1", "N1*PR*P",
			"N1*PE*C*XX*1", "PLB*P1*20261231*WO:X*20"), nil},
		{"interest", body("52", "LX*1", "CLP*A1*1*50*50**12*P1", "NM1*QC*1*DOE*JO",
			"AMT*I*3", "PLB*P1*20261231*L6:A1*-2"),
			[]string{"PLB: the claims report 3.00 of interest (AMT*I), but the PLB L6 " +
				"adjustments pay 2.00"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, fs := readItems(t, tc.in)
			var got []string
			for _, f := range fs {
				if !errors.Is(f, ErrBalance) || f.Severity != edi.Warning {
					t.Errorf("not a balance warning: %v", f)
					continue
				}
				msg := f.Error()
				got = append(got, msg[strings.Index(msg, ") ")+2:])
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestStream(t *testing.T) {
	in := append(readFile(t, "testdata/reversal.835"), readFile(t, "testdata/claims.835")...)
	r := NewReader(bytes.NewReader(in))
	r.SetName("two.835")
	var kinds []string
	for {
		it, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, strings.TrimPrefix(strings.ToLower(typeName(it)), "*x835."))
	}
	want := "payment claim claim summary payment claim claim claim claim claim summary"
	if got := strings.Join(kinds, " "); got != want {
		t.Errorf("items %s", got)
	}
	for i := 0; i < 2; i++ {
		if it, err := r.Next(); it != nil || err != io.EOF {
			t.Fatalf("after the end: %v %v", it, err)
		}
	}
}

func typeName(it Item) string {
	switch it.(type) {
	case *Payment:
		return "payment"
	case *Claim:
		return "claim"
	case *Summary:
		return "summary"
	}
	return "?"
}

func TestUnreadable(t *testing.T) {
	r := NewReader(strings.NewReader("this is not X12"))
	r.SetName("junk.835")
	it, err := r.Next()
	if it != nil || !errors.Is(err, edi.ErrNotX12) {
		t.Fatalf("%v %v", it, err)
	}
	if _, err2 := r.Next(); err2 != err {
		t.Errorf("the error is not sticky: %v", err2)
	}
	if fs := r.Findings(); len(fs) != 1 || fs[0].File != "junk.835" {
		t.Errorf("findings %v", fs)
	}

	// Input that ends inside a set still gives its items, then the error
	// or the end.
	in := body("0", "LX*1", "CLP*A1*1*0*0**12*P1", "NM1*QC*1*DOE*JO")
	in = in[:bytes.Index(in, []byte("SE*"))]
	items, fs := readItems(t, in)
	if len(items) != 3 || len(fs) != 3 {
		t.Errorf("%d items, findings %v", len(items), fs)
	}
}

func TestMaxFindings(t *testing.T) {
	segs := []string{"LX*1", "CLP*A1*1*0*0**12*P1", "NM1*QC*1*DOE*JO"}
	for i := 0; i < 10; i++ {
		segs = append(segs, "NTE*X")
	}
	r := NewReader(bytes.NewReader(body("0", segs...)))
	r.SetMaxFindings(4)
	var claim *Claim
	for {
		it, err := r.Next()
		if err == io.EOF {
			break
		}
		if c, ok := it.(*Claim); ok {
			claim = c
		}
	}
	fs := r.Findings()
	if len(fs) != 5 || !strings.HasPrefix(fs[4].Message, "6 more findings were not kept") {
		t.Errorf("%d findings, last %v", len(fs), fs[len(fs)-1])
	}
	if len(claim.Findings) != 10 {
		t.Errorf("the claim keeps its own %d findings", len(claim.Findings))
	}
}

// TestNoPatientDataInFindings reads files whose findings are many and
// checks that no name or ID of an NM1 appears in any message.
func TestNoPatientDataInFindings(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.835"))
	corpus := corpusFiles()
	checked := 0
	for _, name := range append(files, corpus...) {
		items, fs := readItems(t, readFile(t, name))
		_, claims, _ := split(items)
		var values []string
		for _, c := range claims {
			values = append(values, c.PatientControl, c.PayerControl)
			for _, n := range []*Name{c.Patient, c.Insured, c.Corrected, c.OtherSubscriber} {
				if n != nil {
					values = append(values, n.Last, n.First, n.ID)
				}
			}
		}
		for _, f := range fs {
			checked++
			for _, v := range values {
				if len(v) > 2 && strings.Contains(f.Message, v) {
					t.Errorf("%s: %q appears in %v", name, v, f)
				}
			}
		}
	}
	if checked < 10 {
		t.Errorf("only %d findings checked", checked)
	}
}

func TestValues(t *testing.T) {
	for _, tc := range []struct {
		d  Date
		ok bool
	}{{"20260501", true}, {"20240229", true}, {"20250229", false}, {"00000000", false},
		{"2026050", false}, {"2026O501", false}, {"20261301", false}, {"", false}} {
		if _, ok := tc.d.Time(); ok != tc.ok {
			t.Errorf("Date(%q).Time ok = %v", tc.d, ok)
		}
	}
	var dc dateCache
	for _, d := range []string{"20260501", "\x00\x00\x00\x00\x00\x00\x00\x00", "20260501",
		"20260229", "20240229", "20240229"} {
		if dc.valid([]byte(d)) != validDate([]byte(d)) {
			t.Errorf("dateCache.valid(%q)", d)
		}
	}
	if Decimal("1.50").Float64() != 1.5 || Decimal("").Float64() != 0 {
		t.Error("Decimal.Float64")
	}
	for s, ok := range map[string]bool{"1": true, "-1.5": true, ".5": true, "+2": true,
		"1.2.3": false, "": false, "-": false, "1e5": false, "1,5": false} {
		if validDecimal([]byte(s)) != ok {
			t.Errorf("validDecimal(%q)", s)
		}
	}
	f := Financial{Amount: 500, CreditDebit: "D"}
	if f.Signed() != -500 {
		t.Error("a debit is negative")
	}
}

func TestArena(t *testing.T) {
	var a arena[int]
	x := a.add(nil, 1)
	x = a.add(x, 2)
	y := a.add(nil, 3)
	x = a.add(x, 4) // x is no longer at the tail: it moves
	y = a.add(y, 5)
	if !slices.Equal(x, []int{1, 2, 4}) || !slices.Equal(y, []int{3, 5}) {
		t.Fatalf("x %v y %v", x, y)
	}
	z := append(x, 9) // a caller's append copies: y is untouched
	if !slices.Equal(y, []int{3, 5}) || len(z) != 4 || cap(x) != len(x) {
		t.Fatalf("y %v", y)
	}
	var big []int
	for i := 0; i < 3*arenaChunk; i++ {
		big = a.add(big, i)
	}
	if len(big) != 3*arenaChunk || big[arenaChunk] != arenaChunk {
		t.Fatal("growth across chunks")
	}
}

// TestReuse reads every file with and without reuse, rendering each item
// as soon as Next returns it: the text must be the same. Claims kept past
// the next call are overwritten, as documented.
func TestReuse(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.835"))
	corpus := corpusFiles()
	render := func(in []byte, reuse bool) (string, []*Claim) {
		r := NewReader(bytes.NewReader(in))
		r.SetReuse(reuse)
		var b strings.Builder
		var kept []*Claim
		for {
			it, err := r.Next()
			if err != nil {
				return b.String(), kept
			}
			b.WriteString(dumpItems([]Item{it}, true))
			if c, ok := it.(*Claim); ok {
				kept = append(kept, c)
			}
		}
	}
	for _, name := range append(files, corpus...) {
		in := readFile(t, name)
		fresh, _ := render(in, false)
		reused, kept := render(in, true)
		if fresh != reused {
			t.Errorf("%s: reuse changes what is read:\n%s", name, diff(fresh, reused))
		}
		if filepath.Base(name) == "claims.835" && kept[0] != kept[2] {
			t.Error("reuse does not reuse")
		}
	}
}

// TestFlatMemory streams a generated 835 of about 14 MB through a pipe,
// never held whole, and checks that the heap stays far below the file's
// size while its claims are read.
func TestFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 14 MB")
	}
	pr, pw := io.Pipe()
	go func() {
		_, err := testgen.Remit835(pw, 40000)
		pw.CloseWithError(err)
	}()
	r := NewReader(pr)
	var ms runtime.MemStats
	var peak uint64
	claims := 0
	for n := 0; ; n++ {
		it, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := it.(*Claim); ok {
			claims++
		}
		if n%2000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	if claims != 40000 || len(r.Findings()) != 0 {
		t.Fatalf("%d claims, findings %v", claims, r.Findings())
	}
	t.Logf("peak heap in use %.1f MB", float64(peak)/(1<<20))
	if peak > 12<<20 {
		t.Errorf("the heap in use reached %d MB reading a 14 MB file", peak>>20)
	}
}
