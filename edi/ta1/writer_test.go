package ta1

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/claimflow/claimflow/edi"
)

// TestWriteReproducesTestdata writes the values read from a test file and
// gets the file back byte for byte.
func TestWriteReproducesTestdata(t *testing.T) {
	for _, name := range []string{"testdata/accepted.edi"} {
		acks, _ := readFile(t, name)
		var buf bytes.Buffer
		w := NewWriter(&buf, edi.DefaultDelimiters, "\n")
		for _, a := range acks {
			if err := w.Write(a); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		want, _ := os.ReadFile(name)
		if buf.String() != string(want) {
			t.Fatalf("%s: got\n%s\nwant\n%s", name, buf.String(), want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	first := envelope(utc(2026, 3, 2, 8, 16), 702, 'T')
	second := envelope(utc(2026, 3, 2, 8, 17), 703, 'P')
	second.AckRequested = true
	acks := []*Ack{
		{Interchange: first, Control: "000000124", Time: utc(2026, 3, 1, 22, 15),
			Code: Rejected, Note: "001"},
		{Interchange: first, Control: "000000125", Time: utc(2026, 3, 1, 22, 16),
			Code: AcceptedWithErrors, Note: "020"},
		{Interchange: second, Control: "000000126", Time: utc(2026, 3, 2, 7, 0),
			Code: Accepted, Note: "000"},
	}
	got := roundTrip(t, acks, edi.Delimiters{Element: '|', Component: '>', Repetition: '^',
		Segment: '\n'})
	if fmt.Sprint(got) != fmt.Sprint(strip(acks)) {
		t.Fatalf("got  %+v\nwant %+v", got, strip(acks))
	}
}

func roundTrip(t testing.TB, acks []*Ack, d edi.Delimiters) []Ack {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, d, "")
	for _, a := range acks {
		if err := w.Write(a); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	back, fs, err := readAll(t, &buf)
	if err != nil || len(fs) != 0 {
		t.Fatalf("err %v, findings:\n%s\n%s", err, brief(fs), buf.String())
	}
	return strip(back)
}

func TestWriterRefuses(t *testing.T) {
	good := Ack{Interchange: envelope(utc(2026, 3, 2, 8, 16), 702, 'T'),
		Control: "000000124", Time: utc(2026, 3, 1, 22, 15), Code: Rejected, Note: "001"}
	for name, change := range map[string]func(*Ack){
		"short control": func(a *Ack) { a.Control = "124" },
		"no time":       func(a *Ack) { a.Time = time.Time{} },
		"bad code":      func(a *Ack) { a.Code = "X" },
		"bad note":      func(a *Ack) { a.Note = "1" },
		"bad envelope":  func(a *Ack) { a.Interchange.Usage = 'Q' },
	} {
		a := good
		change(&a)
		var buf bytes.Buffer
		w := NewWriter(&buf, edi.DefaultDelimiters, "")
		err := w.Write(&a)
		if err == nil {
			err = w.Close()
		}
		if !errors.Is(err, edi.ErrWriter) {
			t.Errorf("%s: err %v", name, err)
		}
	}
}

// TestWriteSegmentBesideAGroup puts a TA1 and a group in one interchange
// through the low-level writer; the reader takes the TA1 and passes over the
// group.
func TestWriteSegmentBesideAGroup(t *testing.T) {
	var buf bytes.Buffer
	w := edi.NewWriter(&buf, edi.DefaultDelimiters, "\n")
	h := envelope(utc(2026, 3, 2, 8, 17), 703, 'P')
	w.BeginInterchange(h)
	a := &Ack{Interchange: h, Control: "000000126", Time: utc(2026, 3, 2, 7, 0),
		Code: Accepted, Note: "000"}
	WriteSegment(w, a)
	w.BeginGroup(edi.Group{FunctionalID: "FA", SenderCode: "CHSIM", ReceiverCode: "NW",
		Time: h.Time, Control: 703, Version: "005010X231A1"})
	w.BeginSet("999", "0001", "005010X231A1")
	w.Segment("AK1", "HC", "126", "005010X222A1")
	w.Segment("AK9", "A", "1", "1", "1")
	w.EndSet()
	w.EndGroup()
	w.EndInterchange()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	acks, fs, err := readAll(t, &buf)
	if err != nil || len(fs) != 0 || len(acks) != 1 {
		t.Fatalf("acks %d, err %v, findings:\n%s", len(acks), err, brief(fs))
	}
	if got := strip(acks)[0]; got != *a {
		t.Fatalf("got %+v", got)
	}
}
