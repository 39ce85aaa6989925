package x837

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Amount is a sum of money in integer cents, decoded exactly from the
// decimal text the APIs send ("100.00", or a bare JSON number). Text that
// is not a valid amount is kept in Bad so that Check can report it.
type Amount struct {
	Cents int64
	Set   bool   // the field was present
	Bad   string // the text, when it is not an amount with at most 2 decimals
}

// Cents returns an Amount holding c cents.
func Cents(c int64) Amount { return Amount{Cents: c, Set: true} }

// IsZero reports whether the field was absent, for omitzero.
func (a Amount) IsZero() bool { return !a.Set }

// Valid reports whether the amount was present and well formed.
func (a Amount) Valid() bool { return a.Set && a.Bad == "" }

// String renders the amount with two decimals, e.g. "100.50".
func (a Amount) String() string {
	if a.Bad != "" {
		return a.Bad
	}
	return formatScaled(a.Cents, 2, true)
}

// X12 renders the amount as an X12 decimal without trailing zeros, e.g.
// "100" or "100.5".
func (a Amount) X12() string { return formatScaled(a.Cents, 2, false) }

// UnmarshalJSON accepts a JSON string or number.
func (a *Amount) UnmarshalJSON(b []byte) error {
	text, ok := scalarText(b)
	if !ok {
		*a = Amount{Set: true, Bad: string(b)}
		return nil
	}
	if text == "" && bytes.Equal(b, []byte("null")) {
		*a = Amount{}
		return nil
	}
	c, ok := parseScaled(text, 2)
	if !ok {
		*a = Amount{Set: true, Bad: text}
		return nil
	}
	*a = Amount{Cents: c, Set: true}
	return nil
}

// MarshalJSON writes the amount as a string with two decimals.
func (a Amount) MarshalJSON() ([]byte, error) { return json.Marshal(a.String()) }

// Quantity is a count of units in thousandths, decoded exactly from the
// decimal text of serviceUnitCount ("1", "2.5"). Bad keeps text that is
// not a number with at most 3 decimals.
type Quantity struct {
	Milli int64
	Set   bool
	Bad   string
}

// IsZero reports whether the field was absent, for omitzero.
func (q Quantity) IsZero() bool { return !q.Set }

// Valid reports whether the quantity was present and well formed.
func (q Quantity) Valid() bool { return q.Set && q.Bad == "" }

// String renders the quantity without trailing zeros, e.g. "1" or "1.5".
func (q Quantity) String() string {
	if q.Bad != "" {
		return q.Bad
	}
	return formatScaled(q.Milli, 3, false)
}

// UnmarshalJSON accepts a JSON string or number.
func (q *Quantity) UnmarshalJSON(b []byte) error {
	text, ok := scalarText(b)
	if !ok {
		*q = Quantity{Set: true, Bad: string(b)}
		return nil
	}
	if text == "" && bytes.Equal(b, []byte("null")) {
		*q = Quantity{}
		return nil
	}
	m, ok := parseScaled(text, 3)
	if !ok {
		*q = Quantity{Set: true, Bad: text}
		return nil
	}
	*q = Quantity{Milli: m, Set: true}
	return nil
}

// MarshalJSON writes the quantity as a string.
func (q Quantity) MarshalJSON() ([]byte, error) { return json.Marshal(q.String()) }

// scalarText returns the text of a JSON string or number; ok is false for
// objects, arrays and booleans. null gives "" and ok.
func scalarText(b []byte) (string, bool) {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		return "", true
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return "", false
		}
		return strings.TrimSpace(s), true
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		return string(b), true
	}
	return "", false
}

// parseScaled reads a plain decimal ("-12.5") into an integer scaled by
// 10^scale. It refuses exponents, more decimals than scale, and values
// beyond 15 integer digits.
func parseScaled(s string, scale int) (int64, bool) {
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	}
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && frac == "" || len(whole) > 15 || len(frac) > scale ||
		hasDot && frac == "" {
		return 0, false
	}
	var v int64
	for _, part := range []string{whole, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return 0, false
			}
			v = v*10 + int64(part[i]-'0')
		}
	}
	for i := len(frac); i < scale; i++ {
		v *= 10
	}
	if neg {
		v = -v
	}
	return v, true
}

// formatScaled renders v/10^scale; with fixed it keeps every decimal,
// without it drops trailing zeros and a bare point.
func formatScaled(v int64, scale int, fixed bool) string {
	var buf [32]byte
	i := len(buf)
	neg := v < 0
	u := uint64(v)
	if neg {
		u = uint64(-v)
	}
	// Decimals, from the last; trailing zeros are dropped unless fixed.
	trailing := !fixed
	for d := 0; d < scale; d++ {
		c := byte('0' + u%10)
		u /= 10
		if trailing && c == '0' {
			continue
		}
		trailing = false
		i--
		buf[i] = c
	}
	if i < len(buf) {
		i--
		buf[i] = '.'
	}
	for {
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}
