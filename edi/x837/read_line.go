package x837

import (
	"strconv"
	"strings"

	"github.com/claimflow/claimflow/edi"
)

func (r *Reader) beginLine(s *edi.Segment) {
	cs := r.cur
	r.finishLine()
	r.stats.Lines++
	ci := cs.c.ClaimInformation
	if s.Element(1) != strconv.Itoa(len(ci.ServiceLines)+1) {
		r.finding(s, 1, edi.ErrStructure, "LX01 does not number the lines 1, 2, 3 in order")
	}
	ci.ServiceLines = append(ci.ServiceLines, ServiceLine{})
	cs.line = &ci.ServiceLines[len(ci.ServiceLines)-1]
	cs.linePos, cs.lineSV, cs.line472 = s.Pos, false, false
	cs.in2320, cs.prov = false, nil
	r.loop = in2400
}

// lineSegment reads a segment of loop 2400; the 2410 to 2440 loops are
// skipped.
func (r *Reader) lineSegment(s *edi.Segment) {
	cs := r.cur
	switch s.ID {
	case "NM1", "LIN", "SVD", "LQ":
		r.loop = inOther2400
	}
	if r.loop != in2400 || cs == nil || cs.line == nil {
		return
	}
	l := cs.line
	switch s.ID {
	case "SV1", "SV2":
		if cs.lineSV {
			// Loop 2400 holds one service segment; a second would be
			// read over the first and its charge counted twice.
			r.finding(s, 0, edi.ErrStructure,
				"the service line already has its "+s.ID+"; one LX holds one")
			return
		}
		switch {
		case s.ID == "SV1" && cs.c.Kind == Professional:
			r.sv1(s, l)
		case s.ID == "SV2" && cs.c.Kind == Institutional:
			r.sv2(s, l)
		}
	case "DTP":
		if s.Element(1) == "472" {
			cs.line472 = true
			v := s.Element(3)
			if s.Element(2) == "RD8" {
				l.ServiceDate, l.ServiceDateEnd, _ = strings.Cut(v, "-")
			} else {
				l.ServiceDate = v
			}
		}
	case "REF":
		if s.Element(1) == "6R" {
			if cs.c.Kind == Institutional {
				l.LineItemControlNumber = s.Element(2)
			} else {
				l.ProviderControlNumber = s.Element(2)
			}
		}
	}
}

func (r *Reader) lineCharge(s *edi.Segment, el int) Amount {
	a, ok := amountOf(s.Element(el))
	if ok {
		r.cur.sum += a.Cents
	} else {
		r.cur.sumOK = false
		r.finding(s, el, edi.ErrData, "the line charge is not an amount")
	}
	return a
}

func quantityOf(v string) Quantity {
	m, ok := parseScaled(v, 3)
	if !ok {
		return Quantity{Set: true, Bad: v}
	}
	return Quantity{Milli: m, Set: true}
}

func (r *Reader) sv1(s *edi.Segment, l *ServiceLine) {
	cs := r.cur
	cs.lineSV = true
	ps := &ProfessionalService{
		ProcedureIdentifier: s.Component(1, 1),
		ProcedureCode:       s.Component(1, 2),
		MeasurementUnit:     s.Element(3),
		ServiceUnitCount:    quantityOf(s.Element(4)),
		PlaceOfServiceCode:  s.Element(5),
	}
	for j := 3; j <= 6; j++ {
		if m := s.Component(1, j); m != "" {
			ps.ProcedureModifiers = append(ps.ProcedureModifiers, m)
		}
	}
	ps.LineItemChargeAmount = r.lineCharge(s, 2)
	if s.Has(7) {
		ps.CompositeDiagnosisCodePointers = &DxPointers{}
		for j := 1; j <= 4; j++ {
			v := s.Component(7, j)
			if v == "" {
				continue
			}
			ps.CompositeDiagnosisCodePointers.DiagnosisCodePointers = append(
				ps.CompositeDiagnosisCodePointers.DiagnosisCodePointers, v)
			n, _ := strconv.Atoi(v)
			cs.ptrs = append(cs.ptrs, ptrAt{n: n, pos: s.Pos, sub: j})
		}
	} else {
		r.finding(s, 7, edi.ErrStructure, "SV107 needs at least one diagnosis pointer")
	}
	l.ProfessionalService = ps
}

func (r *Reader) sv2(s *edi.Segment, l *ServiceLine) {
	r.cur.lineSV = true
	is := &InstitutionalService{
		ServiceLineRevenueCode: s.Element(1),
		ProcedureIdentifier:    s.Component(2, 1),
		ProcedureCode:          s.Component(2, 2),
		MeasurementUnit:        s.Element(4),
		ServiceUnitCount:       quantityOf(s.Element(5)),
	}
	for j := 3; j <= 6; j++ {
		if m := s.Component(2, j); m != "" {
			is.ProcedureModifiers = append(is.ProcedureModifiers, m)
		}
	}
	is.LineItemChargeAmount = r.lineCharge(s, 3)
	if s.Has(7) {
		is.NonCoveredChargeAmount, _ = amountOf(s.Element(7))
	}
	l.InstitutionalService = is
}

// finishLine checks the line just read.
func (r *Reader) finishLine() {
	cs := r.cur
	if cs == nil || cs.line == nil {
		return
	}
	want := "SV1"
	if cs.c.Kind == Institutional {
		want = "SV2"
	}
	if !cs.lineSV {
		r.findingAt(cs.linePos, "LX", 0, edi.ErrStructure, "the service line has no "+want)
	}
	if cs.c.Kind == Professional && !cs.line472 {
		r.findingAt(cs.linePos, "LX", 0, edi.ErrStructure,
			"the service line has no DTP*472 service date")
	}
	cs.line = nil
}

// finishClaim checks the claim just read and hands it to Next.
func (r *Reader) finishClaim() {
	cs := r.cur
	if cs == nil {
		return
	}
	r.finishLine()
	r.cur = nil
	if r.loop != inNone {
		r.loop = inOther2300
	}
	ci := cs.c.ClaimInformation
	if cs.nDx == 0 {
		r.findingAt(cs.pos, "CLM", 0, edi.ErrStructure,
			"the claim has no HI principal diagnosis")
	}
	if len(ci.ServiceLines) == 0 {
		r.findingAt(cs.pos, "CLM", 0, edi.ErrStructure, "the claim has no service line")
	}
	if f := ci.ClaimFrequencyCode; (f == "7" || f == "8") && !cs.hasF8 {
		r.findingAt(cs.pos, "CLM", 5, edi.ErrStructure,
			"a replacement or void claim needs REF*F8, the payer's claim control number")
	}
	if cs.c.Kind == Institutional && !cs.has434 {
		r.findingAt(cs.pos, "CLM", 0, edi.ErrStructure,
			"the claim has no DTP*434 statement dates")
	}
	if cs.sumOK && ci.ClaimChargeAmount.Valid() && len(ci.ServiceLines) > 0 &&
		ci.ClaimChargeAmount.Cents != cs.sum {
		r.findingAt(cs.pos, "CLM", 2, edi.ErrData,
			"CLM02 ("+ci.ClaimChargeAmount.String()+") is not the sum of the line charges ("+
				Cents(cs.sum).String()+")")
	}
	if cs.c.Kind == Professional {
		for _, p := range cs.ptrs {
			if p.n < 1 || p.n > cs.nDx {
				r.findingAt(p.pos, "SV1", 7, edi.ErrData,
					"a diagnosis pointer points outside the claim's HI list")
			}
		}
	}
	r.ready = cs.c
}
