package x837

import (
	"strconv"
	"strings"
	"testing"
)

// The stress claims push every part of the writer the guides constrain:
// names at their length limits and with punctuation and accents, two
// address lines, dependents, twelve diagnoses, fifty lines, modifiers and
// decimal units, replacements and voids, accidents, all the claim
// providers, and inpatient and outpatient institutional bills. Every person
// in them is invented.

// stressProfessional returns the 837P stress claims, unchecked.
func stressProfessional(t testing.TB) []*Claim {
	var out []*Claim
	add := func(change func(c *Claim)) {
		c := readClaims(t, "837p-simple.json", UnknownKind)[0]
		change(c)
		c.Index = len(out)
		out = append(out, c)
	}

	// The subscriber is the patient: names at their limits, an apostrophe,
	// a hyphen and accents, two address lines with ZIP+4, twelve
	// diagnoses, four modifiers, decimal units, an auto accident, prior
	// authorization, referral, and referring and rendering providers.
	add(func(c *Claim) {
		s := c.Subscriber
		s.LastName = "D'Aubigné-" + strings.Repeat("Vasquez", 6) + "Ortizsan"
		s.FirstName = "Anne-Laure " + strings.Repeat("M", 24)
		s.MiddleName, s.Suffix = "Zoë", "III"
		s.Address = &Address{Address1: "1200 Northeast Couch Street", Address2: "Apt #4B",
			City: "Portland", State: "OR", PostalCode: "972321010"}
		ci := info(c)
		ci.PatientControlNumber = "STRESS0001"
		ci.RelatedCausesCode = []string{"AA"}
		ci.AutoAccidentStateCode = "WA"
		ci.ClaimDateInformation = &Dates{AccidentDate: "20260228", SymptomDate: "20260228"}
		ci.ClaimSupplementalInformation = &Supple{PriorAuthorizationNumber: "PA-2026-0042",
			ReferralNumber: "RF778812", MedicalRecordNumber: "MRN0042"}
		ci.HealthCareCodeInformation = []Diagnosis{{"ABK", "S13.4XXA"}}
		for _, d := range []string{"S16.1XXA", "M54.2", "M54.12", "G44.309", "R51.9",
			"S39.012A", "M79.10", "F43.0", "Z04.1", "V43.52XA", "Y92.410"} {
			ci.HealthCareCodeInformation = append(ci.HealthCareCodeInformation,
				Diagnosis{"ABF", d})
		}
		l := &ci.ServiceLines[0]
		l.ProfessionalService.ProcedureModifiers = []string{"25", "GP", "59", "KX"}
		l.ProfessionalService.CompositeDiagnosisCodePointers.DiagnosisCodePointers =
			[]string{"1", "12", "7", "3"}
		second := *l
		second.ProviderControlNumber = ""
		ps := *l.ProfessionalService
		ps.ProcedureCode, ps.ProcedureModifiers = "97140", []string{"GP"}
		ps.LineItemChargeAmount = Cents(8750)
		ps.ServiceUnitCount = Quantity{Milli: 2500, Set: true}
		ps.CompositeDiagnosisCodePointers = &DxPointers{DiagnosisCodePointers: []string{"2"}}
		second.ProfessionalService = &ps
		ci.ServiceLines = append(ci.ServiceLines, second)
		ci.ClaimChargeAmount = Cents(12500 + 8750)
		c.Referring = &Provider{LastName: "Ó Súilleabháin", FirstName: "Siobhán",
			NPI: "1678901236"}
	})

	// A dependent with fifty lines, the rendering provider an organization.
	add(func(c *Claim) {
		c.Subscriber.DateOfBirth, c.Subscriber.Gender = "", ""
		c.Dependent = &Dependent{RelationshipToSubscriberCode: "19", FirstName: "Noé",
			LastName: "Okonkwo-Hale", Gender: "M", DateOfBirth: "20180704",
			Address: c.Subscriber.Address}
		ci := info(c)
		ci.PatientControlNumber = "STRESS0002"
		ci.HealthCareCodeInformation = append(ci.HealthCareCodeInformation,
			Diagnosis{"ABF", "Z23"})
		base := ci.ServiceLines[0]
		ci.ServiceLines = nil
		var total int64
		for i := 0; i < MaxProfessionalLines; i++ {
			l := base
			l.ProviderControlNumber = ""
			ps := *base.ProfessionalService
			ps.ProcedureCode = "9" + strconv.Itoa(9201+i%10)
			ps.LineItemChargeAmount = Cents(int64(1000 + i*37))
			ps.ServiceUnitCount = Quantity{Milli: int64(1000 + i*125), Set: true}
			ps.CompositeDiagnosisCodePointers = &DxPointers{
				DiagnosisCodePointers: []string{strconv.Itoa(1 + i%2)}}
			if i%7 == 3 {
				ps.PlaceOfServiceCode = "02"
			}
			l.ProfessionalService = &ps
			l.ServiceDate = "202603" + pad2(1+i%5)
			total += ps.LineItemChargeAmount.Cents
			ci.ServiceLines = append(ci.ServiceLines, l)
		}
		ci.ClaimChargeAmount = Cents(total)
		c.Rendering = &Provider{OrganizationName: "Cascade Reference Laboratory",
			NPI: "1497758544"}
	})

	// A replacement with the payer's claim number, and the rendering
	// provider the billing provider (left out).
	add(func(c *Claim) {
		ci := info(c)
		ci.PatientControlNumber = "STRESS0003"
		ci.ClaimFrequencyCode = "7"
		ci.ClaimSupplementalInformation = &Supple{
			PayerClaimControlNumber: "EVG2606100012345678"}
		c.Rendering.NPI = c.Billing.NPI
		c.Subscriber.InsuranceTypeCode = "12"
	})

	// A void, an employment-related claim, the billing contact repeating the
	// submitter's.
	add(func(c *Claim) {
		ci := info(c)
		ci.PatientControlNumber = "STRESS0004"
		ci.ClaimFrequencyCode = "8"
		ci.RelatedCausesCode = []string{"EM"}
		ci.ClaimSupplementalInformation = &Supple{ClaimControlNumber: "EVG26059000777",
			ClaimNumber: "CH12345678901234567"}
		ct := *c.Submitter.ContactInformation
		c.Billing.ContactInformation = &ct
	})
	return out
}

// stressInstitutional returns the 837I stress claims, unchecked.
func stressInstitutional(t testing.TB) []*Claim {
	var out []*Claim
	add := func(file string, change func(c *Claim)) {
		c := readClaims(t, file, UnknownKind)[0]
		change(c)
		c.Index = len(out)
		out = append(out, c)
	}

	// An inpatient stay: admission date and hour, type and source, patient
	// status, admitting diagnosis, 24 other diagnoses, 24 value codes,
	// occurrence, occurrence span and condition codes; a referring provider
	// and line dates, both left out.
	add("837i-inpatient.json", func(c *Claim) {
		ci := info(c)
		ci.PatientControlNumber = "STRESSI001"
		codes := []string{"E11.9", "I10", "E78.5", "N18.30", "K21.9", "F32.A", "G47.33",
			"M19.90", "J44.9", "I48.91", "E03.9", "D64.9", "R26.81", "Z79.4", "Z79.01",
			"Z95.1", "Z87.891", "E66.9", "Z68.30", "N40.0", "H91.90", "Z96.651", "K57.30",
			"I25.10"}
		ci.OtherDiagnosisInformation = nil
		for i, d := range codes {
			poa := []string{"Y", "N", "U", "W"}[i%4]
			ci.OtherDiagnosisInformation = append(ci.OtherDiagnosisInformation,
				OtherDiagnosis{OtherDiagnosisCode: d, PresentOnAdmissionIndicator: poa})
		}
		ci.ValueInformation = nil
		for i := 0; i < MaxInstitutionalCodes; i++ {
			ci.ValueInformation = append(ci.ValueInformation, ValueInfo{
				ValueCode: strconv.Itoa(10 + i), ValueCodeAmount: Cents(int64(i) * 1050)})
		}
		ci.ServiceLines[0].ServiceDate = "20260210"
		c.Referring = &Provider{LastName: "Ames", FirstName: "Corin", NPI: "1678901236"}
		c.Subscriber.LastName = "Quennell-O'Hara"
	})

	// An outpatient visit over three days: line dates required, a referring
	// provider other than the attending, an admitting diagnosis and a
	// discharge hour left out.
	add("837i-outpatient.json", func(c *Claim) {
		ci := info(c)
		ci.PatientControlNumber = "STRESSI002"
		ci.ClaimDateInformation.StatementEndDate = "20260228"
		ci.ClaimDateInformation.DischargeHour = "1630"
		ci.ServiceLines[1].ServiceDate = "20260227"
		ci.ServiceLines[2].ServiceDate, ci.ServiceLines[2].ServiceDateEnd = "20260227",
			"20260228"
		ci.AdmittingDiagnosis = &AdmittingDiagnosis{AdmittingDiagnosisCode: "M79.604"}
		c.Referring = &Provider{LastName: "Ames", FirstName: "Corin", NPI: "1678901236"}
		c.Subscriber.DateOfBirth, c.Subscriber.Gender = "", ""
		c.Dependent = &Dependent{RelationshipToSubscriberCode: "01", FirstName: "Maëlle",
			LastName: "Quennell", Gender: "F", DateOfBirth: "19570302",
			Address: c.Subscriber.Address}
	})

	// A replacement of an outpatient bill, the rendering provider the
	// attending one (left out).
	add("837i-outpatient.json", func(c *Claim) {
		ci := info(c)
		ci.PatientControlNumber = "STRESSI003"
		ci.ClaimFrequencyCode = "7"
		ci.ClaimSupplementalInformation = &Supple{PayerClaimControlNumber: "RB26057000091"}
		c.Rendering = &Provider{LastName: "Ramaswamy", FirstName: "Priya",
			NPI: c.Attending.NPI}
	})
	return out
}
