package x837

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/claimflow/claimflow/edi"
)

// TestBuildFileMixed builds a file whose first claim is professional: the
// institutional claim and the defective one are held, the others written.
func TestBuildFileMixed(t *testing.T) {
	var in bytes.Buffer
	for _, name := range []string{"837p-simple.json", "837i-outpatient.json"} {
		c := readClaims(t, name, UnknownKind)[0]
		in.Write(c.Raw)
		in.WriteByte('\n')
	}
	defects, err := os.ReadFile(filepath.Join("..", "..", "testdata", "claims", "defects.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	in.Write(defects[:bytes.IndexByte(defects, '\n')+1])
	in.WriteString(`{"claimInformation": 7}` + "\n")

	var out bytes.Buffer
	rep, err := BuildFile(&in, &out, UnknownKind, testEnvelope(), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Kind != Professional || rep.Read != 4 || rep.Summary != (Summary{1, 1, "0001", "0001"}) ||
		len(rep.Held) != 3 {
		t.Fatalf("%+v", rep)
	}
	want := []Held{
		{Index: 1, Findings: Findings{{Code: "claim.kind_mismatch", Severity: edi.Error,
			Message: "The claim is 837i but the file being built is 837p; build it in a " +
				"file of its own kind."}}},
		{Index: 2, Findings: Findings{fe("npi.check_digit", "billing.npi",
			"The NPI's check digit is wrong; it has a typing error.")}},
	}
	if !reflect.DeepEqual(rep.Held[:2], want) {
		t.Fatalf("held %+v", rep.Held)
	}
	if h := rep.Held[2]; h.Index != 3 || h.Err == nil || h.Findings != nil {
		t.Fatalf("held %+v", h)
	}
	fs, st, err := Validate(&out, "")
	if err != nil || len(fs) != 0 || st.Claims != 1 {
		t.Fatalf("%v %v %+v", err, fs, st)
	}
}

func TestValidNPI(t *testing.T) {
	for npi, ok := range map[string]bool{
		"1234567893": true, "1987654328": true, "1543210987": true, "1245319599": true,
		"1234567890": false, "123456789": false, "12345678931": false, "123456789X": false,
	} {
		if ValidNPI(npi) != ok {
			t.Errorf("ValidNPI(%s) = %v", npi, !ok)
		}
	}
}

func TestICD10(t *testing.T) {
	for in, want := range map[string]struct {
		code string
		ok   bool
	}{
		"E11.9": {"E119", true}, "E119": {"E119", true}, "S93.401A": {"S93401A", true},
		"Z23": {"Z23", true}, "U07.1": {"U071", true}, "E1.19": {"E119", false},
		"e11.9": {"e119", false}, "E11.": {"E11", false}, "E11.9.1": {"E1191", false},
		"1E1": {"1E1", false}, "E11.99999": {"E1199999", false},
	} {
		code, ok := ICD10(in)
		if code != want.code || ok != want.ok {
			t.Errorf("ICD10(%q) = %q, %v", in, code, ok)
		}
	}
}
