package x999

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/claimflow/claimflow/edi"
)

// FuzzReader feeds arbitrary bytes to the reader: it never panics, and
// reading a byte at a time gives the same acks and findings.
func FuzzReader(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.edi")
	corpus, _ := filepath.Glob(filepath.Join(corpusDir, "999*"))
	for _, name := range append(seeds, corpus...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		acks, fs, _ := readAll(t, bytes.NewReader(in))
		acks2, fs2, _ := readAll(t, iotest.OneByteReader(bytes.NewReader(in)))
		if brief(fs2) != brief(fs) {
			t.Fatalf("one-byte reads differ:\n%s\nwant\n%s", brief(fs2), brief(fs))
		}
		if len(acks2) != len(acks) {
			t.Fatalf("%d acks, want %d", len(acks2), len(acks))
		}
		for i := range acks {
			if !reflect.DeepEqual(acks[i], acks2[i]) {
				t.Fatalf("ack %d differs", i)
			}
		}
	})
}

// FuzzRoundTrip builds acks from fuzzed values, writes and reads them: what
// the writer accepts comes back unchanged and without findings.
func FuzzRoundTrip(f *testing.F) {
	f.Add("HC", "1001", "837", uint8(3), "NM1", "2010BA", "8", "NWC2002A", "ZZ99", uint16(25),
		false)
	f.Add("HC", "7", "837", uint8(0), "CLM", "", "I6", "", "", uint16(0), true)
	f.Fuzz(func(t *testing.T, fid, gctl, setID string, n uint8, segID, loop, code,
		pcn, bad string, pos uint16, is997 bool) {
		a := build(fid, gctl, setID, int(n%5), segID, loop, code, pcn, bad, int(pos), is997)
		b, err := writeAll(t, []*Ack{a}, edi.DefaultDelimiters, "\n")
		if err != nil {
			return // refused values: nothing to read back
		}
		back, fs, err := readAll(t, bytes.NewReader(b))
		if err != nil || len(fs) != 0 || len(back) != 1 {
			t.Fatalf("err %v, %d acks, findings:\n%s\n%s", err, len(back), brief(fs), b)
		}
		if got, want := clean(back[0]), clean(a); !reflect.DeepEqual(got, want) {
			t.Fatalf("got  %+v\nwant %+v\n%s", got, want, b)
		}
	})
}

// build makes an ack with n set responses, every other one rejected with a
// segment error, an element error and contexts, all from the fuzzed values.
// Values the reader would report as missing are replaced, so that a
// written ack reads back without findings.
func build(fid, gctl, setID string, n int, segID, loop, code, pcn, bad string, pos int,
	is997 bool) *Ack {
	or := func(v, def string) string {
		v = strings.TrimSpace(v)
		if v == "" {
			return def
		}
		return v
	}
	at := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	a := &Ack{Interchange: envelope(900, 1), Group: group(900, 1), SetID: "999",
		Control: "0001", Version: "005010X231A1", FunctionalID: or(fid, "HC"),
		GroupControl: or(gctl, "1"), GroupVersion: "005010X222A1"}
	a.Group.Time = at
	if is997 {
		a.SetID, a.Version = "997", ""
	}
	accepted := 0
	for i := 0; i < n; i++ {
		s := SetResponse{SetID: or(setID, "837"), Control: fmt.Sprintf("%04d", i+1),
			Code: Accepted}
		if i%2 == 1 {
			se := SegmentError{SegmentID: or(segID, "CLM"), SetPosition: pos%9999 + 1,
				Loop: strings.TrimSpace(loop), Code: or(code, "8"),
				Elements: []ElementError{{Element: ElementPosition{Element: i, Component: pos % 3},
					Reference: "782", Code: "7", BadValue: bad}}}
			if se.Elements[0].Element.Element == 0 {
				se.Elements[0].Element.Element = 1
			}
			if !is997 {
				se.Contexts = []Context{{IDs: []ContextID{{Name: TriggerName},
					{Name: TriggerName, Reference: "2"}}, SegmentID: "CLM", SetPosition: 3,
					Element: ElementPosition{Element: 5, Component: 1, Repeat: pos % 4}},
					bu(or(pcn, "PCN1"))}
				se.Elements[0].Contexts = []Context{{IDs: []ContextID{{Name: TriggerName}},
					SegmentID: "SV1", SetPosition: 7, Loop: "2400",
					References: []string{"1234", "5678"}}}
			}
			s.Segments = []SegmentError{se}
			s.Code, s.Errors = Rejected, []string{"5", "I5"}
		} else {
			accepted++
		}
		a.Sets = append(a.Sets, s)
	}
	a.Result = GroupResult{Code: Accepted, Included: n, Received: n, Accepted: accepted}
	if accepted < n {
		a.Result.Code = PartiallyAccepted
	}
	return a
}
