package inspect

import (
	"io"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/codes"
	"github.com/claimflow/claimflow/edi/x999"
)

// Acknowledgment is what a 999 or 997 transaction set says: which group it
// answers (AK1), the verdict and errors of each set of that group (loop
// 2000), and the verdict on the group (AK9).
type Acknowledgment struct {
	AcknowledgedGroup AcknowledgedGroup `json:"acknowledged_group"`
	Sets              []SetVerdict      `json:"sets"`
	GroupStatus       GroupStatus       `json:"group_status"`
}

// AcknowledgedGroup is AK1: the GS01, GS06 and GS08 of the group answered.
type AcknowledgedGroup struct {
	FunctionalID  string `json:"functional_id"`
	ControlNumber string `json:"control_number"`
	Version       string `json:"version"`
}

// SetVerdict is loop 2000: AK2 names a set of the acknowledged group, IK5
// (AK5) gives its verdict.
type SetVerdict struct {
	ControlNumber string `json:"control_number"` // AK202
	SetID         string `json:"set_id"`         // AK201, e.g. 837
	Status        string `json:"status"`         // IK501: A, E, R, M, W, X
	StatusText    string `json:"status_text"`
	// SetErrors are IK502 to IK506, the set's syntax error codes.
	SetErrors []Code         `json:"set_errors,omitempty"`
	Errors    []SegmentError `json:"errors"`
	// ClaimIDs are the patient control numbers that the CTX business
	// units of the errors name (CLM01).
	ClaimIDs []string `json:"claim_ids"`
}

// SegmentError is loop 2100: IK3 (AK3), a segment in error.
type SegmentError struct {
	Segment  string         `json:"segment"`  // IK301
	Position int            `json:"position"` // IK302, counted from ST
	Loop     string         `json:"loop"`     // IK303
	Code     string         `json:"code"`     // IK304
	CodeText string         `json:"code_text"`
	Elements []ElementError `json:"elements"`
}

// ElementError is loop 2110: IK4 (AK4), an element in error.
type ElementError struct {
	Position  int    `json:"position"`            // IK401-1
	Component int    `json:"component,omitempty"` // IK401-2
	Repeat    int    `json:"repeat,omitempty"`    // IK401-3
	Reference string `json:"reference"`           // IK402: data element number
	Code      string `json:"code"`                // IK403
	CodeText  string `json:"code_text"`
	// BadValue is IK404, the sender's copy of the bad element: data from
	// the file, shown to whoever inspects it and never logged.
	BadValue string `json:"bad_value,omitempty"`
}

// GroupStatus is AK9, the verdict on the group.
type GroupStatus struct {
	Status     string `json:"status"` // AK901: A, E, P, R, ...
	StatusText string `json:"status_text"`
	Included   int    `json:"included"` // AK902: sets the GE counted
	Received   int    `json:"received"` // AK903
	Accepted   int    `json:"accepted"` // AK904
	// Errors are AK905 to AK909, the group's syntax error codes.
	Errors []Code `json:"errors,omitempty"`
}

// ackPart reads 999 and 997 sets with x999.Reader.
type ackPart struct {
	name  string
	found edi.Findings
	byST  map[int]*Acknowledgment
}

func (p *ackPart) reads(id string) bool { return id == "999" || id == "997" }

func (p *ackPart) findings() edi.Findings { return p.found }

func (p *ackPart) attach(x index) {
	for ord, a := range p.byST {
		if s := x.set(ord); s != nil {
			s.Acknowledgment = a
		}
	}
}

func (p *ackPart) read(src io.Reader) {
	r := x999.NewReader(src)
	r.SetName(p.name)
	p.byST = map[int]*Acknowledgment{}
	for {
		a, err := r.Next()
		if err != nil {
			break
		}
		p.byST[a.Pos.Ordinal] = acknowledgment(a)
	}
	p.found = r.Findings()
}

func acknowledgment(a *x999.Ack) *Acknowledgment {
	out := &Acknowledgment{
		AcknowledgedGroup: AcknowledgedGroup{FunctionalID: a.FunctionalID,
			ControlNumber: a.GroupControl, Version: a.GroupVersion},
		Sets: make([]SetVerdict, 0, len(a.Sets)),
		GroupStatus: GroupStatus{Status: string(a.Result.Code),
			StatusText: describe(codes.AckCode, string(a.Result.Code)),
			Included:   a.Result.Included, Received: a.Result.Received,
			Accepted: a.Result.Accepted,
			Errors:   codeList(codes.GroupSyntaxError, a.Result.Errors)},
	}
	for i := range a.Sets {
		out.Sets = append(out.Sets, setVerdict(&a.Sets[i]))
	}
	return out
}

func setVerdict(s *x999.SetResponse) SetVerdict {
	v := SetVerdict{ControlNumber: s.Control, SetID: s.SetID, Status: string(s.Code),
		StatusText: describe(codes.AckCode, string(s.Code)),
		SetErrors:  codeList(codes.SetSyntaxError, s.Errors),
		Errors:     make([]SegmentError, 0, len(s.Segments)), ClaimIDs: s.ClaimIDs()}
	if v.ClaimIDs == nil {
		v.ClaimIDs = []string{}
	}
	for _, se := range s.Segments {
		e := SegmentError{Segment: se.SegmentID, Position: se.SetPosition, Loop: se.Loop,
			Code: se.Code, CodeText: describe(codes.IK3Error, se.Code),
			Elements: make([]ElementError, 0, len(se.Elements))}
		for _, el := range se.Elements {
			e.Elements = append(e.Elements, ElementError{Position: el.Element.Element,
				Component: el.Element.Component, Repeat: el.Element.Repeat,
				Reference: el.Reference, Code: el.Code,
				CodeText: describe(codes.IK4Error, el.Code), BadValue: el.BadValue})
		}
		v.Errors = append(v.Errors, e)
	}
	return v
}

// codeList returns the codes with their words, or nil for none.
func codeList(l *codes.List, cs []string) []Code {
	var out []Code
	for _, c := range cs {
		if c != "" {
			out = append(out, Code{Code: c, Text: l.Describe(c)})
		}
	}
	return out
}
