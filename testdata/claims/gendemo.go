//go:build ignore

// gendemo writes demo.jsonl, the claims `claimflow demo` imports: sixty
// claims of invented people, a realistic mix of professional and
// institutional claims, three payers, dependents, and six claims with the
// defects the checks exist to catch. Run from the repository root:
//
//	go run testdata/claims/gendemo.go > testdata/claims/demo.jsonl
package main

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
)

type obj = map[string]any

var (
	firstNames = []string{"Amara", "Bertil", "Cosima", "Dario", "Elspeth", "Farid", "Greta",
		"Hollis", "Ines", "Jonah", "Kalani", "Leopold", "Mireille", "Nikolai", "Orla", "Pascal",
		"Quinta", "Rafferty", "Soraya", "Thaddeus", "Ulla", "Vesper", "Wendell", "Ximena",
		"Yusuf", "Zinnia"}
	lastNames = []string{"Abernathy", "Brightwell", "Castellano", "Delacroix", "Eastwood",
		"Fairweather", "Galloway", "Hargreave", "Ishikawa", "Jankowski", "Kettleborough",
		"Lindgren", "Marchetti", "Nakashima", "Oyelaran", "Pemberton", "Quintero", "Rasmussen",
		"Sandoval", "Thorne", "Umberfield", "Vasquez-Reyes", "Whitcombe", "Yarborough"}
	streets = []string{"Alder Lane", "Birch Court", "Cedar Hollow Road", "Dogwood Way",
		"Elm Terrace", "Fir Ridge Drive", "Hawthorn Street", "Juniper Loop", "Larch Avenue"}
	cities = []struct{ city, zip string }{{"Portland", "97201"}, {"Salem", "97301"},
		{"Eugene", "97401"}, {"Bend", "97701"}, {"Medford", "97501"}, {"Corvallis", "97330"}}
	payers = []struct{ id, name, filing string }{
		{"EVG01", "Evergreen Health Plan", "CI"},
		{"SMT22", "Summit Mutual Insurance", "CI"},
		{"LKS07", "Lakeshore Community Care", "MC"},
	}
	visits = []struct {
		code, charge, dx string
		mods             []string
	}{
		{"99213", "125.00", "J06.9", nil},
		{"99214", "185.00", "E11.9", nil},
		{"99203", "160.00", "M54.50", nil},
		{"99396", "240.00", "Z00.00", nil},
		{"93000", "65.00", "R00.2", nil},
		{"20610", "210.00", "M17.11", []string{"RT"}},
		{"97110", "48.00", "M25.561", []string{"GP"}},
	}
	extras = []struct{ code, charge string }{
		{"85025", "32.00"}, {"80053", "58.00"}, {"36415", "12.00"}, {"90686", "38.00"},
		{"81002", "14.00"},
	}
)

func main() {
	rng := rand.New(rand.NewPCG(2026, 12))
	enc := json.NewEncoder(os.Stdout)
	for i := 1; i <= 60; i++ {
		var c obj
		if i%10 == 0 {
			c = institutional(rng, i)
		} else {
			c = professional(rng, i)
		}
		defect(c, i)
		if err := enc.Encode(c); err != nil {
			panic(err)
		}
	}
}

func person(rng *rand.Rand, born int) obj {
	city := cities[rng.IntN(len(cities))]
	return obj{
		"firstName":   firstNames[rng.IntN(len(firstNames))],
		"lastName":    lastNames[rng.IntN(len(lastNames))],
		"gender":      []string{"F", "M"}[rng.IntN(2)],
		"dateOfBirth": fmt.Sprintf("%04d%02d%02d", born, 1+rng.IntN(12), 1+rng.IntN(28)),
		"address": obj{
			"address1":   fmt.Sprintf("%d %s", 10+rng.IntN(980), streets[rng.IntN(len(streets))]),
			"city":       city.city,
			"state":      "OR",
			"postalCode": city.zip,
		},
	}
}

func envelope(payer int) obj {
	return obj{
		"usageIndicator":          "T",
		"tradingPartnerServiceId": payers[payer].id,
		"tradingPartnerName":      payers[payer].name,
		"submitter": obj{
			"organizationName":        "Brightwater Billing Co",
			"submitterIdentification": "BWB0042",
			"contactInformation": obj{"name": "Claims Desk", "phoneNumber": "5035550100",
				"email": "claims@brightwater.example"},
		},
		"receiver": obj{"organizationName": "Claimflow Simulated Clearinghouse"},
	}
}

func professional(rng *rand.Rand, i int) obj {
	payer := i % 3
	c := envelope(payer)
	sub := person(rng, 1950+rng.IntN(50))
	sub["memberId"] = fmt.Sprintf("%s%08d", payers[payer].id[:3], 31000000+i*7919%1000000)
	sub["paymentResponsibilityLevelCode"] = "P"
	sub["groupNumber"] = fmt.Sprintf("GRP%04d", 1000+payer*111)
	c["subscriber"] = sub
	if i%4 == 0 {
		dep := person(rng, 2008+rng.IntN(14))
		dep["relationshipToSubscriberCode"] = "19"
		dep["address"] = sub["address"]
		c["dependent"] = dep
	}
	c["billing"] = obj{
		"providerType": "BillingProvider", "npi": "1234567893", "employerId": "931234567",
		"taxonomyCode": "207Q00000X", "organizationName": "Juniper Family Medicine",
		"address": obj{"address1": "410 Alder Street", "address2": "Suite 200",
			"city": "Portland", "state": "OR", "postalCode": "972041234"},
		"contactInformation": obj{"name": "Front Office", "phoneNumber": "5035550123"},
	}
	c["rendering"] = obj{"providerType": "RenderingProvider", "npi": "1987654328",
		"firstName": "Tobias", "lastName": "Lindqvist", "taxonomyCode": "207Q00000X"}

	v := visits[rng.IntN(len(visits))]
	day := fmt.Sprintf("202610%02d", 1+rng.IntN(28))
	lines := []any{line(v.code, v.charge, v.mods, day, 1)}
	total := cents(v.charge)
	dx := []any{obj{"diagnosisTypeCode": "ABK", "diagnosisCode": v.dx}}
	if rng.IntN(3) > 0 {
		e := extras[rng.IntN(len(extras))]
		lines = append(lines, line(e.code, e.charge, nil, day, 1))
		total += cents(e.charge)
	}
	c["claimInformation"] = obj{
		"claimFilingCode":      payers[payer].filing,
		"patientControlNumber": fmt.Sprintf("JFM26%05d", 1000+i),
		"claimChargeAmount":    money(total),
		"placeOfServiceCode":   "11",
		"claimFrequencyCode":   "1",
		"signatureIndicator":   "Y", "planParticipationCode": "A",
		"benefitsAssignmentCertificationIndicator": "Y", "releaseInformationCode": "Y",
		"healthCareCodeInformation": dx,
		"serviceLines":              lines,
	}
	return c
}

func line(code, charge string, mods []string, day string, pointer int) obj {
	ps := obj{"procedureIdentifier": "HC", "procedureCode": code,
		"lineItemChargeAmount": charge, "measurementUnit": "UN", "serviceUnitCount": "1",
		"compositeDiagnosisCodePointers": obj{
			"diagnosisCodePointers": []any{fmt.Sprint(pointer)}}}
	if len(mods) > 0 {
		ps["procedureModifiers"] = mods
	}
	return obj{"serviceDate": day, "professionalService": ps}
}

func institutional(rng *rand.Rand, i int) obj {
	payer := i % 3
	c := envelope(payer)
	sub := person(rng, 1940+rng.IntN(40))
	sub["memberId"] = fmt.Sprintf("%s%08d", payers[payer].id[:3], 52000000+i*104729%1000000)
	sub["paymentResponsibilityLevelCode"] = "P"
	sub["groupNumber"] = "GRP2024"
	c["subscriber"] = sub
	c["billing"] = obj{"npi": "1456789019", "employerId": "930555111",
		"taxonomyCode": "282N00000X", "organizationName": "Riverbend Community Hospital",
		"address": obj{"address1": "1 Riverbend Way", "city": "Eugene", "state": "OR",
			"postalCode": "974011000"}}
	c["attending"] = obj{"npi": "1321098760", "firstName": "Priya", "lastName": "Ramaswamy",
		"taxonomyCode": "207RC0000X"}
	day := fmt.Sprintf("202610%02d", 1+rng.IntN(28))
	svc := []struct{ rev, code, charge string }{
		{"0320", "73590", "410.00"}, {"0300", "85025", "42.00"}, {"0450", "99283", "520.00"}}
	var lines []any
	var total int64
	for _, s := range svc[:2+rng.IntN(2)] {
		lines = append(lines, obj{"serviceDate": day, "institutionalService": obj{
			"serviceLineRevenueCode": s.rev, "lineItemChargeAmount": s.charge,
			"measurementUnit": "UN", "serviceUnitCount": "1",
			"procedureIdentifier": "HC", "procedureCode": s.code}})
		total += cents(s.charge)
	}
	c["claimInformation"] = obj{
		"claimFilingCode":       payers[payer].filing,
		"patientControlNumber":  fmt.Sprintf("RCH26%05d", 1000+i),
		"claimChargeAmount":     money(total),
		"placeOfServiceCode":    "13",
		"claimFrequencyCode":    "1",
		"planParticipationCode": "A", "benefitsAssignmentCertificationIndicator": "Y",
		"releaseInformationCode": "Y",
		"serviceLines":           lines,
		"claimDateInformation":   obj{"statementBeginDate": day, "statementEndDate": day},
		"claimCodeInformation":   obj{"admissionSourceCode": "1", "patientStatusCode": "01"},
		"principalDiagnosis":     obj{"principalDiagnosisCode": "M79.604"},
	}
	return c
}

// defect gives six claims one error each, of the kinds front-end checks
// catch before a payer would reject them.
func defect(c obj, i int) {
	ci := c["claimInformation"].(obj)
	switch i {
	case 7: // a typing error in the NPI
		c["billing"].(obj)["npi"] = "1234567890"
	case 13: // the charge does not add up
		ci["claimChargeAmount"] = "999.00"
	case 19: // the member ID is missing
		delete(c["subscriber"].(obj), "memberId")
	case 26: // a diagnosis that is not ICD-10-CM
		if dx, ok := ci["healthCareCodeInformation"].([]any); ok {
			dx[0].(obj)["diagnosisCode"] = "250.00"
		}
	case 33: // a service date in the future
		lines := ci["serviceLines"].([]any)
		lines[0].(obj)["serviceDate"] = "20991231"
	case 47: // a diagnosis pointer past the list
		lines := ci["serviceLines"].([]any)
		ps := lines[0].(obj)["professionalService"].(obj)
		ps["compositeDiagnosisCodePointers"] = obj{"diagnosisCodePointers": []any{"3"}}
	}
}

func cents(s string) int64 {
	var units, c int64
	fmt.Sscanf(s, "%d.%d", &units, &c)
	return units*100 + c
}

func money(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) }
