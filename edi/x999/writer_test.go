package x999

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/claimflow/claimflow/edi"
)

// writeAll writes acks and returns the bytes.
func writeAll(t testing.TB, acks []*Ack, d edi.Delimiters, suffix string) ([]byte, error) {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, d, suffix)
	for _, a := range acks {
		if err := w.Write(a); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TestWriteReproducesTestdata writes the values read from each test file
// that holds only acknowledgments and gets the file back byte for byte.
func TestWriteReproducesTestdata(t *testing.T) {
	for _, name := range []string{"accepted.edi", "partial.edi", "rejected_errors.edi",
		"group_rejected.edi", "ack997.edi"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata", name)
			acks, _ := readFile(t, path)
			d := edi.DefaultDelimiters
			if name == "ack997.edi" {
				d.Repetition = 0
			}
			got, err := writeAll(t, acks, d, "\n")
			if err != nil {
				t.Fatal(err)
			}
			want, _ := os.ReadFile(path)
			if string(got) != string(want) {
				t.Fatalf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// TestRoundTripCorpus writes what the reader made of the 999_invalid_structure
// sample (all but what the writer cannot carry) and reads the same values.
func TestRoundTripCorpus(t *testing.T) {
	acks, _ := readFile(t, corpusFile(t, "999_invalid_structure.edi"))
	b, err := writeAll(t, acks, edi.Delimiters{Element: '|', Component: '>', Repetition: '!',
		Segment: '~'}, "\r\n")
	if err != nil {
		t.Fatal(err)
	}
	back, fs, err := readAll(t, bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	// IK5*Q and the AK9 counts still disagree; nothing else is wrong.
	if got := brief(fs); got != "6 IK501 data error\n17 AK904 count warning" {
		t.Fatalf("findings:\n%s\n%s", got, b)
	}
	want := cleanAll(acks)
	want[0].Group.Time = want[0].Group.Time.Truncate(60e9)
	sameAcks(t, back, want)
}

func TestWriterSeveralEnvelopes(t *testing.T) {
	acks, _ := readFile(t, "testdata/multi.edi")
	b, err := writeAll(t, acks, edi.DefaultDelimiters, "")
	if err != nil {
		t.Fatal(err)
	}
	back, fs, err := readAll(t, bytes.NewReader(b))
	if err != nil || len(fs) != 0 {
		t.Fatalf("err %v, findings:\n%s", err, brief(fs))
	}
	sameAcks(t, back, cleanAll(acks))
	if n := bytes.Count(b, []byte("ISA*")); n != 2 {
		t.Fatalf("%d interchanges", n)
	}
	if n := bytes.Count(b, []byte("GS*")); n != 3 {
		t.Fatalf("%d groups", n)
	}
}

func TestWriterRefuses(t *testing.T) {
	good := func() *Ack {
		return &Ack{Interchange: envelope(900, 1), Group: group(900, 1), SetID: "997",
			Control: "0001", FunctionalID: "HC", GroupControl: "1",
			Sets: []SetResponse{{SetID: "837", Control: "0001", Code: Rejected,
				Segments: []SegmentError{{SegmentID: "CLM", SetPosition: 3, Code: "8"}}}},
			Result: GroupResult{Code: Rejected, Included: 1, Received: 1}}
	}
	for name, change := range map[string]func(*Ack){
		"not a 999":         func(a *Ack) { a.SetID = "277" },
		"CTX in a 997":      func(a *Ack) { a.Sets[0].Segments[0].Contexts = []Context{bu("A")} },
		"short ST02":        func(a *Ack) { a.Control = "1" },
		"delimiter in data": func(a *Ack) { a.GroupControl = "1*2" },
		"element CTX in a 997": func(a *Ack) {
			a.Sets[0].Segments[0].Elements = []ElementError{{Contexts: []Context{bu("A")}}}
		},
	} {
		a := good()
		change(a)
		if _, err := writeAll(t, []*Ack{a}, edi.DefaultDelimiters, ""); !errors.Is(err,
			edi.ErrWriter) {
			t.Errorf("%s: err %v", name, err)
		}
	}
	if _, err := writeAll(t, []*Ack{good()}, edi.DefaultDelimiters, ""); err != nil {
		t.Fatal(err)
	}
}
