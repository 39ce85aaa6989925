package x835

import (
	"bytes"

	"github.com/claimflow/claimflow/edi"
)

// Payment is the 835 header (table 1): the money (BPR), its trace number
// (TRN), the currency, the receiver and version references, the production
// date, and the payer (loop 1000A) and payee (loop 1000B). Reader returns
// it when a transaction set starts, before the set's claims.
type Payment struct {
	Pos        edi.Position // the ST segment
	Envelope   Envelope
	Financial  Financial
	Trace      Trace
	Currency   *Currency // CUR, nil when absent
	Refs       []Ref     // REF*EV receiver and REF*F2 version
	Production *DateRef  // DTM*405, nil when absent
	Payer      Payer
	Payee      Payee

	// Findings are the problems found in the header and its envelope.
	Findings edi.Findings
}

func (*Payment) item() {}

// Ref returns the value of the header REF with qualifier q (EV or F2).
func (p *Payment) Ref(q string) (string, bool) { return findRef(p.Refs, q) }

// Envelope is what the ISA, GS and ST around a transaction set say.
// Control numbers are also in every Position.
type Envelope struct {
	SenderQualifier    string // ISA05
	SenderID           string // ISA06, without its padding
	ReceiverQualifier  string // ISA07
	ReceiverID         string // ISA08, without its padding
	InterchangeDate    string // ISA09, YYMMDD
	InterchangeTime    string // ISA10, HHMM
	InterchangeControl string // ISA13
	Usage              string // ISA15, P or T
	FunctionalID       string // GS01, HP for an 835
	AppSender          string // GS02
	AppReceiver        string // GS03
	GroupDate          string // GS04
	GroupTime          string // GS05
	GroupControl       string // GS06
	Version            string // GS08, e.g. 005010X221A1
	SetControl         string // ST02
	Implementation     string // ST03, when present
	Delimiters         edi.Delimiters
}

// Financial is the BPR segment: what was paid, how and when.
type Financial struct {
	Handling    string     // BPR01: C, D, H, I, P, U or X
	Amount      edi.Amount // BPR02: the total actual provider payment
	CreditDebit string     // BPR03: C credit or D debit
	Method      string     // BPR04: ACH, BOP, CHK, FWT or NON
	Format      string     // BPR05: CCP or CTX

	SenderDFIQualifier     string // BPR06: 01 ABA routing, 04 Canadian bank
	SenderDFI              string // BPR07
	SenderAccountQualifier string // BPR08: DA
	SenderAccount          string // BPR09
	PayerID                string // BPR10: the originating company identifier
	PayerSupplemental      string // BPR11: originating company supplemental code

	ReceiverDFIQualifier     string // BPR12
	ReceiverDFI              string // BPR13
	ReceiverAccountQualifier string // BPR14: DA or SG
	ReceiverAccount          string // BPR15

	Date Date // BPR16: check issue or EFT effective date
	Pos  edi.Position
}

// Signed returns BPR02 with the sign BPR03 gives it: negative for a debit.
func (f Financial) Signed() edi.Amount {
	if f.CreditDebit == "D" {
		return -f.Amount
	}
	return f.Amount
}

// Trace is the TRN segment: the reassociation trace number that ties the
// 835 to its check or EFT.
type Trace struct {
	Type         string // TRN01: 1, current transaction
	Number       string // TRN02: check or EFT trace number
	PayerID      string // TRN03: payer identifier, 1 followed by the TIN
	Supplemental string // TRN04: originating company supplemental code
	Pos          edi.Position
}

// Currency is the CUR segment, sent when the payment is not in US dollars.
type Currency struct {
	Entity string // CUR01: PR
	Code   string // CUR02: ISO 4217, e.g. CAD
	Pos    edi.Position
}

func (r *Reader) parseISA(s *edi.Segment) {
	e := &r.env
	*e = Envelope{
		SenderQualifier:    r.str(s, 5),
		SenderID:           string(bytes.TrimSpace(s.Bytes(6))),
		ReceiverQualifier:  r.str(s, 7),
		ReceiverID:         string(bytes.TrimSpace(s.Bytes(8))),
		InterchangeDate:    r.str(s, 9),
		InterchangeTime:    r.str(s, 10),
		InterchangeControl: string(bytes.TrimSpace(s.Bytes(13))),
		Usage:              r.str(s, 15),
		Delimiters:         s.Delimiters(),
	}
}

func (r *Reader) parseGS(s *edi.Segment) {
	e := &r.env
	e.FunctionalID, e.AppSender, e.AppReceiver = r.str(s, 1), r.str(s, 2), r.str(s, 3)
	e.GroupDate, e.GroupTime = r.str(s, 4), r.str(s, 5)
	e.GroupControl, e.Version = r.str(s, 6), r.str(s, 8)
	e.SetControl, e.Implementation = "", ""
}

// checkEnvelope warns once per set when the group is not an 835 group.
func (r *Reader) checkEnvelope(s *edi.Segment) {
	e := &r.pay.Envelope
	if e.FunctionalID != "HP" {
		r.finding(edi.Warning, s, 0, 0, edi.ErrEnvelope,
			"the 835 is in a functional group whose GS01 is not HP")
	}
	if v := e.Version; v != "" && !bytes.HasPrefix([]byte(v), []byte("005010X221")) {
		r.finding(edi.Warning, s, 0, 0, edi.ErrEnvelope,
			"does not name 005010X221A1; the set is read as 005010X221A1")
	}
}

func (r *Reader) parseBPR(s *edi.Segment) Financial {
	// Some senders write one separator too few before the date, so that it
	// lands in BPR15. With BPR12 to BPR14 empty that BPR15 is no account.
	if len(s.Bytes(16)) == 0 && validDate(s.Bytes(15)) && len(s.Bytes(12)) == 0 &&
		len(s.Bytes(13)) == 0 && len(s.Bytes(14)) == 0 {
		r.finding(edi.Warning, s, 15, 0, edi.ErrStructure,
			"the payment date is in BPR15 instead of BPR16; it is read as the payment date")
		f := r.financial(s)
		f.ReceiverAccount, f.Date = "", Date(r.str(s, 15))
		return f
	}
	f := r.financial(s)
	f.Date = r.date(s, 16, true, "payment date")
	return f
}

func (r *Reader) financial(s *edi.Segment) Financial {
	return Financial{
		Handling:    r.code(s, 1, bpr01Codes, true, "transaction handling code"),
		Amount:      r.amount(s, 2, true, "total payment"),
		CreditDebit: r.code(s, 3, bpr03Codes, true, "credit or debit flag"),
		Method:      r.code(s, 4, bpr04Codes, true, "payment method"),
		Format:      r.code(s, 5, bpr05Codes, false, "payment format"),

		SenderDFIQualifier:     r.code(s, 6, dfiCodes, false, "DFI qualifier"),
		SenderDFI:              r.str(s, 7),
		SenderAccountQualifier: r.code(s, 8, bpr08Codes, false, "account qualifier"),
		SenderAccount:          r.str(s, 9),
		PayerID:                r.str(s, 10),
		PayerSupplemental:      r.str(s, 11),

		ReceiverDFIQualifier:     r.code(s, 12, dfiCodes, false, "DFI qualifier"),
		ReceiverDFI:              r.str(s, 13),
		ReceiverAccountQualifier: r.code(s, 14, bpr14Codes, false, "account qualifier"),
		ReceiverAccount:          r.str(s, 15),

		Pos: s.Pos,
	}
}

func (r *Reader) parseTRN(s *edi.Segment) Trace {
	t := Trace{
		Type:         r.code(s, 1, trn01Codes, true, "trace type"),
		Number:       r.str(s, 2),
		PayerID:      r.str(s, 3),
		Supplemental: r.str(s, 4),
		Pos:          s.Pos,
	}
	r.required(s, 2, edi.Error, "check or EFT trace number")
	r.required(s, 3, edi.Warning, "payer identifier")
	return t
}

func (r *Reader) parseCUR(s *edi.Segment) *Currency {
	c := &Currency{
		Entity: r.code(s, 1, cur01Codes, true, "entity"),
		Code:   r.str(s, 2),
		Pos:    s.Pos,
	}
	r.required(s, 2, edi.Warning, "currency code")
	return c
}

// parseRef reads a REF segment; allowed lists the qualifiers of its loop.
func (r *Reader) parseRef(s *edi.Segment, allowed *codeSet) Ref {
	var v Ref
	r.readRef(&v, s, allowed)
	return v
}

// readRef is parseRef into d, every field set.
func (r *Reader) readRef(d *Ref, s *edi.Segment, allowed *codeSet) {
	d.Qualifier = r.code(s, 1, allowed, true, "qualifier")
	v := s.Bytes(2)
	if len(v) == 0 {
		r.finding(edi.Warning, s, 2, 0, edi.ErrStructure, "identifier is missing")
	}
	d.Value = r.cache.get(v)
	setPos(&d.Pos, s)
}

// parseDTM reads a DTM segment; allowed lists the qualifiers of its loop.
func (r *Reader) parseDTM(s *edi.Segment, allowed *codeSet) DateRef {
	var v DateRef
	r.readDTM(&v, s, allowed)
	return v
}

// readDTM is parseDTM into d, every field set.
func (r *Reader) readDTM(d *DateRef, s *edi.Segment, allowed *codeSet) {
	d.Qualifier = r.code(s, 1, allowed, true, "qualifier")
	d.Date = r.date(s, 2, true, "date")
	setPos(&d.Pos, s)
}

// header handles a segment of table 1 outside the payer and payee loops.
func (r *Reader) header(s *edi.Segment) {
	p := r.pay
	switch r.kind {
	case kBPR:
		if p.Financial.Pos.Ordinal != 0 {
			r.repeated(s)
			return
		}
		p.Financial = r.parseBPR(s)
	case kTRN:
		if p.Trace.Pos.Ordinal != 0 {
			r.repeated(s)
			return
		}
		p.Trace = r.parseTRN(s)
	case kCUR:
		if p.Currency != nil {
			r.repeated(s)
			return
		}
		p.Currency = r.parseCUR(s)
	case kREF:
		p.Refs = append(p.Refs, r.parseRef(s, headerRefs))
	case kDTM:
		if p.Production != nil {
			r.repeated(s)
			return
		}
		d := r.parseDTM(s, headerDTM)
		p.Production = &d
	}
}

// repeated reports a segment that may appear only once where it is.
func (r *Reader) repeated(s *edi.Segment) {
	r.finding(edi.Warning, s, 0, 0, edi.ErrStructure,
		"%s appears more than once here; the first is kept", s.ID)
}

// checkHeader reports what the header lacks once it is complete.
func (r *Reader) checkHeader(s *edi.Segment) {
	p := r.pay
	if p.Financial.Pos.Ordinal == 0 {
		r.finding(edi.Error, s, 0, 0, edi.ErrStructure,
			"the 835 has no BPR segment before its claims")
	}
	if p.Trace.Pos.Ordinal == 0 {
		r.finding(edi.Error, s, 0, 0, edi.ErrStructure,
			"the 835 has no TRN segment before its claims")
	}
	if p.Payer.Pos.Ordinal == 0 {
		r.finding(edi.Warning, s, 0, 0, edi.ErrStructure,
			"the 835 has no payer (N1*PR) before its claims")
	}
	if p.Payee.Pos.Ordinal == 0 {
		r.finding(edi.Warning, s, 0, 0, edi.ErrStructure,
			"the 835 has no payee (N1*PE) before its claims")
	}
}
