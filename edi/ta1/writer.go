package ta1

import (
	"fmt"
	"io"

	"github.com/claimflow/claimflow/edi"
)

// Writer writes TA1 acknowledgments, each in the interchange its
// Interchange field names: consecutive acks with the same Interchange
// share one ISA ... IEA.
type Writer struct {
	w    *edi.Writer
	open bool
	cur  edi.Interchange
}

// NewWriter returns a Writer with the given delimiters; suffix is written
// after each segment terminator ("" or "\n").
func NewWriter(out io.Writer, d edi.Delimiters, suffix string) *Writer {
	return &Writer{w: edi.NewWriter(out, d, suffix)}
}

// Write writes a, opening a new interchange when a.Interchange differs from
// the open one. It refuses an ack that the reader would not read back as
// the same values.
func (w *Writer) Write(a *Ack) error {
	if err := check(a); err != nil {
		return err
	}
	if w.open && w.cur != a.Interchange {
		w.w.EndInterchange()
		w.open = false
	}
	if !w.open {
		w.w.BeginInterchange(a.Interchange)
		w.open, w.cur = true, a.Interchange
	}
	WriteSegment(w.w, a)
	return w.err()
}

// Close ends the open interchange and flushes.
func (w *Writer) Close() error {
	if w.open {
		w.w.EndInterchange()
		w.open = false
	}
	if err := w.w.Close(); err != nil {
		return fmt.Errorf("ta1: %w", err)
	}
	return nil
}

func (w *Writer) err() error {
	if err := w.w.Err(); err != nil {
		return fmt.Errorf("ta1: %w", err)
	}
	return nil
}

// WriteSegment writes a's TA1 segment into the interchange open on w, for
// callers that put TA1s and groups into one interchange.
func WriteSegment(w *edi.Writer, a *Ack) {
	w.Segment("TA1", a.Control, a.Time.Format("060102"), a.Time.Format("1504"),
		string(a.Code), a.Note)
}

// check refuses values that do not survive a write and a read.
func check(a *Ack) error {
	switch {
	case !digits(a.Control, 9):
		return fmt.Errorf("ta1: %w: TA101 must be 9 digits", edi.ErrWriter)
	case a.Time.IsZero():
		return fmt.Errorf("ta1: %w: TA102/TA103 need a time", edi.ErrWriter)
	case !a.Code.Valid():
		return fmt.Errorf("ta1: %w: TA104 must be A, E or R", edi.ErrWriter)
	case !digits(a.Note, 3):
		return fmt.Errorf("ta1: %w: TA105 must be 3 digits", edi.ErrWriter)
	}
	return nil
}
