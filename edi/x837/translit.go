package x837

import (
	"strings"
	"unicode/utf8"
)

// translit maps accented Latin letters to plain ASCII. It is applied only
// to names and addresses; docs/claims-format.md prints the table. Case is
// kept: é becomes e and É becomes E.
var translit = map[rune]string{
	'À': "A", 'Á': "A", 'Â': "A", 'Ã': "A", 'Ä': "A", 'Å': "A", 'Ā': "A", 'Ă': "A", 'Ą': "A",
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ă': "a", 'ą': "a",
	'Æ': "AE", 'æ': "ae", 'Œ': "OE", 'œ': "oe", 'ß': "ss", 'Þ': "TH", 'þ': "th",
	'Ç': "C", 'Ć': "C", 'Č': "C", 'ç': "c", 'ć': "c", 'č': "c",
	'Ð': "D", 'Ď': "D", 'Đ': "D", 'ð': "d", 'ď': "d", 'đ': "d",
	'È': "E", 'É': "E", 'Ê': "E", 'Ë': "E", 'Ē': "E", 'Ė': "E", 'Ę': "E", 'Ě': "E",
	'è': "e", 'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ė': "e", 'ę': "e", 'ě': "e",
	'Ğ': "G", 'ğ': "g",
	'Ì': "I", 'Í': "I", 'Î': "I", 'Ï': "I", 'Ī': "I", 'İ': "I", 'Į': "I",
	'ì': "i", 'í': "i", 'î': "i", 'ï': "i", 'ī': "i", 'ı': "i", 'į': "i",
	'Ł': "L", 'Ľ': "L", 'Ĺ': "L", 'ł': "l", 'ľ': "l", 'ĺ': "l",
	'Ñ': "N", 'Ń': "N", 'Ň': "N", 'ñ': "n", 'ń': "n", 'ň': "n",
	'Ò': "O", 'Ó': "O", 'Ô': "O", 'Õ': "O", 'Ö': "O", 'Ø': "O", 'Ō': "O", 'Ő': "O",
	'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o", 'ö': "o", 'ø': "o", 'ō': "o", 'ő': "o",
	'Ŕ': "R", 'Ř': "R", 'ŕ': "r", 'ř': "r",
	'Ś': "S", 'Š': "S", 'Ş': "S", 'ś': "s", 'š': "s", 'ş': "s",
	'Ť': "T", 'Ţ': "T", 'ť': "t", 'ţ': "t",
	'Ù': "U", 'Ú': "U", 'Û': "U", 'Ü': "U", 'Ū': "U", 'Ů': "U", 'Ű': "U",
	'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ů': "u", 'ű': "u",
	'Ý': "Y", 'Ÿ': "Y", 'ý': "y", 'ÿ': "y",
	'Ź': "Z", 'Ż': "Z", 'Ž': "Z", 'ź': "z", 'ż': "z", 'ž': "z",
}

// textProblem is what a text field holds that cannot be written raw.
type textProblem uint8

const (
	textOK        textProblem = iota
	textLower                 // lowercase letters in a name, written in capitals
	textTranslit              // accented letters that translit maps
	textDelimiter             // a byte that is one of the delimiters
	textCharset               // a byte outside printable ASCII, not mapped
)

// classify tells whether s can be written as it is. Printable ASCII
// (space to tilde) is the character set claimflow writes; accented
// letters are accepted only where translit applies. In names, lowercase
// letters are reported too, since they are written in capitals.
func classify(s string, d delimSet, names bool) textProblem {
	worst := textOK
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c < 0x20 || c == 0x7f:
				return textCharset
			case d.has(c):
				worst = textDelimiter
			case names && worst == textOK && c >= 'a' && c <= 'z':
				worst = textLower
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if _, ok := translit[r]; !ok || !names {
			return textCharset
		}
		if worst < textTranslit {
			worst = textTranslit
		}
	}
	return worst
}

// Transliterate replaces the accented letters of s by the translit table
// and leaves every other character as it is.
func Transliterate(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if t, ok := translit[r]; ok {
			b.WriteString(t)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// delimSet is the set of delimiter bytes in use, as a bitmap.
type delimSet [4]uint64

func (d *delimSet) add(c byte) {
	if c != 0 {
		d[c>>6] |= 1 << (c & 63)
	}
}

func (d delimSet) has(c byte) bool { return d[c>>6]&(1<<(c&63)) != 0 }
