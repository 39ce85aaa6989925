package edi

import "fmt"

// Delimiters are the separators an interchange declares in its ISA segment.
// A zero Repetition means the interchange has no repetition separator.
type Delimiters struct {
	Element    byte // ISA byte 4
	Component  byte // ISA16
	Repetition byte // ISA11 from version 00402 on, else 0
	Segment    byte // the byte after ISA16
}

// DefaultDelimiters are the separators claimflow writes unless a connection
// asks for others: '*' between elements, ':' between components, '^'
// between repetitions and '~' after each segment.
var DefaultDelimiters = Delimiters{Element: '*', Component: ':', Repetition: '^', Segment: '~'}

// Has reports whether c is one of the delimiters.
func (d Delimiters) Has(c byte) bool {
	return c == d.Element || c == d.Component || c == d.Segment ||
		(d.Repetition != 0 && c == d.Repetition)
}

// Validate reports delimiters that an interchange cannot use: two roles
// sharing a byte, or a letter or digit in any role.
func (d Delimiters) Validate() error {
	roles := []struct {
		name string
		c    byte
	}{{"element", d.Element}, {"component", d.Component}, {"segment", d.Segment}}
	if d.Repetition != 0 {
		roles = append(roles, struct {
			name string
			c    byte
		}{"repetition", d.Repetition})
	}
	for i, r := range roles {
		if isAlnum(r.c) || r.c == 0 {
			return fmt.Errorf("%s separator %q is not usable", r.name, r.c)
		}
		for _, o := range roles[:i] {
			if o.c == r.c {
				return fmt.Errorf("%s and %s separators are both %q", o.name, r.name, r.c)
			}
		}
	}
	return nil
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
