package x837

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// testTime is the clock of every test: envelopes and "today".
var testTime = time.Date(2026, 3, 10, 14, 5, 0, 0, time.UTC)

func testEnvelope() Envelope {
	return Envelope{
		SenderQualifier: "ZZ", SenderID: "BRIGHTWATER", ReceiverQualifier: "ZZ",
		ReceiverID: "CASCADECH", Usage: 'T', AckRequested: true,
		Interchange: 1207, Group: 1207, FirstSet: 1, Time: testTime,
	}
}

func testOptions() Options { return Options{Today: testTime} }

// readClaims decodes every claim of a file under testdata/claims.
func readClaims(t testing.TB, name string, hint Kind) []*Claim {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "claims", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []*Claim
	d := NewDecoder(f, hint)
	for {
		c, err := d.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, c)
	}
}

// build writes the claims into an 837 and fails on any held claim.
func build(t testing.TB, kind Kind, env Envelope, claims []*Claim) ([]byte, Summary) {
	t.Helper()
	var buf bytes.Buffer
	b, err := NewBuilder(&buf, kind, env, testOptions(), "\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range claims {
		if fs, err := b.Add(c); err != nil {
			t.Fatalf("claim %d: %v\n%v", c.Index, err, fs)
		}
	}
	sum, err := b.Close()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), sum
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		file string
		kind Kind
		sum  Summary
	}{
		{"837p-simple.json", Professional, Summary{1, 1, "0001", "0001"}},
		{"837p-dependent.json", Professional, Summary{1, 1, "0001", "0001"}},
		{"837p-twelve-diagnoses.json", Professional, Summary{1, 1, "0001", "0001"}},
		{"837p-replacement.json", Professional, Summary{1, 1, "0001", "0001"}},
		{"837p-void.json", Professional, Summary{1, 1, "0001", "0001"}},
		{"837p-many-lines.json", Professional, Summary{1, 1, "0001", "0001"}},
		{"837p-batch.jsonl", Professional, Summary{5, 1, "0001", "0001"}},
		{"837i-inpatient.json", Institutional, Summary{1, 1, "0001", "0001"}},
		{"837i-outpatient.json", Institutional, Summary{1, 1, "0001", "0001"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			claims := readClaims(t, tc.file, UnknownKind)
			for _, c := range claims {
				if c.Kind != tc.kind {
					t.Fatalf("claim %d detected as %v, want %v", c.Index, c.Kind, tc.kind)
				}
			}
			got, sum := build(t, tc.kind, testEnvelope(), claims)
			if sum != tc.sum {
				t.Errorf("summary %+v, want %+v", sum, tc.sum)
			}
			golden := filepath.Join("testdata", "golden",
				strings.TrimSuffix(strings.TrimSuffix(tc.file, ".json"), ".jsonl")+".edi")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s; run go test -update and review the diff\n%s",
					golden, got)
			}
		})
	}
}

func TestBuilderHoldsBadClaim(t *testing.T) {
	claims := readClaims(t, "837p-simple.json", UnknownKind)
	claims[0].Billing.NPI = "1234567890"
	var buf bytes.Buffer
	b, err := NewBuilder(&buf, Professional, testEnvelope(), testOptions(), "")
	if err != nil {
		t.Fatal(err)
	}
	fs, err := b.Add(claims[0])
	if !errors.Is(err, ErrHeld) || len(fs) != 1 || fs[0].Code != "npi.check_digit" {
		t.Fatalf("err %v, findings %v", err, fs)
	}
	sum, err := b.Close()
	if err != nil || sum != (Summary{}) || buf.Len() != 0 {
		t.Fatalf("close: %v %+v %q", err, sum, buf.String())
	}
}
