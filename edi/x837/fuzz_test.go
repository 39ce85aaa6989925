package x837

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/claimflow/claimflow/edi/internal/corpus"
)

// addSeeds adds the golden 837s and, when present, the shared corpus.
func addSeeds(f *testing.F) {
	golden, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.edi"))
	var samples []string
	if d := corpus.Dir(); d != "" {
		samples, _ = filepath.Glob(filepath.Join(d, "837*"))
	}
	for _, name := range append(golden, samples...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
}

// FuzzReader reads arbitrary input as an 837: it must never panic, and
// its counts must agree with the claims it returns.
func FuzzReader(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data))
		n := 0
		for {
			c, err := r.Next()
			if err != nil {
				break
			}
			if c.ClaimInformation == nil {
				t.Fatal("a claim without claim information")
			}
			n++
		}
		if st := r.Stats(); st.Claims != n {
			t.Fatalf("stats count %d claims, Next returned %d", st.Claims, n)
		}
		_ = r.Findings()
	})
}

// FuzzDecoder reads arbitrary input as a claim file without panicking.
// Its seeds are small, so that minimizing what they find stays quick.
func FuzzDecoder(f *testing.F) {
	one := `{"tradingPartnerServiceId":"60054","subscriber":{"memberId":"A1"},` +
		`"claimInformation":{"claimChargeAmount":"10.50","healthCareCodeInformation":` +
		`[{"diagnosisTypeCode":"ABK","diagnosisCode":"J06.9"}],"serviceLines":[{` +
		`"professionalService":{"lineItemChargeAmount":10.5,"serviceUnitCount":"1"}}]}}`
	inst := `{"claimInformation":{"valueInformationList":[[{"valueCode":"80",` +
		`"valueCodeAmount":"4"}]],"serviceLines":[{"institutionalService":{}}]}}`
	f.Add([]byte(one + "\n" + inst + "\n"))
	f.Add([]byte("[" + one + "," + inst + "]"))
	f.Add([]byte(`[{"subscriber":"x"},{}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d := NewDecoder(bytes.NewReader(data), UnknownKind)
		for i := 0; i < 1000; i++ {
			c, err := d.Next()
			if err == io.EOF {
				return
			}
			var de *DecodeError
			if err != nil && !errors.As(err, &de) {
				return
			}
			if c != nil {
				Check(c, testOptions())
			}
		}
	})
}

// roundTrip builds one claim, reads it back and compares; it reports
// false when the claim is held by its checks.
func roundTrip(t *testing.T, c *Claim) bool {
	t.Helper()
	if c.Kind == UnknownKind || Check(c, testOptions()).HasError() {
		return false
	}
	raw := append([]byte(nil), c.Raw...)
	var buf bytes.Buffer
	env := testEnvelope()
	b, err := NewBuilder(&buf, c.Kind, env, testOptions(), "\n")
	if err != nil {
		t.Fatal(err)
	}
	if fs, err := b.Add(c); err != nil {
		t.Fatalf("a claim without error findings was not written: %v %v", err, fs)
	}
	if _, err := b.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	r := NewReader(&buf)
	got, err := r.Next()
	if err != nil {
		t.Fatalf("read back: %v\n%s", err, buf.String())
	}
	if fs := r.Findings(); len(fs) > 0 {
		t.Fatalf("read back: %v\n%s", fs, buf.String())
	}
	fresh, err := DecodeClaim(raw, c.Kind)
	if err != nil {
		t.Fatal(err)
	}
	if w, g := expected(t, fresh, env), canonical(t, got); w != g {
		t.Fatalf("round trip differs:\ngot  %s\nwant %s", g, w)
	}
	return true
}

// FuzzRoundTrip builds arbitrary JSON claims that pass their checks and
// reads them back: the claim must come back as Normalize makes it, and
// the 837 must have no structure finding.
func FuzzRoundTrip(f *testing.F) {
	for _, name := range []string{"837p-simple.json", "837p-dependent.json",
		"837p-twelve-diagnoses.json", "837p-replacement.json", "837i-inpatient.json",
		"837i-outpatient.json"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "claims", name))
		if err != nil {
			f.Fatal(err)
		}
		var arr []json.RawMessage
		if err := json.Unmarshal(b, &arr); err != nil {
			f.Fatal(err)
		}
		f.Add([]byte(arr[0]))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := DecodeClaim(data, UnknownKind)
		if err != nil {
			return
		}
		roundTrip(t, c)
	})
}

// FuzzRoundTripFields puts arbitrary text into the fields of a valid
// claim where awkward names, codes and amounts go, and checks that a claim
// that passes its checks survives the round trip.
func FuzzRoundTripFields(f *testing.F) {
	f.Add("Okonkwo-Hale", "Renée", "88 Fernhill Road", "J06.9", "99213", "25", "125.00", "1", "A1")
	f.Add("O'Brien", "José", "12 Müller Lane #4", "S93.401A", "G0439", "", "0.5", "2.5", "XYZ")
	f.Add("D*Arcy", "Ann", "1~2", "E11", "J1100", "XU", "12", "1.25", "")
	f.Fuzz(func(t *testing.T, last, first, street, dx, proc, mod, charge, units, lineCN string) {
		roundTrip(t, fieldsClaim(t, last, first, street, dx, proc, mod, charge, units, lineCN))
	})
}

// fieldsClaim is the simple claim with the given values in place.
func fieldsClaim(t *testing.T, last, first, street, dx, proc, mod, charge, units,
	lineCN string) *Claim {
	c := baseClaim(t)
	c.Subscriber.LastName, c.Subscriber.FirstName = last, first
	c.Subscriber.Address.Address1 = street
	info(c).HealthCareCodeInformation[0].DiagnosisCode = dx
	s := svc(c, 0)
	s.ProcedureCode = proc
	if mod != "" {
		s.ProcedureModifiers = []string{mod}
	}
	var a Amount
	var q Quantity
	a.UnmarshalJSON(mustJSON(charge))
	q.UnmarshalJSON(mustJSON(units))
	s.LineItemChargeAmount, s.ServiceUnitCount = a, q
	info(c).ClaimChargeAmount = a
	line(c, 0).ProviderControlNumber = lineCN
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	c.Raw = raw
	return c
}

// TestRoundTripAwkward sends awkward names, codes and amounts through the
// round trip; each must pass its checks and come back.
func TestRoundTripAwkward(t *testing.T) {
	for _, v := range [][9]string{
		{"O'Brien", "Mary-Kate", "12 St. Mary's Ct., #4", "J06.9", "99213", "25", "125.00", "1", "A1"},
		{"Nuñez de la Peña", "José", "12 Müller Straße", "S93.401A", "G0439", "", "0.5", "2.5", ""},
		{"D'Arcy-Okonkwo", "Zoë", "1 Ærø Plads (rear)", "E11", "J1100", "XU", "12", "1.25", "7"},
		{"Van Der Berg Jr", "Ann & Lee", "PO Box 12 = 3/4 @ \"C\"", "Z00.129", "0001U", "",
			"100000.99", "999", "L-1_2"},
	} {
		c := fieldsClaim(t, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8])
		if !roundTrip(t, c) {
			t.Errorf("%q was held: %v", v, Check(c, testOptions()))
		}
	}
}

var baseClaimJSON, inpatientClaimJSON []byte

// inpatientJSON returns the claim of 837i-inpatient.json, read once.
func inpatientJSON(t *testing.T) []byte {
	if inpatientClaimJSON == nil {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "claims",
			"837i-inpatient.json"))
		if err != nil {
			t.Fatal(err)
		}
		var arr []json.RawMessage
		if err := json.Unmarshal(b, &arr); err != nil {
			t.Fatal(err)
		}
		inpatientClaimJSON = arr[0]
	}
	return inpatientClaimJSON
}

func baseClaim(t *testing.T) *Claim {
	if baseClaimJSON == nil {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "claims", "837p-simple.json"))
		if err != nil {
			t.Fatal(err)
		}
		var arr []json.RawMessage
		if err := json.Unmarshal(b, &arr); err != nil {
			t.Fatal(err)
		}
		baseClaimJSON = arr[0]
	}
	c, err := DecodeClaim(baseClaimJSON, UnknownKind)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustJSON(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}

// FuzzRoundTripInstitutional does the same for an 837I claim: codes,
// amounts, dates and the facility type, which decides inpatient rules.
func FuzzRoundTripInstitutional(f *testing.F) {
	f.Add("11", "J18.9", "Y", "80", "4", "39", "0120", "4800.00", "202602100830", "Quennell")
	f.Add("13", "M79.604", "", "A1", "250.5", "20", "0450", "0.01", "20260226", "Ø'Hara")
	f.Fuzz(func(t *testing.T, facility, dx, poa, valueCode, valueAmt, cond, rev, charge,
		admission, last string) {
		c, err := DecodeClaim(inpatientJSON(t), UnknownKind)
		if err != nil {
			t.Fatal(err)
		}
		ci := info(c)
		ci.PlaceOfServiceCode = facility
		ci.PrincipalDiagnosis.PrincipalDiagnosisCode = dx
		ci.PrincipalDiagnosis.PresentOnAdmissionIndicator = poa
		ci.ValueInformation[0].ValueCode = valueCode
		ci.ValueInformation[0].ValueCodeAmount.UnmarshalJSON(mustJSON(valueAmt))
		ci.ConditionCodes[0].ConditionCode = cond
		ci.ClaimDateInformation.AdmissionDateAndHour = admission
		c.Subscriber.LastName = last
		s := isvc(c, 0)
		s.ServiceLineRevenueCode = rev
		var a Amount
		a.UnmarshalJSON(mustJSON(charge))
		if a.Valid() {
			ci.ClaimChargeAmount = Cents(ci.ClaimChargeAmount.Cents -
				s.LineItemChargeAmount.Cents + a.Cents)
		}
		s.LineItemChargeAmount = a
		raw, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		c.Raw = raw
		roundTrip(t, c)
	})
}
