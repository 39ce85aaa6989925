package x835

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/internal/corpus"
)

// corpusCase is what one shared sample file holds, counted by hand from
// the file: the claims, the sum of CLP04, BPR02, the PLB total, the CLP02
// statuses, the service lines and every finding.
type corpusCase struct {
	file     string
	claims   int
	paid     string // sum of CLP04
	bpr      string // BPR02
	plb      string // sum of PLB amounts
	statuses []string
	lines    int
	findings []string
}

var corpusCases = []corpusCase{
	{
		file: "835_CRLF_CLP02_1_denial_modifier_SVC.edi", claims: 2, paid: "57.44",
		bpr: "57.44", plb: "0.00", statuses: []string{"1", "1"}, lines: 2,
	},
	{
		file: "835_GS01_HC_custom_SVC_qualifier.edi", claims: 1, paid: "0.00", bpr: "34.00",
		plb: "0.00", statuses: []string{"2"}, lines: 1,
		findings: []string{
			"warning segment 3 (ISA 000000101, GS 101, ST 0001 position 1) ST: " +
				"the 835 is in a functional group whose GS01 is not HP",
			"warning segment 24 (ISA 000000101, GS 101, ST 0001 position 22) SVC01-1: " +
				"the product or service ID qualifier is not one 005010X221A1 allows here",
			"warning segment 17 (ISA 000000101, GS 101, ST 0001 position 15) CLP04: " +
				"the claim does not balance: charge 69.87 minus adjustments 507.00 is -437.13, " +
				"but paid is 0.00",
			"warning segment 17 (ISA 000000101, GS 101, ST 0001 position 15) CLP03: " +
				"the lines' charges add up to 541.00, but the claim charge is 69.87",
			"warning segment 17 (ISA 000000101, GS 101, ST 0001 position 15) CLP04: " +
				"the lines' payments add up to 34.00, less claim-level adjustments 0.00 " +
				"that is 34.00, but the claim payment is 0.00",
			"warning segment 4 (ISA 000000101, GS 101, ST 0001 position 2) BPR02: " +
				"the payment does not balance: BPR02 is 34.00, but the claims paid 0.00 " +
				"and the provider adjustments are 0.00, which make 0.00",
		},
	},
	{
		file: "835_PLB_72_WO_B2_SE02_mismatch.edi", claims: 3, paid: "0.00", bpr: "0.00",
		plb: "-14.00", statuses: []string{"4", "2", "4"}, lines: 0,
		findings: []string{
			"warning segment 24 (ISA 000001508, GS 100000300, ST 0001 position 22) N1: " +
				"N1 is out of place in loop 2100; it and its loop are skipped",
			"warning segment 34 (ISA 000001508, GS 100000300, ST 0001 position 32) N1: " +
				"N1 is out of place in loop 2100; it and its loop are skipped",
			"warning segment 4 (ISA 000001508, GS 100000300, ST 0001 position 2) BPR02: " +
				"the payment does not balance: BPR02 is 0.00, but the claims paid 0.00 " +
				"and the provider adjustments are -14.00, which make 14.00",
			"error segment 48 (ISA 000001508, GS 100000300, ST 0001 position 46) SE02: " +
				"control number 0003 does not echo ST02 0001",
			"error segment 50 (ISA 000001508) IEA02: " +
				"control number 100000301 does not echo ISA13 000001508",
		},
	},
	{
		file: "835_all_fields_blank_lines_quote.edi", claims: 1, paid: "132.00", bpr: "132.00",
		plb: "0.00", statuses: []string{"1"}, lines: 7,
		findings: []string{
			"warning segment 83 (ISA 191511902, GS 12345678, ST 35681 position 81) SVC03: " +
				"the line does not balance: charge 99.00 minus adjustments 0.00 is 99.00, " +
				"but paid is 59.00",
			"warning segment 85 (ISA 191511902, GS 12345678, ST 35681 position 83) SVC03: " +
				"the line does not balance: charge 73.00 minus adjustments 76.00 is -3.00, " +
				"but paid is 49.00",
			"warning segment 92 (ISA 191511902, GS 12345678, ST 35681 position 90) SVC03: " +
				"the line does not balance: charge 60.00 minus adjustments 0.00 is 60.00, " +
				"but paid is 59.00",
			"warning segment 23 (ISA 191511902, GS 12345678, ST 35681 position 21) CLP04: " +
				"the claim does not balance: charge 226.00 minus adjustments 32405.00 is " +
				"-32179.00, but paid is 132.00",
			"warning segment 23 (ISA 191511902, GS 12345678, ST 35681 position 21) CLP03: " +
				"the lines' charges add up to 385.00, but the claim charge is 226.00",
			"warning segment 23 (ISA 191511902, GS 12345678, ST 35681 position 21) CLP04: " +
				"the lines' payments add up to 250.00, less claim-level adjustments 32259.00 " +
				"that is -32009.00, but the claim payment is 132.00",
			"warning segment 23 (ISA 191511902, GS 12345678, ST 35681 position 21) CLP05: " +
				"patient responsibility is 10.00, but the PR adjustments add up to 259.00",
			"error segment 94 (ISA 191511902, GS 12345678, ST 35681 position 92) SE01: " +
				"the count of segments in the set says 34, but there are 92",
		},
	},
	{
		file: "835_institutional_CRLF_NU_revcodes.edi", claims: 2, paid: "100.00",
		bpr: "100.00", plb: "0.00", statuses: []string{"1", "1"}, lines: 6,
	},
	{
		file: "835_managed_care_two_claims.edi", claims: 2, paid: "945.00", bpr: "945.00",
		plb: "0.00", statuses: []string{"1", "1"}, lines: 2,
		findings: []string{
			"warning segment 4 (ISA 000000907, GS 1, ST 112233 position 2) BPR16: " +
				"payment date is not a CCYYMMDD date",
		},
	},
	{
		file: "835_medicare_partA_MIA_MOA_PLB_TS3.edi", claims: 2, paid: "149998.73",
		bpr: "150000.00", plb: "-1.27", statuses: []string{"1", "1"}, lines: 0,
		findings: []string{
			"info segment 13 (ISA 000000907, GS 1, ST 1234 position 11) TS309: " +
				"TS309 is not used by 005010X221A1; kept as an unused amount",
			"info segment 13 (ISA 000000907, GS 1, ST 1234 position 11) TS311: " +
				"TS311 is not used by 005010X221A1; kept as an unused amount",
			"info segment 23 (ISA 000000907, GS 1, ST 1234 position 21) TS309: " +
				"TS309 is not used by 005010X221A1; kept as an unused amount",
			"info segment 23 (ISA 000000907, GS 1, ST 1234 position 21) TS311: " +
				"TS311 is not used by 005010X221A1; kept as an unused amount",
		},
	},
	{
		file: "835_negative_CAS_component_mismatch.edi", claims: 1, paid: "34.00",
		bpr: "34.00", plb: "0.00", statuses: []string{"2"}, lines: 1,
		findings: []string{
			"warning segment 4 (ISA 000000907, GS 1, ST 0001 position 2) BPR15: " +
				"the payment date is in BPR15 instead of BPR16; it is read as the payment date",
			"warning segment 21 (ISA 000000907, GS 1, ST 0001 position 19) SVC01: " +
				"the component separator declared in ISA16 is ':', but this composite uses '>'; " +
				"composites of the set are read with the one they use",
		},
	},
	{
		file: "835_secondary_CAS_multi_triplet.edi", claims: 2, paid: "1222.00",
		bpr: "1222.00", plb: "0.00", statuses: []string{"2", "2"}, lines: 2,
		findings: []string{
			"warning segment 4 (ISA 000000907, GS 1, ST 1234 position 2) BPR15: " +
				"the payment date is in BPR15 instead of BPR16; it is read as the payment date",
			"warning segment 29 (ISA 000000907, GS 1, ST 1234 position 27) SVC01: " +
				"the component separator declared in ISA16 is ':', but this composite uses '>'; " +
				"composites of the set are read with the one they use",
		},
	},
	{
		file: "835_tertiary_bad_SVC01.edi", claims: 1, paid: "187.50", bpr: "187.50",
		plb: "0.00", statuses: []string{"3"}, lines: 1,
		findings: []string{
			"warning segment 4 (ISA 000000907, GS 1, ST 0001 position 2) BPR15: " +
				"the payment date is in BPR15 instead of BPR16; it is read as the payment date",
			"warning segment 20 (ISA 000000907, GS 1, ST 0001 position 18) SVC01-2: " +
				"the composite has no procedure code after its qualifier",
			"warning segment 20 (ISA 000000907, GS 1, ST 0001 position 18) SVC06-1: " +
				"the product or service ID qualifier is not one 005010X221A1 allows here",
			"warning segment 20 (ISA 000000907, GS 1, ST 0001 position 18) SVC06-2: " +
				"the composite has no procedure code after its qualifier",
			"warning segment 20 (ISA 000000907, GS 1, ST 0001 position 18) SVC03: " +
				"the line does not balance: charge 24599.00 minus adjustments 1579.00 is " +
				"23020.00, but paid is 1766.50",
			"warning segment 16 (ISA 000000907, GS 1, ST 0001 position 14) CLP03: " +
				"the lines' charges add up to 24599.00, but the claim charge is 1766.50",
			"warning segment 16 (ISA 000000907, GS 1, ST 0001 position 14) CLP04: " +
				"the lines' payments add up to 1766.50, less claim-level adjustments 0.00 " +
				"that is 1766.50, but the claim payment is 187.50",
		},
	},
	{
		file: "835_two_claims_LX_svc_PLB90.edi", claims: 2, paid: "395.00", bpr: "391.05",
		plb: "3.95", statuses: []string{"1", "1"}, lines: 4,
		findings: []string{
			"error segment 34 (ISA 000001508, GS 100000300) GE01: " +
				"the count of transaction sets in the group says 3, but there are 1",
			"error segment 35 (ISA 000001508) IEA02: " +
				"control number 100000301 does not echo ISA13 000001508",
		},
	},
}

// TestCorpus reads every 835 of the shared corpus and checks its figures,
// counted by hand.
func TestCorpus(t *testing.T) {
	names := corpus.Files(t, "835*")
	dir := filepath.Dir(names[0])
	known := map[string]bool{}
	for _, tc := range corpusCases {
		known[tc.file] = true
		t.Run(tc.file, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Skip(err)
			}
			items, fs := readItems(t, in)
			pays, claims, sums := split(items)
			if len(pays) != 1 || len(sums) != 1 {
				t.Fatalf("%d payments, %d summaries", len(pays), len(sums))
			}
			var statuses []string
			var paid edi.Amount
			lines := 0
			for _, c := range claims {
				statuses = append(statuses, c.Status)
				paid += c.Paid
				lines += len(c.Lines)
			}
			tot := sums[0].Totals
			got := []any{len(claims), paid.String(), pays[0].Financial.Amount.String(),
				ProviderAdjustmentTotal(sums[0].Adjustments).String(), lines}
			want := []any{tc.claims, tc.paid, tc.bpr, tc.plb, tc.lines}
			if !slices.Equal(got, want) {
				t.Errorf("claims, CLP04, BPR02, PLB, lines = %v, want %v", got, want)
			}
			if !slices.Equal(statuses, tc.statuses) {
				t.Errorf("statuses %v, want %v", statuses, tc.statuses)
			}
			if tot.Claims != tc.claims || tot.Lines != tc.lines || tot.Paid.String() != tc.paid ||
				tot.ProviderAdjustments.String() != tc.plb {
				t.Errorf("totals %+v disagree", tot)
			}
			if lines := findingLines(fs); !slices.Equal(lines, tc.findings) {
				t.Errorf("findings:\n%s\nwant\n%s", strings.Join(lines, "\n"),
					strings.Join(tc.findings, "\n"))
			}
		})
	}
	for _, n := range names {
		if !known[filepath.Base(n)] {
			t.Errorf("%s has no expected figures", filepath.Base(n))
		}
	}
}

// TestCorpusItemFindings checks that each finding of a corpus file sits on
// the item it concerns: the claim's on the claim, the set's on the summary.
func TestCorpusItemFindings(t *testing.T) {
	in, err := os.ReadFile(corpus.Path(t, "835_PLB_72_WO_B2_SE02_mismatch.edi"))
	if err != nil {
		t.Skip(err)
	}
	items, _ := readItems(t, in)
	pays, claims, sums := split(items)
	if n := len(pays[0].Findings); n != 0 {
		t.Errorf("payment findings: %v", pays[0].Findings)
	}
	// The N1 after the first claim's DTM*233 is found while that claim is
	// open; the one after the second claim's, while the second is.
	want := []int{1, 1, 0}
	for i, c := range claims {
		if len(c.Findings) != want[i] {
			t.Errorf("claim %d findings: %v", i+1, c.Findings)
		}
	}
	got := findingLines(sums[0].Findings)
	if len(got) != 2 || !strings.Contains(got[0], "BPR02") || !strings.Contains(got[1], "SE02") {
		t.Errorf("summary findings: %v", got)
	}
}

// TestCorpusDetails checks values of the corpus that exercise the reader's
// corners: CAS triplets with an empty quantity, composites read with the
// separator they really use, PLB references, TS3/TS2, MIA/MOA, SVC06.
func TestCorpusDetails(t *testing.T) {
	get := func(t *testing.T, name string) ([]*Payment, []*Claim, []*Summary) {
		in, err := os.ReadFile(corpus.Path(t, name))
		if err != nil {
			t.Skip(err)
		}
		items, _ := readItems(t, in)
		return split(items)
	}
	same := func(t *testing.T, what string, got any, want string) {
		t.Helper()
		if g := dumpOf(got); g != want {
			t.Errorf("%s:\n%s\nwant\n%s", what, g, want)
		}
	}

	t.Run("secondary", func(t *testing.T) {
		_, c, _ := get(t, "835_secondary_CAS_multi_triplet.edi")
		same(t, "procedure read with '>'", c[1].Lines[0].Procedure, `:
  Qualifier: "HC"
  Code: "12345"
  Modifiers: ["26" "" "" ""]
`)
		same(t, "CAS*PR*1*150.00**2*70.00 then CAS*CO*42*85.00", c[1].Lines[1].Adjustments, `[0]:
  Group: "PR"
  Reason: "1"
  Amount: 150.00
  Triplet: 1
[1]:
  Group: "PR"
  Reason: "2"
  Amount: 70.00
  Triplet: 2
[2]:
  Group: "CO"
  Reason: "42"
  Amount: 85.00
  Triplet: 1
`)
		if a, _ := c[0].Amount("AU"); a != edi.MustAmount("912") || len(c[0].Lines) != 0 {
			t.Errorf("claim 1: AU %s, %d lines", a, len(c[0].Lines))
		}
	})

	t.Run("recoupment references", func(t *testing.T) {
		_, _, s := get(t, "835_PLB_72_WO_B2_SE02_mismatch.edi")
		var got []string
		for _, pa := range s[0].Adjustments {
			got = append(got, strings.Join([]string{pa.ProviderID, string(pa.FiscalPeriod),
				pa.Reason, pa.Reference, pa.Amount.String(), strconv.Itoa(pa.Pair)}, " "))
		}
		want := []string{
			"15483NN082 20231231 72 0202309NN08956B0X.5520NN142 -14.00 1",
			"15483NN082 20231231 WO 0202309NN08956B0X.5520NN142 14.00 2",
			"15483NN082 20231231 B2 0202309NN08956B0X.5520NN142 -14.00 3",
		}
		if !slices.Equal(got, want) {
			t.Errorf("PLB %q", got)
		}
	})

	t.Run("medicare part A", func(t *testing.T) {
		_, c, s := get(t, "835_medicare_partA_MIA_MOA_PLB_TS3.edi")
		same(t, "first header number", c[0].Header, `:
  Number: "110212"
  Summary:
    ProviderID: "6543210903"
    FacilityCode: "11"
    FiscalPeriod: "20021231"
    ClaimCount: "1"
    TotalCharge: 211366.97
    Unused[0]:
      Element: 9
      Amount: 138018.40
    Unused[1]:
      Element: 11
      Amount: 73348.57
  Supplemental:
    DRG: 2178.45
    FederalSpecific: 1919.71
    DisproportionateShare: 56.82
    Capital: 197.69
    IndirectMedicalEduc: 4.23
`)
		if c[1].Header == c[0].Header || c[1].Header.Number != "130212" {
			t.Errorf("second claim's header %+v", c[1].Header)
		}
		same(t, "MIA", c[0].Inpatient, ":\n  CoveredDays: \"0\"\n  DRGAmount: 138018.40\n")
		if got := c[1].Outpatient.RemarkCodes(); !slices.Equal(got, []string{"MA02"}) {
			t.Errorf("MOA remarks %v", got)
		}
		if q, _ := c[0].Quantity("CA"); q != "8.00" {
			t.Errorf("QTY*CA %q", q)
		}
		pa := s[0].Adjustments[0]
		if pa.Reason != "CV" || pa.Reference != "CP" || pa.Amount != -127 {
			t.Errorf("PLB %+v", pa)
		}
	})

	t.Run("all fields", func(t *testing.T) {
		p, c, _ := get(t, "835_all_fields_blank_lines_quote.edi")
		cl := c[0]
		if cl.DRG != "025" || cl.DRGWeight != "0.5" || cl.DischargeFraction != "0.4" ||
			cl.Frequency != "1" || cl.FacilityCode != "11" {
			t.Errorf("CLP %+v", cl)
		}
		if d := p[0].Payee.Delivery; d == nil || d.Method != "BM" || d.Number != "9618215141" {
			t.Errorf("RDM %+v", d)
		}
		if v, _ := p[0].Payer.Ref("HI"); v != "0202" {
			t.Errorf("payer REF*HI %q", v)
		}
		same(t, "claim CAS*CO*197*2000*1*45*30000", cl.Adjustments[:2], `[0]:
  Group: "CO"
  Reason: "197"
  Amount: 2000.00
  Quantity: "1"
  Triplet: 1
[1]:
  Group: "CO"
  Reason: "45"
  Amount: 30000.00
  Triplet: 2
`)
		same(t, "MOA", cl.Outpatient, `:
  ReimbursementRate: "0.4"
  HCPCSPayable: 50.00
  Remarks: ["MA01" "MA07" "" "" ""]
  ESRDPayment: 30.00
  NonpayableProfessional: 10.01
`)
		if cl.Crossover == nil || cl.Crossover.ID != "9876" || cl.PriorityPayer.ID != "8765" ||
			cl.Corrected.IDQualifier != "C" || cl.OtherSubscriber.First == "" {
			t.Error("NM1 TT, PR, 74 or GB not read")
		}
		if len(cl.Refs) != 15 || len(cl.Dates) != 4 || len(cl.Contacts) != 1 {
			t.Errorf("%d REF, %d DTM, %d PER", len(cl.Refs), len(cl.Dates), len(cl.Contacts))
		}
		l := cl.Lines[0]
		same(t, "SVC06", l.Original, `:
  Qualifier: "AD"
  Code: "D0140"
  Modifiers: ["1" "" "" ""]
`)
		if l.Units != "3.1" || l.OriginalUnits != "3.5" || l.RevenueCode != "0022" {
			t.Errorf("SVC04-07 %q %q %q", l.RevenueCode, l.Units, l.OriginalUnits)
		}
		if n, _ := l.ControlNumber(); n != "A123" {
			t.Errorf("REF*6R %q", n)
		}
		if v, _ := l.Ref("0K"); v != `1234"5` {
			t.Errorf("REF*0K %q", v)
		}
		if len(l.Remarks) != 2 || l.Remarks[1].Code != "M2" {
			t.Errorf("LQ %+v", l.Remarks)
		}
		if kh, ok := cl.Lines[5].Amount("KH"); !ok || kh != 5000 {
			t.Errorf("AMT*KH %s", kh)
		}
		if _, ok := cl.Lines[1].ControlNumber(); ok {
			t.Error("a line without REF*6R has a control number")
		}
	})

	t.Run("denial with modifier", func(t *testing.T) {
		_, c, _ := get(t, "835_CRLF_CLP02_1_denial_modifier_SVC.edi")
		l := c[0].Lines[0]
		if l.Procedure.Code != "00220" || l.Procedure.Modifiers[0] != "P2" ||
			l.Units != "8" || l.OriginalUnits != "76" || l.Original != nil {
			t.Errorf("SVC %+v", l)
		}
		if d, _ := l.Date("150"); d != "20090113" {
			t.Errorf("DTM*150 %q", d)
		}
	})

	t.Run("institutional", func(t *testing.T) {
		_, c, _ := get(t, "835_institutional_CRLF_NU_revcodes.edi")
		var got []string
		for _, l := range c[1].Lines {
			got = append(got, l.Procedure.Qualifier+":"+l.Procedure.Code+"/"+l.RevenueCode+"/"+
				l.Remarks[0].Code)
		}
		want := []string{"NU:0250//N142", "NU:0271//N142", "HC:85025/0300/N142",
			"NU:0636//N142", "HC:36591/0949/N142"}
		if !slices.Equal(got, want) || c[0].Lines[0].Procedure.Code != "0450" {
			t.Errorf("lines %v", got)
		}
		if c[1].Corrected == nil || c[1].ServiceProvider.EntityType != "2" {
			t.Error("NM1*74 or NM1*82 not read")
		}
	})

	t.Run("custom qualifier", func(t *testing.T) {
		_, c, _ := get(t, "835_GS01_HC_custom_SVC_qualifier.edi")
		p := c[0].Lines[0].Procedure
		if p.Qualifier != "MY_CUSTOM_CODE" || p.Code != "55669" {
			t.Errorf("SVC01 %+v", p)
		}
		if a := c[0].Lines[0].Adjustments[1]; a.Reason != "94" || a.Amount != -900 {
			t.Errorf("negative CAS %+v", a)
		}
		if g := c[0].OtherSubscriber; g == nil || g.Last != "" || g.ID == "" {
			t.Errorf("NM1*GB %+v", g)
		}
		if got := c[0].Outpatient.RemarkCodes(); !slices.Equal(got, []string{"MA92"}) {
			t.Errorf("MOA %v", got)
		}
	})

	t.Run("tertiary", func(t *testing.T) {
		_, c, _ := get(t, "835_tertiary_bad_SVC01.edi")
		l := c[0].Lines[0]
		same(t, "SVC*HC*24599.00*1766.50*187.50**1", l.Procedure, ":\n  Qualifier: \"HC\"\n")
		if l.Charge != 2459900 || l.Paid != 176650 || l.RevenueCode != "187.50" ||
			l.Original.Qualifier != "1" {
			t.Errorf("SVC %+v", l)
		}
	})

	t.Run("managed care", func(t *testing.T) {
		_, c, _ := get(t, "835_managed_care_two_claims.edi")
		if a := c[0].Adjustments; len(a) != 1 || a[0].Reason != "A2" || a[0].Amount != 5000 {
			t.Errorf("claim CAS %+v", a)
		}
		if c[0].Imbalance() != 0 || c[1].Imbalance() != 0 {
			t.Error("claims do not balance")
		}
	})

	t.Run("early payment allowance", func(t *testing.T) {
		p, c, s := get(t, "835_two_claims_LX_svc_PLB90.edi")
		pa := s[0].Adjustments[0]
		if pa.Reason != "90" || pa.Reference != "" || pa.Amount != 395 {
			t.Errorf("PLB %+v", pa)
		}
		if s[0].Totals.Expected() != p[0].Financial.Amount {
			t.Errorf("expected %s", s[0].Totals.Expected())
		}
		if c[0].Header.Number != "1001" || c[1].Header.Number != "1002" {
			t.Error("LX numbers")
		}
		if _, ok := c[0].Lines[1].ControlNumber(); ok || len(c[0].Lines[1].Adjustments) != 0 {
			t.Error("second line")
		}
	})
}
