package ta1

import (
	"time"

	"github.com/claimflow/claimflow/edi"
)

// Code is TA104, the interchange acknowledgment code.
type Code string

// The acknowledgment codes a TA1 may carry.
const (
	Accepted           Code = "A" // accepted, no errors
	AcceptedWithErrors Code = "E" // accepted, with errors noted in TA105
	Rejected           Code = "R" // rejected, because of errors noted in TA105
)

// Valid reports whether c is one of the TA104 codes.
func (c Code) Valid() bool { return c == Accepted || c == AcceptedWithErrors || c == Rejected }

// NoErrorNote is the TA105 note code that reports no error.
const NoErrorNote = "000"

// Ack is one TA1 segment with the interchange it arrived in.
type Ack struct {
	// Pos locates the TA1 segment; Pos.Interchange is the ISA13 of the
	// interchange that carried it, not of the one it answers.
	Pos edi.Position
	// Interchange is the ISA the TA1 came in: who sent it, to whom, when,
	// and whether it is a test (Usage 'T') or production ('P') answer.
	Interchange edi.Interchange

	Control string    // TA101: the ISA13 of the interchange acknowledged
	Time    time.Time // TA102 and TA103: that interchange's date and time
	Code    Code      // TA104
	Note    string    // TA105: a note code, "000" when there is no error
}

// Rejected reports whether the interchange acknowledged was rejected.
func (a *Ack) Rejected() bool { return a.Code == Rejected }
