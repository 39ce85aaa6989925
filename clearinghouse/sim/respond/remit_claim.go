package respond

import (
	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x835"
	"github.com/claimflow/claimflow/edi/x837"
)

// claimNames fills the people of loop 2100: the patient (NM1*QC), the
// subscriber when the patient is a dependent (NM1*IL), and the rendering
// provider (NM1*82).
func (rp *reply) claimNames(cl *x835.Claim, c *x837.Claim) {
	id := rp.text(memberID(c))
	person := func(last, first, middle, suffix string) *x835.Name {
		return &x835.Name{EntityType: "1", Last: rp.text(last), First: rp.text(first),
			Middle: rp.text(middle), Suffix: rp.text(suffix)}
	}
	var sub *x835.Name
	if s := c.Subscriber; s != nil {
		sub = person(s.LastName, s.FirstName, s.MiddleName, s.Suffix)
		if id != "" {
			sub.IDQualifier, sub.ID = qualifierMember, id
		}
	}
	if d := c.Dependent; d != nil {
		cl.Patient = person(d.LastName, d.FirstName, d.MiddleName, d.Suffix)
		cl.Insured = sub
	} else {
		cl.Patient = sub
	}
	if cl.Patient == nil {
		cl.Patient = &x835.Name{EntityType: "1", Last: "UNKNOWN"}
	}
	if p := c.Rendering; p != nil && p.NPI != "" {
		n := &x835.Name{EntityType: "1", Last: rp.text(p.LastName), First: rp.text(p.FirstName),
			Middle: rp.text(p.MiddleName), Suffix: rp.text(p.Suffix),
			IDQualifier: qualifierNPI, ID: rp.text(p.NPI)}
		if p.OrganizationName != "" {
			n.EntityType, n.Last = "2", rp.text(p.OrganizationName)
			n.First, n.Middle, n.Suffix = "", "", ""
		}
		cl.ServiceProvider = n
	}
}

// claimDates fills the claim's DTM: when the claim was received, and an
// institutional claim's statement period.
func (rp *reply) claimDates(cl *x835.Claim, c *x837.Claim) {
	cl.Dates = append(cl.Dates, x835.DateRef{Qualifier: "050", Date: x835.Date(date(rp.arrived))})
	d := c.ClaimInformation.ClaimDateInformation
	if c.Kind != x837.Institutional || d == nil || !validDate(d.StatementBeginDate) {
		return
	}
	cl.Dates = append(cl.Dates, x835.DateRef{Qualifier: "232",
		Date: x835.Date(d.StatementBeginDate)})
	if validDate(d.StatementEndDate) {
		cl.Dates = append(cl.Dates, x835.DateRef{Qualifier: "233",
			Date: x835.Date(d.StatementEndDate)})
	}
}

// serviceLine starts loop 2110 from a submitted line: the procedure as
// billed, its charge and units, its dates and its line item control
// number, which the poster matches on.
func (rp *reply) serviceLine(sl *x837.ServiceLine) x835.ServiceLine {
	var l x835.ServiceLine
	var units x837.Quantity
	switch {
	case sl.ProfessionalService != nil:
		ps := sl.ProfessionalService
		l.Procedure = rp.procedure(or(ps.ProcedureIdentifier, "HC"), ps.ProcedureCode,
			ps.ProcedureModifiers)
		l.Charge = edi.Amount(ps.LineItemChargeAmount.Cents)
		units = ps.ServiceUnitCount
	case sl.InstitutionalService != nil:
		is := sl.InstitutionalService
		if is.ProcedureCode != "" {
			l.Procedure = rp.procedure(or(is.ProcedureIdentifier, "HC"), is.ProcedureCode,
				is.ProcedureModifiers)
			l.RevenueCode = rp.text(is.ServiceLineRevenueCode)
		} else {
			l.Procedure = x835.Procedure{Qualifier: "NU", Code: rp.text(is.ServiceLineRevenueCode)}
		}
		l.Charge = edi.Amount(is.LineItemChargeAmount.Cents)
		units = is.ServiceUnitCount
	}
	if units.Valid() && units.Milli > 0 {
		l.Units = x835.Decimal(units.String())
	}
	switch from, to := sl.ServiceDate, sl.ServiceDateEnd; {
	case validDate(from) && validDate(to) && to != from:
		l.Dates = []x835.DateRef{{Qualifier: "150", Date: x835.Date(from)},
			{Qualifier: "151", Date: x835.Date(to)}}
	case validDate(from):
		l.Dates = []x835.DateRef{{Qualifier: "472", Date: x835.Date(from)}}
	}
	if n := sl.ControlNumber(); n != "" {
		l.Refs = []x835.Ref{{Qualifier: "6R", Value: rp.text(n)}}
	}
	return l
}

// procedure is SVC01 for a procedure code with up to four modifiers.
func (rp *reply) procedure(qualifier, code string, mods []string) x835.Procedure {
	p := x835.Procedure{Qualifier: rp.text(qualifier), Code: rp.text(code)}
	for i := 0; i < len(mods) && i < len(p.Modifiers); i++ {
		p.Modifiers[i] = rp.text(mods[i])
	}
	return p
}
