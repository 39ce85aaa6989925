package x837

// ServiceLine is loop 2400: LX, then SV1 (837P) or SV2 (837I), DTP*472 and
// REF*6R.
type ServiceLine struct {
	ServiceDate    string `json:"serviceDate,omitempty"`    // DTP*472 D8, or RD8 start
	ServiceDateEnd string `json:"serviceDateEnd,omitempty"` // DTP*472 RD8 end

	// ProviderControlNumber (837P) and LineItemControlNumber (837I) are the
	// line item control number, REF*6R.
	ProviderControlNumber string `json:"providerControlNumber,omitempty"`
	LineItemControlNumber string `json:"lineItemControlNumber,omitempty"`

	ProfessionalService  *ProfessionalService  `json:"professionalService,omitempty"`  // SV1
	InstitutionalService *InstitutionalService `json:"institutionalService,omitempty"` // SV2
}

// ControlNumber returns the line item control number, whichever name
// carries it.
func (l *ServiceLine) ControlNumber() string {
	if l.ProviderControlNumber != "" {
		return l.ProviderControlNumber
	}
	return l.LineItemControlNumber
}

// ProfessionalService is the SV1 segment of an 837P line.
type ProfessionalService struct {
	ProcedureIdentifier            string      `json:"procedureIdentifier,omitempty"` // SV101-1
	ProcedureCode                  string      `json:"procedureCode,omitempty"`       // SV101-2
	ProcedureModifiers             []string    `json:"procedureModifiers,omitempty"`  // SV101-3..6
	LineItemChargeAmount           Amount      `json:"lineItemChargeAmount,omitzero"` // SV102
	MeasurementUnit                string      `json:"measurementUnit,omitempty"`     // SV103
	ServiceUnitCount               Quantity    `json:"serviceUnitCount,omitzero"`     // SV104
	PlaceOfServiceCode             string      `json:"placeOfServiceCode,omitempty"`  // SV105
	CompositeDiagnosisCodePointers *DxPointers `json:"compositeDiagnosisCodePointers,omitempty"`
}

// DxPointers is SV107: one to four 1-based positions in the claim's HI
// diagnosis list.
type DxPointers struct {
	DiagnosisCodePointers []string `json:"diagnosisCodePointers,omitempty"`
}

// InstitutionalService is the SV2 segment of an 837I line.
type InstitutionalService struct {
	ServiceLineRevenueCode string   `json:"serviceLineRevenueCode,omitempty"` // SV201
	ProcedureIdentifier    string   `json:"procedureIdentifier,omitempty"`    // SV202-1
	ProcedureCode          string   `json:"procedureCode,omitempty"`          // SV202-2
	ProcedureModifiers     []string `json:"procedureModifiers,omitempty"`     // SV202-3..6
	LineItemChargeAmount   Amount   `json:"lineItemChargeAmount,omitzero"`    // SV203
	MeasurementUnit        string   `json:"measurementUnit,omitempty"`        // SV204
	ServiceUnitCount       Quantity `json:"serviceUnitCount,omitzero"`        // SV205
	NonCoveredChargeAmount Amount   `json:"nonCoveredChargeAmount,omitzero"`  // SV207
}
