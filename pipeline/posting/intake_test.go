package posting

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

func TestImport(t *testing.T) {
	eachEnv(t, func(e *env) {
		withControls := claimSpec{pcn: "IMP1", lines: []lineSpec{
			{code: "99213", cents: 10000, control: "IMP1-A"},
			{code: "87880", mods: []string{"QW"}, cents: 2500, units: "2", control: "IMP1-B"}}}
		generated := claimSpec{pcn: "IMP2", lines: []lineSpec{
			{code: "99214", cents: 15000}, {code: "36415", cents: 1200, control: "IMP2L1"}}}
		invalid := claimSpec{pcn: "IMP3", npi: "1234567890"} // check digit fails
		duplicate := claimSpec{pcn: "IMP1"}
		var file bytes.Buffer
		for _, c := range []claimSpec{withControls, generated, invalid, duplicate} {
			file.Write(c.doc())
			file.WriteByte('\n')
		}
		file.WriteString(`{"claimInformation": 5}` + "\n")
		file.WriteString(`{"claimInformation": {"serviceLines": [` +
			`{"professionalService": {"procedureCode": "99213"}}]}}` + "\n")

		var results []ClaimResult
		sum, err := Import(e.ctx, e.s, &file, ImportOptions{Today: today, PerTx: 2,
			OnClaim: func(r ClaimResult) { results = append(results, r) }})
		if err != nil {
			t.Fatalf("Import: %v", err)
		}
		want := ImportSummary{Read: 6, Ready: 2, Invalid: 1, Duplicates: 1, Refused: 2}
		if sum != want || sum.Stored() != 3 {
			t.Errorf("summary %+v, want %+v", sum, want)
		}
		if len(results) != 6 {
			t.Fatalf("%d results, want 6", len(results))
		}
		// Refusals are reported when met; stored claims when their
		// transaction commits.
		byIndex := map[int]ClaimResult{}
		for _, r := range results {
			byIndex[r.Index] = r
		}
		for i, w := range []struct {
			pcn    string
			status lifecycle.Status
		}{{"IMP1", lifecycle.Ready}, {"IMP2", lifecycle.Ready}, {"IMP3", lifecycle.Invalid},
			{"IMP1", ""}, {"", ""}, {"", ""}} {
			r := byIndex[i]
			if r.PCN != w.pcn || r.Status != w.status || (r.ClaimID == "") != (w.status == "") {
				t.Errorf("claim %d: %+v, want PCN %q status %q", i, r, w.pcn, w.status)
			}
		}
		var dup *store.DuplicatePCNError
		if !errors.As(byIndex[3].Err, &dup) || dup.ExistingClaimID != byIndex[0].ClaimID {
			t.Errorf("duplicate: %v", byIndex[3].Err)
		}
		var de *x837.DecodeError
		if !errors.As(byIndex[4].Err, &de) {
			t.Errorf("undecodable claim: %v", byIndex[4].Err)
		}
		if !errors.Is(byIndex[5].Err, ErrNoPCN) {
			t.Errorf("claim without PCN: %v", byIndex[5].Err)
		}
		if codes := byIndex[2].Findings.Codes(); !reflect.DeepEqual(codes,
			[]string{"npi.check_digit"}) {
			t.Errorf("invalid claim findings %v", codes)
		}

		// A claim whose lines all have control numbers is kept byte for
		// byte.
		v1 := e.claim(byIndex[0].ClaimID).Current
		if !bytes.Equal(v1.Document, withControls.doc()) {
			t.Errorf("document changed:\n%s", v1.Document)
		}
		wantLines := []store.Line{
			{Number: 1, ControlNumber: "IMP1-A", ProcedureCode: "99213", ChargeCents: 10000,
				Units: "1", ServiceDate: "2026-03-02"},
			{Number: 2, ControlNumber: "IMP1-B", ProcedureCode: "87880",
				Modifiers: []string{"QW"}, ChargeCents: 2500, Units: "2",
				ServiceDate: "2026-03-02"},
		}
		if !reflect.DeepEqual(v1.Lines, wantLines) {
			t.Errorf("lines %+v\nwant %+v", v1.Lines, wantLines)
		}
		if v1.PayerID != "60054" || v1.Responsibility != "P" || v1.TotalCents != 12500 {
			t.Errorf("version %+v", v1)
		}

		// A line without one gets the number the 837 writer would make up,
		// written into the document, and unique within the claim.
		v2 := e.claim(byIndex[1].ClaimID).Current
		if got := []string{v2.Lines[0].ControlNumber, v2.Lines[1].ControlNumber}; !reflect.
			DeepEqual(got, []string{"IMP2L1X", "IMP2L1"}) {
			t.Errorf("control numbers %v", got)
		}
		c, err := x837.DecodeClaim(v2.Document, x837.Professional)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.ClaimInformation.ServiceLines[0].ProviderControlNumber; got != "IMP2L1X" {
			t.Errorf("written back %q", got)
		}
		var orig, stored map[string]any
		json.Unmarshal(generated.doc(), &orig)
		json.Unmarshal(v2.Document, &stored)
		ci := orig["claimInformation"].(map[string]any)
		line := ci["serviceLines"].([]any)[0].(map[string]any)
		line["providerControlNumber"] = "IMP2L1X"
		if !reflect.DeepEqual(orig, stored) {
			t.Errorf("document differs beyond the control number:\n%s", v2.Document)
		}

		// The invalid claim keeps its findings.
		v3 := e.claim(byIndex[2].ClaimID)
		if v3.Claim.Status != lifecycle.Invalid || len(v3.Current.Findings) != 1 ||
			v3.Current.Findings[0].Path != "billing.npi" {
			t.Errorf("invalid claim %+v %+v", v3.Claim, v3.Current.Findings)
		}
		if n := e.count("claims"); n != 3 {
			t.Errorf("%d claims stored, want 3", n)
		}
	})
}

func TestImportRefusesWhatIsNotAClaimFile(t *testing.T) {
	eachEnv(t, func(e *env) {
		sum, err := Import(e.ctx, e.s, strings.NewReader("ISA*00*..."), ImportOptions{})
		if !errors.Is(err, x837.ErrDecode) || sum != (ImportSummary{}) {
			t.Errorf("Import = %+v, %v", sum, err)
		}
	})
}
