package respond

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x835"
	"github.com/claimflow/claimflow/edi/x837"
)

// payer is one payer's share of an upload's accepted claims, by payee.
type payer struct {
	id, name string
	ic       *interchange // of its first claim, which the 835 answers
	payees   []*payee
}

// payee is one billing provider's claims for one payer: one payment.
type payee struct {
	billing  *x837.Provider
	verdicts []*verdict
}

// byPayer groups the claims to pay by payer, then by billing provider,
// each in the order first met. Rejected claims and voids (frequency 8) are
// left out: a void's reversal needs the payment it reverses, which the
// simulator does not keep.
func byPayer(vs []*verdict) []*payer {
	var out []*payer
	payers := map[string]*payer{}
	payees := map[string]*payee{}
	for _, v := range vs {
		c := v.claim
		if v.rejected() || c.ClaimInformation.ClaimFrequencyCode == "8" {
			continue
		}
		key := or(c.TradingPartnerServiceID, c.TradingPartnerName)
		p := payers[key]
		if p == nil {
			p = &payer{id: c.TradingPartnerServiceID, name: c.TradingPartnerName,
				ic: v.set.g.ic}
			payers[key] = p
			out = append(out, p)
		}
		qk := key + "\x00" + billingKey(c)
		q := payees[qk]
		if q == nil {
			q = &payee{billing: c.Billing}
			payees[qk] = q
			p.payees = append(p.payees, q)
		}
		q.verdicts = append(q.verdicts, v)
	}
	return out
}

// writeRemits writes one 835 file per payer, each holding one
// transaction set per payee, due after the scenario's remittance delay
// and a share of its spread drawn for the payer.
func (rp *reply) writeRemits(upload string, vs []*verdict, rl *rules) ([]sim.Response,
	error) {
	var out []sim.Response
	d := rp.sc.Delays
	spread := int64(d.RemitSpread.D() / time.Minute)
	for i, p := range byPayer(vs) {
		delay := d.Remit.D() + time.Duration(rp.d.rng("remit-delay", i).Int64N(spread+1))*
			time.Minute
		at := rp.arrived.Add(delay)
		data, err := rp.remitFile(p, i, at, rl)
		if err != nil {
			return nil, err
		}
		out = append(out, sim.Response{Name: rp.sc.remitName(upload, at, i+1), Data: data,
			Delay: delay})
	}
	return out, nil
}

// remitFile writes the n-th payer's 835, dated at.
func (rp *reply) remitFile(p *payer, n int, at time.Time, rl *rules) ([]byte, error) {
	var buf bytes.Buffer
	w := edi.NewWriter(&buf, rp.delims, rp.suffix)
	isa := rp.interchange("835-"+strconv.Itoa(n), p.ic, at)
	w.BeginInterchange(isa)
	w.BeginGroup(rp.group("HP", x835.Version, receiverCode(p.ic), isa))
	xw := x835.NewWriter(w)
	for k, q := range p.payees {
		if err := xw.Write(setControl(k+1), rp.remittance(p, q, n, k, at, rl)); err != nil {
			return nil, fmt.Errorf("write 835: %w", err)
		}
	}
	w.EndGroup()
	w.EndInterchange()
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("write 835: %w", err)
	}
	return buf.Bytes(), nil
}

// remittance is one payment to one payee: its claims, interest paid and
// any recoupment through the PLB, and a BPR02 of the claims' payments less
// the provider adjustments.
func (rp *reply) remittance(p *payer, q *payee, n, k int, at time.Time,
	rl *rules) *x835.Remittance {
	npi := ""
	if q.billing != nil {
		npi = rp.text(q.billing.NPI)
	}
	period := x835.Date(at.Format("2006") + "1231")
	hdr := &x835.HeaderNumber{Number: "1"}
	rem := &x835.Remittance{Summary: &x835.Summary{}}
	var paid edi.Amount
	for _, v := range q.verdicts {
		a := rp.adjudicate(rp.d.rng("adjudicate", v.set.index, v.index), v, rl)
		a.claim.Header = hdr
		rem.Claims = append(rem.Claims, a.claim)
		paid += a.claim.Paid
		if a.interest > 0 {
			rem.Summary.Adjustments = append(rem.Summary.Adjustments, x835.ProviderAdjustment{
				ProviderID: npi, FiscalPeriod: period, Reason: plbInterest,
				Reference: v.payerClaim, Amount: -a.interest})
		}
	}

	rng := rp.d.rng("remittance", n, k)
	trace := digits(rng, 15)
	if rp.sc.Remit.Method == MethodCHK {
		trace = trace[:8]
	}
	if chance(rng, rp.sc.Remit.RecoupmentShare) && paid >= 100 {
		earlier := rp.arrived.AddDate(0, 0, -30-rng.IntN(90))
		rem.Summary.Adjustments = append(rem.Summary.Adjustments, x835.ProviderAdjustment{
			ProviderID: npi, FiscalPeriod: period, Reason: plbRecoupment,
			Reference: julian(earlier) + digits(rng, 9),
			Amount:    max(1, percentOf(paid, float64(5+rng.IntN(21))))})
	}
	total := paid - x835.ProviderAdjustmentTotal(rem.Summary.Adjustments)

	payerTIN := digits(identity(rp.sc.Seed, "payer-tin", p.id), 9)
	rem.Payment = &x835.Payment{
		Financial:  rp.financial(total, at, payerTIN, p, q),
		Trace:      x835.Trace{Type: "1", Number: trace, PayerID: "1" + payerTIN},
		Production: &x835.DateRef{Qualifier: "405", Date: x835.Date(date(at))},
		Payer:      rp.payerParty(p),
		Payee:      rp.payeeParty(q.billing),
	}
	return rem
}
