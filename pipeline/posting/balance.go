package posting

import (
	"context"

	"github.com/claimflow/claimflow/pipeline/store"
)

// Balance is where a claim's money stands, over every remittance posted to
// it, in cents. Reversals count with their negated amounts, so a payment
// taken back and paid again counts once. Estimates (CLP02 25) and held
// reversals do not count.
type Balance struct {
	Charge      int64 // the current version's total charge
	Paid        int64 // what payers paid for it
	WrittenOff  int64 // contractual adjustments written off by rule (store.WrittenOffByRule)
	Denied      int64 // other payer adjustments: open until a person acts
	Patient     int64 // patient responsibility (CLP05): owed by the patient
	Interest    int64 // interest paid on it (AMT*I); not a payment of the charge
	Recouped    int64 // money taken back from later payments for it (PLB WO, 72)
	Unexplained int64 // what its CLPs left unexplained (charge − paid − patient − adjustments)
	Postings    int   // CLPs posted to it, reversals included
}

// Open is what is neither paid nor written off: what the patient owes,
// what the payer denied (open until a person appeals, rebills or writes it
// off), and what the payer still has to decide.
func (b Balance) Open() int64 { return b.Charge - b.Paid - b.WrittenOff }

// WithPayer is the part of the charge the payer has neither paid nor
// adjusted: the claim's balance (charge minus payments minus CO, OA and
// PI adjustments) less the patient's part. It is 0 once the payer has
// settled the claim, and the whole charge again after its payment is
// reversed and not yet replaced.
func (b Balance) WithPayer() int64 { return b.Open() - b.Denied - b.Patient }

// ClaimBalance works out a claim's balance from its postings and the
// recoupments booked against it.
func ClaimBalance(ctx context.Context, s *store.Store, claimID string) (Balance, error) {
	d, err := s.GetClaim(ctx, claimID)
	if err != nil {
		return Balance{}, err
	}
	ps, err := s.ClaimPostings(ctx, claimID)
	if err != nil {
		return Balance{}, err
	}
	pas, err := s.ProviderAdjustmentsOf(ctx, claimID)
	if err != nil {
		return Balance{}, err
	}
	m := tally(ps)
	b := Balance{Charge: d.Claim.TotalCents, Paid: m.paid, WrittenOff: m.writtenOff,
		Denied: m.denied, Patient: m.patient, Interest: m.interest,
		Unexplained: m.imbalance}
	for _, rc := range ps {
		if counts(rc) {
			b.Postings++
		}
	}
	for _, pa := range pas {
		if recoupments[pa.Reason] {
			b.Recouped += pa.AmountCents
		}
	}
	return b, nil
}
