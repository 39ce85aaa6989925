package x835

import "github.com/claimflow/claimflow/edi"

// ServiceLine is loop 2110, service payment information: the SVC segment
// with the adjudicated procedure, charge and payment, and the line's
// dates, adjustments, references, allowed and other amounts, quantities
// and remark codes.
type ServiceLine struct {
	Procedure     Procedure  // SVC01: as adjudicated
	Charge        edi.Amount // SVC02: line item charge
	Paid          edi.Amount // SVC03: line item provider payment
	RevenueCode   string     // SVC04: NUBC revenue code
	Units         Decimal    // SVC05: units of service paid; empty when absent
	Original      *Procedure // SVC06: the procedure as billed, when the payer changed it
	OriginalUnits Decimal    // SVC07: units as billed
	Pos           edi.Position

	// Dates are 472 (service date) or 150 and 151 (service period).
	Dates       []DateRef
	Adjustments []Adjustment // line-level CAS
	// Refs are 6R (line item control number, our REF*6R), service IDs
	// (1S, APC, BB, E9, G1, G3, LU, RB), rendering provider IDs (0B, 1A,
	// 1B, 1C, 1D, 1G, 1H, 1J, D3, G2, HPI, SY, TJ) and policy IDs (0K).
	Refs []Ref
	// Amounts are B6 (allowed), KH (deduction, such as a late filing
	// reduction), T (tax), T2 (total before taxes) and ZK-ZO.
	Amounts    []AmountRef
	Quantities []QuantityRef // ZK-ZO
	Remarks    []Remark      // LQ
}

// ControlNumber returns the line item control number (REF*6R) that the
// 837's line carried, and false when the payer did not return it.
func (l *ServiceLine) ControlNumber() (string, bool) { return findRef(l.Refs, "6R") }

// Ref returns the value of the line's first REF with qualifier q.
func (l *ServiceLine) Ref(q string) (string, bool) { return findRef(l.Refs, q) }

// Date returns the line's first DTM date with qualifier q.
func (l *ServiceLine) Date(q string) (Date, bool) { return findDate(l.Dates, q) }

// Amount returns the line's first AMT amount with qualifier q; B6 is the
// allowed amount.
func (l *ServiceLine) Amount(q string) (edi.Amount, bool) { return findAmount(l.Amounts, q) }

// Quantity returns the line's first QTY quantity with qualifier q.
func (l *ServiceLine) Quantity(q string) (Decimal, bool) {
	return findQuantity(l.Quantities, q)
}

// Procedure is the composite medical procedure identifier (C003) of
// SVC01 and SVC06: a qualifier (HC HCPCS/CPT, NU revenue code, AD dental,
// ER jurisdiction specific, HP HIPPS, IV HIEC, N4 NDC, N6, UI, WK ABC), the
// code, up to four modifiers and, in SVC06, a description.
type Procedure struct {
	Qualifier   string    // -1
	Code        string    // -2
	Modifiers   [4]string // -3 to -6
	Description string    // -7
}

// IsZero reports whether the procedure is empty.
func (p Procedure) IsZero() bool { return p == Procedure{} }

// Remark is an LQ segment of loop 2110: a remark code from the RARC list
// (HE) or an NCPDP reject reason (RX).
type Remark struct {
	Qualifier string // LQ01: HE or RX
	Code      string // LQ02
	Pos       edi.Position
}

// composite returns element i of s with the component separator it
// really uses. When the declared separator does not occur in the element,
// but the element starts with a known two-character qualifier followed by
// punctuation, that punctuation is taken as the separator: some senders
// declare one separator in ISA16 and write another. The first such
// element of a set is a warning.
func (r *Reader) composite(s *edi.Segment, i int, known *codeSet) ([]byte, byte) {
	b := s.Bytes(i)
	sep := s.Delimiters().Component
	if indexByte(b, sep) >= 0 || len(b) < 3 || !known.has(b[:2]) || !isPunct(b[2]) {
		return b, sep
	}
	if !r.sepWarned {
		r.sepWarned = true
		r.finding(edi.Warning, s, i, 0, edi.ErrSyntax,
			"the component separator declared in ISA16 is %q, but this composite uses %q; "+
				"composites of the set are read with the one they use", sep, b[2])
	}
	return b, b[2]
}

func isPunct(c byte) bool {
	return c > ' ' && c < 0x7f && !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' ||
		c >= 'a' && c <= 'z')
}

// parseProcedure reads composite element i of s (SVC01 or SVC06).
func (r *Reader) parseProcedure(s *edi.Segment, i int, known *codeSet) Procedure {
	b, sep := r.composite(s, i, known)
	var c [7][]byte
	for k := range c {
		j := indexByte(b, sep)
		if j < 0 {
			c[k] = b
			break
		}
		c[k], b = b[:j], b[j+1:]
	}
	p := Procedure{Code: r.cache.get(c[1]), Description: r.cache.get(c[6])}
	for k := range p.Modifiers {
		p.Modifiers[k] = r.cache.get(c[2+k])
	}
	q, ok := known.lookup(c[0])
	if !ok {
		q = r.cache.get(c[0])
	}
	p.Qualifier = q
	if p.Qualifier != "" && !ok {
		r.finding(edi.Warning, s, i, 1, edi.ErrData,
			"the product or service ID qualifier is not one 005010X221A1 allows here")
	}
	if p.Code == "" {
		r.finding(edi.Warning, s, i, 2, edi.ErrStructure,
			"the composite has no procedure code after its qualifier")
	}
	return p
}

func (r *Reader) parseSVC(s *edi.Segment, l *ServiceLine) {
	setPos(&l.Pos, s)
	if len(s.Bytes(1)) == 0 {
		r.finding(edi.Error, s, 1, 0, edi.ErrStructure, "procedure is missing")
	} else {
		l.Procedure = r.parseProcedure(s, 1, svc01Codes)
	}
	l.Charge = r.amount(s, 2, true, "line charge")
	l.Paid = r.amount(s, 3, true, "line payment")
	l.RevenueCode = r.str(s, 4)
	l.Units = r.decimal(s, 5, "units paid")
	if len(s.Bytes(6)) > 0 {
		if p := r.parseProcedure(s, 6, svc06Codes); !p.IsZero() {
			l.Original = &p
		}
	}
	l.OriginalUnits = r.decimal(s, 7, "original units")
}

// lineSegment handles a segment of loop 2110 after its SVC.
func (r *Reader) lineSegment(s *edi.Segment) {
	l := &r.claim.Lines[len(r.claim.Lines)-1]
	switch r.kind {
	case kDTM:
		r.readDTM(r.sp.dateA.push(&l.Dates), s, lineDTM)
	case kCAS:
		l.Adjustments = r.parseCAS(s, l.Adjustments)
	case kREF:
		r.readRef(r.sp.refA.push(&l.Refs), s, lineRefs)
	case kAMT:
		r.readAMT(r.sp.amtA.push(&l.Amounts), s, lineAMT)
	case kQTY:
		r.readQTY(r.sp.qtyA.push(&l.Quantities), s, lineQTY)
	case kLQ:
		d := r.sp.lqA.push(&l.Remarks)
		d.Qualifier = r.code(s, 1, lq01Codes, true, "code list qualifier")
		d.Code = r.str(s, 2)
		setPos(&d.Pos, s)
		r.required(s, 2, edi.Warning, "remark code")
	}
}
