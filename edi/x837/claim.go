package x837

import (
	"encoding/json"
	"errors"
)

// Kind tells a professional claim (837P) from an institutional one (837I).
type Kind uint8

// The kinds of claim claimflow writes.
const (
	UnknownKind   Kind = iota // not told yet, or cannot be told
	Professional              // 837P, 005010X222A1
	Institutional             // 837I, 005010X223A2
)

// String returns "837p", "837i" or "unknown".
func (k Kind) String() string {
	switch k {
	case Professional:
		return "837p"
	case Institutional:
		return "837i"
	}
	return "unknown"
}

// Version returns the implementation guide of the kind, for GS08 and ST03.
func (k Kind) Version() string {
	switch k {
	case Professional:
		return "005010X222A1"
	case Institutional:
		return "005010X223A2"
	}
	return ""
}

// ParseKind reads "837p" or "837i"; "837P", "837I", "p", "i",
// "professional" and "institutional" are accepted too.
func ParseKind(s string) (Kind, error) {
	switch s {
	case "837p", "837P", "p", "P", "professional":
		return Professional, nil
	case "837i", "837I", "i", "I", "institutional":
		return Institutional, nil
	}
	return UnknownKind, ErrKind
}

// ErrKind means a claim's kind cannot be told from its content.
var ErrKind = errors.New("cannot tell a professional claim from an institutional one")

// Claim is one claim as the Professional Claims v3 and Institutional
// Claims v1 APIs shape it. Fields claimflow does not support are ignored
// on decoding and kept only in Raw.
type Claim struct {
	ControlNumber           string      `json:"controlNumber,omitempty"`
	UsageIndicator          string      `json:"usageIndicator,omitempty"`
	TradingPartnerServiceID string      `json:"tradingPartnerServiceId,omitempty"` // 2010BB NM109
	TradingPartnerName      string      `json:"tradingPartnerName,omitempty"`      // 2010BB NM103
	Submitter               *Submitter  `json:"submitter,omitempty"`               // 1000A
	Receiver                *Receiver   `json:"receiver,omitempty"`                // 1000B
	Subscriber              *Subscriber `json:"subscriber,omitempty"`              // 2000B, 2010BA
	Dependent               *Dependent  `json:"dependent,omitempty"`               // 2000C, 2010CA
	Billing                 *Provider   `json:"billing,omitempty"`                 // 2000A, 2010AA
	// Referring is 2310A (P), 2310F (I).
	Referring *Provider `json:"referring,omitempty"`
	// Rendering is 2310B (P), 2310D (I).
	Rendering        *Provider  `json:"rendering,omitempty"`
	Attending        *Provider  `json:"attending,omitempty"` // 2310A (I)
	Providers        []Provider `json:"providers,omitempty"`
	ClaimInformation *ClaimInfo `json:"claimInformation,omitempty"` // 2300

	// Index is the claim's 0-based position in its file.
	Index int `json:"-"`
	// Line is the 1-based line of a JSON Lines file the claim begins on;
	// 0 for a claim read from an array.
	Line int `json:"-"`
	// Raw is the claim's JSON exactly as it was read.
	Raw json.RawMessage `json:"-"`
	// Kind is the claim's kind, detected from its content or given.
	Kind Kind `json:"-"`
}

// DetectKind tells the claim's kind from its content: institutionalService
// lines, claimCodeInformation, statement dates or a principalDiagnosis
// make it institutional; professionalService lines or
// healthCareCodeInformation make it professional. Content of both kinds,
// or of neither, returns ErrKind.
func (c *Claim) DetectKind() (Kind, error) {
	ci := c.ClaimInformation
	if ci == nil {
		return UnknownKind, ErrKind
	}
	var inst, prof bool
	for _, l := range ci.ServiceLines {
		inst = inst || l.InstitutionalService != nil
		prof = prof || l.ProfessionalService != nil
	}
	inst = inst || ci.ClaimCodeInformation != nil || ci.PrincipalDiagnosis != nil ||
		c.Attending != nil
	prof = prof || len(ci.HealthCareCodeInformation) > 0
	switch {
	case inst && !prof:
		return Institutional, nil
	case prof && !inst:
		return Professional, nil
	}
	return UnknownKind, ErrKind
}

// Submitter is loop 1000A: who sends the claim.
type Submitter struct {
	OrganizationName        string   `json:"organizationName,omitempty"`        // NM103
	LastName                string   `json:"lastName,omitempty"`                // NM103 (person)
	FirstName               string   `json:"firstName,omitempty"`               // NM104
	SubmitterIdentification string   `json:"submitterIdentification,omitempty"` // NM109
	ContactInformation      *Contact `json:"contactInformation,omitempty"`      // PER
}

// Receiver is loop 1000B: the clearinghouse or payer receiving the file.
type Receiver struct {
	OrganizationName string `json:"organizationName,omitempty"` // NM103
}

// Contact is a PER segment: a name and a telephone, fax or email.
type Contact struct {
	Name           string `json:"name,omitempty"`           // PER02
	PhoneNumber    string `json:"phoneNumber,omitempty"`    // TE
	PhoneExtension string `json:"phoneExtension,omitempty"` // EX
	FaxNumber      string `json:"faxNumber,omitempty"`      // FX
	Email          string `json:"email,omitempty"`          // EM
}

// Address is an N3/N4 pair.
type Address struct {
	Address1   string `json:"address1,omitempty"`   // N301
	Address2   string `json:"address2,omitempty"`   // N302
	City       string `json:"city,omitempty"`       // N401
	State      string `json:"state,omitempty"`      // N402
	PostalCode string `json:"postalCode,omitempty"` // N403
}

// Subscriber is loop 2000B (SBR) with 2010BA (the member).
type Subscriber struct {
	MemberID                       string `json:"memberId,omitempty"`                       // NM109
	PaymentResponsibilityLevelCode string `json:"paymentResponsibilityLevelCode,omitempty"` // SBR01
	GroupNumber                    string `json:"groupNumber,omitempty"`                    // SBR03
	SubscriberGroupName            string `json:"subscriberGroupName,omitempty"`            // SBR04
	// InsuranceTypeCode is SBR05 (P).
	InsuranceTypeCode string   `json:"insuranceTypeCode,omitempty"`
	FirstName         string   `json:"firstName,omitempty"`   // NM104
	LastName          string   `json:"lastName,omitempty"`    // NM103
	MiddleName        string   `json:"middleName,omitempty"`  // NM105
	Suffix            string   `json:"suffix,omitempty"`      // NM107
	Gender            string   `json:"gender,omitempty"`      // DMG03
	DateOfBirth       string   `json:"dateOfBirth,omitempty"` // DMG02
	Address           *Address `json:"address,omitempty"`     // N3/N4
}

// Dependent is loop 2000C (PAT) with 2010CA: the patient when the patient
// is not the subscriber.
type Dependent struct {
	RelationshipToSubscriberCode string   `json:"relationshipToSubscriberCode,omitempty"` // PAT01
	FirstName                    string   `json:"firstName,omitempty"`                    // NM104
	LastName                     string   `json:"lastName,omitempty"`                     // NM103
	MiddleName                   string   `json:"middleName,omitempty"`                   // NM105
	Suffix                       string   `json:"suffix,omitempty"`                       // NM107
	Gender                       string   `json:"gender,omitempty"`                       // DMG03
	DateOfBirth                  string   `json:"dateOfBirth,omitempty"`                  // DMG02
	Address                      *Address `json:"address,omitempty"`                      // N3/N4
}

// Provider is a billing, rendering, referring or attending provider: an
// NM1 with its NPI, and for the billing provider the PRV, N3/N4, REF and
// PER of loop 2000A/2010AA.
type Provider struct {
	ProviderType       string   `json:"providerType,omitempty"`
	NPI                string   `json:"npi,omitempty"`              // NM109 (XX)
	EmployerID         string   `json:"employerId,omitempty"`       // REF*EI
	SSN                string   `json:"ssn,omitempty"`              // REF*SY
	TaxonomyCode       string   `json:"taxonomyCode,omitempty"`     // PRV03
	OrganizationName   string   `json:"organizationName,omitempty"` // NM103 (NM102 2)
	LastName           string   `json:"lastName,omitempty"`         // NM103 (NM102 1)
	FirstName          string   `json:"firstName,omitempty"`        // NM104
	MiddleName         string   `json:"middleName,omitempty"`       // NM105
	Suffix             string   `json:"suffix,omitempty"`           // NM107
	Address            *Address `json:"address,omitempty"`          // N3/N4
	ContactInformation *Contact `json:"contactInformation,omitempty"`
}
