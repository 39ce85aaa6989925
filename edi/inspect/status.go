package inspect

import (
	"io"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/codes"
	"github.com/claimflow/claimflow/edi/x277"
)

// StatusReport is what a 277CA or 277 transaction set says: each claim's
// statuses and the accepted and rejected totals of the levels above them.
type StatusReport struct {
	Claims []StatusClaim `json:"claims"`
	// Totals are the QTY and AMT totals of the levels that give them
	// (information receiver, billing provider); absent when none does.
	Totals []LevelTotals `json:"totals,omitempty"`

	claimAck bool // a 277CA, not an X212 answer
}

// StatusClaim is one claim of a 277 (loop 2200D, or 2200E in an X212).
type StatusClaim struct {
	// PatientControlNumber is TRN02 of a 277CA, REF*EJ of an X212.
	PatientControlNumber string `json:"patient_control_number"`
	// Rejected is true when a status of the claim or of a line rejects it.
	Rejected           bool         `json:"rejected"`
	Statuses           []Status     `json:"statuses"`
	PayerClaimNumber   string       `json:"payer_claim_number"`  // REF*1K
	ClearinghouseTrace string       `json:"clearinghouse_trace"` // REF*D9
	Charge             *edi.Amount  `json:"charge,omitempty"`    // the first STC04
	ServiceDate        string       `json:"service_date"`        // DTP*472
	ServiceDateEnd     string       `json:"service_date_end,omitempty"`
	Lines              []StatusLine `json:"lines"` // loop 2220D
}

// StatusLine is one service line's status (loop 2220D).
type StatusLine struct {
	Procedure         string     `json:"procedure"` // SVC01-2
	Qualifier         string     `json:"qualifier"` // SVC01-1
	Modifiers         []string   `json:"modifiers,omitempty"`
	Charge            edi.Amount `json:"charge"`              // SVC02
	LineControlNumber string     `json:"line_control_number"` // REF*FJ
	ServiceDate       string     `json:"service_date"`        // DTP*472
	Statuses          []Status   `json:"statuses"`
}

// Status is one status composite of an STC segment (STC01, STC10 or
// STC11) with the date and amount the segment gives. Texts are absent
// exactly when their code is.
type Status struct {
	Category     string      `json:"category"` // e.g. A7
	CategoryText string      `json:"category_text,omitempty"`
	Status       string      `json:"status"` // e.g. 562
	StatusText   string      `json:"status_text,omitempty"`
	Entity       string      `json:"entity,omitempty"` // e.g. 85
	EntityText   string      `json:"entity_text,omitempty"`
	Date         string      `json:"date"`             // STC02
	Amount       *edi.Amount `json:"amount,omitempty"` // STC04
	Paid         *edi.Amount `json:"paid,omitempty"`   // STC05 (X212)
	// Message is STC12, free text from the sender.
	Message string `json:"message,omitempty"`

	stc int // which STC of its list the status comes from
}

// LevelTotals are the totals of one HL level.
type LevelTotals struct {
	Level            string      `json:"level"` // HL03: 21 receiver, 19 provider
	LevelText        string      `json:"level_text"`
	HL               string      `json:"hl"`             // HL01
	Name             string      `json:"name,omitempty"` // NM103
	ID               string      `json:"id,omitempty"`   // NM109
	AcceptedQuantity *int        `json:"accepted_quantity,omitempty"`
	RejectedQuantity *int        `json:"rejected_quantity,omitempty"`
	AcceptedAmount   *edi.Amount `json:"accepted_amount,omitempty"`
	RejectedAmount   *edi.Amount `json:"rejected_amount,omitempty"`
}

// levelNames name the HL03 codes of a 277.
var levelNames = map[string]string{
	x277.LevelSource: "information source", x277.LevelReceiver: "information receiver",
	x277.LevelProvider: "provider", x277.LevelPatient: "patient",
	x277.LevelSubscriber: "subscriber", x277.LevelDependent: "dependent",
}

// statusPart reads 277 sets with x277.Reader.
type statusPart struct {
	name  string
	found edi.Findings
	byST  map[int]*StatusReport
}

func (p *statusPart) reads(id string) bool { return id == "277" }

func (p *statusPart) findings() edi.Findings { return p.found }

func (p *statusPart) attach(x index) {
	for ord, rep := range p.byST {
		if s := x.set(ord); s != nil {
			s.StatusReport = rep
		}
	}
}

func (p *statusPart) read(src io.Reader) {
	r := x277.NewReader(src)
	r.SetName(p.name)
	p.byST = map[int]*StatusReport{}
	report := func(h *x277.Header) *StatusReport {
		rep := p.byST[h.Pos.Ordinal]
		if rep == nil {
			rep = &StatusReport{Claims: []StatusClaim{}, claimAck: h.ClaimAck()}
			p.byST[h.Pos.Ordinal] = rep
		}
		return rep
	}
	for {
		it, err := r.Next()
		if err != nil {
			break
		}
		switch v := it.(type) {
		case *x277.Level:
			if t, ok := levelTotals(v); ok {
				rep := report(v.Header)
				rep.Totals = append(rep.Totals, t)
			}
		case *x277.Claim:
			rep := report(v.Header)
			rep.Claims = append(rep.Claims, statusClaim(v))
		}
	}
	p.found = r.Findings()
}

func levelTotals(l *x277.Level) (LevelTotals, bool) {
	t := l.Totals
	if t == (x277.Totals{}) {
		return LevelTotals{}, false
	}
	return LevelTotals{Level: l.Code, LevelText: levelNames[l.Code], HL: l.ID,
		Name: l.Name.Last, ID: l.Name.ID,
		AcceptedQuantity: t.AcceptedCount, RejectedQuantity: t.RejectedCount,
		AcceptedAmount: t.AcceptedAmount, RejectedAmount: t.RejectedAmount}, true
}

func statusClaim(c *x277.Claim) StatusClaim {
	out := StatusClaim{PatientControlNumber: c.ControlNumber(), Rejected: c.Rejected(),
		Statuses: statuses(c.Statuses), PayerClaimNumber: c.PayerClaimNumber,
		ClearinghouseTrace: c.ClearinghouseTrace, ServiceDate: isoDate(c.ServiceDate.Start),
		ServiceDateEnd: isoDate(c.ServiceDate.End), Lines: make([]StatusLine, 0, len(c.Lines))}
	if a, ok := c.Charge(); ok {
		out.Charge = money(a)
	}
	for _, l := range c.Lines {
		out.Lines = append(out.Lines, StatusLine{Procedure: l.Procedure.Code,
			Qualifier: l.Procedure.Qualifier, Modifiers: modifiers(l.Procedure.Modifiers),
			Charge: l.Charge, LineControlNumber: l.LineControl,
			ServiceDate: isoDate(l.ServiceDate.Start), Statuses: statuses(l.Statuses)})
	}
	return out
}

// statuses flattens STC segments into one Status per composite present.
func statuses(ss []x277.Status) []Status {
	out := []Status{}
	for n, s := range ss {
		for i, c := range s.Codes {
			if i > 0 && c == (x277.StatusCode{}) {
				continue
			}
			out = append(out, Status{
				Category: c.Category, CategoryText: describe(codes.StatusCategory, c.Category),
				Status: c.Code, StatusText: describe(codes.ClaimStatusCode, c.Code),
				Entity: c.Entity, EntityText: describe(codes.Entity, c.Entity),
				Date: isoDate(s.Date), Amount: s.Charge, Paid: s.Paid, Message: s.Message,
				stc: n})
		}
	}
	return out
}
