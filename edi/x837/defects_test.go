package x837

import (
	"reflect"
	"testing"
)

// TestDefects checks that each claim of testdata/claims/defects.jsonl has
// its one defect, and only it.
func TestDefects(t *testing.T) {
	want := []struct{ code, path string }{
		{"npi.check_digit", "billing.npi"},
		{"charge.total", "claimInformation.claimChargeAmount"},
		{"icd.format", "claimInformation.healthCareCodeInformation[0].diagnosisCode"},
		{"pointer.range", svc0 + ".compositeDiagnosisCodePointers.diagnosisCodePointers[0]"},
		{"modifier.count", svc0 + ".procedureModifiers[4]"},
		{"frequency.needs_reference",
			"claimInformation.claimSupplementalInformation.claimControlNumber"},
		{"pcn.length", "claimInformation.patientControlNumber"},
		{"zip.billing", "billing.address.postalCode"},
		{"date.future", line0 + ".serviceDate"},
		{"text.delimiter", "subscriber.lastName"},
		{"units.positive", svc0 + ".serviceUnitCount"},
		{"required", "subscriber.memberId"},
		{"ein.format", "billing.employerId"},
		{"amount.format", svc0 + ".lineItemChargeAmount"},
	}
	claims := readClaims(t, "defects.jsonl", UnknownKind)
	if len(claims) != len(want) {
		t.Fatalf("%d claims, want %d", len(claims), len(want))
	}
	for i, c := range claims {
		fs := Check(c, testOptions())
		var got []struct{ code, path string }
		for _, f := range fs {
			got = append(got, struct{ code, path string }{f.Code, f.Path})
		}
		if !reflect.DeepEqual(got, want[i:i+1]) || !fs.HasError() {
			t.Errorf("claim %d: got %v, want %v", i, got, want[i])
		}
	}
}
