package respond

import (
	"github.com/claimflow/claimflow/edi"
)

// Scenario says who the simulated clearinghouse is, how soon it answers and
// how its payers decide. DefaultScenario returns a working one;
// LoadScenario reads one from YAML over those defaults. A Scenario is
// validated once, by New.
type Scenario struct {
	// Seed, with the upload's content and arrival time, decides every
	// number the answers do not copy from the upload.
	Seed          uint64        `yaml:"seed"`
	Clearinghouse Clearinghouse `yaml:"clearinghouse"`
	Files         Files         `yaml:"files"`
	Delays        Delays        `yaml:"delays"`
	ClaimAck      ClaimAckRules `yaml:"claim_ack"`
	Remit         RemitRules    `yaml:"remit"`
}

// Clearinghouse is the simulator's identity: the receiver an 837's ISA
// must name, and the sender of every answer.
type Clearinghouse struct {
	// Qualifier is the ISA07 an upload must carry, and ISA05 of answers.
	Qualifier string `yaml:"qualifier"`
	// ID is the ISA08 an upload must carry, and ISA06, GS02 and the 277CA
	// source's NM109 of answers.
	ID string `yaml:"id"`
	// Name is the 277CA information source's name (NM1*AY).
	Name string `yaml:"name"`
}

// Files shapes the names of the answers. An upload named
// /inbound/batch-7.837 is answered by batch-7.ta1, batch-7.999,
// batch-7.277 and, for each payer, batch-7_<payment date>_<n>.835, where
// n counts the payers of the upload from 1.
type Files struct {
	// Prefix is put before every answer's name, e.g. "CH_".
	Prefix string `yaml:"prefix"`
}

// Delays are how long after an upload lands each answer appears, before
// the simulator's own Config.Delays scale them.
type Delays struct {
	TA1      Duration `yaml:"ta1"`       // interchange acknowledgment
	Ack      Duration `yaml:"ack"`       // 999
	ClaimAck Duration `yaml:"claim_ack"` // 277CA
	// Remit is the earliest 835; each payer adds a share of RemitSpread
	// drawn from the seed.
	Remit       Duration `yaml:"remit"`
	RemitSpread Duration `yaml:"remit_spread"`
}

// ClaimAckRules are the 277CA's rejections. A claim that breaks several
// rules gets one STC for each; a claim that breaks none is accepted
// (A2:20) with a payer claim number. Rejected claims get no 835.
type ClaimAckRules struct {
	// InvalidMemberIDs and InvalidMemberPattern (a regular expression)
	// name subscriber member IDs (2010BA NM109) the payer calls invalid:
	// A7:164:IL, the entity's contract or member number.
	InvalidMemberIDs     []string `yaml:"invalid_member_ids"`
	InvalidMemberPattern string   `yaml:"invalid_member_pattern"`
	// UnknownPayerIDs are payer IDs (2010BB NM109) the clearinghouse does
	// not route to: A3:116:PR, claim sent to the wrong payer.
	UnknownPayerIDs []string `yaml:"unknown_payer_ids"`
	// UnknownBillingNPIs are billing provider NPIs (2010AA NM109) not
	// enrolled with the payer: A7:562:85, the billing provider's NPI.
	UnknownBillingNPIs []string `yaml:"unknown_billing_npis"`
}

// RemitRules decide the 835. Each paid line is allowed a share of its
// charge (the rest is CO-45); the patient's part of the allowed amount is
// a copay (PR-3) or a deductible (PR-1) and coinsurance (PR-2); the payer
// pays what remains. Shares are probabilities between 0 and 1, drawn from
// the seed claim by claim, line by line or remittance by remittance.
type RemitRules struct {
	// Method is how payments travel: ACH (an EFT, with invented bank
	// numbers) or CHK. A remittance that pays nothing is NON.
	Method string `yaml:"method"`
	// AllowedPercent bounds the share of a line's charge the payer allows,
	// drawn per line in whole percent.
	AllowedPercent Range `yaml:"allowed_percent"`
	// CopayShare of claims carry a copay of Copay on their first paid line.
	CopayShare float64    `yaml:"copay_share"`
	Copay      edi.Amount `yaml:"copay"`
	// DeductibleShare of the other claims meet part of a deductible, a
	// whole number of dollars up to DeductibleMax.
	DeductibleShare float64    `yaml:"deductible_share"`
	DeductibleMax   edi.Amount `yaml:"deductible_max"`
	// CoinsurancePercent of what is allowed after the deductible is the
	// patient's, on claims without a copay.
	CoinsurancePercent int `yaml:"coinsurance_percent"`
	// DenialShare of lines are denied in full with one of Denials, drawn
	// per line.
	DenialShare float64  `yaml:"denial_share"`
	Denials     []Denial `yaml:"denials"`
	// InterestShare of paid claims carry late-payment interest of
	// InterestPercent of their payment (AMT*I), paid through a PLB L6.
	InterestShare   float64 `yaml:"interest_share"`
	InterestPercent float64 `yaml:"interest_percent"`
	// RecoupmentShare of remittances take back an earlier overpayment
	// with a PLB WO of 5 to 25 percent of what they pay.
	RecoupmentShare float64 `yaml:"recoupment_share"`
	// DeniedMemberIDs are members whose claims the clearinghouse accepts
	// but the payer cannot match to a member: CLP02 4, every line CO-31
	// with remark N382.
	DeniedMemberIDs []string `yaml:"denied_member_ids"`
}

// Denial is a claim adjustment reason code (CARC) with the remark code
// (RARC) that says why, written as CAS*CO and LQ*HE on a denied line.
type Denial struct {
	Reason string `yaml:"reason"`
	Remark string `yaml:"remark"`
}

// Range is an inclusive range of whole numbers.
type Range struct {
	Min int `yaml:"min"`
	Max int `yaml:"max"`
}

// The payment methods RemitRules.Method takes.
const (
	MethodACH = "ACH"
	MethodCHK = "CHK"
)

// DefaultScenario returns the scenario used without a file. Its receiver
// ID is the one `claimflow x12 build` writes by default. Member IDs that
// start with XX are invalid and payer ID 99999 is unknown, so that a demo
// can provoke rejections on purpose.
func DefaultScenario() Scenario {
	return Scenario{
		Seed: 1,
		Clearinghouse: Clearinghouse{
			Qualifier: "ZZ",
			ID:        "CLEARINGHOUSE",
			Name:      "CLAIMFLOW SIMULATED CLEARINGHOUSE",
		},
		Delays: Delays{
			TA1:         Duration(2 * minute),
			Ack:         Duration(5 * minute),
			ClaimAck:    Duration(4 * hour),
			Remit:       Duration(3 * day),
			RemitSpread: Duration(2 * day),
		},
		ClaimAck: ClaimAckRules{
			InvalidMemberPattern: "^XX",
			UnknownPayerIDs:      []string{"99999"},
		},
		Remit: RemitRules{
			Method:             MethodACH,
			AllowedPercent:     Range{Min: 55, Max: 85},
			CopayShare:         0.3,
			Copay:              edi.MustAmount("25"),
			DeductibleShare:    0.25,
			DeductibleMax:      edi.MustAmount("200"),
			CoinsurancePercent: 20,
			DenialShare:        0.08,
			Denials: []Denial{
				{Reason: "50", Remark: "N115"}, // not medically necessary; LCD
				{Reason: "96", Remark: "N130"}, // not covered; see the plan
				{Reason: "97", Remark: "M15"},  // bundled into another service
				{Reason: "16", Remark: "M51"},  // missing info: procedure code
			},
			InterestShare:   0.05,
			InterestPercent: 1.5,
			RecoupmentShare: 0.1,
		},
	}
}
