package x837

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
)

// readBack reads every claim of an 837 and fails on any finding.
func readBack(t testing.TB, data []byte) ([]*Claim, Stats) {
	t.Helper()
	r := NewReader(bytes.NewReader(data))
	var out []*Claim
	for {
		c, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("read back: %v", err)
		}
		out = append(out, c)
	}
	if fs := r.Findings(); len(fs) > 0 {
		t.Fatalf("read back: %d findings, first: %v", len(fs), fs[0])
	}
	return out, r.Stats()
}

// expected returns the claim as a round trip gives it back.
func expected(t testing.TB, c *Claim, env Envelope) string {
	t.Helper()
	Normalize(c)
	c.UsageIndicator = string(env.Usage)
	if c.Submitter.SubmitterIdentification == "" {
		c.Submitter.SubmitterIdentification = env.SenderID
	}
	return canonical(t, c)
}

func canonical(t testing.TB, c *Claim) string {
	t.Helper()
	b, err := json.MarshalIndent(c, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		file string
		kind Kind
	}{
		{"837p-simple.json", Professional},
		{"837p-dependent.json", Professional},
		{"837p-twelve-diagnoses.json", Professional},
		{"837p-replacement.json", Professional},
		{"837p-void.json", Professional},
		{"837p-many-lines.json", Professional},
		{"837p-batch.jsonl", Professional},
		{"837i-inpatient.json", Institutional},
		{"837i-outpatient.json", Institutional},
	} {
		t.Run(tc.file, func(t *testing.T) {
			env := testEnvelope()
			claims := readClaims(t, tc.file, UnknownKind)
			data, _ := build(t, tc.kind, env, claims)
			got, stats := readBack(t, data)
			if len(got) != len(claims) || stats.Claims != len(claims) {
				t.Fatalf("read %d claims (stats %d), wrote %d", len(got), stats.Claims,
					len(claims))
			}
			fresh := readClaims(t, tc.file, UnknownKind)
			for i, c := range fresh {
				want := expected(t, c, env)
				if got[i].Index != i || got[i].Kind != tc.kind {
					t.Errorf("claim %d: index %d kind %v", i, got[i].Index, got[i].Kind)
				}
				if g := canonical(t, got[i]); g != want {
					t.Errorf("claim %d differs after the round trip:\ngot  %s\nwant %s", i, g, want)
				}
			}
		})
	}
}
