package inspect

import (
	"errors"
	"io"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/codes"
	"github.com/claimflow/claimflow/edi/ta1"
)

// TA1Ack is one TA1 segment: the answer to a whole interchange.
type TA1Ack struct {
	ControlNumber string `json:"control_number"` // TA101: the ISA13 answered
	Date          string `json:"date"`           // TA102 as 2026-01-31
	Time          string `json:"time"`           // TA103 as 15:04
	Status        string `json:"status"`         // TA104: A, E or R
	StatusText    string `json:"status_text"`
	NoteCode      string `json:"note_code"` // TA105
	NoteText      string `json:"note_text"`
}

// ta1Part reads TA1 segments with ta1.Reader.
type ta1Part struct {
	name  string
	found edi.Findings
	acks  []ta1At
}

// ta1At is a TA1 and the ordinal of its segment.
type ta1At struct {
	ordinal int
	ack     TA1Ack
}

// A TA1 is no transaction set: the part gives content to interchanges.
func (p *ta1Part) reads(string) bool { return false }

func (p *ta1Part) attach(x index) {
	for _, a := range p.acks {
		if ic := x.interchangeOf(a.ordinal); ic != nil {
			ic.Acknowledgments = append(ic.Acknowledgments, a.ack)
		}
	}
}

// findings leaves out the note that a file holds no TA1: in an
// acknowledgment file that is no fault.
func (p *ta1Part) findings() edi.Findings {
	if len(p.acks) > 0 {
		return p.found
	}
	var out edi.Findings
	for _, f := range p.found {
		if f.Segment == "" && errors.Is(f.Err, edi.ErrStructure) {
			continue
		}
		out = append(out, f)
	}
	return out
}

func (p *ta1Part) read(src io.Reader) {
	r := ta1.NewReader(src)
	r.SetName(p.name)
	for {
		a, err := r.Next()
		if err != nil {
			break
		}
		p.acks = append(p.acks, ta1At{ordinal: a.Pos.Ordinal, ack: TA1Ack{
			ControlNumber: a.Control, Date: dateOf(a.Time), Time: clockOf(a.Time),
			Status: string(a.Code), StatusText: describe(codes.TA1Ack, string(a.Code)),
			NoteCode: a.Note, NoteText: describe(codes.TA1Note, a.Note)}})
	}
	p.found = r.Findings()
}
