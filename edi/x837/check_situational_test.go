package x837

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/edi"
)

func fw(code, path, msg string) Finding {
	return Finding{Code: code, Path: path, Severity: edi.Warning, Message: msg}
}

// TestSituationalRules covers the guides' situational rules: each case
// changes an example claim, checks the exact findings, and, when the claim
// is not held, the segments the built file must and must not hold.
func TestSituationalRules(t *testing.T) {
	const (
		dates = "claimInformation.claimDateInformation"
		line0 = "claimInformation.serviceLines[0]"
	)
	for _, tc := range []struct {
		name        string
		file        string
		change      func(c *Claim)
		want        []Finding
		has, hasNot []string
	}{
		{"auto accident", "837p-simple.json", func(c *Claim) {
			info(c).RelatedCausesCode = []string{"AA", "EM"}
			info(c).AutoAccidentStateCode = "WA"
			info(c).ClaimDateInformation = &Dates{AccidentDate: "20260301"}
		}, nil, []string{"CLM*JFM2026000101*125***11:B:1*Y*A*Y*Y**AA:EM::WA~",
			"DTP*439*D8*20260301~"}, nil},
		{"auto accident abroad", "837p-simple.json", func(c *Claim) {
			info(c).RelatedCausesCode = []string{"AA"}
			info(c).AutoAccidentCountryCode = "MEX"
			info(c).ClaimDateInformation = &Dates{AccidentDate: "20260301"}
		}, nil, []string{"CLM*JFM2026000101*125***11:B:1*Y*A*Y*Y**AA::::MEX~"}, nil},
		{"accident date without a cause", "837p-simple.json", func(c *Claim) {
			info(c).ClaimDateInformation = &Dates{AccidentDate: "20260301"}
		}, []Finding{fe("accident.cause", dates+".accidentDate",
			"An accident date is sent only with a related cause of AA, OA or EM "+
				"(relatedCausesCode).")}, nil, nil},
		{"other accident without its date", "837p-simple.json", func(c *Claim) {
			info(c).RelatedCausesCode = []string{"OA"}
		}, []Finding{fe("required", dates+".accidentDate",
			"The accident date of an accident-related claim is missing.")}, nil, nil},
		{"employment without a date", "837p-simple.json", func(c *Claim) {
			info(c).RelatedCausesCode = []string{"EM"}
		}, nil, []string{"CLM*JFM2026000101*125***11:B:1*Y*A*Y*Y**EM~"}, []string{"DTP*439"}},
		{"auto accident without its state", "837p-simple.json", func(c *Claim) {
			info(c).RelatedCausesCode = []string{"AA"}
			info(c).ClaimDateInformation = &Dates{AccidentDate: "20260301"}
		}, []Finding{fe("required", "claimInformation.autoAccidentStateCode",
			"The state or province of the auto accident is missing.")}, nil, nil},
		{"related causes", "837p-simple.json", func(c *Claim) {
			info(c).RelatedCausesCode = []string{"EM", "EM", "XX"}
		}, []Finding{
			fe("related_causes.duplicate", "claimInformation.relatedCausesCode[1]",
				"The claim gives the same related cause twice."),
			fe("related_causes.count", "claimInformation.relatedCausesCode[2]",
				"A claim carries at most two related causes."),
		}, nil, nil},
		{"accident state without AA", "837p-simple.json", func(c *Claim) {
			info(c).RelatedCausesCode = []string{"EM"}
			info(c).AutoAccidentStateCode = "WA"
		}, []Finding{fw("accident.place_unused", "claimInformation.autoAccidentStateCode",
			"The place of the accident is sent only with related cause AA; it will be "+
				"left out.")}, []string{"CLM*JFM2026000101*125***11:B:1*Y*A*Y*Y**EM~"}, nil},
		{"rendering is the billing provider", "837p-simple.json", func(c *Claim) {
			c.Rendering.NPI = c.Billing.NPI
		}, []Finding{fw("provider.same_as_billing", "rendering.npi",
			"The rendering provider is the billing provider; it will be left out.")},
			nil, []string{"NM1*82", "PRV*PE"}},
		{"insurance type to a primary payer", "837p-simple.json", func(c *Claim) {
			c.Subscriber.InsuranceTypeCode = "12"
		}, []Finding{fw("insurance_type.unused", "subscriber.insuranceTypeCode",
			"The insurance type is sent only to Medicare as a later payer; it will be "+
				"left out.")}, []string{"SBR*P*18*GRP7781******CI~"}, nil},
		{"billing contact same as submitter", "837p-simple.json", func(c *Claim) {
			ct := *c.Submitter.ContactInformation
			c.Billing.ContactInformation = &ct
		}, nil, []string{"PER*IC*CLAIMS DESK*TE*5035550100*EM*claims@brightwater.example~"},
			[]string{"PER*IC*FRONT OFFICE"}},
		{"units over 8 digits", "837p-simple.json", func(c *Claim) {
			svc(c, 0).ServiceUnitCount = Quantity{Milli: 123456.789e3, Set: true}
		}, []Finding{fe("units.length",
			line0+".professionalService.serviceUnitCount",
			"A unit count has at most 8 digits, decimals included.")}, nil, nil},
		{"units of 8 digits", "837p-simple.json", func(c *Claim) {
			svc(c, 0).ServiceUnitCount = Quantity{Milli: 12345.678e3, Set: true}
		}, nil, []string{"SV1*HC:99213*125*UN*12345.678***1~"}, nil},
		{"transmission intermediary number", "837p-simple.json", func(c *Claim) {
			info(c).ClaimSupplementalInformation = &Supple{ClaimNumber: strings.Repeat("9", 21)}
		}, []Finding{fe("text.length",
			"claimInformation.claimSupplementalInformation.claimNumber",
			"The field must be 1 to 20 characters long.")}, nil, nil},
		{"exempt present on admission", "837i-inpatient.json", func(c *Claim) {
			info(c).OtherDiagnosisInformation[0].PresentOnAdmissionIndicator = "1"
		}, []Finding{fe("code.invalid",
			"claimInformation.otherDiagnosisInformationList[0].presentOnAdmissionIndicator",
			"The present-on-admission indicator is not a valid code.")}, nil, nil},
		{"admitting diagnosis on an outpatient claim", "837i-outpatient.json", func(c *Claim) {
			info(c).AdmittingDiagnosis = &AdmittingDiagnosis{AdmittingDiagnosisCode: "M79.604"}
		}, []Finding{fw("diagnosis.admitting_unused", "claimInformation.admittingDiagnosis",
			"The admitting diagnosis is sent only on inpatient claims; it will be left out.")},
			nil, []string{"HI*ABJ"}},
		{"discharge hour on an outpatient claim", "837i-outpatient.json", func(c *Claim) {
			info(c).ClaimDateInformation.DischargeHour = "1100"
		}, []Finding{fw("discharge.unused", dates+".dischargeHour",
			"The discharge hour is sent only on inpatient claims; it will be left out.")},
			nil, []string{"DTP*096"}},
		{"line dates on an inpatient claim", "837i-inpatient.json", func(c *Claim) {
			line(c, 0).ServiceDate = "20260211"
		}, []Finding{lineDateUnused(0)}, nil, []string{"DTP*472"}},
		{"outpatient stay of days", "837i-outpatient.json", func(c *Claim) {
			info(c).ClaimDateInformation.StatementEndDate = "20260227"
			line(c, 1).ServiceDate = ""
		}, []Finding{fe("required", "claimInformation.serviceLines[1].serviceDate",
			"The service date is missing.")}, nil, nil},
		{"outpatient day without line dates", "837i-outpatient.json", func(c *Claim) {
			for i := range info(c).ServiceLines {
				line(c, i).ServiceDate = ""
			}
		}, nil, []string{"DTP*434*RD8*20260226-20260226~"}, []string{"DTP*472"}},
		{"line date outside the statement", "837i-outpatient.json", func(c *Claim) {
			line(c, 2).ServiceDate = "20260225"
		}, []Finding{fe("date.outside_statement",
			"claimInformation.serviceLines[2].serviceDate",
			"The service date is outside the claim's statement period.")}, nil, nil},
		{"occurrence span order", "837i-inpatient.json", func(c *Claim) {
			info(c).OccurrenceSpanInformation[0].OccurrenceSpanCodeStartDate = "20260213"
		}, []Finding{fe("date.order",
			"claimInformation.occurrenceSpanInformations[0].occurrenceSpanCodeEndDate",
			"The occurrence span ends before it starts.")}, nil, nil},
		{"referring provider on an inpatient claim", "837i-inpatient.json", func(c *Claim) {
			c.Referring = &Provider{LastName: "Ames", FirstName: "Corin", NPI: "1678901236"}
		}, []Finding{fw("provider.referring_unused", "referring",
			"A referring provider is sent only on outpatient claims; it will be left out.")},
			nil, []string{"NM1*DN"}},
		{"referring provider on an outpatient claim", "837i-outpatient.json", func(c *Claim) {
			c.Referring = &Provider{LastName: "Ames", FirstName: "Corin", NPI: "1678901236"}
		}, nil, []string{"NM1*DN*1*AMES*CORIN****XX*1678901236~"}, nil},
		{"referring provider is the attending", "837i-outpatient.json", func(c *Claim) {
			c.Referring = &Provider{LastName: "Ramaswamy", NPI: c.Attending.NPI}
		}, []Finding{fw("provider.same_as_attending", "referring.npi",
			"The referring provider is the attending provider; it will be left out.")},
			nil, []string{"NM1*DN"}},
		{"rendering provider is the attending", "837i-outpatient.json", func(c *Claim) {
			c.Rendering = &Provider{LastName: "Ramaswamy", NPI: c.Attending.NPI}
		}, []Finding{fw("provider.same_as_attending", "rendering.npi",
			"The rendering provider is the attending provider; it will be left out.")},
			nil, []string{"NM1*82"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := readClaims(t, tc.file, UnknownKind)[0]
			tc.change(c)
			got := Check(c, testOptions())
			if len(got) > 0 || len(tc.want) > 0 {
				if !reflect.DeepEqual([]Finding(got), tc.want) {
					t.Fatalf("got\n%v\nwant\n%v", got, tc.want)
				}
			}
			if got.HasError() {
				return
			}
			out, _ := build(t, c.Kind, testEnvelope(), []*Claim{c})
			for _, seg := range tc.has {
				if !bytes.Contains(out, []byte(seg)) {
					t.Errorf("the file has no %s\n%s", seg, out)
				}
			}
			for _, seg := range tc.hasNot {
				if bytes.Contains(out, []byte(seg)) {
					t.Errorf("the file has %s\n%s", seg, out)
				}
			}
		})
	}
}
