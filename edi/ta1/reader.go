package ta1

import (
	"fmt"
	"io"
	"time"

	"github.com/claimflow/claimflow/edi"
)

// Reader reads the TA1 segments of a file, one at a time. Groups and the
// sets inside them are passed over: a TA1 reader is blind to a 999 beside
// its TA1s. Its memory is bounded by one segment.
type Reader struct {
	r      *edi.Reader
	isa    edi.Interchange
	inISA  bool
	count  int
	closed bool
}

// NewReader returns a Reader over src.
func NewReader(src io.Reader) *Reader {
	return &Reader{r: edi.NewReader(src)}
}

// SetName sets the file name that findings carry.
func (r *Reader) SetName(name string) { r.r.SetName(name) }

// Findings returns the envelope and TA1 problems found so far, in the order
// they were met.
func (r *Reader) Findings() edi.Findings { return r.r.Findings() }

// Next returns the next TA1. It returns io.EOF at the end of the input; any
// other error means the rest of the input cannot be read as X12, and is in
// Findings too. A TA1 whose elements are malformed is still returned, with
// the malformed fields left as read and a finding for each.
func (r *Reader) Next() (*Ack, error) {
	for {
		s, err := r.r.Next()
		if err == io.EOF {
			r.finish()
			return nil, io.EOF
		}
		if err != nil {
			return nil, fmt.Errorf("ta1: %w", err)
		}
		switch s.ID {
		case "ISA":
			h, fs := edi.ParseInterchange(s)
			for _, f := range fs {
				r.r.Report(f)
			}
			r.isa, r.inISA = h, true
		case "IEA":
			r.inISA = false
		case "TA1":
			r.count++
			return r.ack(s), nil
		}
	}
}

// finish reports a file that held no TA1 at all, once.
func (r *Reader) finish() {
	if r.closed {
		return
	}
	r.closed = true
	if r.count == 0 {
		r.r.Report(edi.Finding{Severity: edi.Warning, Err: edi.ErrStructure,
			Pos: edi.Position{Ordinal: 1}, Message: "the file holds no TA1 segment"})
	}
}

// ack reads one TA1 segment and reports what is wrong with it.
func (r *Reader) ack(s *edi.Segment) *Ack {
	a := &Ack{Pos: s.Pos, Control: s.Element(1), Code: Code(s.Element(4)),
		Note: s.Element(5)}
	if r.inISA {
		a.Interchange = r.isa
	}
	bad := func(sev edi.Severity, el int, msg string) {
		r.r.Report(edi.Finding{Severity: sev, Pos: s.Pos, Segment: "TA1", Element: el,
			Err: edi.ErrData, Message: msg})
	}
	if n := s.Len(); n > 5 {
		r.r.Report(edi.Finding{Severity: edi.Warning, Pos: s.Pos, Segment: "TA1",
			Element: 6, Err: edi.ErrSyntax,
			Message: fmt.Sprintf("the TA1 has %d elements; it has 5", n)})
	}
	if !digits(a.Control, 9) {
		bad(edi.Error, 1, "the interchange control number is not 9 digits")
	}
	if _, err := time.Parse("060102", s.Element(2)); err != nil {
		bad(edi.Warning, 2, "the interchange date is not YYMMDD")
	} else if t, err := time.Parse("0601021504", s.Element(2)+s.Element(3)); err != nil {
		bad(edi.Warning, 3, "the interchange time is not HHMM")
	} else {
		a.Time = t
	}
	if !a.Code.Valid() {
		bad(edi.Error, 4, "the acknowledgment code is not A, E or R")
	}
	if !digits(a.Note, 3) {
		bad(edi.Error, 5, "the note code is not 3 digits")
	}
	return a
}

// digits reports whether v is exactly n decimal digits.
func digits(v string, n int) bool {
	if len(v) != n {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}
