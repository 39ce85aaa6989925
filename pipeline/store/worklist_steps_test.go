package store

import "testing"

func TestNextSteps(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{stepForStatus(StatusCode{Category: "A7", Code: "562", Entity: "IL"}),
			"correct the subscriber's member ID, name or date of birth and resubmit"},
		{stepForStatus(StatusCode{Category: "A6", Code: "21"}),
			"add the missing information and resubmit"},
		{stepForStatus(StatusCode{Category: "ZZ"}),
			"read the payer's reason, correct the claim and resubmit"},
		{stepForAdjustment("CO", "29"), "appeal with proof that the claim was sent in time"},
		{stepForAdjustment("PR", "999"), "bill the patient for their share"},
		{stepForAdjustment("XX", "999"), "review the denial with the payer"},
		{unmatchedWhy("ambiguous"), "fits more than one claim"},
		{unmatchedWhy("reversal_not_posted"), "reverses a payment that was never posted here"},
		{unmatchedWhy(""), "matches no claim"},
		{unmatchedStep("ambiguous"),
			"Decide which claim it belongs to and attach the answer to it"},
		{capitalize("bill the patient"), "Bill the patient"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}
