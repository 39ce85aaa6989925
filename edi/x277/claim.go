package x277

import (
	"github.com/claimflow/claimflow/edi"
)

// Claim is loop 2200D (and 2200E in an X212): one claim's status, with its
// service lines.
type Claim struct {
	Pos    edi.Position // the TRN segment that opens the claim
	Header *Header

	Source     *Level // 2000A
	Receiver   *Level // 2000B
	Provider   *Level // 2000C
	Subscriber *Level // 2000D of an X212; nil in a 277CA
	Patient    *Level // 2000D (PT) of a 277CA, 2000E (23) of an X212

	// Trace is TRN02: the patient control number (CLM01) in a 277CA, the
	// inquiry's trace number in an X212.
	Trace    string
	Statuses []Status // STC, one or more

	PayerClaimNumber   string // REF*1K
	ClearinghouseTrace string // REF*D9
	BillType           string // REF*BLT: institutional type of bill
	MedicalRecord      string // REF*EA
	PatientControl     string // REF*EJ (X212)
	OtherRefs          []Ref  // REF with any other qualifier

	ServiceDate Period        // DTP*472
	Lines       []ServiceLine // loop 2220D
}

// Position returns the position of the TRN segment that opens the claim.
func (c *Claim) Position() edi.Position { return c.Pos }
func (c *Claim) header() *Header        { return c.Header }

// ControlNumber returns the patient control number the claim was sent
// with: REF*EJ when given (X212), else TRN02 of a 277CA.
func (c *Claim) ControlNumber() string {
	if c.PatientControl != "" {
		return c.PatientControl
	}
	if c.Header != nil && !c.Header.ClaimAck() {
		return ""
	}
	return c.Trace
}

// Rejected reports whether any status of the claim or of its lines
// rejects it: a rejected service line rejects the whole claim.
func (c *Claim) Rejected() bool {
	for i := range c.Statuses {
		if c.Statuses[i].Rejected() {
			return true
		}
	}
	for i := range c.Lines {
		for j := range c.Lines[i].Statuses {
			if c.Lines[i].Statuses[j].Rejected() {
				return true
			}
		}
	}
	return false
}

// Charge returns the first STC04 of the claim's statuses.
func (c *Claim) Charge() (edi.Amount, bool) {
	for _, s := range c.Statuses {
		if s.Charge != nil {
			return *s.Charge, true
		}
	}
	return 0, false
}

// ServiceLine is loop 2220D (2220E in an X212): one service line's status.
type ServiceLine struct {
	Pos         edi.Position // the SVC segment
	Procedure   Procedure    // SVC01
	Charge      edi.Amount   // SVC02: the line's charge
	Paid        *edi.Amount  // SVC03: paid (X212)
	RevenueCode string       // SVC04
	Units       string       // SVC07: original units of service, as written

	Statuses     []Status // STC
	LineControl  string   // REF*FJ: the line item control number sent in REF*6R
	Prescription string   // REF*XZ
	ServiceDate  Period   // DTP*472
}

// Procedure is the composite C003 of SVC01.
type Procedure struct {
	Qualifier string   // C003-01: HC, NU, AD, ER, HP, IV, WK, N4
	Code      string   // C003-02
	Modifiers []string // C003-03 to C003-06
}

// startClaim opens loop 2200D at its TRN, under the levels now open.
func (r *Reader) startClaim(s *edi.Segment) {
	r.maxElements(s, 4)
	c := &Claim{Pos: s.Pos, Header: r.hdr, Source: r.levels[0], Receiver: r.levels[1],
		Provider: r.levels[2], Subscriber: r.levels[3], Patient: r.levels[4],
		Trace: r.required(s, 2, "the claim's trace number")}
	if s.Element(1) != "2" {
		r.finding(s, edi.Warning, 1, edi.ErrData, "a claim's TRN01 is 2")
	}
	r.claim, r.line = c, -1
}

// finishClaim checks what a claim must have and counts it for the totals
// of the levels above it.
func (r *Reader) finishClaim(c *Claim) {
	at := &edi.Segment{ID: "TRN", Pos: c.Pos}
	if len(c.Statuses) == 0 {
		r.finding(at, edi.Error, 0, edi.ErrStructure, "the claim has no STC")
	}
	for i := range c.Lines {
		if len(c.Lines[i].Statuses) == 0 {
			r.finding(&edi.Segment{ID: "SVC", Pos: c.Lines[i].Pos}, edi.Error, 0,
				edi.ErrStructure, "the service line has no STC")
		}
	}
	charge, _ := c.Charge()
	for i := 0; i < ranks; i++ {
		if r.levels[i] == nil {
			continue
		}
		t := &r.tallies[i]
		if c.Rejected() {
			t.rejected++
			t.rejectedAmt += charge
		} else {
			t.accepted++
			t.acceptedAmt += charge
		}
	}
}

// claimSegment takes a segment of loop 2200D or of its service lines.
func (r *Reader) claimSegment(s *edi.Segment) {
	c := r.claim
	var line *ServiceLine
	if r.line >= 0 {
		line = &c.Lines[r.line]
	}
	switch s.ID {
	case "STC":
		if line != nil {
			line.Statuses = append(line.Statuses, r.readSTC(s))
		} else {
			c.Statuses = append(c.Statuses, r.readSTC(s))
		}
	case "REF":
		r.readREF(s, c, line)
	case "DTP":
		p, q := r.readDTP(s)
		dst := &c.ServiceDate
		if line != nil {
			dst = &line.ServiceDate
		}
		if q != "472" || *dst != (Period{}) {
			r.finding(s, edi.Warning, 1, edi.ErrStructure,
				"a date other than one DTP*472 here; it is passed over")
			return
		}
		*dst = p
	case "SVC":
		c.Lines = append(c.Lines, r.readSVC(s))
		r.line = len(c.Lines) - 1
	default:
		r.finding(s, edi.Warning, 0, edi.ErrStructure,
			s.ID+" is not a segment of a 277 claim; it is passed over")
	}
}

func (r *Reader) readREF(s *edi.Segment, c *Claim, line *ServiceLine) {
	r.maxElements(s, 4)
	q, v := r.required(s, 1, "the qualifier"), r.required(s, 2, "the reference")
	var dst *string
	if line != nil {
		switch q {
		case "FJ":
			dst = &line.LineControl
		case "XZ":
			dst = &line.Prescription
		default:
			r.finding(s, edi.Warning, 1, edi.ErrData,
				"a service line takes REF*FJ and REF*XZ only; it is passed over")
			return
		}
	} else {
		switch q {
		case "1K":
			dst = &c.PayerClaimNumber
		case "D9":
			dst = &c.ClearinghouseTrace
		case "BLT":
			dst = &c.BillType
		case "EA":
			dst = &c.MedicalRecord
		case "EJ":
			dst = &c.PatientControl
		default:
			c.OtherRefs = append(c.OtherRefs, Ref{Qualifier: q, Value: v})
			return
		}
	}
	if *dst != "" {
		r.finding(s, edi.Warning, 1, edi.ErrStructure,
			"a reference given twice; the first is kept")
		return
	}
	*dst = v
}

func (r *Reader) readSVC(s *edi.Segment) ServiceLine {
	r.maxElements(s, 7)
	l := ServiceLine{Pos: s.Pos, RevenueCode: s.Element(4), Units: s.Element(7)}
	l.Procedure = Procedure{Qualifier: s.Component(1, 1), Code: s.Component(1, 2)}
	if mods := s.Components(1); len(mods) > 2 {
		mods = mods[2:]
		if len(mods) > 4 {
			mods = mods[:4]
		}
		for len(mods) > 0 && mods[len(mods)-1] == "" {
			mods = mods[:len(mods)-1]
		}
		if len(mods) > 0 {
			l.Procedure.Modifiers = mods
		}
	}
	if l.Procedure.Qualifier == "" || l.Procedure.Code == "" {
		r.finding(s, edi.Error, 1, edi.ErrData, "the procedure needs a qualifier and a code")
	}
	if a := r.amount(s, 2); a != nil {
		l.Charge = *a
	} else if !s.Has(2) {
		r.required(s, 2, "the line charge")
	}
	l.Paid = r.amount(s, 3)
	return l
}
