package x277

import (
	"github.com/claimflow/claimflow/edi/internal/corpus"

	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/edi"
)

// corpusDir holds public sample files beside the repository; tests that
// read it skip when it is absent.
var corpusDir = corpus.Dir()

func readAll(t testing.TB, src io.Reader) ([]Item, edi.Findings, error) {
	t.Helper()
	r := NewReader(src)
	r.SetName("277.edi")
	var items []Item
	for {
		it, err := r.Next()
		if err == io.EOF {
			return items, r.Findings(), nil
		}
		if err != nil {
			return items, r.Findings(), err
		}
		items = append(items, it)
	}
}

func readFile(t *testing.T, name string) ([]Item, edi.Findings) {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	items, fs, err := readAll(t, f)
	if err != nil {
		t.Fatal(err)
	}
	return items, fs
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

// dump renders items without positions, one a line, every value shown, so
// that tests compare exact values and a write and a read can be compared.
func dump(items []Item) string {
	var b strings.Builder
	for _, it := range items {
		switch v := it.(type) {
		case *Level:
			parent := "-"
			if v.Parent != nil {
				parent = v.Parent.ID
			}
			fmt.Fprintf(&b, "L %s^%s(%s) %s/%s %s", v.ID, v.ParentID, parent, v.Code, v.Child,
				entity(v.Name))
			if v.Trace != (Trace{}) {
				fmt.Fprintf(&b, " TRN %s/%s", v.Trace.Type, v.Trace.Number)
			}
			if v.Received+v.Processed != "" {
				fmt.Fprintf(&b, " got %s done %s", v.Received, v.Processed)
			}
			for _, r := range v.Refs {
				fmt.Fprintf(&b, " REF %s=%s", r.Qualifier, r.Value)
			}
			t := v.Totals
			if t != (Totals{}) {
				fmt.Fprintf(&b, " QTY %s/%s AMT %s/%s", num(t.AcceptedCount), num(t.RejectedCount),
					amt(t.AcceptedAmount), amt(t.RejectedAmount))
			}
			statuses(&b, v.Statuses)
		case *Claim:
			fmt.Fprintf(&b, "C %s under %s", v.Trace, ids(v.Source, v.Receiver, v.Provider,
				v.Subscriber, v.Patient))
			for _, r := range []Ref{{"1K", v.PayerClaimNumber}, {"D9", v.ClearinghouseTrace},
				{"BLT", v.BillType}, {"EA", v.MedicalRecord}, {"EJ", v.PatientControl}} {
				if r.Value != "" {
					fmt.Fprintf(&b, " %s=%s", r.Qualifier, r.Value)
				}
			}
			for _, r := range v.OtherRefs {
				fmt.Fprintf(&b, " REF %s=%s", r.Qualifier, r.Value)
			}
			fmt.Fprintf(&b, " dates %s", period(v.ServiceDate))
			statuses(&b, v.Statuses)
			for _, l := range v.Lines {
				p := l.Procedure
				fmt.Fprintf(&b, "\n  SVC %s:%s%v %s paid %s rev %q units %q FJ=%s XZ=%s dates %s",
					p.Qualifier, p.Code, p.Modifiers, l.Charge, amt(l.Paid), l.RevenueCode,
					l.Units, l.LineControl, l.Prescription, period(l.ServiceDate))
				statuses(&b, l.Statuses)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func entity(e Entity) string {
	if e == (Entity{}) {
		return "noname"
	}
	return fmt.Sprintf("NM1 %s/%s/%s/%s/%s/%s/%s/%s", e.Code, e.Type, e.Last, e.First,
		e.Middle, e.Suffix, e.IDQualifier, e.ID)
}

func statuses(b *strings.Builder, ss []Status) {
	for _, s := range ss {
		fmt.Fprintf(b, "\n    STC %s %s %s %q %s %s", code(s.Codes[0]), code(s.Codes[1]),
			code(s.Codes[2]), s.Date, s.Action, amt(s.Charge))
		if s.Paid != nil || s.AdjudicationDate+s.PaymentMethod+s.CheckDate+s.CheckNumber != "" {
			fmt.Fprintf(b, " paid %s on %s by %s %s %s", amt(s.Paid), s.AdjudicationDate,
				s.PaymentMethod, s.CheckDate, s.CheckNumber)
		}
		if s.Message != "" {
			fmt.Fprintf(b, " %q", s.Message)
		}
	}
}

func code(c StatusCode) string {
	if c == (StatusCode{}) {
		return "-"
	}
	return c.Category + ":" + c.Code + ":" + c.Entity + ":" + c.CodeList
}

func ids(ls ...*Level) string {
	var out []string
	for _, l := range ls {
		if l == nil {
			out = append(out, "-")
		} else {
			out = append(out, l.ID)
		}
	}
	return strings.Join(out, "/")
}

func period(p Period) string { return p.Start + ".." + p.End }

func num(p *int) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

func amt(p *edi.Amount) string {
	if p == nil {
		return "-"
	}
	return p.String()
}

// lines splits a want block written with a leading newline and tabs.
func lines(s string) string {
	s = strings.TrimPrefix(s, "\n")
	var out []string
	for _, l := range strings.Split(s, "\n") {
		out = append(out, strings.TrimLeft(l, "\t"))
	}
	return strings.Join(out, "\n")
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
