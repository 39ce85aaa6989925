package respond_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi/ta1"
	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/edi/x999"
)

// Every sample claim file of the project is answered in full by the
// default scenario, and every answer reads back cleanly with the
// project's own readers.
func TestSampleClaims(t *testing.T) {
	for _, tc := range []struct {
		file   string
		kind   x837.Kind
		claims int
		paid   int // claims in the 835s: voids get none
	}{
		{"837p-simple.json", x837.Professional, 1, 1},
		{"837p-dependent.json", x837.Professional, 1, 1},
		{"837p-many-lines.json", x837.Professional, 1, 1},
		{"837p-replacement.json", x837.Professional, 1, 1},
		{"837p-void.json", x837.Professional, 1, 0},
		{"837p-twelve-diagnoses.json", x837.Professional, 1, 1},
		{"837p-batch.jsonl", x837.Professional, 5, 5},
		{"837i-inpatient.json", x837.Institutional, 1, 1},
		{"837i-outpatient.json", x837.Institutional, 1, 1},
	} {
		t.Run(tc.file, func(t *testing.T) {
			claims := loadClaims(t, tc.file)
			data := build(t, tc.kind, claims)
			a := respondTo(t, newResponder(t, respond.DefaultScenario()), tc.file, data)
			stem := strings.TrimSuffix(strings.TrimSuffix(tc.file, ".json"), ".jsonl")

			acks := readTA1(t, a[stem+".ta1"].Data)
			if len(acks) != 1 || acks[0].Code != ta1.Accepted || acks[0].Note != "000" ||
				acks[0].Control != "000004711" {
				t.Fatalf("TA1 = %+v", acks)
			}
			sets := read999(t, a[stem+".999"].Data)
			if len(sets) != 1 || sets[0].Result.Code != x999.Accepted ||
				sets[0].Result.Accepted != 1 || sets[0].GroupControl != "4711" ||
				sets[0].GroupVersion != tc.kind.Version() {
				t.Fatalf("999 = %+v", sets)
			}
			cas := read277(t, a[stem+".277"].Data)
			if len(cas) != tc.claims {
				t.Fatalf("277CA has %d claims, want %d", len(cas), tc.claims)
			}
			for i, c := range cas {
				pcn := claims[i].ClaimInformation.PatientControlNumber
				if c.Trace != pcn || c.Rejected() || c.PayerClaimNumber == "" ||
					c.Statuses[0].Codes[0].Category != "A2" ||
					c.Statuses[0].Codes[0].Code != "20" {
					t.Errorf("277CA claim %d = %+v", i, c)
				}
			}
			paid := 0
			want := []string{stem + ".277", stem + ".999", stem + ".ta1"}
			for _, r := range a.remits() {
				rems := read835(t, r.Data)
				for _, rem := range rems {
					paid += len(rem.Claims)
				}
				want = append(want,
					stem+"_"+string(rems[0].Payment.Financial.Date)+"_01.835")
			}
			if paid != tc.paid {
				t.Errorf("835s hold %d claims, want %d", paid, tc.paid)
			}
			if got := a.names(); !slices.Equal(got, want) {
				t.Errorf("answers %q, want %q", got, want)
			}
		})
	}
}

// Answers appear after the scenario's delays: minutes for the TA1 and
// 999, hours for the 277CA, days for the 835, whose name carries the day
// it pays.
func TestDelaysAndNames(t *testing.T) {
	sc := respond.DefaultScenario()
	sc.Files.Prefix = "CH_"
	sc.Delays.RemitSpread = 0
	claims := loadClaims(t, "837p-simple.json")
	a := respondTo(t, newResponder(t, sc), "batch-7.837", build(t, x837.Professional, claims))
	want := map[string]time.Duration{
		"CH_batch-7.ta1":             2 * time.Minute,
		"CH_batch-7.999":             5 * time.Minute,
		"CH_batch-7.277":             4 * time.Hour,
		"CH_batch-7_20260312_01.835": 72 * time.Hour,
	}
	if len(a) != len(want) {
		t.Fatalf("answers %q", a.names())
	}
	for name, d := range want {
		if r, ok := a[name]; !ok || r.Delay != d {
			t.Errorf("%s: delay %v (present %v), want %v", name, r.Delay, ok, d)
		}
	}
}
