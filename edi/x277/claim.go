package x277

import (
	"strings"
	"time"

	"github.com/claimflow/claimflow/edi"
)

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

// readSTC reads a status; a malformed element is reported and left as read
// (or nil, for an amount).
func (r *Reader) readSTC(s *edi.Segment) Status {
	r.maxElements(s, 12)
	st := Status{Pos: s.Pos, Date: s.Element(2), Action: s.Element(3),
		Charge: r.amount(s, 4), Paid: r.amount(s, 5), AdjudicationDate: s.Element(6),
		PaymentMethod: s.Element(7), CheckDate: s.Element(8), CheckNumber: s.Element(9),
		Message: s.Element(12)}
	for i, el := range [3]int{1, 10, 11} {
		st.Codes[i] = StatusCode{Category: s.Component(el, 1), Code: s.Component(el, 2),
			Entity: s.Component(el, 3), CodeList: s.Component(el, 4)}
		if (i == 0 || s.Has(el)) && (st.Codes[i].Category == "" || st.Codes[i].Code == "") {
			r.finding(s, edi.Error, el, edi.ErrData, "the status needs a category and a code")
		}
	}
	for _, el := range []int{2, 6, 8} {
		r.checkDate(s, el, "a status date")
	}
	return st
}

// readDTP returns a DTP's period and qualifier.
func (r *Reader) readDTP(s *edi.Segment) (Period, string) {
	r.maxElements(s, 3)
	q, v := s.Element(1), s.Element(3)
	var p Period
	switch s.Element(2) {
	case "D8":
		p.Start = v
		r.checkDate(s, 3, "the date")
	case "RD8":
		start, end, ok := strings.Cut(v, "-")
		p.Start, p.End = start, end
		if !ok || !validDate(start) || !validDate(end) || end < start {
			r.finding(s, edi.Warning, 3, edi.ErrData, "the range is not CCYYMMDD-CCYYMMDD")
		}
	default:
		p.Start = v
		r.finding(s, edi.Warning, 2, edi.ErrData, "the date format is neither D8 nor RD8")
	}
	return p, q
}

// amount reads a monetary element; absent is nil, malformed is nil and a
// finding.
func (r *Reader) amount(s *edi.Segment, el int) *edi.Amount {
	if !s.Has(el) {
		return nil
	}
	a, err := edi.ParseAmount(s.Bytes(el))
	if err != nil {
		r.finding(s, edi.Error, el, edi.ErrData, "not an amount with at most two decimals")
		return nil
	}
	return &a
}

// checkDate reports an element that is present and not CCYYMMDD.
func (r *Reader) checkDate(s *edi.Segment, el int, what string) {
	if v := s.Element(el); v != "" && !validDate(v) {
		r.finding(s, edi.Warning, el, edi.ErrData, what+" is not CCYYMMDD")
	}
}

func validDate(v string) bool {
	if len(v) != 8 {
		return false
	}
	_, err := time.Parse("20060102", v)
	return err == nil
}

// required reports a missing element and returns its value.
func (r *Reader) required(s *edi.Segment, el int, what string) string {
	v := s.Element(el)
	if v == "" {
		r.finding(s, edi.Error, el, edi.ErrData, what+" is missing")
	}
	return v
}

// maxElements reports elements beyond the last one a segment defines.
func (r *Reader) maxElements(s *edi.Segment, n int) {
	if s.Len() > n {
		r.finding(s, edi.Warning, n+1, edi.ErrSyntax, "more elements than the segment defines")
	}
}
