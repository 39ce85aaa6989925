package ta1

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/edi"
)

// readAll reads every TA1 of in.
func readAll(t testing.TB, src io.Reader) ([]*Ack, edi.Findings, error) {
	t.Helper()
	r := NewReader(src)
	r.SetName("ta1.edi")
	var acks []*Ack
	for {
		a, err := r.Next()
		if err == io.EOF {
			return acks, r.Findings(), nil
		}
		if err != nil {
			return acks, r.Findings(), err
		}
		acks = append(acks, a)
	}
}

func readFile(t *testing.T, name string) ([]*Ack, edi.Findings) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	acks, fs, err := readAll(t, f)
	if err != nil {
		t.Fatal(err)
	}
	return acks, fs
}

var sentinels = []struct {
	err  error
	name string
}{
	{edi.ErrNotX12, "not-x12"}, {edi.ErrDelimiters, "delimiters"}, {edi.ErrSyntax, "syntax"},
	{edi.ErrEnvelope, "envelope"}, {edi.ErrCount, "count"},
	{edi.ErrControlNumber, "control"}, {edi.ErrISAWidth, "isa-width"},
	{edi.ErrData, "data"}, {edi.ErrStructure, "structure"},
}

// brief renders findings as "ordinal SEGxx sentinel severity", one a line,
// for exact comparison.
func brief(fs edi.Findings) string {
	var out []string
	for _, f := range fs {
		name := "?"
		for _, s := range sentinels {
			if errors.Is(f, s.err) {
				name = s.name
				break
			}
		}
		out = append(out, fmt.Sprintf("%d %s%02d %s %s", f.Pos.Ordinal, f.Segment, f.Element,
			name, f.Severity))
	}
	return strings.Join(out, "\n")
}

func utc(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
}

func envelope(at time.Time, control int64, usage byte) edi.Interchange {
	return edi.Interchange{AuthQualifier: "00", SecurityQualifier: "00",
		SenderQualifier: "ZZ", SenderID: "CHSIM", ReceiverQualifier: "ZZ",
		ReceiverID: "NORTHWINDCLIN", Time: at, Version: "00501", Control: control,
		Usage: usage}
}

// strip drops positions, which a write and a read do not keep.
func strip(acks []*Ack) []Ack {
	out := make([]Ack, len(acks))
	for i, a := range acks {
		out[i] = *a
		out[i].Pos = edi.Position{}
	}
	return out
}

func TestAccepted(t *testing.T) {
	acks, fs := readFile(t, "testdata/accepted.edi")
	if len(fs) != 0 {
		t.Fatalf("findings:\n%s", brief(fs))
	}
	want := []Ack{{Interchange: envelope(utc(2026, 3, 2, 8, 15), 701, 'P'),
		Control: "000000123", Time: utc(2026, 3, 1, 22, 10), Code: Accepted, Note: "000"}}
	if got := strip(acks); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	p := acks[0].Pos
	if p.Ordinal != 2 || p.Interchange != "000000701" || p.Group != "" || p.Offset != 107 {
		t.Fatalf("position %+v", p)
	}
	if acks[0].Rejected() {
		t.Fatal("an accepted interchange reads as rejected")
	}
}

func TestRejectedWithNotes(t *testing.T) {
	acks, fs := readFile(t, "testdata/rejected_notes.edi")
	if len(fs) != 0 {
		t.Fatalf("findings:\n%s", brief(fs))
	}
	want := []Ack{
		{Interchange: envelope(utc(2026, 3, 2, 8, 16), 702, 'T'), Control: "000000124",
			Time: utc(2026, 3, 1, 22, 15), Code: Rejected, Note: "001"},
		{Interchange: envelope(utc(2026, 3, 2, 8, 16), 702, 'T'), Control: "000000125",
			Time: utc(2026, 3, 1, 22, 16), Code: AcceptedWithErrors, Note: "020"},
		{Interchange: envelope(utc(2026, 3, 2, 8, 17), 703, 'P'), Control: "000000126",
			Time: utc(2026, 3, 2, 7, 0), Code: Rejected, Note: "025"},
	}
	if got := strip(acks); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	if !acks[0].Rejected() || acks[1].Rejected() || !acks[2].Rejected() {
		t.Fatal("Rejected disagrees with TA104")
	}
	if acks[2].Pos.Ordinal != 6 || acks[2].Pos.Interchange != "000000703" {
		t.Fatalf("position %+v", acks[2].Pos)
	}
}

func TestMalformed(t *testing.T) {
	acks, fs := readFile(t, "testdata/malformed.edi")
	if len(acks) != 3 {
		t.Fatalf("%d acks", len(acks))
	}
	// Malformed values are kept as read.
	if a := acks[0]; a.Control != "12345" || a.Code != "Q" || a.Note != "1" ||
		!a.Time.IsZero() {
		t.Fatalf("first ack %+v", a)
	}
	if a := acks[2]; a.Code != Rejected || a.Note != "" {
		t.Fatalf("third ack %+v", a)
	}
	want := strings.Join([]string{
		"2 TA106 syntax warning",
		"2 TA101 data error",
		"2 TA102 data warning",
		"2 TA104 data error",
		"2 TA105 data error",
		"3 TA103 data warning",
		"4 TA105 data error",
	}, "\n")
	if got := brief(fs); got != want {
		t.Fatalf("findings:\n%s\nwant\n%s", got, want)
	}
	for _, f := range fs {
		if strings.Contains(f.Error(), "12345") {
			t.Fatalf("a finding quotes a value: %v", f)
		}
	}
}

func TestNoTA1(t *testing.T) {
	in := "ISA*00*          *00*          *ZZ*CHSIM          *ZZ*NORTHWINDCLIN  " +
		"*260302*0815*^*00501*000000701*0*P*:~IEA*0*000000701~"
	acks, fs, err := readAll(t, strings.NewReader(in))
	if err != nil || len(acks) != 0 {
		t.Fatalf("acks %v err %v", acks, err)
	}
	if got := brief(fs); got != "1 00 structure warning" {
		t.Fatalf("findings:\n%s", got)
	}
}

func TestNotX12(t *testing.T) {
	acks, fs, err := readAll(t, strings.NewReader("<html>no</html>"))
	if !errors.Is(err, edi.ErrNotX12) || len(acks) != 0 || len(fs) != 1 {
		t.Fatalf("acks %v, findings %v, err %v", acks, fs, err)
	}
}
