package x277

import (
	"strings"

	"github.com/claimflow/claimflow/edi"
)

// Header is one 277 transaction set's envelope and BHT. Every item read
// from the set points to the same Header.
type Header struct {
	Pos         edi.Position    // the ST segment
	Interchange edi.Interchange // the ISA the set came in
	Group       edi.Group       // the GS the set came in
	Control     string          // ST02
	Version     string          // ST03: 005010X214 for a 277CA

	Structure string // BHT01: 0085 (277CA) or 0010 (X212)
	Purpose   string // BHT02: 08
	Reference string // BHT03: the originator's reference
	Date      string // BHT04: CCYYMMDD
	Time      string // BHT05: HHMM, HHMMSS or longer
	Type      string // BHT06: TH (277CA) or DG (X212)
}

// ClaimAck reports whether the set is a 277CA: ST03 or GS08 name X214,
// or, when neither names a guide, GS01 is HN.
func (h *Header) ClaimAck() bool {
	v := h.Version + " " + h.Group.Version
	switch {
	case strings.Contains(v, "X214"):
		return true
	case strings.Contains(v, "X"):
		return false
	}
	return h.Group.FunctionalID == "HN"
}

// The HL03 level codes.
const (
	LevelSource     = "20" // loop 2000A, information source
	LevelReceiver   = "21" // loop 2000B, information receiver
	LevelProvider   = "19" // loop 2000C, billing (277CA) or service (X212) provider
	LevelPatient    = "PT" // loop 2000D of a 277CA, the patient
	LevelSubscriber = "22" // loop 2000D of an X212, the subscriber
	LevelDependent  = "23" // loop 2000E of an X212, the dependent
)

// Entity is an NM1 segment: who a level is about.
type Entity struct {
	Code        string // NM101: PR payer, 41 submitter, 85 billing provider, QC patient
	Type        string // NM102: 1 person, 2 organisation
	Last        string // NM103: last or organisation name
	First       string // NM104
	Middle      string // NM105
	Suffix      string // NM107
	IDQualifier string // NM108: 46, FI, PI, XX, MI, ...
	ID          string // NM109
}

// Trace is a TRN segment.
type Trace struct {
	Type   string // TRN01: 1 current transaction, 2 referenced transaction
	Number string // TRN02
}

// Ref is a REF segment.
type Ref struct {
	Qualifier string // REF01
	Value     string // REF02
}

// Period is a DTP date: a single date (D8, End empty) or a range (RD8).
type Period struct {
	Start string // CCYYMMDD
	End   string // CCYYMMDD, only for a range
}

// Last returns the period's last day: End for a range, else Start.
func (p Period) Last() string {
	if p.End != "" {
		return p.End
	}
	return p.Start
}

// StatusCode is the composite C043: a claim status category, a status
// code and the entity it concerns, e.g. A7:562:85.
type StatusCode struct {
	Category string // C043-01: A1, A2 accepted; A3, A4, A6, A7, A8 rejected
	Code     string // C043-02: the claim status code
	Entity   string // C043-03: the entity identifier code
	CodeList string // C043-04: the code list qualifier, when not the default
}

// Rejected reports whether the category returns the claim: A3 returned as
// unprocessable, A4 not found, A6, A7 and A8 rejected for missing, invalid
// or related data.
func (c StatusCode) Rejected() bool {
	switch c.Category {
	case "A3", "A4", "A6", "A7", "A8":
		return true
	}
	return false
}

// Status is an STC segment.
type Status struct {
	Pos edi.Position // the STC segment
	// Codes are STC01, STC10 and STC11, the three status composites; the
	// last two are often empty.
	Codes  [3]StatusCode
	Date   string      // STC02: the effective date, CCYYMMDD
	Action string      // STC03: WQ accepted, U rejected (277CA)
	Charge *edi.Amount // STC04: total charge of the claim, line or batch
	Paid   *edi.Amount // STC05: amount paid (X212)

	AdjudicationDate string // STC06 (X212)
	PaymentMethod    string // STC07: ACH, BOP, CHK, FWT, NON (X212)
	CheckDate        string // STC08 (X212)
	CheckNumber      string // STC09 (X212)

	Message string // STC12: free-form text
}

// Rejected reports whether any of the status's codes rejects.
func (s *Status) Rejected() bool {
	for _, c := range s.Codes {
		if c.Rejected() {
			return true
		}
	}
	return false
}

// Totals are the QTY and AMT segments of the receiver (loop 2200B: QTY
// 90 and AA) and provider levels (2200C: QTY QA and QC): how many claims
// and how much money were accepted and rejected. Nil means not given.
type Totals struct {
	AcceptedCount  *int        // QTY*90 or QTY*QA
	RejectedCount  *int        // QTY*AA or QTY*QC
	AcceptedAmount *edi.Amount // AMT*YU
	RejectedAmount *edi.Amount // AMT*YY
}

// Item is what Reader returns and Writer takes: a *Level or a *Claim.
type Item interface {
	Position() edi.Position
	header() *Header
}

// Level is one HL loop above the claims: 2000A to 2000D in a 277CA, 2000A
// to 2000E in an X212, with its name (loop 2100) and its own trace,
// statuses and totals (loop 2200).
type Level struct {
	Pos    edi.Position // the HL segment
	Header *Header
	Parent *Level // the level HL02 names; nil for the information source

	ID       string // HL01
	ParentID string // HL02
	Code     string // HL03: one of the Level constants
	Child    string // HL04: 1 when levels follow beneath, 0 when not

	Name      Entity   // NM1, loop 2100
	Trace     Trace    // TRN: TRN*1 at 2200A and 2200C, TRN*2 at 2200B
	Received  string   // DTP*050 at 2200A: when the source received the batch
	Processed string   // DTP*009 at 2200A: when it processed it
	Statuses  []Status // STC at 2200B and 2200C
	Refs      []Ref    // REF at 2200C: the provider's other identifiers
	Totals    Totals   // QTY and AMT at 2200B and 2200C
}

// Position returns the position of the level's HL segment.
func (l *Level) Position() edi.Position { return l.Pos }
func (l *Level) header() *Header        { return l.Header }

// Claim is loop 2200D (and 2200E in an X212): one claim's status, with its
// service lines.
type Claim struct {
	Pos    edi.Position // the TRN segment that opens the claim
	Header *Header

	Source     *Level // 2000A
	Receiver   *Level // 2000B
	Provider   *Level // 2000C
	Subscriber *Level // 2000D of an X212; nil in a 277CA
	Patient    *Level // 2000D (PT) of a 277CA, 2000E (23) of an X212

	// Trace is TRN02: the patient control number (CLM01) in a 277CA, the
	// inquiry's trace number in an X212.
	Trace    string
	Statuses []Status // STC, one or more

	PayerClaimNumber   string // REF*1K
	ClearinghouseTrace string // REF*D9
	BillType           string // REF*BLT: institutional type of bill
	MedicalRecord      string // REF*EA
	PatientControl     string // REF*EJ (X212)
	OtherRefs          []Ref  // REF with any other qualifier

	ServiceDate Period        // DTP*472
	Lines       []ServiceLine // loop 2220D
}

// Position returns the position of the TRN segment that opens the claim.
func (c *Claim) Position() edi.Position { return c.Pos }
func (c *Claim) header() *Header        { return c.Header }

// ControlNumber returns the patient control number the claim was sent
// with: REF*EJ when given (X212), else TRN02 of a 277CA.
func (c *Claim) ControlNumber() string {
	if c.PatientControl != "" {
		return c.PatientControl
	}
	if c.Header != nil && !c.Header.ClaimAck() {
		return ""
	}
	return c.Trace
}

// Rejected reports whether any status of the claim or of its lines
// rejects it: a rejected service line rejects the whole claim.
func (c *Claim) Rejected() bool {
	for i := range c.Statuses {
		if c.Statuses[i].Rejected() {
			return true
		}
	}
	for i := range c.Lines {
		for j := range c.Lines[i].Statuses {
			if c.Lines[i].Statuses[j].Rejected() {
				return true
			}
		}
	}
	return false
}

// Charge returns the first STC04 of the claim's statuses.
func (c *Claim) Charge() (edi.Amount, bool) {
	for _, s := range c.Statuses {
		if s.Charge != nil {
			return *s.Charge, true
		}
	}
	return 0, false
}

// ServiceLine is loop 2220D (2220E in an X212): one service line's status.
type ServiceLine struct {
	Pos         edi.Position // the SVC segment
	Procedure   Procedure    // SVC01
	Charge      edi.Amount   // SVC02: the line's charge
	Paid        *edi.Amount  // SVC03: paid (X212)
	RevenueCode string       // SVC04
	Units       string       // SVC07: original units of service, as written

	Statuses     []Status // STC
	LineControl  string   // REF*FJ: the line item control number sent in REF*6R
	Prescription string   // REF*XZ
	ServiceDate  Period   // DTP*472
}

// Procedure is the composite C003 of SVC01.
type Procedure struct {
	Qualifier string   // C003-01: HC, NU, AD, ER, HP, IV, WK, N4
	Code      string   // C003-02
	Modifiers []string // C003-03 to C003-06
}
