package inspect

import (
	"strings"
	"testing"
)

// TestTable checks that amounts line up on their decimal points, that an
// indented first cell counts its indent, and that notes do not widen the
// first column.
func TestTable(t *testing.T) {
	tb := newTable("lrr")
	tb.row(0, "", "Charge", "Paid")
	tb.row(0, "Claim", "1234.50", "-0.75")
	tb.row(2, "CO-45", "", "5.00")
	tb.note(2, "a remark much longer than the first column is wide")
	tb.row(0, "Línea", "12.00")
	want := strings.Join([]string{
		">           Charge   Paid",
		"> Claim    1234.50  -0.75",
		">   CO-45            5.00",
		">   a remark much longer than the first column is wide",
		"> Línea      12.00",
	}, "\n")
	if got := strings.Join(tb.lines("> "), "\n"); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}

func TestClip(t *testing.T) {
	cases := []struct {
		in   string
		n    int
		want string
	}{
		{"Deductible the patient owes", 40, "Deductible the patient owes"},
		{"Charge is above the fee schedule, maximum allowed", 36,
			"Charge is above the fee schedule..."},
		{"Co-payment: éàü and more", 14, "Co-payment..."},
	}
	for _, c := range cases {
		if got := clip(c.in, c.n); got != c.want || width(got) > c.n {
			t.Errorf("clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
