package edi

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinels that every Finding unwraps to, so callers can branch with
// errors.Is instead of reading messages.
var (
	// ErrNotX12 means the input does not start with an ISA segment.
	ErrNotX12 = errors.New("not an X12 interchange")
	// ErrDelimiters means the ISA declares delimiters that cannot be used.
	ErrDelimiters = errors.New("unusable delimiters")
	// ErrSyntax means a segment is malformed: a bad ID, a missing terminator.
	ErrSyntax = errors.New("syntax error")
	// ErrEnvelope means ISA, GS, ST and their trailers are out of order or
	// missing.
	ErrEnvelope = errors.New("envelope error")
	// ErrCount means a trailer's count (SE01, GE01, IEA01) disagrees with
	// what it encloses.
	ErrCount = errors.New("count mismatch")
	// ErrControlNumber means a trailer does not echo its header's control
	// number.
	ErrControlNumber = errors.New("control number mismatch")
	// ErrISAWidth means the ISA segment is not the fixed 106 characters.
	ErrISAWidth = errors.New("ISA not fixed width")
	// ErrData means an element holds a value its transaction set does not
	// allow; set-level readers and validators report it.
	ErrData = errors.New("invalid data")
	// ErrStructure means segments are missing, repeated or out of the order
	// an implementation guide requires; set-level readers report it.
	ErrStructure = errors.New("structure error")
)

// Position locates a segment in a file: where it starts, its ordinal among
// all segments of the file, its position inside its transaction set, and
// the control numbers of the envelopes around it.
type Position struct {
	Offset      int64  // byte offset of the segment's first character
	Ordinal     int    // 1-based count of segments in the file
	SetPosition int    // 1-based position counted from ST; 0 outside a set
	Interchange string // ISA13 of the enclosing interchange
	Group       string // GS06 of the enclosing group
	Set         string // ST02 of the enclosing transaction set
}

// String renders the position for messages, e.g.
// "segment 14 (ISA 000000001, GS 1, ST 0001 position 5)".
func (p Position) String() string {
	var b strings.Builder
	b.WriteString("segment ")
	b.WriteString(strconv.Itoa(p.Ordinal))
	var env []string
	if p.Interchange != "" {
		env = append(env, "ISA "+p.Interchange)
	}
	if p.Group != "" {
		env = append(env, "GS "+p.Group)
	}
	if p.Set != "" {
		s := "ST " + p.Set
		if p.SetPosition > 0 {
			s += " position " + strconv.Itoa(p.SetPosition)
		}
		env = append(env, s)
	}
	if len(env) > 0 {
		b.WriteString(" (")
		b.WriteString(strings.Join(env, ", "))
		b.WriteString(")")
	}
	return b.String()
}

// Severity grades a Finding.
type Severity uint8

// Severities, from the least to the most serious.
const (
	Info Severity = iota
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "severity(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText writes the severity as its lower-case name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Finding is one problem found in a file, located to the element and
// component. It is an error that unwraps to one of the package sentinels.
// Messages never quote element values, which may hold patient data.
type Finding struct {
	Severity  Severity
	File      string // the file's name, when the reader was given one
	Pos       Position
	Segment   string // segment ID, e.g. "CLP"
	Element   int    // 1-based element index; 0 for the segment as a whole
	Component int    // 1-based component index; 0 for the element as a whole
	Err       error  // the sentinel this finding unwraps to
	Message   string
}

// Error renders the finding with its location, e.g.
// "remit.835: segment 14 (ISA 1, GS 1, ST 0001 position 5) CLP04: not a number".
func (f Finding) Error() string {
	var b strings.Builder
	if f.File != "" {
		b.WriteString(f.File)
		b.WriteString(": ")
	}
	b.WriteString(f.Pos.String())
	if f.Segment != "" {
		b.WriteByte(' ')
		b.WriteString(f.Segment)
		if f.Element > 0 {
			fmt.Fprintf(&b, "%02d", f.Element)
			if f.Component > 0 {
				fmt.Fprintf(&b, "-%d", f.Component)
			}
		}
	}
	b.WriteString(": ")
	b.WriteString(f.Message)
	return b.String()
}

// Unwrap returns the sentinel the finding belongs to.
func (f Finding) Unwrap() error { return f.Err }

// Findings is a list of findings with helpers for the common questions.
type Findings []Finding

// Worst returns the highest severity in the list, or Info when it is empty.
func (fs Findings) Worst() Severity {
	w := Info
	for _, f := range fs {
		if f.Severity > w {
			w = f.Severity
		}
	}
	return w
}

// Count returns how many findings have at least the given severity.
func (fs Findings) Count(min Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity >= min {
			n++
		}
	}
	return n
}
