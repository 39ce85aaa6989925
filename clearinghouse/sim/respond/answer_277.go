package respond

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x277"
	"github.com/claimflow/claimflow/edi/x837"
)

// verdict is the 277CA's answer for one claim.
type verdict struct {
	set   *set
	index int // the claim's place in its set
	claim *x837.Claim
	// codes are the claim's status codes; any rejecting one rejects it.
	codes []x277.StatusCode
	// payerClaim is the payer's claim number (REF*1K), for accepted
	// claims; trace is the clearinghouse trace number (REF*D9).
	payerClaim, trace string
}

func (v *verdict) rejected() bool {
	for _, c := range v.codes {
		if c.Rejected() {
			return true
		}
	}
	return false
}

// judge applies the claim rules to every claim of an accepted set.
func (rp *reply) judge(st *set, rl *rules) []*verdict {
	day := julian(rp.arrived)
	out := make([]*verdict, len(st.claims))
	for i, c := range st.claims {
		rng := rp.d.rng("claim", st.index, i)
		v := &verdict{set: st, index: i, claim: c, codes: rl.claimStatus(c)}
		payerClaim := day + digits(rng, 9)
		v.trace = "CH" + day + digits(rng, 8)
		if !v.rejected() {
			v.payerClaim = payerClaim
		}
		out[i] = v
	}
	return out
}

// julian returns t's two-digit year and day of the year, as many payers
// begin their claim numbers.
func julian(t time.Time) string { return fmt.Sprintf("%s%03d", t.Format("06"), t.YearDay()) }

// write277 writes one 277CA set for each accepted 837 set, every claim
// with its status, and returns the verdicts in file order.
func (rp *reply) write277(sets []*set, rl *rules) ([]byte, []*verdict, error) {
	if len(sets) == 0 {
		return nil, nil, nil
	}
	at := rp.arrived.Add(rp.sc.Delays.ClaimAck.D())
	var buf bytes.Buffer
	w := x277.NewWriter(&buf, rp.delims, rp.suffix)
	var all []*verdict
	for k, st := range sets {
		vs := rp.judge(st, rl)
		all = append(all, vs...)
		isa := rp.interchange("277", st.g.ic, at)
		h := &x277.Header{Interchange: isa,
			Group:   rp.group("HN", x277V, receiverCode(st.g.ic), isa),
			Control: setControl(k + 1), Version: x277V, Structure: "0085", Purpose: "08",
			Reference: "CA" + digits(rp.d.rng("277-reference", st.index), 10),
			Date:      date(at), Time: at.Format("1504"), Type: "TH"}
		for _, it := range rp.claimAckItems(h, st, vs, at) {
			if err := w.Write(it); err != nil {
				return nil, nil, fmt.Errorf("write 277CA: %w", err)
			}
		}
	}
	if err := w.Close(); err != nil {
		return nil, nil, fmt.Errorf("write 277CA: %w", err)
	}
	return buf.Bytes(), all, nil
}

// receiverCode returns the GS02 the interchange's first claim group was
// sent with, which answers name in GS03.
func receiverCode(ic *interchange) string {
	for _, g := range ic.groups {
		if g.functionalID == "HC" {
			return g.sender
		}
	}
	return ic.senderID
}

// claimAckItems returns the levels and claims of one 277CA set, in the
// order they are written: the clearinghouse as information source, the
// submitter as receiver, then each billing provider with its claims, one
// patient level per claim.
func (rp *reply) claimAckItems(h *x277.Header, st *set, vs []*verdict,
	at time.Time) []x277.Item {
	ch := rp.sc.Clearinghouse
	processed := date(at)
	src := &x277.Level{Header: h, ID: "1", Code: x277.LevelSource, Child: "1",
		Name: x277.Entity{Code: entityCH, Type: "2", Last: rp.text(ch.Name),
			IDQualifier: qualifierETIN, ID: ch.ID},
		Trace:    x277.Trace{Type: "1", Number: h.Reference},
		Received: date(rp.arrived), Processed: processed}
	all := chargeTotals(vs)
	rcv := &x277.Level{Header: h, ID: "2", ParentID: "1", Code: x277.LevelReceiver,
		Child: "1", Name: rp.submitter(st),
		Trace: x277.Trace{Type: "2", Number: rp.text(or(st.reference, st.control))},
		Statuses: []x277.Status{{Codes: [3]x277.StatusCode{{Category: catReceived,
			Code: statusReceipt, Entity: entityCH}}, Date: processed,
			Action: actionAccepted, Charge: ptr(all.charge)}},
		Totals: all.totals()}
	items := []x277.Item{src, rcv}

	hl := 2
	for i := 0; i < len(vs); {
		j := i + 1
		for j < len(vs) && billingKey(vs[j].claim) == billingKey(vs[i].claim) {
			j++
		}
		hl++
		prov := rp.providerLevel(h, vs[i].claim.Billing, st.index, hl)
		prov.Totals = chargeTotals(vs[i:j]).totals()
		items = append(items, prov)
		for _, v := range vs[i:j] {
			hl++
			items = append(items, rp.patientLevel(h, v.claim, strconv.Itoa(hl), prov.ID),
				rp.claimItem(h, v, processed))
		}
		i = j
	}
	return items
}

// submitter is loop 2100B: who sent the 837 (its 1000A).
func (rp *reply) submitter(st *set) x277.Entity {
	e := x277.Entity{Code: entitySubmitter, Type: "2", IDQualifier: qualifierETIN,
		ID: rp.text(st.g.ic.senderID)}
	if len(st.claims) == 0 || st.claims[0].Submitter == nil {
		e.Last = e.ID
		return e
	}
	s := st.claims[0].Submitter
	e.Last = rp.text(s.OrganizationName)
	if e.Last == "" {
		e.Type, e.Last, e.First = "1", rp.text(s.LastName), rp.text(s.FirstName)
	}
	if s.SubmitterIdentification != "" {
		e.ID = rp.text(s.SubmitterIdentification)
	}
	return e
}

// providerLevel is loop 2000C: a billing provider.
func (rp *reply) providerLevel(h *x277.Header, b *x837.Provider, set, hl int) *x277.Level {
	l := &x277.Level{Header: h, ID: strconv.Itoa(hl), ParentID: "2",
		Code: x277.LevelProvider, Child: "1", Trace: x277.Trace{Type: "1",
			Number: "P" + digits(rp.d.rng("277-provider", set, hl), 9)}}
	if b == nil {
		return l
	}
	l.Name = rp.providerName(entityBilling, b)
	if b.EmployerID != "" {
		l.Refs = []x277.Ref{{Qualifier: "TJ", Value: rp.text(b.EmployerID)}}
	}
	return l
}

// providerName is an NM1 naming a provider by its NPI.
func (rp *reply) providerName(code string, p *x837.Provider) x277.Entity {
	e := x277.Entity{Code: code, Type: "2", Last: rp.text(p.OrganizationName),
		IDQualifier: qualifierNPI, ID: rp.text(p.NPI)}
	if e.Last == "" {
		e.Type, e.Last = "1", rp.text(p.LastName)
		e.First, e.Middle, e.Suffix = rp.text(p.FirstName), rp.text(p.MiddleName),
			rp.text(p.Suffix)
	}
	if e.ID == "" {
		e.IDQualifier = ""
	}
	return e
}

// patientLevel is loop 2000D: the patient of one claim, named with the
// subscriber's member ID.
func (rp *reply) patientLevel(h *x277.Header, c *x837.Claim, id, parent string) *x277.Level {
	e := x277.Entity{Code: entityPatient, Type: "1", IDQualifier: qualifierMember,
		ID: rp.text(memberID(c))}
	switch {
	case c.Dependent != nil:
		d := c.Dependent
		e.Last, e.First, e.Middle, e.Suffix = rp.text(d.LastName), rp.text(d.FirstName),
			rp.text(d.MiddleName), rp.text(d.Suffix)
	case c.Subscriber != nil:
		s := c.Subscriber
		e.Last, e.First, e.Middle, e.Suffix = rp.text(s.LastName), rp.text(s.FirstName),
			rp.text(s.MiddleName), rp.text(s.Suffix)
	}
	if e.ID == "" {
		e.IDQualifier = ""
	}
	return &x277.Level{Header: h, ID: id, ParentID: parent, Code: x277.LevelPatient, Name: e}
}

// claimItem is loop 2200D: the claim's status, references and dates.
func (rp *reply) claimItem(h *x277.Header, v *verdict, processed string) *x277.Claim {
	ci := v.claim.ClaimInformation
	charge := edi.Amount(ci.ClaimChargeAmount.Cents)
	action := actionAccepted
	if v.rejected() {
		action = actionRejected
	}
	c := &x277.Claim{Header: h, Trace: rp.text(ci.PatientControlNumber),
		PayerClaimNumber: v.payerClaim, ClearinghouseTrace: v.trace,
		ServiceDate: servicePeriod(v.claim)}
	for _, code := range v.codes {
		c.Statuses = append(c.Statuses, x277.Status{Codes: [3]x277.StatusCode{code},
			Date: processed, Action: action, Charge: ptr(charge)})
	}
	if v.claim.Kind == x837.Institutional && ci.PlaceOfServiceCode != "" {
		c.BillType = rp.text(ci.PlaceOfServiceCode + ci.ClaimFrequencyCode)
	}
	return c
}

// servicePeriod returns the first and last dates of the claim's lines,
// or of its statement for an institutional claim whose lines carry none.
func servicePeriod(c *x837.Claim) x277.Period {
	var first, last string
	widen := func(from, to string) {
		if !validDate(from) {
			return
		}
		if !validDate(to) || to < from {
			to = from
		}
		if first == "" || from < first {
			first = from
		}
		if to > last {
			last = to
		}
	}
	ci := c.ClaimInformation
	for i := range ci.ServiceLines {
		widen(ci.ServiceLines[i].ServiceDate, ci.ServiceLines[i].ServiceDateEnd)
	}
	if first == "" && ci.ClaimDateInformation != nil {
		d := ci.ClaimDateInformation
		widen(d.StatementBeginDate, d.StatementEndDate)
	}
	if first == last {
		return x277.Period{Start: first}
	}
	return x277.Period{Start: first, End: last}
}

// validDate reports a CCYYMMDD calendar date.
func validDate(v string) bool {
	if len(v) != 8 {
		return false
	}
	_, err := time.Parse("20060102", v)
	return err == nil
}

// billingKey tells billing providers apart.
func billingKey(c *x837.Claim) string {
	b := c.Billing
	if b == nil {
		return ""
	}
	return b.NPI + "\x00" + b.EmployerID + "\x00" + b.OrganizationName + "\x00" + b.LastName
}

// tally adds up the charges of accepted and rejected claims.
type tally struct {
	accepted, rejected       int
	charge, acceptedAmt, rej edi.Amount
}

func chargeTotals(vs []*verdict) tally {
	var t tally
	for _, v := range vs {
		a := edi.Amount(v.claim.ClaimInformation.ClaimChargeAmount.Cents)
		t.charge += a
		if v.rejected() {
			t.rejected++
			t.rej += a
		} else {
			t.accepted++
			t.acceptedAmt += a
		}
	}
	return t
}

// totals are the QTY and AMT segments of a level: each given when it
// counts at least one claim.
func (t tally) totals() x277.Totals {
	var out x277.Totals
	if t.accepted > 0 {
		out.AcceptedCount, out.AcceptedAmount = ptr(t.accepted), ptr(t.acceptedAmt)
	}
	if t.rejected > 0 {
		out.RejectedCount, out.RejectedAmount = ptr(t.rejected), ptr(t.rej)
	}
	return out
}

func ptr[T any](v T) *T { return &v }
