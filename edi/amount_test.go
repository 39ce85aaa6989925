package edi

import (
	"errors"
	"testing"
)

func TestParseAmount(t *testing.T) {
	for _, tc := range []struct {
		in        string
		cents     Amount
		fixed, rx string
	}{
		{"150", 15000, "150.00", "150"},
		{"-9.5", -950, "-9.50", "-9.5"},
		{"1234.50", 123450, "1234.50", "1234.5"},
		{".75", 75, "0.75", "0.75"},
		{"0", 0, "0.00", "0"},
		{"+12.", 1200, "12.00", "12"},
		{"3.1400", 314, "3.14", "3.14"},
		{"-0.05", -5, "-0.05", "-0.05"},
	} {
		got, err := ParseAmount([]byte(tc.in))
		if err != nil || got != tc.cents || got.String() != tc.fixed || got.X12() != tc.rx {
			t.Errorf("%q: %d %v %q %q", tc.in, got, err, got.String(), got.X12())
		}
	}
	for _, bad := range []string{"", "-", ".", "1.005", "12a", "1.2.3", "1,000", " 1",
		"99999999999999999999"} {
		if _, err := ParseAmount([]byte(bad)); !errors.Is(err, ErrAmount) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}

func TestAmountText(t *testing.T) {
	var a Amount
	if err := a.UnmarshalText([]byte("42.10")); err != nil || a != 4210 {
		t.Fatalf("%d %v", a, err)
	}
	if b, _ := a.MarshalText(); string(b) != "42.10" {
		t.Fatalf("%s", b)
	}
}
