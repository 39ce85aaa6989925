package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// validate reads answers with the typed readers that post them: an 835
// whose claim payment was altered is reported with the balance findings
// inspect shows, and the status says so.
func TestX12ValidateAnswers(t *testing.T) {
	good := filepath.Join("..", "..", "edi", "x835", "testdata", "claims.835")
	out, code := run(t, "x12", "validate", good)
	if code != 0 || out != "835: 1 interchanges, 1 transaction sets, 0 findings\n" {
		t.Fatalf("clean 835: exit %d\n%s", code, out)
	}

	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "bad.835")
	os.WriteFile(bad, bytes.Replace(data, []byte("CLP*MG2001*1*80*64*"),
		[]byte("CLP*MG2001*1*80*74*"), 1), 0o644)
	out, code = run(t, "x12", "validate", bad)
	for _, want := range []string{
		"warning segment 4 (ISA 000000102, GS 102, ST 0001 position 2) BPR02: the payment " +
			"does not balance: BPR02 is 510.00, but the claims paid 520.00 and the provider " +
			"adjustments are 0.00, which make 520.00\n",
		"warning segment 30 (ISA 000000102, GS 102, ST 0001 position 28) CLP04: the claim " +
			"does not balance: charge 80.00 minus adjustments 16.00 is 64.00, but paid is 74.00\n",
		"835: 1 interchanges, 1 transaction sets, 3 findings\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q", want)
		}
	}
	if code != 1 {
		t.Errorf("exit %d\n%s", code, out)
	}
}
