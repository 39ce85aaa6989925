package inspect

import (
	"io"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x837"
)

// Submission is what an 837 transaction set says: its claims, briefly,
// and its counts.
type Submission struct {
	Claims []SubmittedClaim `json:"claims"`
	Counts Counts           `json:"counts"`
}

// SubmittedClaim is one claim of an 837 (loop 2300).
type SubmittedClaim struct {
	PatientControlNumber string `json:"patient_control_number"` // CLM01
	// Charge is CLM02; absent when it is not an amount.
	Charge    *edi.Amount `json:"charge,omitempty"`
	Frequency string      `json:"frequency"` // CLM05-3: 1 original, 7, 8
	Lines     int         `json:"lines"`     // service lines (LX)
	PayerID   string      `json:"payer_id"`  // NM109 of loop 2010BB
}

// Counts count an 837 set's segments (ST to SE inclusive), claims and
// service lines.
type Counts struct {
	Segments int `json:"segments"`
	Claims   int `json:"claims"`
	Lines    int `json:"lines"`
}

// claimsPart reads 837 sets with x837.Reader.
type claimsPart struct {
	name   string
	found  edi.Findings
	claims []claimAt
}

// claimAt is a claim and the ordinal of the segment after its last: the
// claim belongs to the last set that starts before it.
type claimAt struct {
	next  int
	claim SubmittedClaim
}

func (p *claimsPart) reads(id string) bool { return id == "837" }

func (p *claimsPart) findings() edi.Findings { return p.found }

func (p *claimsPart) read(src io.Reader) {
	r := x837.NewReader(src)
	r.SetName(p.name)
	for {
		c, err := r.Next()
		if err != nil {
			break
		}
		// The reader hands a claim over once it has read the segment that
		// ends it, or at the end of the input.
		p.claims = append(p.claims, claimAt{next: r.Stats().Segments, claim: submitted(c)})
	}
	p.found = r.Findings()
}

func (p *claimsPart) attach(x index) {
	for _, s := range x.sets {
		if p.reads(s.ID) {
			s.Submission = &Submission{Claims: []SubmittedClaim{},
				Counts: Counts{Segments: s.segments}}
		}
	}
	for _, c := range p.claims {
		s := x.setBefore(c.next)
		if s == nil || s.Submission == nil {
			continue
		}
		sub := s.Submission
		sub.Claims = append(sub.Claims, c.claim)
		sub.Counts.Claims++
		sub.Counts.Lines += c.claim.Lines
	}
}

func submitted(c *x837.Claim) SubmittedClaim {
	out := SubmittedClaim{PayerID: c.TradingPartnerServiceID}
	if ci := c.ClaimInformation; ci != nil {
		out.PatientControlNumber = ci.PatientControlNumber
		out.Frequency = ci.ClaimFrequencyCode
		out.Lines = len(ci.ServiceLines)
		if a := ci.ClaimChargeAmount; a.Valid() {
			out.Charge = money(edi.Amount(a.Cents))
		}
	}
	return out
}
