package x835

import (
	"strconv"
	"time"

	"github.com/claimflow/claimflow/edi"
)

// Decimal is an X12 decimal number (data type R) kept exactly as written:
// units of service, day counts, DRG weights, rates and fractions. The empty
// Decimal means the element was absent. The reader keeps only values that
// are decimal numbers and reports the others as findings.
type Decimal string

// Float64 returns the number, or 0 when it is absent or not a number.
func (d Decimal) Float64() float64 {
	f, err := strconv.ParseFloat(string(d), 64)
	if err != nil {
		return 0
	}
	return f
}

// validDecimal reports whether b is an optional sign, digits and at most one
// decimal point, with at least one digit.
func validDecimal(b []byte) bool {
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		b = b[1:]
	}
	digits, dot := 0, false
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// Date is a CCYYMMDD date kept as written. The empty Date means the element
// was absent. Payers sometimes send placeholders such as 00000000; Time
// reports those as not a date.
type Date string

// Time returns the date at midnight UTC, and false when the value is not a
// calendar date.
func (d Date) Time() (time.Time, bool) {
	if !validDate([]byte(d)) {
		return time.Time{}, false
	}
	t, err := time.Parse("20060102", string(d))
	return t, err == nil
}

// validDate reports whether b is eight digits naming a real calendar day.
func validDate(b []byte) bool {
	if len(b) != 8 {
		return false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	y, m, d := n/10000, n/100%100, n%100
	if y == 0 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= daysIn(y, m)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Ref is a REF segment: a qualified identifier. Which qualifiers a loop
// allows is listed with the loop's type.
type Ref struct {
	Qualifier string // REF01, e.g. "6R"
	Value     string // REF02
	Pos       edi.Position
}

// DateRef is a DTM segment: a qualified date, e.g. 472 (service date) or
// 232 (statement from).
type DateRef struct {
	Qualifier string // DTM01
	Date      Date   // DTM02
	Pos       edi.Position
}

// AmountRef is an AMT segment: a qualified supplemental amount, e.g. B6
// (allowed) or I (interest).
type AmountRef struct {
	Qualifier string     // AMT01
	Amount    edi.Amount // AMT02
	Pos       edi.Position
}

// QuantityRef is a QTY segment: a qualified supplemental quantity.
type QuantityRef struct {
	Qualifier string  // QTY01
	Quantity  Decimal // QTY02
	Pos       edi.Position
}

// Contact is a PER segment: a contact function and up to three
// communication numbers, each with its qualifier (TE, EM, FX, EX, UR).
type Contact struct {
	Function string        // PER01: CX, BL or IC
	Name     string        // PER02
	Numbers  [3]CommNumber // PER03-PER04, PER05-PER06, PER07-PER08
	Pos      edi.Position
}

// CommNumber is one qualified communication number of a PER segment.
type CommNumber struct {
	Qualifier string // e.g. "TE"
	Number    string
}

// Address is an N3 segment: one or two street lines.
type Address struct {
	Line1 string // N301
	Line2 string // N302
	Pos   edi.Position
}

// CityStateZIP is an N4 segment.
type CityStateZIP struct {
	City        string // N401
	State       string // N402
	PostalCode  string // N403
	Country     string // N404
	Subdivision string // N407
	Pos         edi.Position
}

// findRef returns the value of the first Ref with qualifier q.
func findRef(refs []Ref, q string) (string, bool) {
	for i := range refs {
		if refs[i].Qualifier == q {
			return refs[i].Value, true
		}
	}
	return "", false
}

// findDate returns the first date with qualifier q.
func findDate(ds []DateRef, q string) (Date, bool) {
	for i := range ds {
		if ds[i].Qualifier == q {
			return ds[i].Date, true
		}
	}
	return "", false
}

// findAmount returns the first amount with qualifier q.
func findAmount(as []AmountRef, q string) (edi.Amount, bool) {
	for i := range as {
		if as[i].Qualifier == q {
			return as[i].Amount, true
		}
	}
	return 0, false
}

// findQuantity returns the first quantity with qualifier q.
func findQuantity(qs []QuantityRef, q string) (Decimal, bool) {
	for i := range qs {
		if qs[i].Qualifier == q {
			return qs[i].Quantity, true
		}
	}
	return "", false
}
