package x837

import (
	"bytes"
	"testing"
)

// TestSortClaims shuffles the batch so that no two neighbours share a
// subscriber, sorts it back, and checks that the HL count drops to what
// grouping allows.
func TestSortClaims(t *testing.T) {
	claims := readClaims(t, "837p-batch.jsonl", UnknownKind)
	// Order: other provider, self, dependent, self, dependent.
	shuffled := []*Claim{claims[4], claims[0], claims[2], claims[1], claims[3]}
	SortClaims(shuffled)
	data, _ := build(t, Professional, testEnvelope(), shuffled)
	if n := bytes.Count(data, []byte("\nHL*")); n != 7 {
		t.Errorf("%d HL segments after sorting, want 7", n)
	}
	var order []string
	for _, c := range shuffled {
		order = append(order, c.ClaimInformation.PatientControlNumber)
	}
	// The first provider (by NPI) first; under it, the dependents' claims
	// (spouse, then child) before the subscriber's own.
	want := []string{"JFM2026000204", "JFM2026000203", "JFM2026000201", "JFM2026000202",
		"JFM2026000205"}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("order %v, want %v", order, want)
		}
	}
}

func TestSetKey(t *testing.T) {
	claims := readClaims(t, "837p-batch.jsonl", UnknownKind)
	if SetKey(claims[0]) != SetKey(claims[4]) {
		t.Error("claims of one submitter and receiver have different set keys")
	}
	other := *claims[0]
	r := *other.Receiver
	r.OrganizationName = "ANOTHER CLEARINGHOUSE"
	other.Receiver = &r
	if SetKey(&other) == SetKey(claims[0]) {
		t.Error("claims of two receivers share a set key")
	}
	if SetKey(&Claim{}) != SetKey(&Claim{Submitter: &Submitter{}, Receiver: &Receiver{}}) {
		t.Error("a claim without submitter or receiver has no stable key")
	}
}
