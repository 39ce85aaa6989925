package store

import (
	"strings"
	"testing"
)

func TestNextSteps(t *testing.T) {
	// A payer's adjustment is never billed to the patient, whatever its
	// reason; only the patient's share (PR) is.
	for reason := range stepByCARC {
		for _, group := range []string{"CO", "OA", "PI"} {
			step := stepForAdjustment(group, reason)
			if strings.HasPrefix(step, "bill the patient") ||
				strings.Contains(step, "or the patient") {
				t.Errorf("%s-%s: %q bills the patient", group, reason, step)
			}
		}
	}
	for reason := range stepByPatientCARC {
		if step := stepForAdjustment("PR", reason); !strings.Contains(step, "patient") {
			t.Errorf("PR-%s: %q does not bill the patient", reason, step)
		}
	}

	for _, c := range []struct{ got, want string }{
		{stepForStatus(StatusCode{Category: "A7", Code: "562", Entity: "IL"}),
			"correct the subscriber's member ID, name or date of birth and resubmit"},
		{stepForStatus(StatusCode{Category: "A6", Code: "21"}),
			"add the missing information and resubmit"},
		{stepForStatus(StatusCode{Category: "ZZ"}),
			"read the payer's reason, correct the claim and resubmit"},
		{stepForAdjustment("CO", "29"), "appeal with proof that the claim was sent in time"},
		{stepForAdjustment("PR", "999"), "bill the secondary payer or the patient for their share"},
		{stepForAdjustment("CO", "999"),
			"correct and resubmit, or appeal; the patient may not be billed"},
		{stepForAdjustment("CO", "96"),
			"appeal if the service is covered; otherwise write it off, not to the patient"},
		{stepForAdjustment("PR", "96"),
			"bill the patient if they agreed in advance to pay for the service"},
		{stepForAdjustment("CO", "204"),
			"appeal if the plan covers the service; otherwise write it off, not to the patient"},
		{stepForAdjustment("PR", "204"),
			"bill the secondary payer or the patient: the plan does not cover the service"},
		{stepForAdjustment("PR", "2"), "bill the coinsurance to the secondary payer or the patient"},
		{stepForAdjustment("XX", "999"), "review the denial with the payer"},
		{UnmatchedWords("ambiguous"), "fits more than one claim"},
		{UnmatchedWords("reversal_not_posted"), "reverses a payment that was never posted here"},
		{UnmatchedWords("no_claim"), "matches no claim"},
		{unmatchedStep("ambiguous"),
			"Decide which claim it belongs to and attach the answer to it"},
		{capitalize("bill the patient"), "Bill the patient"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
