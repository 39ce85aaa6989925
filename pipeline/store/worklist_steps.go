package store

import "strings"

// What a person should do next about a work item, one table per kind of
// answer. The texts are for billers: short, imperative, no codes.

// stepByEntity advises on a 277CA rejection by whose data was wrong
// (STC01-3).
var stepByEntity = map[string]string{
	"IL": "correct the subscriber's member ID, name or date of birth and resubmit",
	"QC": "correct the patient's name, date of birth or relationship and resubmit",
	"85": "correct the billing provider's NPI, tax ID or address and resubmit",
	"82": "correct the rendering provider's NPI or taxonomy and resubmit",
	"71": "correct the attending provider's NPI and resubmit",
	"DN": "correct the referring provider's NPI and resubmit",
	"PR": "check the payer ID and the provider's enrolment with the payer, then resubmit",
	"77": "correct the service location's address or NPI and resubmit",
}

// stepByCategory advises on a 277CA rejection by its category (STC01-1)
// when the entity says nothing more.
var stepByCategory = map[string]string{
	"A3": "correct the claim and send it as a new claim",
	"A4": "ask the payer whether the claim arrived; resubmit if it did not",
	"A6": "add the missing information and resubmit",
	"A7": "correct the invalid information and resubmit",
	"A8": "make the related fields agree and resubmit",
}

// stepByCARC advises on a denial by its reason code when the payer bears
// it (CO, OA, PI, CR). A payer's adjustment is never billed to the
// patient: the advice is to correct and resubmit, appeal, bill another
// payer, or write off.
var stepByCARC = map[string]string{
	"4":  "correct the procedure modifier and resubmit",
	"11": "check that the diagnosis supports the procedure; correct the coding and resubmit",
	"16": "add the information the remark codes name and resubmit",
	"18": "check whether the first claim was paid; appeal only if it was not",
	"22": "bill the primary payer first, then send this payer the primary's remittance",
	"27": "check eligibility on the date of service; bill the payer that covered the " +
		"patient, or appeal with proof of coverage",
	"29":  "appeal with proof that the claim was sent in time",
	"31":  "correct the member ID and patient details and resubmit",
	"50":  "appeal with the medical records that show necessity",
	"96":  "appeal if the service is covered; otherwise write it off, not to the patient",
	"97":  "nothing to bill: the service is paid within another one",
	"109": "bill the payer that covers the patient",
	"119": "write off the amount over the benefit maximum, or bill a secondary payer; " +
		"not the patient",
	"197": "obtain the authorization and appeal",
	"204": "appeal if the plan covers the service; otherwise write it off, not to the patient",
	"252": "send the documentation the payer asked for",
}

// stepByPatientCARC advises on what a payer left to the patient (PR) by
// its reason code.
var stepByPatientCARC = map[string]string{
	"1":   "bill the patient's deductible to the secondary payer or the patient",
	"2":   "bill the coinsurance to the secondary payer or the patient",
	"3":   "bill the copay to the patient if it was not collected at the visit",
	"27":  "bill the patient: the coverage had ended on the date of service",
	"96":  "bill the patient if they agreed in advance to pay for the service",
	"119": "bill the secondary payer or the patient: the benefit maximum was reached",
	"204": "bill the secondary payer or the patient: the plan does not cover the service",
}

// stepByGroup advises on an adjustment when its reason code is in neither
// table.
var stepByGroup = map[string]string{
	"CO": "correct and resubmit, or appeal; the patient may not be billed",
	"PR": "bill the secondary payer or the patient for their share",
	"OA": "review the adjustment with the payer; correct and resubmit, or appeal",
	"PI": "review the payer's reduction; appeal if it is wrong",
	"CR": "review the correction against the earlier payment",
}

// stepForStatus advises on a 277CA rejection.
func stepForStatus(c StatusCode) string {
	if s, ok := stepByEntity[strings.ToUpper(c.Entity)]; ok {
		return s
	}
	if s, ok := stepByCategory[strings.ToUpper(c.Category)]; ok {
		return s
	}
	return "read the payer's reason, correct the claim and resubmit"
}

// stepForAdjustment advises on an adjustment by its group and reason: the
// patient's share (PR) is billed to the patient or a secondary payer; a
// payer's adjustment never is.
func stepForAdjustment(group, reason string) string {
	table := stepByCARC
	if group == "PR" {
		table = stepByPatientCARC
	}
	if s, ok := table[reason]; ok {
		return s
	}
	if s, ok := stepByGroup[group]; ok {
		return s
	}
	return "review the denial with the payer"
}

// capitalize makes a step a sentence.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
