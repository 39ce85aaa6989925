package x837

import (
	"reflect"
	"testing"

	"github.com/claimflow/claimflow/edi"
)

func TestCheckInstitutional(t *testing.T) {
	const isvc0 = "claimInformation.serviceLines[0].institutionalService"
	for _, tc := range []struct {
		name   string
		change func(c *Claim)
		want   []Finding
	}{
		{"attending required", func(c *Claim) { c.Attending = nil },
			[]Finding{fe("required", "attending", "The attending provider is missing.")}},
		{"billing is an organization", func(c *Claim) {
			c.Billing.OrganizationName, c.Billing.LastName = "", "Ramaswamy"
		}, []Finding{fe("billing.organization", "billing.organizationName",
			"An institutional billing provider must be an organization.")}},
		{"facility code", func(c *Claim) { info(c).PlaceOfServiceCode = "01" },
			[]Finding{fe("facility.format", "claimInformation.placeOfServiceCode",
				"The facility type code is the first two digits of the type of bill, "+
					"such as 11 or 13.")}},
		{"statement dates", func(c *Claim) { info(c).ClaimDateInformation.StatementEndDate = "" },
			[]Finding{fe("required", "claimInformation.claimDateInformation.statementEndDate",
				"The statement end date is missing.")}},
		{"statement order", func(c *Claim) {
			info(c).ClaimDateInformation.StatementBeginDate = "20260227"
		}, []Finding{fe("date.order", "claimInformation.claimDateInformation.statementEndDate",
			"The statement end date is before its start date.")}},
		{"inpatient admission", func(c *Claim) { info(c).PlaceOfServiceCode = "11" },
			[]Finding{
				fe("required", "claimInformation.claimDateInformation.admissionDateAndHour",
					"The admission date of an inpatient claim is missing."),
				fe("required", "claimInformation.claimCodeInformation.admissionTypeCode",
					"The admission type code of an inpatient claim is missing."),
				fe("required", "claimInformation.admittingDiagnosis",
					"The admitting diagnosis of an inpatient claim is missing."),
				lineDateUnused(0), lineDateUnused(1), lineDateUnused(2),
			}},
		{"admission shape", func(c *Claim) {
			info(c).ClaimDateInformation.AdmissionDateAndHour = "2026022608"
		}, []Finding{fe("date.format", "claimInformation.claimDateInformation.admissionDateAndHour",
			"The admission must be written CCYYMMDD or CCYYMMDDHHMM.")}},
		{"discharge hour", func(c *Claim) {
			toInpatient(c)
			info(c).ClaimDateInformation.DischargeHour = "2460"
		},
			[]Finding{fe("hour.format", "claimInformation.claimDateInformation.dischargeHour",
				"The discharge hour must be written HHMM.")}},
		{"patient status", func(c *Claim) { info(c).ClaimCodeInformation.PatientStatusCode = "1" },
			[]Finding{fe("cl1.patient_status", "claimInformation.claimCodeInformation.patientStatusCode",
				"The patient status code must be two digits.")}},
		{"admission type", func(c *Claim) {
			toInpatient(c)
			info(c).ClaimCodeInformation.AdmissionTypeCode = "6"
		}, []Finding{fe("cl1.admission_type", "claimInformation.claimCodeInformation.admissionTypeCode",
			"The admission type code must be 1 to 5, or 9 when not known.")}},
		{"admission type on an outpatient claim", func(c *Claim) {
			info(c).ClaimCodeInformation.AdmissionTypeCode = "3"
		}, []Finding{{Code: "cl1.admission_type_unused",
			Path: "claimInformation.claimCodeInformation.admissionTypeCode", Severity: edi.Warning,
			Message: "The admission type is sent only on inpatient claims; it will be left out."}}},
		{"admission source", func(c *Claim) { info(c).ClaimCodeInformation.AdmissionSourceCode = "77" },
			[]Finding{fe("cl1.admission_source",
				"claimInformation.claimCodeInformation.admissionSourceCode",
				"The admission source code must be one letter or digit.")}},
		{"principal diagnosis", func(c *Claim) { info(c).PrincipalDiagnosis = nil },
			[]Finding{fe("required", "claimInformation.principalDiagnosis",
				"The principal diagnosis is missing.")}},
		{"principal qualifier", func(c *Claim) { info(c).PrincipalDiagnosis.QualifierCode = "ABF" },
			[]Finding{fe("qualifier.invalid", "claimInformation.principalDiagnosis.qualifierCode",
				"The qualifier must be ABK (ICD-10-CM), or left out.")}},
		{"present on admission", func(c *Claim) {
			info(c).OtherDiagnosisInformation[0].PresentOnAdmissionIndicator = "X"
		}, []Finding{fe("code.invalid",
			"claimInformation.otherDiagnosisInformationList[0].presentOnAdmissionIndicator",
			"The present-on-admission indicator is not a valid code.")}},
		{"25 condition codes", func(c *Claim) {
			for i := 0; i < 24; i++ {
				info(c).ConditionCodes = append(info(c).ConditionCodes, ConditionCode{ConditionCode: "39"})
			}
		}, []Finding{fe("codes.count", "claimInformation.conditionCodesList[24]",
			"An institutional claim carries at most 24 codes of each kind.")}},
		{"condition code shape", func(c *Claim) { info(c).ConditionCodes[0].ConditionCode = "2" },
			[]Finding{fe("nubc.format", "claimInformation.conditionCodesList[0].conditionCode",
				"The condition code must be two letters or digits.")}},
		{"value amount", func(c *Claim) {
			info(c).ValueInformation = List[ValueInfo]{{ValueCode: "80"}}
		}, []Finding{fe("required", "claimInformation.valueInformationList[0].valueCodeAmount",
			"The value code amount is missing.")}},
		{"occurrence date", func(c *Claim) {
			info(c).OccurrenceInformation = List[Occurrence]{{OccurrenceSpanCode: "11",
				OccurrenceSpanCodeDate: "20260230"}}
		}, []Finding{fe("date.format",
			"claimInformation.occurrenceInformationList[0].occurrenceSpanCodeDate",
			"The date must be a real date written CCYYMMDD.")}},
		{"revenue code", func(c *Claim) { isvc(c, 0).ServiceLineRevenueCode = "320" },
			[]Finding{fe("revenue.format", isvc0+".serviceLineRevenueCode",
				"The revenue code must be four digits, such as 0450.")}},
		{"unit of measure", func(c *Claim) { isvc(c, 0).MeasurementUnit = "MJ" },
			[]Finding{fe("unit.code", isvc0+".measurementUnit",
				"The unit of measure is not one the guide allows for this claim type.")}},
		{"procedure code optional", func(c *Claim) { isvc(c, 0).ProcedureCode = "" },
			[]Finding{}},
		{"modifiers without a code", func(c *Claim) { isvc(c, 1).ProcedureCode = "" },
			[]Finding{fe("required",
				"claimInformation.serviceLines[1].institutionalService.procedureCode",
				"The procedure code the modifiers apply to is missing.")}},
		{"frequency code", func(c *Claim) { info(c).ClaimFrequencyCode = "6" },
			[]Finding{fe("code.invalid", "claimInformation.claimFrequencyCode",
				"The claim frequency code is not a valid code.")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := readClaims(t, "837i-outpatient.json", UnknownKind)[0]
			tc.change(c)
			got := Check(c, testOptions())
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			if !reflect.DeepEqual([]Finding(got), tc.want) {
				t.Errorf("got\n%v\nwant\n%v", got, tc.want)
			}
		})
	}
}

// toInpatient turns the outpatient example into a clean inpatient claim.
func toInpatient(c *Claim) {
	ci := info(c)
	ci.PlaceOfServiceCode = "11"
	ci.ClaimDateInformation.AdmissionDateAndHour = "202602260800"
	ci.ClaimCodeInformation.AdmissionTypeCode = "2"
	ci.AdmittingDiagnosis = &AdmittingDiagnosis{AdmittingDiagnosisCode: "M79.604"}
	for i := range ci.ServiceLines {
		ci.ServiceLines[i].ServiceDate = ""
	}
}

func lineDateUnused(i int) Finding {
	return Finding{Code: "line.date_unused",
		Path:     "claimInformation.serviceLines[" + itoa(i) + "].serviceDate",
		Severity: edi.Warning,
		Message:  "Service dates are sent on outpatient lines only; it will be left out."}
}
