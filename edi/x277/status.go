package x277

import (
	"github.com/claimflow/claimflow/edi"
)

// StatusCode is the composite C043: a claim status category, a status
// code and the entity it concerns, e.g. A7:562:85.
type StatusCode struct {
	Category string // C043-01: A1, A2 accepted; A3, A4, A6, A7, A8 rejected
	Code     string // C043-02: the claim status code
	Entity   string // C043-03: the entity identifier code
	CodeList string // C043-04: the code list qualifier, when not the default
}

// Rejected reports whether the category returns the claim: A3 returned as
// unprocessable, A4 not found, A6, A7 and A8 rejected for missing, invalid
// or related data.
func (c StatusCode) Rejected() bool {
	switch c.Category {
	case "A3", "A4", "A6", "A7", "A8":
		return true
	}
	return false
}

// Status is an STC segment.
type Status struct {
	Pos edi.Position // the STC segment
	// Codes are STC01, STC10 and STC11, the three status composites; the
	// last two are often empty.
	Codes  [3]StatusCode
	Date   string      // STC02: the effective date, CCYYMMDD
	Action string      // STC03: WQ accepted, U rejected (277CA)
	Charge *edi.Amount // STC04: total charge of the claim, line or batch
	Paid   *edi.Amount // STC05: amount paid (X212)

	AdjudicationDate string // STC06 (X212)
	PaymentMethod    string // STC07: ACH, BOP, CHK, FWT, NON (X212)
	CheckDate        string // STC08 (X212)
	CheckNumber      string // STC09 (X212)

	Message string // STC12: free-form text
}

// Rejected reports whether any of the status's codes rejects.
func (s *Status) Rejected() bool {
	for _, c := range s.Codes {
		if c.Rejected() {
			return true
		}
	}
	return false
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
