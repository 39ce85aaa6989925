package inspect

import (
	"encoding/json"

	"github.com/claimflow/claimflow/edi"
)

// SchemaVersion is the version of the Document's JSON shape. It changes
// only when a field is removed or changes meaning; fields may be added
// without a change.
const SchemaVersion = 1

// Document is what a file says: its kind, the file itself, its envelopes
// with the content of each transaction set, and the findings.
type Document struct {
	SchemaVersion int `json:"schema_version"`
	// Type is the file's kind as edi.Detect tells it from the content:
	// ta1, 999, 997, 277ca, 277, 835, 837p, 837i, 276, 270, 271,
	// other-x12 or unknown.
	Type string `json:"type"`
	File File   `json:"file"`
	// Content and Preview describe a file that is not X12: Content is
	// empty, text, pdf, zip, gzip, html, xml or binary; Preview holds the
	// first lines of a text file.
	Content      string        `json:"content,omitempty"`
	Preview      string        `json:"preview,omitempty"`
	Interchanges []Interchange `json:"interchanges"`
	Findings     []Finding     `json:"findings"`
}

// File names the file inspected and fingerprints its bytes.
type File struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"` // lower-case hex
}

// Party is an interchange sender or receiver (ISA05/ISA06, ISA07/ISA08).
type Party struct {
	Qualifier string `json:"qualifier"`
	ID        string `json:"id"` // without its padding
}

// Interchange is one ISA ... IEA envelope.
type Interchange struct {
	ControlNumber string `json:"control_number"` // ISA13
	Sender        Party  `json:"sender"`
	Receiver      Party  `json:"receiver"`
	Date          string `json:"date"`    // ISA09 as 2026-01-31; "" when not a date
	Time          string `json:"time"`    // ISA10 as 15:04; "" when not a time
	Version       string `json:"version"` // ISA12
	Usage         string `json:"usage"`   // ISA15: P production, T test
	// Acknowledgments are the TA1 segments of the interchange.
	Acknowledgments []TA1Ack `json:"acknowledgments,omitempty"`
	Groups          []Group  `json:"groups"`

	ordinal int // of the ISA segment
}

// Group is one GS ... GE functional group.
type Group struct {
	ControlNumber string `json:"control_number"` // GS06
	FunctionalID  string `json:"functional_id"`  // GS01, e.g. HP
	Version       string `json:"version"`        // GS08, e.g. 005010X221A1
	Date          string `json:"date"`           // GS04 as 2026-01-31
	Sets          []Set  `json:"sets"`
}

// Set is one ST ... SE transaction set, with the content its type gives
// it. At most one of the content fields is set, and only for a set whose
// type the file's readers understand; in JSON its fields sit beside id
// and control_number.
type Set struct {
	ID            string // ST01, e.g. 835
	ControlNumber string // ST02
	Version       string // ST03, when given

	Remittance     *Remittance     // an 835
	Acknowledgment *Acknowledgment // a 999 or 997
	StatusReport   *StatusReport   // a 277CA or 277
	Submission     *Submission     // an 837

	ordinal  int // of the ST segment
	segments int // ST to SE inclusive, as counted
}

// setHead is the part of a Set that every type has.
type setHead struct {
	ID            string `json:"id"`
	ControlNumber string `json:"control_number"`
	Version       string `json:"version,omitempty"`
}

// MarshalJSON writes the set's ID, control number and version, followed by
// the fields of its content.
func (s Set) MarshalJSON() ([]byte, error) {
	h := setHead{ID: s.ID, ControlNumber: s.ControlNumber, Version: s.Version}
	switch {
	case s.Remittance != nil:
		return json.Marshal(struct {
			setHead
			*Remittance
		}{h, s.Remittance})
	case s.Acknowledgment != nil:
		return json.Marshal(struct {
			setHead
			*Acknowledgment
		}{h, s.Acknowledgment})
	case s.StatusReport != nil:
		return json.Marshal(struct {
			setHead
			*StatusReport
		}{h, s.StatusReport})
	case s.Submission != nil:
		return json.Marshal(struct {
			setHead
			*Submission
		}{h, s.Submission})
	}
	return json.Marshal(h)
}

// Code is a code from the file with its words from edi/codes.
type Code struct {
	Code string `json:"code"`
	Text string `json:"text"`
}

// money returns a pointer to a copy of a, for optional amounts.
func money(a edi.Amount) *edi.Amount { return &a }
