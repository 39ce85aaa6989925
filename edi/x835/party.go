package x835

import "github.com/claimflow/claimflow/edi"

// Payer is loop 1000A, the payer identification: N1*PR with the payer's
// name and, when sent, its CMS plan ID (N103 XV); its address (N3, N4);
// additional IDs (REF*2U payer ID, EO submitter ID, HI health industry
// number, NF NAIC code); and contacts (PER*CX business, PER*BL technical,
// PER*IC web site).
type Payer struct {
	Name        string // N102
	IDQualifier string // N103: XV
	ID          string // N104
	Pos         edi.Position

	Address  *Address      // N3, nil when absent
	City     *CityStateZIP // N4, nil when absent
	Refs     []Ref
	Contacts []Contact
}

// Ref returns the value of the payer's REF with qualifier q.
func (p *Payer) Ref(q string) (string, bool) { return findRef(p.Refs, q) }

// Contact returns the payer's first contact with function f (CX, BL, IC).
func (p *Payer) Contact(f string) (Contact, bool) {
	for _, c := range p.Contacts {
		if c.Function == f {
			return c, true
		}
	}
	return Contact{}, false
}

// Payee is loop 1000B, the payee identification: N1*PE with the payee's
// name and ID (N103 FI federal tax ID, XV CMS plan ID, XX NPI); its
// address (N3, N4); additional IDs (REF*TJ tax ID, PQ payee ID, 0B state
// license, D3 NCPDP number); and how remittance is delivered (RDM).
type Payee struct {
	Name        string // N102
	IDQualifier string // N103: FI, XV or XX
	ID          string // N104
	Pos         edi.Position

	Address  *Address      // N3, nil when absent
	City     *CityStateZIP // N4, nil when absent
	Refs     []Ref
	Delivery *Delivery // RDM, nil when absent
}

// Ref returns the value of the payee's REF with qualifier q.
func (p *Payee) Ref(q string) (string, bool) { return findRef(p.Refs, q) }

// Delivery is the RDM segment of loop 1000B: how a paper or electronic
// remittance reaches the payee (BM mail, EM e-mail, FT file transfer, OL
// online).
type Delivery struct {
	Method string // RDM01
	Name   string // RDM02
	Number string // RDM03: the communication number, e.g. an e-mail address
	Pos    edi.Position
}

func (r *Reader) parseN3(s *edi.Segment) *Address {
	r.required(s, 1, edi.Warning, "address line")
	return &Address{Line1: r.str(s, 1), Line2: r.str(s, 2), Pos: s.Pos}
}

func (r *Reader) parseN4(s *edi.Segment) *CityStateZIP {
	r.required(s, 1, edi.Warning, "city")
	return &CityStateZIP{City: r.str(s, 1), State: r.str(s, 2), PostalCode: r.str(s, 3),
		Country: r.str(s, 4), Subdivision: r.str(s, 7), Pos: s.Pos}
}

// parsePER reads a PER segment; allowed lists the contact functions of its
// loop.
func (r *Reader) parsePER(s *edi.Segment, allowed *codeSet) Contact {
	c := Contact{
		Function: r.code(s, 1, allowed, true, "contact function"),
		Name:     r.str(s, 2),
		Pos:      s.Pos,
	}
	for k := range c.Numbers {
		c.Numbers[k] = CommNumber{Qualifier: r.str(s, 3+2*k), Number: r.str(s, 4+2*k)}
	}
	return c
}

// parseN1 starts loop 1000A or 1000B.
func (r *Reader) parseN1(s *edi.Segment) {
	p := r.pay
	switch string(s.Bytes(1)) {
	case "PR":
		p.Payer = Payer{Name: r.str(s, 2),
			IDQualifier: r.code(s, 3, payerN103, false, "payer ID qualifier"),
			ID:          r.str(s, 4), Pos: s.Pos}
		r.required(s, 2, edi.Warning, "payer name")
		r.loop = loopPayer
	case "PE":
		p.Payee = Payee{Name: r.str(s, 2),
			IDQualifier: r.code(s, 3, payeeN103, true, "payee ID qualifier"),
			ID:          r.str(s, 4), Pos: s.Pos}
		r.required(s, 2, edi.Warning, "payee name")
		r.required(s, 4, edi.Warning, "payee ID")
		r.loop = loopPayee
	}
}

// payer handles a segment of loop 1000A after its N1.
func (r *Reader) payer(s *edi.Segment) {
	p := &r.pay.Payer
	switch r.kind {
	case kN3:
		if p.Address != nil {
			r.repeated(s)
			return
		}
		p.Address = r.parseN3(s)
	case kN4:
		if p.City != nil {
			r.repeated(s)
			return
		}
		p.City = r.parseN4(s)
	case kREF:
		p.Refs = append(p.Refs, r.parseRef(s, payerRefs))
	case kPER:
		p.Contacts = append(p.Contacts, r.parsePER(s, payerPER))
	}
}

// payee handles a segment of loop 1000B after its N1.
func (r *Reader) payee(s *edi.Segment) {
	p := &r.pay.Payee
	switch r.kind {
	case kN3:
		if p.Address != nil {
			r.repeated(s)
			return
		}
		p.Address = r.parseN3(s)
	case kN4:
		if p.City != nil {
			r.repeated(s)
			return
		}
		p.City = r.parseN4(s)
	case kREF:
		p.Refs = append(p.Refs, r.parseRef(s, payeeRefs))
	case kRDM:
		if p.Delivery != nil {
			r.repeated(s)
			return
		}
		p.Delivery = &Delivery{Method: r.code(s, 1, rdm01Codes, true, "delivery method"),
			Name: r.str(s, 2), Number: r.str(s, 3), Pos: s.Pos}
	}
}
