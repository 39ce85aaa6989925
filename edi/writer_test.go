package edi

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

func TestWriterEnvelope(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, DefaultDelimiters, "\n")
	at := time.Date(2026, 3, 4, 9, 5, 0, 0, time.UTC)
	w.BeginInterchange(Interchange{
		SenderQualifier: "ZZ", SenderID: "SUBMITTER1",
		ReceiverQualifier: "ZZ", ReceiverID: "CLEARHOUSE",
		Time: at, Control: 42, AckRequested: true, Usage: 'T',
	})
	w.BeginGroup(Group{FunctionalID: "HC", SenderCode: "SUBMITTER1", ReceiverCode: "CLEARHOUSE",
		Time: at, Control: 7, Version: "005010X222A1"})
	w.BeginSet("837", "0001", "005010X222A1")
	w.Segment("NM1", "85", "2", "NORTHWIND CLINIC", "", "", "", "", "XX", "1234567893")
	w.Segment("REF", "EI", "123456789", "", "")
	w.Begin("SV1")
	w.Composite("HC", "99213", "25", "", "")
	w.Element("100")
	w.Element("UN")
	w.Element("1")
	w.Element("")
	w.Element("")
	w.Composite("1", "2")
	w.Composite("", "")
	w.End()
	w.EndSet()
	w.EndGroup()
	w.EndInterchange()
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "ISA*00*          *00*          *ZZ*SUBMITTER1     *ZZ*CLEARHOUSE     " +
		"*260304*0905*^*00501*000000042*1*T*:~\n" +
		"GS*HC*SUBMITTER1*CLEARHOUSE*20260304*0905*7*X*005010X222A1~\n" +
		"ST*837*0001*005010X222A1~\n" +
		"NM1*85*2*NORTHWIND CLINIC*****XX*1234567893~\n" +
		"REF*EI*123456789~\n" +
		"SV1*HC:99213:25*100*UN*1***1:2~\n" +
		"SE*5*0001~\n" +
		"GE*1*7~\n" +
		"IEA*1*000000042~\n"
	if got := buf.String(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if n := len("ISA*00*          *00*          *ZZ*SUBMITTER1     *ZZ*CLEARHOUSE     " +
		"*260304*0905*^*00501*000000042*1*T*:~"); n != 106 {
		t.Fatalf("ISA is %d characters", n)
	}
}

func TestWriterRefusesDelimiterInData(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(w *Writer)
		msg   string
	}{
		{"element", func(w *Writer) { w.Segment("NM1", "IL", "1", "O*BRIEN") },
			"cannot write: NM103: value contains a delimiter"},
		{"component", func(w *Writer) { w.Begin("SV1"); w.Composite("HC", "99:13"); w.End() },
			"cannot write: SV101-2: value contains a delimiter"},
		{"component in simple element", func(w *Writer) { w.Segment("N3", "1:2 MAIN") },
			"cannot write: N301: value contains a delimiter"},
		{"terminator", func(w *Writer) { w.Segment("N3", "12~MAIN") },
			"cannot write: N301: value contains a delimiter"},
		{"repetition", func(w *Writer) { w.Segment("N3", "12^MAIN") },
			"cannot write: N301: value contains a delimiter"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf, DefaultDelimiters, "")
			tc.write(w)
			err := w.Flush()
			if !errors.Is(err, ErrWriter) || err.Error() != tc.msg {
				t.Fatalf("err = %v, want %q", err, tc.msg)
			}
		})
	}
}

func TestWriterEnvelopeOrder(t *testing.T) {
	var buf bytes.Buffer
	w := NewWriter(&buf, DefaultDelimiters, "")
	w.BeginSet("837", "0001", "")
	if err := w.Close(); !errors.Is(err, ErrWriter) {
		t.Fatalf("ST outside a group: err = %v", err)
	}
	w = NewWriter(&buf, DefaultDelimiters, "")
	w.BeginInterchange(Interchange{Control: 1, Usage: 'P'})
	if err := w.Close(); !errors.Is(err, ErrWriter) {
		t.Fatalf("open interchange at Close: err = %v", err)
	}
	w = NewWriter(&buf, Delimiters{Element: '*', Component: '*', Segment: '~'}, "")
	if err := w.Close(); !errors.Is(err, ErrWriter) {
		t.Fatalf("shared delimiters: err = %v", err)
	}
}
