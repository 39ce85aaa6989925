package x999

import (
	"github.com/claimflow/claimflow/edi/internal/corpus"

	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/edi"
)

// corpusDir holds public sample files beside the repository; tests that
// read it skip when it is absent.
var corpusDir = corpus.Dir()

func readAll(t testing.TB, src io.Reader) ([]*Ack, edi.Findings, error) {
	t.Helper()
	r := NewReader(src)
	r.SetName("ack.edi")
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

func corpusFile(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(corpusDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus file %s is absent", name)
	}
	return p
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

// brief renders findings as "ordinal SEGxx sentinel severity", one a line.
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

// clean returns a copy of a without positions, which a write and a read
// do not keep.
func clean(a *Ack) Ack {
	c := *a
	c.Pos, c.Result.Pos = edi.Position{}, edi.Position{}
	c.Sets = append([]SetResponse(nil), a.Sets...)
	for i := range c.Sets {
		s := &c.Sets[i]
		s.Pos = edi.Position{}
		s.Segments = append([]SegmentError(nil), s.Segments...)
		for j := range s.Segments {
			se := &s.Segments[j]
			se.Pos = edi.Position{}
			se.Contexts = cleanContexts(se.Contexts)
			se.Elements = append([]ElementError(nil), se.Elements...)
			for k := range se.Elements {
				se.Elements[k].Pos = edi.Position{}
				se.Elements[k].Contexts = cleanContexts(se.Elements[k].Contexts)
			}
		}
	}
	return c
}

func cleanContexts(cs []Context) []Context {
	out := append([]Context(nil), cs...)
	for i := range out {
		out[i].Pos = edi.Position{}
	}
	return out
}

func cleanAll(acks []*Ack) []Ack {
	out := make([]Ack, len(acks))
	for i, a := range acks {
		out[i] = clean(a)
	}
	return out
}

func sameAcks(t *testing.T, got []*Ack, want []Ack) {
	t.Helper()
	g := cleanAll(got)
	if len(g) != len(want) {
		t.Fatalf("%d acks, want %d", len(g), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(g[i], want[i]) {
			t.Fatalf("ack %d:\ngot  %+v\nwant %+v", i, g[i], want[i])
		}
	}
}

func envelope(hhmm int, control int64) edi.Interchange {
	return edi.Interchange{AuthQualifier: "00", SecurityQualifier: "00",
		SenderQualifier: "ZZ", SenderID: "CHSIM", ReceiverQualifier: "ZZ",
		ReceiverID: "NORTHWINDCLIN", Time: utc(2026, 3, 3, hhmm/100, hhmm%100),
		Version: "00501", Control: control, Usage: 'P'}
}

func group(hhmm int, control int64) edi.Group {
	return edi.Group{FunctionalID: "FA", SenderCode: "CHSIM", ReceiverCode: "NORTHWINDCLIN",
		Time: utc(2026, 3, 3, hhmm/100, hhmm%100), Control: control,
		Version: "005010X231A1"}
}

func bu(pcn string) Context {
	return Context{IDs: []ContextID{{Name: "CLM01", Reference: pcn}}}
}
