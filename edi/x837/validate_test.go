package x837

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/edi"
)

// TestValidate breaks a golden file in one place and checks the exact
// findings, located to the segment and element.
func TestValidate(t *testing.T) {
	simple, err := os.ReadFile(filepath.Join("testdata", "golden", "837p-simple.edi"))
	if err != nil {
		t.Fatal(err)
	}
	replacement, err := os.ReadFile(filepath.Join("testdata", "golden", "837p-replacement.edi"))
	if err != nil {
		t.Fatal(err)
	}
	dependent, err := os.ReadFile(filepath.Join("testdata", "golden", "837p-dependent.edi"))
	if err != nil {
		t.Fatal(err)
	}
	outpatient, err := os.ReadFile(filepath.Join("testdata", "golden", "837i-outpatient.edi"))
	if err != nil {
		t.Fatal(err)
	}
	const at = " (ISA 000001207, GS 1207, ST 0001 position "
	for _, tc := range []struct {
		name     string
		file     []byte
		old, new string
		want     []string
		sentinel error
	}{
		{"clean", simple, "", "", nil, nil},
		{"claim charge", simple, "CLM*JFM2026000101*125*", "CLM*JFM2026000101*126*",
			[]string{"segment 22" + at + "20) CLM02: CLM02 (126.00) is not the sum of the " +
				"line charges (125.00)"}, edi.ErrData},
		{"subscriber DMG", simple, "DMG*D8*19780412*F~\n", "",
			[]string{"segment 15" + at + "13) HL: the HL 22 loop has no DMG (the subscriber is " +
				"the patient)",
				"segment 29" + at + "27) SE01: the count of segments in the set says 28, " +
					"but there are 27"}, edi.ErrStructure},
		{"HL child flag", simple, "HL*1**20*1~", "HL*1**20*0~",
			[]string{"segment 15" + at + "13) HL02: the parent HL says in HL04 it has no " +
				"children"}, edi.ErrStructure},
		{"HL numbering", simple, "HL*2*1*22*0~", "HL*3*1*22*0~",
			[]string{"segment 15" + at + "13) HL01: HL01 does not follow the previous HL's " +
				"number"}, edi.ErrStructure},
		{"HL parent", simple, "HL*2*1*22*0~", "HL*2*5*22*0~",
			[]string{"segment 8" + at + "6) HL04: HL04 says the level has children, but none " +
				"follows",
				"segment 15" + at + "13) HL02: HL02 names no earlier HL"},
			edi.ErrStructure},
		{"billing ZIP", simple, "N4*PORTLAND*OR*972041234~", "N4*PORTLAND*OR*97204~",
			[]string{"segment 12" + at + "10) N403: the billing provider's ZIP code must " +
				"have 9 digits"}, edi.ErrData},
		{"billing NPI", simple, "XX*1234567893~", "XX*1234567890~",
			[]string{"segment 10" + at + "8) NM109: the NPI fails its check digit or is not " +
				"10 digits"}, edi.ErrData},
		{"CLM05-2", simple, "11:B:1", "11:A:1",
			[]string{"segment 22" + at + "20) CLM05: CLM05-2 must be B"}, edi.ErrData},
		{"line date", simple, "DTP*472*D8*20260302~\n", "",
			[]string{"segment 26" + at + "24) LX: the service line has no DTP*472 service date",
				"segment 29" + at + "27) SE01: the count of segments in the set says 28, " +
					"but there are 27"}, edi.ErrStructure},
		{"second SV1 in a line", simple, "REF*6R*JFM20260001011~",
			"SV1*HC:99213*125*UN*1***1~\nREF*6R*JFM20260001011~",
			[]string{"segment 29" + at + "27) SV1: the service line already has its SV1; " +
				"one LX holds one",
				"segment 31" + at + "29) SE01: the count of segments in the set says 28, " +
					"but there are 29"}, edi.ErrStructure},
		{"second SV2 in a line", outpatient, "REF*6R*RCH2026000502L1~",
			"SV2*0320*HC:73590*410*UN*1~\nREF*6R*RCH2026000502L1~",
			[]string{"segment 32" + at + "30) SV2: the service line already has its SV2; " +
				"one LX holds one",
				"segment 42" + at + "40) SE01: the count of segments in the set says 39, " +
					"but there are 40"}, edi.ErrStructure},
		{"pointer", simple, "*UN*1***1~", "*UN*1***2~",
			[]string{"segment 27" + at + "25) SV107: a diagnosis pointer points outside the " +
				"claim's HI list"}, edi.ErrData},
		{"patient under a self subscriber", dependent, "SBR*P**GRP7781", "SBR*P*18*GRP7781",
			[]string{"segment 15" + at + "13) HL: the HL 22 loop has no DMG (the subscriber " +
				"is the patient)",
				"segment 21" + at + "19) HL02: a patient HL under a subscriber who is the " +
					"patient (SBR02 is 18)"}, edi.ErrStructure},
		{"replacement without F8", replacement, "REF*F8*EVG26061000123~\n", "",
			[]string{"segment 22" + at + "20) CLM05: a replacement or void claim needs REF*F8, " +
				"the payer's claim control number",
				"segment 35" + at + "33) SE01: the count of segments in the set says 34, " +
					"but there are 33"}, edi.ErrStructure},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.file
			if tc.old != "" {
				if !bytes.Contains(data, []byte(tc.old)) {
					t.Fatalf("%q not in the file", tc.old)
				}
				data = bytes.Replace(data, []byte(tc.old), []byte(tc.new), 1)
			}
			fs, _, err := Validate(bytes.NewReader(data), "")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fs {
				got = append(got, f.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if tc.sentinel != nil && !errors.Is(fs[len(fs)-1], tc.sentinel) &&
				!errors.Is(fs[0], tc.sentinel) {
				t.Fatalf("findings do not unwrap to %v", tc.sentinel)
			}
		})
	}
}
