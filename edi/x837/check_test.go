package x837

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/edi"
)

func fe(code, path, msg string) Finding {
	return Finding{Code: code, Path: path, Severity: edi.Error, Message: msg}
}

const (
	line0 = "claimInformation.serviceLines[0]"
	svc0  = line0 + ".professionalService"
	ptr0  = svc0 + ".compositeDiagnosisCodePointers.diagnosisCodePointers[0]"
)

func TestCheckClean(t *testing.T) {
	for _, f := range []string{"837p-simple.json", "837p-dependent.json",
		"837p-twelve-diagnoses.json", "837p-replacement.json", "837p-void.json",
		"837p-many-lines.json", "837i-inpatient.json", "837i-outpatient.json"} {
		for _, c := range readClaims(t, f, UnknownKind) {
			if fs := Check(c, testOptions()); len(fs) != 0 {
				t.Errorf("%s claim %d: %v", f, c.Index, fs)
			}
		}
	}
}

func TestCheckProfessional(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(c *Claim)
		want   []Finding
	}{
		{"required billing NPI", func(c *Claim) { c.Billing.NPI = "" },
			[]Finding{fe("required", "billing.npi", "The billing provider's NPI is missing.")}},
		{"required payer ID", func(c *Claim) { c.TradingPartnerServiceID = "" },
			[]Finding{fe("required", "tradingPartnerServiceId", "The payer ID is missing.")}},
		{"NPI format", func(c *Claim) { c.Rendering.NPI = "19876" },
			[]Finding{fe("npi.format", "rendering.npi", "An NPI must be 10 digits.")}},
		{"NPI check digit", func(c *Claim) { c.Billing.NPI = "1234567890" },
			[]Finding{fe("npi.check_digit", "billing.npi",
				"The NPI's check digit is wrong; it has a typing error.")}},
		{"EIN", func(c *Claim) { c.Billing.EmployerID = "93-1234567" },
			[]Finding{fe("ein.format", "billing.employerId",
				"The employer identification number must be 9 digits, without a dash.")}},
		{"EIN and SSN", func(c *Claim) { c.Billing.SSN = "123456789" },
			[]Finding{fe("billing.tax_id", "billing.ssn",
				"Give the billing provider's EIN or SSN, not both.")}},
		{"SSN", func(c *Claim) { c.Billing.EmployerID, c.Billing.SSN = "", "12345678" },
			[]Finding{fe("ssn.format", "billing.ssn",
				"The billing provider's SSN must be 9 digits, without dashes.")}},
		{"no tax ID", func(c *Claim) { c.Billing.EmployerID = "" },
			[]Finding{fe("required", "billing.employerId",
				"The billing provider's tax ID (EIN or SSN) is missing.")}},
		{"billing ZIP", func(c *Claim) { c.Billing.Address.PostalCode = "97204" },
			[]Finding{fe("zip.billing", "billing.address.postalCode",
				"The billing provider's ZIP code must have 9 digits (ZIP+4).")}},
		{"ZIP", func(c *Claim) { c.Subscriber.Address.PostalCode = "9720" },
			[]Finding{fe("zip.format", "subscriber.address.postalCode",
				"A ZIP code must be 5 or 9 digits, without a dash.")}},
		{"state", func(c *Claim) { c.Subscriber.Address.State = "Or" },
			[]Finding{fe("state.format", "subscriber.address.state",
				"The state must be its two-letter code in capitals.")}},
		{"PO box", func(c *Claim) { c.Billing.Address.Address2 = "P.O. Box 12" },
			[]Finding{fe("address.po_box", "billing.address.address1",
				"The billing provider's address must be a street address, not a PO box.")}},
		{"taxonomy", func(c *Claim) { c.Rendering.TaxonomyCode = "207Q00000" },
			[]Finding{fe("taxonomy.format", "rendering.taxonomyCode",
				"A taxonomy code is 10 characters ending in X, such as 207Q00000X.")}},
		{"phone", func(c *Claim) { c.Submitter.ContactInformation.PhoneNumber = "503-555-0100" },
			[]Finding{fe("phone.format", "submitter.contactInformation.phoneNumber",
				"A telephone or fax number must be 10 digits, without punctuation.")}},
		{"gender code", func(c *Claim) { c.Subscriber.Gender = "X" },
			[]Finding{fe("code.invalid", "subscriber.gender",
				"The subscriber's gender is not a valid code.")}},
		{"usage", func(c *Claim) { c.UsageIndicator = "X" },
			[]Finding{fe("code.invalid", "usageIndicator",
				"The usage indicator must be T (test) or P (production).")}},
		{"usage mismatch", func(c *Claim) { c.UsageIndicator = "P" },
			[]Finding{}},
		{"secondary payer", func(c *Claim) { c.Subscriber.PaymentResponsibilityLevelCode = "S" },
			[]Finding{fe("responsibility.not_primary", "subscriber.paymentResponsibilityLevelCode",
				"Only claims to the primary payer (P) can be sent: claims to later payers "+
					"need the other payers' loops, which are not supported.")}},
		{"date format", func(c *Claim) { line(c, 0).ServiceDate = "20260231" },
			[]Finding{fe("date.format", line0+".serviceDate",
				"The date must be a real date written CCYYMMDD.")}},
		{"date in the future", func(c *Claim) { line(c, 0).ServiceDate = "20260311" },
			[]Finding{fe("date.future", line0+".serviceDate", "The date is in the future.")}},
		{"date before birth", func(c *Claim) { line(c, 0).ServiceDate = "19780411" },
			[]Finding{fe("date.before_birth", line0+".serviceDate",
				"The date is before the patient's date of birth.")}},
		{"date order", func(c *Claim) { line(c, 0).ServiceDateEnd = "20260301" },
			[]Finding{fe("date.order", line0+".serviceDateEnd",
				"The service end date is before its start date.")}},
		{"PCN length", func(c *Claim) { info(c).PatientControlNumber = "JFM20260001010000000X" },
			[]Finding{fe("pcn.length", "claimInformation.patientControlNumber",
				"The patient control number is longer than 20 characters; payers cut it.")}},
		{"PCN characters", func(c *Claim) { info(c).PatientControlNumber = "JFM-2026" },
			[]Finding{fe("pcn.chars", "claimInformation.patientControlNumber",
				"The patient control number must hold letters and digits only.")}},
		{"amount format", func(c *Claim) {
			svc(c, 0).LineItemChargeAmount = Amount{Set: true, Bad: "12.345"}
		},
			[]Finding{fe("amount.format", svc0+".lineItemChargeAmount",
				"The line charge must be a number with at most two decimals, such as 100.00.")}},
		{"amount negative", func(c *Claim) { info(c).ClaimChargeAmount = Cents(-500) },
			[]Finding{
				fe("amount.negative", "claimInformation.claimChargeAmount",
					"The claim charge cannot be negative."),
				fe("charge.total", "claimInformation.claimChargeAmount",
					"The claim charge (-5.00) does not equal the sum of the line charges (125.00)."),
			}},
		{"charge total", func(c *Claim) { info(c).ClaimChargeAmount = Cents(13000) },
			[]Finding{fe("charge.total", "claimInformation.claimChargeAmount",
				"The claim charge (130.00) does not equal the sum of the line charges (125.00).")}},
		{"replacement without reference", func(c *Claim) { info(c).ClaimFrequencyCode = "7" },
			[]Finding{fe("frequency.needs_reference",
				"claimInformation.claimSupplementalInformation.claimControlNumber",
				"A replacement (7) or void (8) needs the payer's claim control number of "+
					"the original claim.")}},
		{"reference on an original", func(c *Claim) {
			info(c).ClaimSupplementalInformation = &Supple{ClaimControlNumber: "EVG1"}
		}, []Finding{{Code: "frequency.reference_unused",
			Path: "claimInformation.claimSupplementalInformation.claimControlNumber", Severity: edi.Warning,
			Message: "The payer's claim control number is sent only with frequency 7 or 8; " +
				"it will be left out."}}},
		{"two references", func(c *Claim) {
			info(c).ClaimFrequencyCode = "8"
			info(c).ClaimSupplementalInformation = &Supple{ClaimControlNumber: "EVG1",
				PayerClaimControlNumber: "EVG2"}
		}, []Finding{fe("reference.conflict",
			"claimInformation.claimSupplementalInformation.payerClaimControlNumber",
			"claimControlNumber and payerClaimControlNumber differ; give one.")}},
		{"frequency code", func(c *Claim) { info(c).ClaimFrequencyCode = "3" },
			[]Finding{fe("code.invalid", "claimInformation.claimFrequencyCode",
				"The claim frequency code is not a valid code.")}},
		{"place of service", func(c *Claim) { info(c).PlaceOfServiceCode = "1" },
			[]Finding{fe("pos.format", "claimInformation.placeOfServiceCode",
				"The place of service must be a two-digit code.")}},
		{"thirteen diagnoses", func(c *Claim) {
			for i := 0; i < 12; i++ {
				info(c).HealthCareCodeInformation = append(info(c).HealthCareCodeInformation,
					Diagnosis{DiagnosisTypeCode: "ABF", DiagnosisCode: "Z23"})
			}
		}, []Finding{fe("diagnosis.count", "claimInformation.healthCareCodeInformation[12]",
			"A professional claim carries at most 12 diagnoses.")}},
		{"second principal", func(c *Claim) {
			info(c).HealthCareCodeInformation = append(info(c).HealthCareCodeInformation,
				Diagnosis{DiagnosisTypeCode: "ABK", DiagnosisCode: "Z23"})
		}, []Finding{fe("diagnosis.type",
			"claimInformation.healthCareCodeInformation[1].diagnosisTypeCode",
			"Only the first diagnosis is the principal (ABK); the others are ABF.")}},
		{"ICD-9 qualifier", func(c *Claim) {
			info(c).HealthCareCodeInformation[0].DiagnosisTypeCode = "BK"
		},
			[]Finding{fe("diagnosis.type",
				"claimInformation.healthCareCodeInformation[0].diagnosisTypeCode",
				"The diagnosis type must be ABK (principal) or ABF (other ICD-10-CM).")}},
		{"ICD-10 shape", func(c *Claim) { info(c).HealthCareCodeInformation[0].DiagnosisCode = "J0.69" },
			[]Finding{fe("icd.format", "claimInformation.healthCareCodeInformation[0].diagnosisCode",
				"The diagnosis code is not shaped like an ICD-10-CM code (e.g. E11.9).")}},
		{"procedure shape", func(c *Claim) { svc(c, 0).ProcedureCode = "9921" },
			[]Finding{fe("procedure.format", svc0+".procedureCode",
				"The procedure code is not shaped like a CPT or HCPCS code (e.g. 99213, J1100).")}},
		{"procedure qualifier", func(c *Claim) { svc(c, 0).ProcedureIdentifier = "ER" },
			[]Finding{fe("procedure.qualifier", svc0+".procedureIdentifier",
				"Only HC (CPT/HCPCS) procedure codes are supported.")}},
		{"five modifiers", func(c *Claim) {
			svc(c, 0).ProcedureModifiers = []string{"25", "59", "XU", "GT", "95"}
		},
			[]Finding{fe("modifier.count", svc0+".procedureModifiers[4]",
				"A line carries at most four procedure modifiers.")}},
		{"modifier shape", func(c *Claim) { svc(c, 0).ProcedureModifiers = []string{"2"} },
			[]Finding{fe("modifier.format", svc0+".procedureModifiers[0]",
				"A procedure modifier is two letters or digits, such as 25.")}},
		{"zero units", func(c *Claim) { svc(c, 0).ServiceUnitCount = Quantity{Set: true} },
			[]Finding{fe("units.positive", svc0+".serviceUnitCount",
				"The unit count must be above zero.")}},
		{"units shape", func(c *Claim) { svc(c, 0).ServiceUnitCount = Quantity{Set: true, Bad: "one"} },
			[]Finding{fe("units.format", svc0+".serviceUnitCount",
				"The unit count must be a number with at most three decimals.")}},
		{"unit of measure", func(c *Claim) { svc(c, 0).MeasurementUnit = "DA" },
			[]Finding{fe("unit.code", svc0+".measurementUnit",
				"The unit of measure is not one the guide allows for this claim type.")}},
		{"five pointers", func(c *Claim) {
			for _, d := range []string{"Z23", "I10", "E78.5", "R51.9"} {
				info(c).HealthCareCodeInformation = append(info(c).HealthCareCodeInformation,
					Diagnosis{DiagnosisTypeCode: "ABF", DiagnosisCode: d})
			}
			svc(c, 0).CompositeDiagnosisCodePointers.DiagnosisCodePointers =
				[]string{"1", "2", "3", "4", "5"}
		}, []Finding{fe("pointer.count", svc0+".compositeDiagnosisCodePointers.diagnosisCodePointers[4]",
			"A line points to at most four diagnoses.")}},
		{"pointer range", func(c *Claim) {
			svc(c, 0).CompositeDiagnosisCodePointers.DiagnosisCodePointers = []string{"1", "2"}
		}, []Finding{fe("pointer.range", svc0+".compositeDiagnosisCodePointers.diagnosisCodePointers[1]",
			"The diagnosis pointer 2 points past the claim's 1 diagnoses.")}},
		{"pointer shape", func(c *Claim) {
			svc(c, 0).CompositeDiagnosisCodePointers.DiagnosisCodePointers = []string{"0"}
		}, []Finding{fe("pointer.format", ptr0,
			"A diagnosis pointer is a number from 1 to 12.")}},
		{"pointer twice", func(c *Claim) {
			svc(c, 0).CompositeDiagnosisCodePointers.DiagnosisCodePointers = []string{"1", "1"}
		}, []Finding{fe("pointer.duplicate", ptr0[:len(ptr0)-2]+"1]",
			"The line points to the same diagnosis twice.")}},
		{"no pointer", func(c *Claim) { svc(c, 0).CompositeDiagnosisCodePointers = nil },
			[]Finding{fe("required", svc0+".compositeDiagnosisCodePointers.diagnosisCodePointers",
				"The line's diagnosis pointer is missing.")}},
		{"51 lines", func(c *Claim) {
			for i := 1; i < 51; i++ {
				l := *line(c, 0)
				l.ProviderControlNumber = "L" + strconv.Itoa(i)
				info(c).ServiceLines = append(info(c).ServiceLines, l)
			}
			info(c).ClaimChargeAmount = Cents(51 * 12500)
		}, []Finding{fe("line.count", "claimInformation.serviceLines[50]",
			"The claim has more service lines than the guide allows (50); split it.")}},
		{"line control number twice", func(c *Claim) {
			info(c).ServiceLines = append(info(c).ServiceLines, *line(c, 0))
			info(c).ClaimChargeAmount = Cents(25000)
		}, []Finding{fe("line.control_number.duplicate",
			"claimInformation.serviceLines[1].providerControlNumber",
			"Another line of the claim has the same line item control number.")}},
		{"line control number length", func(c *Claim) {
			line(c, 0).ProviderControlNumber = "JFM20260001010000000000000000001"
		}, []Finding{fe("line.control_number.length", line0+".providerControlNumber",
			"The line item control number is longer than 30 characters.")}},
		{"line control number conflict", func(c *Claim) { line(c, 0).LineItemControlNumber = "X1" },
			[]Finding{fe("line.control_number.conflict", line0+".lineItemControlNumber",
				"providerControlNumber and lineItemControlNumber differ; give one.")}},
		{"delimiter in a name", func(c *Claim) { c.Subscriber.LastName = "O*Brien" },
			[]Finding{fe("text.delimiter", "subscriber.lastName",
				"The field holds a character used as an X12 separator; remove it.")}},
		{"character outside the set", func(c *Claim) { c.Subscriber.MemberID = "JFM1002É" },
			[]Finding{fe("text.charset", "subscriber.memberId",
				"The field holds a character X12 cannot carry; use plain letters, digits "+
					"and punctuation.")}},
		{"control character", func(c *Claim) { c.Billing.Address.Address1 = "410 Alder\tStreet" },
			[]Finding{fe("text.charset", "billing.address.address1",
				"The field holds a character X12 cannot carry; use plain letters, digits "+
					"and punctuation.")}},
		{"accented name", func(c *Claim) { c.Subscriber.FirstName = "Marguérite" },
			[]Finding{{Code: "text.transliterated", Path: "subscriber.firstName", Severity: edi.Info,
				Message: "Accented letters will be sent as plain capitals (for example é as E)."}}},
		{"both kinds", func(c *Claim) {
			line(c, 0).InstitutionalService = &InstitutionalService{ServiceLineRevenueCode: "0450"}
			c.Kind = UnknownKind
		}, []Finding{fe("claim.kind", "",
			"The claim cannot be told professional or institutional: give "+
				"professionalService or institutionalService lines.")}},
		{"unsupported provider type", func(c *Claim) {
			c.Providers = []Provider{{ProviderType: "SupervisingProvider", NPI: "1678901236",
				LastName: "Ames"}}
		}, []Finding{{Code: "provider.type", Path: "providers[0].providerType",
			Severity: edi.Warning, Message: "This provider type is not supported and will not be sent."}}},
		{"provider twice", func(c *Claim) {
			c.Providers = []Provider{*c.Billing}
		}, []Finding{fe("provider.duplicate", "providers[0].providerType",
			"The claim gives this provider role twice; keep one.")}},
		{"providers array", func(c *Claim) {
			c.Providers = []Provider{*c.Billing, *c.Rendering}
			c.Billing, c.Rendering = nil, nil
			c.Providers[0].NPI = "1234567890"
		}, []Finding{fe("npi.check_digit", "providers[0].npi",
			"The NPI's check digit is wrong; it has a typing error.")}},
		{"name too long", func(c *Claim) {
			c.Billing.OrganizationName = strings.Repeat("Juniper ", 8)
		}, []Finding{fe("text.length", "billing.organizationName",
			"The field must be 1 to 60 characters long.")}},
		{"member ID too short", func(c *Claim) { c.Subscriber.MemberID = "J" },
			[]Finding{fe("text.length", "subscriber.memberId",
				"The field must be 2 to 80 characters long.")}},
		{"referring organization", func(c *Claim) {
			c.Referring = &Provider{OrganizationName: "Cedar Clinic", NPI: "1678901236"}
		}, []Finding{fe("provider.person", "referring.organizationName",
			"The referring provider must be a person: give the last and first name, "+
				"not an organization.")}},
		{"dependent relationship", func(c *Claim) {
			c.Dependent = &Dependent{RelationshipToSubscriberCode: "99", FirstName: "Idris",
				LastName: "Hale", Gender: "M", DateOfBirth: "20150903",
				Address: c.Subscriber.Address}
		}, []Finding{fe("code.invalid", "dependent.relationshipToSubscriberCode",
			"The patient's relationship to the subscriber is not a valid code.")}},
		{"subscriber as patient needs DMG", func(c *Claim) { c.Subscriber.DateOfBirth = "" },
			[]Finding{fe("required", "subscriber.dateOfBirth",
				"The subscriber's date of birth is missing.")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := readClaims(t, "837p-simple.json", UnknownKind)[0]
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

func TestCheckUsage(t *testing.T) {
	c := readClaims(t, "837p-simple.json", UnknownKind)[0]
	o := testOptions()
	o.Usage = 'P'
	want := Findings{fe("usage.mismatch", "usageIndicator",
		"The claim's usage indicator differs from the file's (test or production).")}
	if fs := Check(c, o); !reflect.DeepEqual(fs, want) {
		t.Fatalf("got %v", fs)
	}
}

func info(c *Claim) *ClaimInfo                 { return c.ClaimInformation }
func line(c *Claim, i int) *ServiceLine        { return &c.ClaimInformation.ServiceLines[i] }
func svc(c *Claim, i int) *ProfessionalService { return line(c, i).ProfessionalService }
func isvc(c *Claim, i int) *InstitutionalService {
	return line(c, i).InstitutionalService
}

func TestCheckDelimitersInUse(t *testing.T) {
	c := readClaims(t, "837p-simple.json", UnknownKind)[0]
	c.Subscriber.LastName = "Hale|Okonkwo"
	if fs := Check(c, testOptions()); len(fs) != 0 {
		t.Fatalf("default delimiters: %v", fs)
	}
	o := testOptions()
	o.Delimiters = edi.Delimiters{Element: '|', Component: '>', Repetition: '^', Segment: '~'}
	want := Findings{fe("text.delimiter", "subscriber.lastName",
		"The field holds a character used as an X12 separator; remove it.")}
	if fs := Check(c, o); !reflect.DeepEqual(fs, want) {
		t.Fatalf("got %v", fs)
	}
}
