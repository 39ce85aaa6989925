package respond

import (
	"math/rand/v2"
	"strings"
	"time"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x835"
	"github.com/claimflow/claimflow/edi/x837"
)

// identity returns the stream of a payer's or payee's invented numbers
// (tax ID, bank routing and account): a function of the seed and the
// party's ID only, so that a party keeps them from one upload to the next.
func identity(seed uint64, kind, id string) *rand.Rand {
	return newDraws(seed, kind+"\x00"+id, time.Unix(0, 0)).rng("identity")
}

// routingNumber returns nine digits whose last is the ABA check digit of
// the first eight, the shape of a US bank routing number.
func routingNumber(rng *rand.Rand) string {
	d := digits(rng, 8)
	w := [8]int{3, 7, 1, 3, 7, 1, 3, 7}
	sum := 0
	for i := range w {
		sum += w[i] * int(d[i]-'0')
	}
	return d + string(byte('0'+(10-sum%10)%10))
}

// financial is the BPR of a payment of total on day at: an EFT between
// the payer's and the payee's invented accounts, a check, or, when nothing
// is paid, a notification (BPR01 H, BPR04 NON).
func (rp *reply) financial(total edi.Amount, at time.Time, payerTIN string, p *payer,
	q *payee) x835.Financial {
	f := x835.Financial{Handling: "I", Amount: total, CreditDebit: "C",
		Method: rp.sc.Remit.Method, Date: x835.Date(date(at))}
	switch {
	case total <= 0:
		f.Handling, f.Method = "H", "NON"
	case f.Method == MethodACH:
		from := identity(rp.sc.Seed, "payer-bank", p.id)
		npi := ""
		if q.billing != nil {
			npi = q.billing.NPI
		}
		to := identity(rp.sc.Seed, "payee-bank", npi)
		f.Format = "CCP"
		f.SenderDFIQualifier, f.SenderDFI = "01", routingNumber(from)
		f.SenderAccountQualifier, f.SenderAccount = "DA", digits(from, 10)
		f.PayerID = "1" + payerTIN
		f.ReceiverDFIQualifier, f.ReceiverDFI = "01", routingNumber(to)
		f.ReceiverAccountQualifier, f.ReceiverAccount = "DA", digits(to, 10)
	}
	return f
}

// payerParty is loop 1000A: the payer as the 837 named it (2010BB), with
// its payer ID and a technical contact.
func (rp *reply) payerParty(p *payer) x835.Payer {
	py := x835.Payer{Name: rp.text(p.name),
		Contacts: []x835.Contact{{Function: "BL", Name: "PROVIDER SERVICES",
			Numbers: [3]x835.CommNumber{{Qualifier: "TE", Number: "8005550199"}}}}}
	if py.Name == "" {
		py.Name = strings.TrimSpace("PAYER " + rp.text(p.id))
	}
	if p.id != "" {
		py.Refs = []x835.Ref{{Qualifier: "2U", Value: rp.text(p.id)}}
	}
	return py
}

// payeeParty is loop 1000B: the billing provider, by NPI, with its address
// and tax ID.
func (rp *reply) payeeParty(b *x837.Provider) x835.Payee {
	if b == nil {
		return x835.Payee{Name: "UNKNOWN PROVIDER"}
	}
	pe := x835.Payee{Name: rp.text(b.OrganizationName), IDQualifier: qualifierNPI,
		ID: rp.text(b.NPI)}
	if pe.Name == "" {
		pe.Name = rp.text(strings.TrimSpace(b.FirstName + " " + b.LastName))
	}
	if a := b.Address; a != nil {
		pe.Address = &x835.Address{Line1: rp.text(a.Address1), Line2: rp.text(a.Address2)}
		pe.City = &x835.CityStateZIP{City: rp.text(a.City), State: rp.text(a.State),
			PostalCode: rp.text(a.PostalCode)}
	}
	if b.EmployerID != "" {
		pe.Refs = []x835.Ref{{Qualifier: "TJ", Value: rp.text(b.EmployerID)}}
	}
	return pe
}
