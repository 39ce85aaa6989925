package store

import "strings"

// PCNKey is the form in which patient control numbers are compared when
// an answer's number does not equal any claim's: upper case, letters and
// digits only. Payers drop punctuation and change case; claim_versions
// keeps each number's key so that such answers still find their claim.
func PCNKey(pcn string) string {
	var b strings.Builder
	b.Grow(len(pcn))
	for i := 0; i < len(pcn); i++ {
		c := pcn[i]
		switch {
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 'a' + 'A')
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			b.WriteByte(c)
		}
	}
	return b.String()
}
