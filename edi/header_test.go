package edi

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

func firstSegments(t *testing.T, in string, n int) []*Segment {
	t.Helper()
	segs, _, err := readAll(t, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(segs) < n {
		t.Fatalf("read %d segments, want at least %d", len(segs), n)
	}
	return segs
}

func TestParseInterchangeAndGroup(t *testing.T) {
	in := isa('*', '^', ':', '~', "00501", "000000042") +
		"GS*FA*SENDCODE*RECVCODE*20260304*093015*42*X*005010X231A1~"
	segs := firstSegments(t, in, 2)
	h, fs := ParseInterchange(segs[0])
	if len(fs) != 0 {
		t.Fatalf("findings %v", fs)
	}
	want := Interchange{AuthQualifier: "00", SecurityQualifier: "00",
		SenderQualifier: "ZZ", SenderID: "SENDER", ReceiverQualifier: "ZZ",
		ReceiverID: "RECEIVER", Time: time.Date(2026, 1, 2, 10, 30, 0, 0, time.UTC),
		Version: "00501", Control: 42, Usage: 'T'}
	if h != want {
		t.Fatalf("got %+v\nwant %+v", h, want)
	}
	g, fs := ParseGroup(segs[1])
	if len(fs) != 0 {
		t.Fatalf("findings %v", fs)
	}
	wantG := Group{FunctionalID: "FA", SenderCode: "SENDCODE", ReceiverCode: "RECVCODE",
		Time: time.Date(2026, 3, 4, 9, 30, 15, 0, time.UTC), Control: 42,
		Version: "005010X231A1"}
	if g != wantG {
		t.Fatalf("got %+v\nwant %+v", g, wantG)
	}
}

func TestParseHeaderFindings(t *testing.T) {
	bad := strings.Replace(isa('*', '^', ':', '~', "00501", "000000042"),
		"260102*1030", "261302*1030", 1)
	bad = strings.Replace(bad, "*0*T*", "*2*T*", 1)
	in := bad + "GS*FA*S*R*20260304*102497*X1*X*005010X231A1~"
	segs := firstSegments(t, in, 2)
	h, fs := ParseInterchange(segs[0])
	if !h.Time.IsZero() || h.Control != 42 || h.AckRequested {
		t.Fatalf("interchange %+v", h)
	}
	if len(fs) != 2 || fs[0].Element != 14 || fs[1].Element != 9 {
		t.Fatalf("findings %v", fs)
	}
	g, fs := ParseGroup(segs[1])
	if len(fs) != 2 || fs[0].Element != 6 || fs[1].Element != 5 {
		t.Fatalf("findings %v", fs)
	}
	for _, f := range fs {
		if !errors.Is(f, ErrData) || f.Severity != Warning || f.Segment != "GS" {
			t.Fatalf("finding %+v", f)
		}
	}
	if g.Control != 0 || !g.Time.Equal(time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("group %+v", g)
	}
}

func TestParseClock(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"0000", 0, true},
		{"2359", 23*time.Hour + 59*time.Minute, true},
		{"100831", 10*time.Hour + 8*time.Minute + 31*time.Second, true},
		{"1008315", 10*time.Hour + 8*time.Minute + 31*time.Second + 500*time.Millisecond, true},
		{"10083107", 10*time.Hour + 8*time.Minute + 31*time.Second + 70*time.Millisecond, true},
		{"102497", 0, false},
		{"2400", 0, false},
		{"10a0", 0, false},
		{"10083", 0, false},
		{"", 0, false},
	} {
		got, ok := parseClock(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseClock(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// TestParseHeaderRoundTrip writes an envelope and reads it back into the
// same values.
func TestParseHeaderRoundTrip(t *testing.T) {
	h := Interchange{AuthQualifier: "00", SecurityQualifier: "00", SenderQualifier: "ZZ",
		SenderID: "CHSIM", ReceiverQualifier: "30", ReceiverID: "123456789",
		Time: time.Date(1999, 12, 31, 23, 59, 0, 0, time.UTC), Version: "00501",
		Control: 7, AckRequested: true, Usage: 'P'}
	g := Group{FunctionalID: "HN", SenderCode: "CHSIM", ReceiverCode: "PRACTICE",
		Time: time.Date(2026, 7, 8, 6, 5, 0, 0, time.UTC), Control: 99, Version: "005010X214"}
	var buf bytes.Buffer
	w := NewWriter(&buf, DefaultDelimiters, "")
	w.BeginInterchange(h)
	w.BeginGroup(g)
	w.EndGroup()
	w.EndInterchange()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	segs := firstSegments(t, buf.String(), 2)
	gh, fs1 := ParseInterchange(segs[0])
	gg, fs2 := ParseGroup(segs[1])
	if gh != h || gg != g || len(fs1)+len(fs2) != 0 {
		t.Fatalf("got %+v %+v %v %v", gh, gg, fs1, fs2)
	}
	if got, _ := ParseInterchange(segs[1]); got != (Interchange{}) {
		t.Fatalf("a GS read as an ISA: %+v", got)
	}
}

func TestWriterRepeated(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, DefaultDelimiters, "")
	w.Begin("CTX")
	w.Repeated([]string{"SITUATIONAL TRIGGER"}, nil, []string{"A", "2", ""}, nil, []string{"", ""})
	w.Element("CLM")
	w.End()
	w.Begin("CTX")
	w.Repeated([]string{"CLM01", "PCN1"})
	w.Repeated()
	w.Element("X")
	w.End()
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "CTX*SITUATIONAL TRIGGER^^A:2*CLM~CTX*CLM01:PCN1**X~"
	if got := buf.String(); got != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}

	buf.Reset()
	w = NewWriter(&buf, Delimiters{Element: '*', Component: ':', Segment: '~'}, "")
	w.Begin("CTX")
	w.Repeated([]string{"A"}, []string{"B"})
	if err := w.Err(); !errors.Is(err, ErrWriter) {
		t.Fatalf("err %v", err)
	}
	w = NewWriter(&buf, DefaultDelimiters, "")
	w.Begin("CTX")
	w.Repeated([]string{"A"}, []string{"B^"})
	if err := w.Err(); !errors.Is(err, ErrWriter) {
		t.Fatalf("err %v", err)
	}
}

func TestReportJoinsFindings(t *testing.T) {
	in := isa('*', '^', ':', '~', "00501", "000000001") + body + "IEA*1*000000002~"
	r := NewReader(strings.NewReader(in))
	r.SetName("ack.edi")
	r.SetMaxFindings(2)
	for {
		s, err := r.Next()
		if err != nil {
			break
		}
		if s.ID == "BHT" {
			r.Report(Finding{Severity: Warning, Pos: s.Pos, Segment: "BHT", Element: 1,
				Err: ErrData, Message: "first"})
			r.Report(Finding{Severity: Warning, Pos: s.Pos, Segment: "BHT", Element: 2,
				Err: ErrData, Message: "second"})
		}
	}
	fs := r.Findings()
	if len(fs) != 3 || fs[0].Message != "first" || fs[0].File != "ack.edi" ||
		fs[1].Message != "second" || !errors.Is(fs[2], ErrControlNumber) {
		t.Fatalf("findings %v", fs)
	}
}
