package x837

import (
	"encoding/json"
	"testing"
)

func TestAmount(t *testing.T) {
	for _, tc := range []struct {
		in       string
		cents    int64
		bad      string
		str, x12 string
	}{
		{`"100.00"`, 10000, "", "100.00", "100"},
		{`"100.5"`, 10050, "", "100.50", "100.5"},
		{`"0.05"`, 5, "", "0.05", "0.05"},
		{`"-9.5"`, -950, "", "-9.50", "-9.5"},
		{`12`, 1200, "", "12.00", "12"},
		{`"0"`, 0, "", "0.00", "0"},
		{`"12.345"`, 0, "12.345", "12.345", "0"},
		{`"1e3"`, 0, "1e3", "1e3", "0"},
		{`"12."`, 0, "12.", "12.", "0"},
		{`1.5e2`, 0, "1.5e2", "1.5e2", "0"},
		{`true`, 0, "true", "true", "0"},
	} {
		var a Amount
		if err := json.Unmarshal([]byte(tc.in), &a); err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		if a.Cents != tc.cents || a.Bad != tc.bad || !a.Set || a.String() != tc.str ||
			a.X12() != tc.x12 {
			t.Errorf("%s: %+v %q %q", tc.in, a, a.String(), a.X12())
		}
	}
	var q Quantity
	if err := json.Unmarshal([]byte(`"2.125"`), &q); err != nil || q.Milli != 2125 ||
		q.String() != "2.125" {
		t.Errorf("quantity %+v", q)
	}
	if err := json.Unmarshal([]byte(`"1.0000"`), &q); err != nil || q.Bad != "1.0000" {
		t.Errorf("quantity %+v", q)
	}
}
