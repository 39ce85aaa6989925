package x837

import (
	"bytes"
	"encoding/json"
)

// ClaimInfo is loop 2300: the claim itself (CLM), its dates, references,
// diagnoses and service lines.
type ClaimInfo struct {
	ClaimFilingCode      string `json:"claimFilingCode,omitempty"`      // SBR09
	PatientControlNumber string `json:"patientControlNumber,omitempty"` // CLM01
	ClaimChargeAmount    Amount `json:"claimChargeAmount,omitzero"`     // CLM02
	PlaceOfServiceCode   string `json:"placeOfServiceCode,omitempty"`   // CLM05-1
	ClaimFrequencyCode   string `json:"claimFrequencyCode,omitempty"`   // CLM05-3
	SignatureIndicator   string `json:"signatureIndicator,omitempty"`   // CLM06 (P)
	// PlanParticipationCode is CLM07; BenefitsAssignment, named
	// benefitsAssignmentCertificationIndicator in JSON, is CLM08.
	PlanParticipationCode string `json:"planParticipationCode,omitempty"`
	BenefitsAssignment    string `json:"benefitsAssignmentCertificationIndicator,omitempty"`

	ReleaseInformationCode     string `json:"releaseInformationCode,omitempty"`     // CLM09
	PatientSignatureSourceCode string `json:"patientSignatureSourceCode,omitempty"` // CLM10 (P)

	// RelatedCausesCode is CLM11-1 and CLM11-2 (P): AA auto accident, EM
	// employment, OA other accident.
	RelatedCausesCode []string `json:"relatedCausesCode,omitempty"`
	// AutoAccidentStateCode and AutoAccidentCountryCode are CLM11-4 and
	// CLM11-5 (P), sent only with related cause AA.
	AutoAccidentStateCode   string `json:"autoAccidentStateCode,omitempty"`
	AutoAccidentCountryCode string `json:"autoAccidentCountryCode,omitempty"`

	DelayReasonCode   string `json:"delayReasonCode,omitempty"`  // CLM20
	PatientAmountPaid Amount `json:"patientAmountPaid,omitzero"` // AMT*F5 (P)

	ClaimDateInformation         *Dates  `json:"claimDateInformation,omitempty"`         // DTP
	ClaimSupplementalInformation *Supple `json:"claimSupplementalInformation,omitempty"` // REF

	// HealthCareCodeInformation lists the 837P diagnoses (HI ABK/ABF).
	HealthCareCodeInformation []Diagnosis `json:"healthCareCodeInformation,omitempty"`

	// 837I only: CL1, and the HI segments of diagnoses and codes.
	ClaimCodeInformation *ClaimCodes         `json:"claimCodeInformation,omitempty"`
	PrincipalDiagnosis   *PrincipalDiagnosis `json:"principalDiagnosis,omitempty"` // HI ABK
	AdmittingDiagnosis   *AdmittingDiagnosis `json:"admittingDiagnosis,omitempty"` // HI ABJ

	OtherDiagnosisInformation List[OtherDiagnosis] `json:"otherDiagnosisInformationList,omitempty"`
	OccurrenceSpanInformation List[OccurrenceSpan] `json:"occurrenceSpanInformations,omitempty"`
	OccurrenceInformation     List[Occurrence]     `json:"occurrenceInformationList,omitempty"`
	ValueInformation          List[ValueInfo]      `json:"valueInformationList,omitempty"`
	ConditionCodes            List[ConditionCode]  `json:"conditionCodesList,omitempty"`

	ServiceLines []ServiceLine `json:"serviceLines,omitempty"` // 2400
}

// Dates are the claim's DTP segments. The 837P uses the onset, initial
// treatment, last seen, accident, admission and discharge dates; the 837I
// uses the statement period, admission date and hour, and discharge hour.
type Dates struct {
	SymptomDate          string `json:"symptomDate,omitempty"`          // DTP*431 (P)
	InitialTreatmentDate string `json:"initialTreatmentDate,omitempty"` // DTP*454 (P)
	LastSeenDate         string `json:"lastSeenDate,omitempty"`         // DTP*304 (P)
	AccidentDate         string `json:"accidentDate,omitempty"`         // DTP*439 (P)
	AdmissionDate        string `json:"admissionDate,omitempty"`        // DTP*435 (P)
	DischargeDate        string `json:"dischargeDate,omitempty"`        // DTP*096 (P)
	DischargeHour        string `json:"dischargeHour,omitempty"`        // DTP*096 TM (I)
	StatementBeginDate   string `json:"statementBeginDate,omitempty"`   // DTP*434 (I)
	StatementEndDate     string `json:"statementEndDate,omitempty"`     // DTP*434 (I)
	AdmissionDateAndHour string `json:"admissionDateAndHour,omitempty"` // DTP*435 DT (I)
}

// Supple is claimSupplementalInformation: the claim's REF segments.
type Supple struct {
	PriorAuthorizationNumber string `json:"priorAuthorizationNumber,omitempty"` // REF*G1
	ReferralNumber           string `json:"referralNumber,omitempty"`           // REF*9F
	ClaimControlNumber       string `json:"claimControlNumber,omitempty"`       // REF*F8
	PayerClaimControlNumber  string `json:"payerClaimControlNumber,omitempty"`  // REF*F8
	ClaimNumber              string `json:"claimNumber,omitempty"`              // REF*D9
	MedicalRecordNumber      string `json:"medicalRecordNumber,omitempty"`      // REF*EA
}

// OriginalClaimNumber returns the payer's claim control number that a
// replacement or void refers to, whichever of the two names carries it.
func (s *Supple) OriginalClaimNumber() string {
	if s == nil {
		return ""
	}
	if s.ClaimControlNumber != "" {
		return s.ClaimControlNumber
	}
	return s.PayerClaimControlNumber
}

// Diagnosis is one 837P diagnosis: ABK is the principal, ABF the others.
type Diagnosis struct {
	DiagnosisTypeCode string `json:"diagnosisTypeCode,omitempty"`
	DiagnosisCode     string `json:"diagnosisCode,omitempty"`
}

// ClaimCodes is the 837I CL1 segment.
type ClaimCodes struct {
	AdmissionTypeCode   string `json:"admissionTypeCode,omitempty"`   // CL101
	AdmissionSourceCode string `json:"admissionSourceCode,omitempty"` // CL102
	PatientStatusCode   string `json:"patientStatusCode,omitempty"`   // CL103
}

// PrincipalDiagnosis is the 837I principal diagnosis, HI*ABK.
type PrincipalDiagnosis struct {
	QualifierCode               string `json:"qualifierCode,omitempty"`
	PrincipalDiagnosisCode      string `json:"principalDiagnosisCode,omitempty"`
	PresentOnAdmissionIndicator string `json:"presentOnAdmissionIndicator,omitempty"` // HI01-9
}

// AdmittingDiagnosis is the 837I admitting diagnosis, HI*ABJ.
type AdmittingDiagnosis struct {
	QualifierCode          string `json:"qualifierCode,omitempty"`
	AdmittingDiagnosisCode string `json:"admittingDiagnosisCode,omitempty"`
}

// OtherDiagnosis is one 837I other diagnosis, HI*ABF.
type OtherDiagnosis struct {
	QualifierCode               string `json:"qualifierCode,omitempty"`
	OtherDiagnosisCode          string `json:"otherDiagnosisCode,omitempty"`
	PresentOnAdmissionIndicator string `json:"presentOnAdmissionIndicator,omitempty"`
}

// OccurrenceSpan is one 837I occurrence span code, HI*BI with RD8 dates.
type OccurrenceSpan struct {
	QualifierCode               string `json:"qualifierCode,omitempty"`
	OccurrenceSpanCode          string `json:"occurrenceSpanCode,omitempty"`
	OccurrenceSpanCodeStartDate string `json:"occurrenceSpanCodeStartDate,omitempty"`
	OccurrenceSpanCodeEndDate   string `json:"occurrenceSpanCodeEndDate,omitempty"`
}

// Occurrence is one 837I occurrence code, HI*BH with a D8 date.
type Occurrence struct {
	QualifierCode          string `json:"qualifierCode,omitempty"`
	OccurrenceSpanCode     string `json:"occurrenceSpanCode,omitempty"`
	OccurrenceSpanCodeDate string `json:"occurrenceSpanCodeDate,omitempty"`
}

// ValueInfo is one 837I value code with its amount, HI*BE.
type ValueInfo struct {
	QualifierCode   string `json:"qualifierCode,omitempty"`
	ValueCode       string `json:"valueCode,omitempty"`
	ValueCodeAmount Amount `json:"valueCodeAmount,omitzero"`
}

// ConditionCode is one 837I condition code, HI*BG.
type ConditionCode struct {
	QualifierCode string `json:"qualifierCode,omitempty"`
	ConditionCode string `json:"conditionCode,omitempty"`
}

// List is a list the Institutional Claims API nests as an array of arrays
// (one inner array per HI segment); it decodes either that shape or a flat
// array, and flattens it.
type List[T any] []T

// UnmarshalJSON accepts [[...], [...]] and [...].
func (l *List[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*l = nil
		return nil
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(List[T], 0, len(raw))
	for _, r := range raw {
		r = bytes.TrimSpace(r)
		if len(r) > 0 && r[0] == '[' {
			var inner []T
			if err := json.Unmarshal(r, &inner); err != nil {
				return err
			}
			out = append(out, inner...)
			continue
		}
		var v T
		if err := json.Unmarshal(r, &v); err != nil {
			return err
		}
		out = append(out, v)
	}
	*l = out
	return nil
}
