package inspect

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/claimflow/claimflow/edi"
)

func (p *printer) ta1(a TA1Ack) {
	p.line(1, "TA1 answers interchange %s of %s", orNone(a.ControlNumber),
		when(a.Date, a.Time))
	p.line(2, "%s %s", orNone(a.Status), a.StatusText)
	p.line(2, "note %s %s", orNone(a.NoteCode), a.NoteText)
}

func (p *printer) acknowledgment(a *Acknowledgment) {
	g := a.AcknowledgedGroup
	p.line(3, "Answers group %s (%s %s)", orNone(g.ControlNumber), orNone(g.FunctionalID),
		orNone(g.Version))
	for _, s := range a.Sets {
		p.setVerdict(&s)
	}
	gs := a.GroupStatus
	p.line(3, "Group verdict: %s %s", orNone(gs.Status), gs.StatusText)
	p.line(4, "%d included, %d received, %d accepted", gs.Included, gs.Received,
		gs.Accepted)
	for _, c := range gs.Errors {
		p.line(4, "%s %s", c.Code, c.Text)
	}
}

func (p *printer) setVerdict(s *SetVerdict) {
	p.line(3, "Set %s (%s): %s %s", orNone(s.ControlNumber), orNone(s.SetID),
		orNone(s.Status), s.StatusText)
	for _, c := range s.SetErrors {
		p.line(4, "%s %s", c.Code, c.Text)
	}
	if len(s.ClaimIDs) > 0 {
		p.line(4, "Claims named: %s", strings.Join(s.ClaimIDs, ", "))
	}
	for _, e := range s.Errors {
		where := fmt.Sprintf("%s at position %d", orNone(e.Segment), e.Position)
		if e.Loop != "" {
			where += ", loop " + e.Loop
		}
		p.line(4, "%s: %s %s", where, orNone(e.Code), e.CodeText)
		for _, el := range e.Elements {
			p.line(5, "%s", elementError(el))
		}
	}
}

// elementError shows an IK4 as "element 5-3 (1325): 7 Invalid code value,
// bad value "Q"".
func elementError(e ElementError) string {
	pos := strconv.Itoa(e.Position)
	if e.Component > 0 {
		pos += "-" + strconv.Itoa(e.Component)
	}
	if e.Repeat > 0 {
		pos += " repeat " + strconv.Itoa(e.Repeat)
	}
	s := "element " + pos
	if e.Reference != "" {
		s += " (" + e.Reference + ")"
	}
	s += ": " + orNone(e.Code) + " " + e.CodeText
	if e.BadValue != "" {
		s += ", bad value " + strconv.Quote(e.BadValue)
	}
	return s
}

func (p *printer) statusReport(r *StatusReport) {
	if len(r.Totals) > 0 {
		t := newTable("lrrrr")
		t.row(0, "Totals", "Accepted", "Amount", "Rejected", "Amount")
		for _, lt := range r.Totals {
			label := strings.TrimSpace(lt.Level + " " + lt.LevelText + " " + lt.ID)
			t.row(0, label, quantity(lt.AcceptedQuantity), amount(lt.AcceptedAmount),
				quantity(lt.RejectedQuantity), amount(lt.RejectedAmount))
		}
		p.table(3, t)
	}
	if len(r.Claims) == 0 {
		p.line(3, "No claims.")
	}
	for i := range r.Claims {
		p.statusClaim(&r.Claims[i], r.claimAck)
	}
}

// statusClaim shows a claim's statuses. A 277CA accepts or rejects each
// claim; a 277 that answers an inquiry only says when a claim is rejected.
func (p *printer) statusClaim(c *StatusClaim, claimAck bool) {
	var parts []string
	switch {
	case c.Rejected:
		parts = append(parts, "rejected")
	case claimAck:
		parts = append(parts, "accepted")
	}
	if c.Charge != nil {
		parts = append(parts, "charge "+c.Charge.String())
	}
	if c.ServiceDate != "" {
		parts = append(parts, "service "+span(c.ServiceDate, c.ServiceDateEnd))
	}
	if c.PayerClaimNumber != "" {
		parts = append(parts, "payer claim "+c.PayerClaimNumber)
	}
	if c.ClearinghouseTrace != "" {
		parts = append(parts, "clearinghouse trace "+c.ClearinghouseTrace)
	}
	head := "Claim " + orNone(c.PatientControlNumber)
	if len(parts) > 0 {
		head += ": " + strings.Join(parts, "; ")
	}
	p.line(3, "%s", head)
	p.statuses(4, c.Statuses)
	for _, l := range c.Lines {
		line := "Line " + procedure(l.Qualifier, l.Procedure, l.Modifiers) + ", " +
			l.Charge.String()
		if l.ServiceDate != "" {
			line += ", " + l.ServiceDate
		}
		if l.LineControlNumber != "" {
			line += ", control " + l.LineControlNumber
		}
		p.line(4, "%s", line)
		p.statuses(5, l.Statuses)
	}
}

// statuses shows each status as its codes, date and category in words,
// then its status and entity in words; a message from the sender follows
// the last status of its STC.
func (p *printer) statuses(indent int, ss []Status) {
	for i, s := range ss {
		codes := orNone(s.Category) + ":" + orNone(s.Status)
		if s.Entity != "" {
			codes += ":" + s.Entity
		}
		if s.Date != "" {
			codes += " on " + s.Date
		}
		p.line(indent, "%s: %s", codes, s.CategoryText)
		words := orNone(s.Status) + " " + s.StatusText
		if s.Entity != "" {
			words += "; " + s.Entity + " " + s.EntityText
		}
		if s.Paid != nil {
			words += "; paid " + s.Paid.String()
		}
		p.line(indent+1, "%s", words)
		if s.Message != "" && (i == len(ss)-1 || ss[i+1].stc != s.stc) {
			p.line(indent+1, "message: %s", strconv.Quote(s.Message))
		}
	}
}

func quantity(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func amount(a *edi.Amount) string {
	if a == nil {
		return ""
	}
	return a.String()
}

func itoa(n int) string { return strconv.Itoa(n) }
