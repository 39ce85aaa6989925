package inspect

import "github.com/claimflow/claimflow/edi"

// Remittance is what an 835 transaction set says: the payment, who paid
// whom, each claim with its lines, the provider-level adjustments and the
// totals with their balance.
type Remittance struct {
	Payment             Payment              `json:"payment"`
	Payer               Payer                `json:"payer"`
	Payee               Payee                `json:"payee"`
	Claims              []RemitClaim         `json:"claims"`
	ProviderAdjustments []ProviderAdjustment `json:"provider_adjustments"`
	Totals              RemitTotals          `json:"totals"`
}

// Payment is the BPR and TRN segments: the money and its trace.
type Payment struct {
	Amount      edi.Amount `json:"amount"`       // BPR02
	CreditDebit string     `json:"credit_debit"` // BPR03: C credit, D debit
	Method      string     `json:"method"`       // BPR04: ACH, CHK, NON, ...
	MethodText  string     `json:"method_text,omitempty"`
	Date        string     `json:"date"`         // BPR16
	TraceNumber string     `json:"trace_number"` // TRN02: check or EFT number
	PayerID     string     `json:"payer_id"`     // TRN03
}

// Payer is loop 1000A.
type Payer struct {
	Name string `json:"name"` // N102
	// ID is REF*2U, the payer's identification number, or N104 when the
	// 835 has no REF*2U.
	ID string `json:"id"`
}

// Payee is loop 1000B.
type Payee struct {
	Name        string `json:"name"`         // N102
	IDQualifier string `json:"id_qualifier"` // N103: XX NPI, FI tax ID, XV
	ID          string `json:"id"`           // N104
}

// RemitClaim is one claim of an 835 (loop 2100) with its lines.
type RemitClaim struct {
	PatientControlNumber  string         `json:"patient_control_number"` // CLP01
	StatusCode            string         `json:"status_code"`            // CLP02
	Status                string         `json:"status"`                 // CLP02 in words
	Charge                edi.Amount     `json:"charge"`                 // CLP03
	Paid                  edi.Amount     `json:"paid"`                   // CLP04
	PatientResponsibility edi.Amount     `json:"patient_responsibility"` // CLP05
	PayerClaimNumber      string         `json:"payer_claim_number"`     // CLP07
	FilingIndicator       string         `json:"filing_indicator"`       // CLP06
	Adjustments           []Adjustment   `json:"adjustments"`            // claim-level CAS
	Remarks               []Remark       `json:"remarks"`                // MIA and MOA
	Services              []RemitService `json:"services"`               // loop 2110
	// BalanceFindings are the claim's and its lines' balancing findings;
	// absent when everything adds up.
	BalanceFindings []Finding `json:"balance_findings,omitempty"`
}

// RemitService is one service line of an 835 claim (loop 2110).
type RemitService struct {
	Procedure string   `json:"procedure"`           // SVC01-2, as adjudicated
	Qualifier string   `json:"qualifier"`           // SVC01-1, e.g. HC
	Modifiers []string `json:"modifiers,omitempty"` // SVC01-3 to -6
	// OriginalProcedure is SVC06, the procedure as billed, present when
	// the payer adjudicated another.
	OriginalProcedure *Procedure   `json:"original_procedure,omitempty"`
	RevenueCode       string       `json:"revenue_code,omitempty"` // SVC04
	Charge            edi.Amount   `json:"charge"`                 // SVC02
	Paid              edi.Amount   `json:"paid"`                   // SVC03
	Units             string       `json:"units,omitempty"`        // SVC05
	LineControlNumber string       `json:"line_control_number"`    // REF*6R
	ServiceDate       string       `json:"service_date"`           // DTM*472, or 150
	ServiceDateEnd    string       `json:"service_date_end,omitempty"`
	Allowed           *edi.Amount  `json:"allowed,omitempty"` // AMT*B6
	Adjustments       []Adjustment `json:"adjustments"`       // line-level CAS
	Remarks           []Remark     `json:"remarks"`           // LQ
}

// Procedure is a procedure composite: its qualifier, code and modifiers.
type Procedure struct {
	Qualifier string   `json:"qualifier"`
	Procedure string   `json:"procedure"`
	Modifiers []string `json:"modifiers,omitempty"`
}

// Adjustment is one reason/amount/quantity triplet of a CAS segment.
type Adjustment struct {
	Group      string     `json:"group"` // CAS01: CO, PR, OA, PI, CR
	GroupText  string     `json:"group_text"`
	Reason     string     `json:"reason"` // a CARC
	ReasonText string     `json:"reason_text"`
	Amount     edi.Amount `json:"amount"`
	Quantity   string     `json:"quantity,omitempty"`
}

// Remark is a remittance advice remark code (RARC) of MIA, MOA or LQ*HE,
// or an NCPDP code of LQ*RX, whose qualifier it then carries.
type Remark struct {
	Qualifier string `json:"qualifier,omitempty"` // RX; absent for a RARC
	Code      string `json:"code"`
	Text      string `json:"text"`
}

// ProviderAdjustment is one adjustment of a PLB segment: money moved that
// belongs to no claim. A positive amount reduces the payment.
type ProviderAdjustment struct {
	ProviderID string     `json:"provider_id"` // PLB01
	Reason     string     `json:"reason"`      // PLB03-1
	ReasonText string     `json:"reason_text"`
	Reference  string     `json:"reference,omitempty"` // PLB03-2
	Amount     edi.Amount `json:"amount"`
}

// RemitTotals add the set up. ExpectedPayment is the claims' payments
// minus the provider adjustments; Balanced says whether BPR02, signed by
// BPR03, equals it.
type RemitTotals struct {
	Claims                int        `json:"claims"`
	Charge                edi.Amount `json:"charge"`
	Paid                  edi.Amount `json:"paid"`
	PatientResponsibility edi.Amount `json:"patient_responsibility"`
	ProviderAdjustments   edi.Amount `json:"provider_adjustments"`
	ExpectedPayment       edi.Amount `json:"expected_payment"`
	Balanced              bool       `json:"balanced"`
}
