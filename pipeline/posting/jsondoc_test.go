package posting

import (
	"encoding/json"
	"testing"
)

func TestSetPathKeepsTheRest(t *testing.T) {
	doc := []byte(`{ "a" : 1.50 , "b\u0041": {"x": [1, {"y": "}]\""}]},` + "\n" +
		`"claimInformation": {"serviceLines": [ {"k": true}, {"providerControlNumber": ""} ] } }`)
	got, err := setString(doc, []string{"claimInformation", "claimSupplementalInformation",
		"claimControlNumber"}, "PYR 1")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a":1.50,"bA":{"x": [1, {"y": "}]\""}]},"claimInformation":{"serviceLines":` +
		`[ {"k": true}, {"providerControlNumber": ""} ],` +
		`"claimSupplementalInformation":{"claimControlNumber":"PYR 1"}}}`
	if string(got) != want {
		t.Errorf("setString:\n%s\nwant\n%s", got, want)
	}
	got, err = setLineMembers(doc, "providerControlNumber", map[int]string{0: "L1", 1: "L2"})
	if err != nil {
		t.Fatal(err)
	}
	want = `{"a":1.50,"bA":{"x": [1, {"y": "}]\""}]},"claimInformation":{"serviceLines":` +
		`[{"k":true,"providerControlNumber":"L1"},{"providerControlNumber":"L2"}]}}`
	if string(got) != want || !json.Valid(got) {
		t.Errorf("setLineMembers:\n%s\nwant\n%s", got, want)
	}
	for _, bad := range []string{`[1]`, `{"a" 1}`, `{"a": 1`, `{"a": "x}`, `{"a": }`} {
		if _, err := parseObject([]byte(bad)); err == nil {
			t.Errorf("parseObject(%s) accepted", bad)
		}
	}
	if _, err := setLineMembers(doc, "k", map[int]string{5: "x"}); err == nil {
		t.Error("a line that does not exist was written")
	}
}
