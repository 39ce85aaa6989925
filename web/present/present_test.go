package present

import (
	"testing"
	"time"
)

func TestMoney(t *testing.T) {
	for cents, want := range map[int64]string{
		0: "0.00", 5: "0.05", 123456: "1,234.56", -123456: "-1,234.56",
		100000000: "1,000,000.00", 99999: "999.99",
	} {
		if got := Money(cents); got != want {
			t.Errorf("Money(%d) = %q, want %q", cents, got, want)
		}
	}
	if got := Dollars(-800); got != "-$8.00" {
		t.Errorf("Dollars(-800) = %q", got)
	}
	if got := Decimal(-123456); got != "-1234.56" {
		t.Errorf("Decimal(-123456) = %q", got)
	}
}

func TestDates(t *testing.T) {
	at := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	if got := DateTime(at); got != "Mar 4, 2025 05:06 UTC" {
		t.Errorf("DateTime = %q", got)
	}
	for in, want := range map[string]string{"2025-03-20": "Mar 20, 2025",
		"20250303": "Mar 3, 2025", "soon": "soon", "": ""} {
		if got := Day(in); got != want {
			t.Errorf("Day(%q) = %q, want %q", in, got, want)
		}
	}
	if Date(time.Time{}) != "" || Percent(0.625) != "62.5%" || Size(12345) != "12.3 KB" {
		t.Error("zero date, percent or size")
	}
}
