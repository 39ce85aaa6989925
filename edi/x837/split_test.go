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

// TestLevelSplit writes 250 claims of one subscriber: they go under three
// subscriber HLs of at most 100 claims.
func TestLevelSplit(t *testing.T) {
	claims := readClaims(t, "837p-simple.json", UnknownKind)
	var buf bytes.Buffer
	b, err := NewBuilder(&buf, Professional, testEnvelope(), testOptions(), "\n")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 250; i++ {
		if _, err := b.Add(claims[0]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.Close(); err != nil {
		t.Fatal(err)
	}
	var hls []string
	for _, seg := range strings.Split(buf.String(), "~\n") {
		if strings.HasPrefix(seg, "HL*") {
			hls = append(hls, seg)
		}
	}
	want := "HL*1**20*1 HL*2*1*22*0 HL*3*1*22*0 HL*4*1*22*0"
	if strings.Join(hls, " ") != want {
		t.Fatalf("HLs %v", hls)
	}
	data := buf.Bytes()
	fs, st, err := Validate(bytes.NewReader(data), "")
	if err != nil || len(fs) != 0 || st.Claims != 250 {
		t.Fatalf("validate: %v %v %+v", err, fs, st)
	}

	// Without the second subscriber HL, the first holds 200 claims.
	start := bytes.Index(data, []byte("HL*3*1*22*0~"))
	end := bytes.Index(data[start:], []byte("CLM*")) + start
	broken := append(append([]byte(nil), data[:start]...), data[end:]...)
	fs, _, _ = Validate(bytes.NewReader(broken), "")
	var got []string
	for _, f := range fs {
		got = append(got, f.Error())
	}
	at := " (ISA 000001207, GS 1207, ST 0001 position "
	want = strings.Join([]string{
		"segment 15" + at + "13) HL: the HL 22 loop holds more than 100 claims",
		"segment 1622" + at + "1620) HL01: HL01 does not follow the previous HL's number",
		"segment 2029" + at + "2027) SE01: the count of segments in the set says 2034, " +
			"but there are 2027",
	}, "\n")
	if strings.Join(got, "\n") != want {
		t.Fatalf("got\n%s", strings.Join(got, "\n"))
	}
}
