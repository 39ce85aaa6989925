package x837

import (
	"bytes"
	"strings"
	"testing"
)

// TestSetSplit checks that a new transaction set starts after the limit,
// with consecutive ST02 values and HL numbering from 1 again.
func TestSetSplit(t *testing.T) {
	env := testEnvelope()
	env.MaxClaimsPerSet, env.FirstSet = 2, 41
	claims := readClaims(t, "837p-batch.jsonl", UnknownKind)
	data, sum := build(t, Professional, env, claims)
	if sum != (Summary{Claims: 5, Sets: 3, FirstSet: "0041", LastSet: "0043"}) {
		t.Fatalf("summary %+v", sum)
	}
	var sts []string
	for _, seg := range strings.Split(string(data), "~\n") {
		if strings.HasPrefix(seg, "ST*") || strings.HasPrefix(seg, "SE*") ||
			strings.HasPrefix(seg, "HL*1*") || strings.HasPrefix(seg, "GE*") {
			sts = append(sts, seg)
		}
	}
	want := []string{
		"ST*837*0041*005010X222A1", "HL*1**20*1", "SE*36*0041",
		"ST*837*0042*005010X222A1", "HL*1**20*1", "SE*55*0042",
		"ST*837*0043*005010X222A1", "HL*1**20*1", "SE*27*0043",
		"GE*3*1207",
	}
	if strings.Join(sts, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got\n%s", strings.Join(sts, "\n"))
	}
	fs, st, err := Validate(bytes.NewReader(data), "")
	if err != nil || len(fs) != 0 || st.Sets != 3 || st.Claims != 5 {
		t.Fatalf("validate: %v %v %+v", err, fs, st)
	}
}

// TestSetSplitDefault writes 5,001 claims: the last goes into a second set.
func TestSetSplitDefault(t *testing.T) {
	claims := readClaims(t, "837p-simple.json", UnknownKind)
	var buf bytes.Buffer
	b, err := NewBuilder(&buf, Professional, testEnvelope(), testOptions(), "")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < MaxClaimsPerSet+1; i++ {
		if _, err := b.Add(claims[0]); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := b.Close()
	if err != nil || sum != (Summary{Claims: 5001, Sets: 2, FirstSet: "0001", LastSet: "0002"}) {
		t.Fatalf("%v %+v", err, sum)
	}
	fs, st, err := Validate(&buf, "")
	if err != nil || len(fs) != 0 || st.Claims != 5001 || st.Sets != 2 {
		t.Fatalf("validate: %v %d findings %+v", err, len(fs), st)
	}
}
