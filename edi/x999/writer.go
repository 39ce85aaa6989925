package x999

import (
	"fmt"
	"io"
	"strconv"

	"github.com/claimflow/claimflow/edi"
)

// Writer writes acknowledgments, each as one transaction set in the
// interchange and group its Interchange and Group fields name: consecutive
// acks with the same envelope share one ISA and one GS.
type Writer struct {
	w       *edi.Writer
	isaOpen bool
	gsOpen  bool
	isa     edi.Interchange
	gs      edi.Group
}

// NewWriter returns a Writer with the given delimiters; suffix is written
// after each segment terminator ("" or "\n").
func NewWriter(out io.Writer, d edi.Delimiters, suffix string) *Writer {
	return &Writer{w: edi.NewWriter(out, d, suffix)}
}

// Write writes a as one transaction set, opening a new interchange or group
// when a's differ from the open ones.
func (w *Writer) Write(a *Ack) error {
	if err := check(a); err != nil {
		return err
	}
	if w.isaOpen && w.isa != a.Interchange {
		w.end()
	}
	if w.gsOpen && w.gs != a.Group {
		w.w.EndGroup()
		w.gsOpen = false
	}
	if !w.isaOpen {
		w.w.BeginInterchange(a.Interchange)
		w.isaOpen, w.isa = true, a.Interchange
	}
	if !w.gsOpen {
		w.w.BeginGroup(a.Group)
		w.gsOpen, w.gs = true, a.Group
	}
	WriteSet(w.w, a)
	if err := w.w.Err(); err != nil {
		return fmt.Errorf("x999: %w", err)
	}
	return nil
}

func (w *Writer) end() {
	if w.gsOpen {
		w.w.EndGroup()
		w.gsOpen = false
	}
	if w.isaOpen {
		w.w.EndInterchange()
		w.isaOpen = false
	}
}

// Close ends the open group and interchange and flushes.
func (w *Writer) Close() error {
	w.end()
	if err := w.w.Close(); err != nil {
		return fmt.Errorf("x999: %w", err)
	}
	return nil
}

// check refuses what the writer cannot express.
func check(a *Ack) error {
	if a.SetID != "999" && a.SetID != "997" {
		return fmt.Errorf("x999: %w: ST01 must be 999 or 997", edi.ErrWriter)
	}
	if a.SetID == "997" {
		for _, s := range a.Sets {
			for _, se := range s.Segments {
				if len(se.Contexts) > 0 {
					return fmt.Errorf("x999: %w: a 997 has no CTX", edi.ErrWriter)
				}
				for _, e := range se.Elements {
					if len(e.Contexts) > 0 {
						return fmt.Errorf("x999: %w: a 997 has no CTX", edi.ErrWriter)
					}
				}
			}
		}
	}
	return nil
}

// WriteSet writes a as one transaction set (ST ... SE) into the group open
// on w. A 997 gets AK3, AK4 and AK5 where a 999 has IK3, IK4 and IK5.
func WriteSet(w *edi.Writer, a *Ack) {
	seg, elem, verdict := "IK3", "IK4", "IK5"
	if a.SetID == "997" {
		seg, elem, verdict = "AK3", "AK4", "AK5"
	}
	w.BeginSet(a.SetID, a.Control, a.Version)
	w.Segment("AK1", a.FunctionalID, a.GroupControl, a.GroupVersion)
	for _, s := range a.Sets {
		w.Segment("AK2", s.SetID, s.Control, s.Version)
		for _, se := range s.Segments {
			w.Segment(seg, se.SegmentID, num(se.SetPosition), se.Loop, se.Code)
			for _, c := range se.Contexts {
				writeContext(w, c)
			}
			for _, e := range se.Elements {
				w.Begin(elem)
				writePosition(w, e.Element)
				w.Element(e.Reference)
				w.Element(e.Code)
				w.Element(e.BadValue)
				w.End()
				for _, c := range e.Contexts {
					writeContext(w, c)
				}
			}
		}
		w.Segment(verdict, append([]string{string(s.Code)}, s.Errors...)...)
	}
	g := a.Result
	w.Segment("AK9", append([]string{string(g.Code), strconv.Itoa(g.Included),
		strconv.Itoa(g.Received), strconv.Itoa(g.Accepted)}, g.Errors...)...)
	w.EndSet()
}

func writeContext(w *edi.Writer, c Context) {
	w.Begin("CTX")
	reps := make([][]string, len(c.IDs))
	for i, id := range c.IDs {
		reps[i] = []string{id.Name, id.Reference}
	}
	w.Repeated(reps...)
	w.Element(c.SegmentID)
	w.Element(num(c.SetPosition))
	w.Element(c.Loop)
	writePosition(w, c.Element)
	w.Composite(c.References...)
	w.End()
}

func writePosition(w *edi.Writer, p ElementPosition) {
	w.Composite(num(p.Element), num(p.Component), num(p.Repeat))
}

// num writes a position or count; 0 is left out.
func num(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}
