package x277

import (
	"fmt"
	"io"
	"strconv"

	"github.com/claimflow/claimflow/edi"
)

// Writer writes 277 items. Items that point to the same *Header go into
// one transaction set, and sets whose headers carry the same Interchange
// and Group share an ISA and a GS. Levels are written with the HL numbers
// and codes they carry, in the order given: a level before the levels and
// claims beneath it.
type Writer struct {
	w       *edi.Writer
	isaOpen bool
	gsOpen  bool
	isa     edi.Interchange
	gs      edi.Group
	set     *Header
}

// NewWriter returns a Writer with the given delimiters; suffix is written
// after each segment terminator ("" or "\n").
func NewWriter(out io.Writer, d edi.Delimiters, suffix string) *Writer {
	return &Writer{w: edi.NewWriter(out, d, suffix)}
}

// Write writes one level or claim.
func (w *Writer) Write(it Item) error {
	h := it.header()
	if h == nil {
		return fmt.Errorf("x277: %w: an item without a Header", edi.ErrWriter)
	}
	if h != w.set {
		w.open(h)
	}
	switch v := it.(type) {
	case *Level:
		writeLevel(w.w, v)
	case *Claim:
		writeClaim(w.w, v)
	}
	if err := w.w.Err(); err != nil {
		return fmt.Errorf("x277: %w", err)
	}
	return nil
}

// open ends the open set and starts h's, with a new group or interchange
// when h's differ from the open ones.
func (w *Writer) open(h *Header) {
	if w.set != nil {
		w.w.EndSet()
	}
	if w.gsOpen && (w.gs != h.Group || w.isa != h.Interchange) {
		w.w.EndGroup()
		w.gsOpen = false
	}
	if w.isaOpen && w.isa != h.Interchange {
		w.w.EndInterchange()
		w.isaOpen = false
	}
	if !w.isaOpen {
		w.w.BeginInterchange(h.Interchange)
		w.isaOpen, w.isa = true, h.Interchange
	}
	if !w.gsOpen {
		w.w.BeginGroup(h.Group)
		w.gsOpen, w.gs = true, h.Group
	}
	w.w.BeginSet("277", h.Control, h.Version)
	w.w.Segment("BHT", h.Structure, h.Purpose, h.Reference, h.Date, h.Time, h.Type)
	w.set = h
}

// Close ends the open set, group and interchange and flushes.
func (w *Writer) Close() error {
	if w.set != nil {
		w.w.EndSet()
		w.set = nil
	}
	if w.gsOpen {
		w.w.EndGroup()
	}
	if w.isaOpen {
		w.w.EndInterchange()
	}
	w.gsOpen, w.isaOpen = false, false
	if err := w.w.Close(); err != nil {
		return fmt.Errorf("x277: %w", err)
	}
	return nil
}

func writeLevel(w *edi.Writer, l *Level) {
	w.Segment("HL", l.ID, l.ParentID, l.Code, l.Child)
	if l.Name != (Entity{}) {
		n := l.Name
		w.Segment("NM1", n.Code, n.Type, n.Last, n.First, n.Middle, "", n.Suffix,
			n.IDQualifier, n.ID)
	}
	if l.Trace != (Trace{}) {
		w.Segment("TRN", l.Trace.Type, l.Trace.Number)
	}
	if l.Received != "" {
		w.Segment("DTP", "050", "D8", l.Received)
	}
	if l.Processed != "" {
		w.Segment("DTP", "009", "D8", l.Processed)
	}
	for i := range l.Statuses {
		writeSTC(w, &l.Statuses[i])
	}
	for _, r := range l.Refs {
		w.Segment("REF", r.Qualifier, r.Value)
	}
	accepted, rejected := "QA", "QC"
	if l.Code == LevelReceiver {
		accepted, rejected = "90", "AA"
	}
	t := l.Totals
	if t.AcceptedCount != nil {
		w.Segment("QTY", accepted, strconv.Itoa(*t.AcceptedCount))
	}
	if t.RejectedCount != nil {
		w.Segment("QTY", rejected, strconv.Itoa(*t.RejectedCount))
	}
	if t.AcceptedAmount != nil {
		w.Segment("AMT", "YU", t.AcceptedAmount.X12())
	}
	if t.RejectedAmount != nil {
		w.Segment("AMT", "YY", t.RejectedAmount.X12())
	}
}

func writeClaim(w *edi.Writer, c *Claim) {
	w.Segment("TRN", "2", c.Trace)
	for i := range c.Statuses {
		writeSTC(w, &c.Statuses[i])
	}
	for _, r := range []Ref{{"1K", c.PayerClaimNumber}, {"D9", c.ClearinghouseTrace},
		{"BLT", c.BillType}, {"EA", c.MedicalRecord}, {"EJ", c.PatientControl}} {
		if r.Value != "" {
			w.Segment("REF", r.Qualifier, r.Value)
		}
	}
	for _, r := range c.OtherRefs {
		w.Segment("REF", r.Qualifier, r.Value)
	}
	writeDTP(w, c.ServiceDate)
	for i := range c.Lines {
		l := &c.Lines[i]
		w.Begin("SVC")
		p := l.Procedure
		w.Composite(append([]string{p.Qualifier, p.Code}, p.Modifiers...)...)
		w.Element(l.Charge.X12())
		w.Element(money(l.Paid))
		w.Element(l.RevenueCode)
		w.Element("")
		w.Element("")
		w.Element(l.Units)
		w.End()
		for j := range l.Statuses {
			writeSTC(w, &l.Statuses[j])
		}
		if l.LineControl != "" {
			w.Segment("REF", "FJ", l.LineControl)
		}
		if l.Prescription != "" {
			w.Segment("REF", "XZ", l.Prescription)
		}
		writeDTP(w, l.ServiceDate)
	}
}

func writeDTP(w *edi.Writer, p Period) {
	switch {
	case p.End != "":
		w.Segment("DTP", "472", "RD8", p.Start+"-"+p.End)
	case p.Start != "":
		w.Segment("DTP", "472", "D8", p.Start)
	}
}

func writeSTC(w *edi.Writer, s *Status) {
	code := func(c StatusCode) { w.Composite(c.Category, c.Code, c.Entity, c.CodeList) }
	w.Begin("STC")
	code(s.Codes[0])
	w.Element(s.Date)
	w.Element(s.Action)
	w.Element(money(s.Charge))
	w.Element(money(s.Paid))
	w.Element(s.AdjudicationDate)
	w.Element(s.PaymentMethod)
	w.Element(s.CheckDate)
	w.Element(s.CheckNumber)
	code(s.Codes[1])
	code(s.Codes[2])
	w.Element(s.Message)
	w.End()
}

func money(a *edi.Amount) string {
	if a == nil {
		return ""
	}
	return a.X12()
}
