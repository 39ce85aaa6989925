package edi

import (
	"errors"
	"strconv"
)

// Amount is a sum of money in cents. X12 monetary elements are decimal
// numbers with at most two places; Amount keeps them exact.
type Amount int64

// ErrAmount is returned for a monetary value that is not a decimal number
// with at most two significant places.
var ErrAmount = errors.New("not a monetary amount")

// ParseAmount reads an X12 decimal ("150", "-9.5", "1234.50", ".75").
// Places beyond the second must be zeros; anything else is ErrAmount, so
// that no cent is ever rounded away.
func ParseAmount(b []byte) (Amount, error) {
	// Most amounts are plain: digits, then perhaps a point and one or two
	// places. Up to 16 digits cannot overflow.
	var v int64
	i := 0
	for ; i < len(b) && i < 16 && b[i]-'0' <= 9; i++ {
		v = v*10 + int64(b[i]-'0')
	}
	switch rest := b[i:]; {
	case len(rest) == 0 && i > 0:
		return Amount(v * 100), nil
	case len(rest) == 0 || rest[0] != '.':
	case len(rest) == 3 && rest[1]-'0' <= 9 && rest[2]-'0' <= 9:
		return Amount(v*100 + int64(rest[1]-'0')*10 + int64(rest[2]-'0')), nil
	case len(rest) == 2 && rest[1]-'0' <= 9:
		return Amount(v*100 + int64(rest[1]-'0')*10), nil
	case len(rest) == 1 && i > 0:
		return Amount(v * 100), nil
	}
	return parseAmount(b)
}

// parseAmount is ParseAmount for any input: signs, more places, errors.
func parseAmount(b []byte) (Amount, error) {
	if len(b) == 0 {
		return 0, ErrAmount
	}
	neg := false
	switch b[0] {
	case '-':
		neg, b = true, b[1:]
	case '+':
		b = b[1:]
	}
	var units, cents int64
	digits, places, dot := 0, 0, false
	for _, c := range b {
		switch {
		case c == '.' && !dot:
			dot = true
		case c >= '0' && c <= '9':
			d := int64(c - '0')
			digits++
			switch {
			case !dot:
				if units > (1<<62)/10 {
					return 0, ErrAmount
				}
				units = units*10 + d
			case places < 2:
				cents = cents*10 + d
				places++
			case d != 0:
				return 0, ErrAmount
			}
		default:
			return 0, ErrAmount
		}
	}
	if digits == 0 {
		return 0, ErrAmount
	}
	for ; places < 2; places++ {
		cents *= 10
	}
	v := Amount(units*100 + cents)
	if neg {
		v = -v
	}
	return v, nil
}

// MustAmount parses s and panics when it is not an amount. It is meant for
// constants in tests and tables.
func MustAmount(s string) Amount {
	a, err := ParseAmount([]byte(s))
	if err != nil {
		panic("edi: bad amount constant " + strconv.Quote(s))
	}
	return a
}

// String renders the amount with two places, e.g. "1234.50" or "-9.00".
func (a Amount) String() string {
	return string(a.appendFixed(nil))
}

// X12 renders the amount as X12 writes decimals: no trailing zeros after
// the point and no point for whole amounts ("100", "12.5", "-0.75").
func (a Amount) X12() string {
	b := a.appendFixed(nil)
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return string(b)
}

func (a Amount) appendFixed(b []byte) []byte {
	v := int64(a)
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/100, 10)
	b = append(b, '.', byte('0'+v%100/10), byte('0'+v%10))
	return b
}

// MarshalText writes the amount as a decimal string with two places, which
// is how claimflow's JSON carries money ("1234.50").
func (a Amount) MarshalText() ([]byte, error) { return a.appendFixed(nil), nil }

// UnmarshalText reads a decimal string.
func (a *Amount) UnmarshalText(b []byte) error {
	v, err := ParseAmount(b)
	if err != nil {
		return err
	}
	*a = v
	return nil
}
