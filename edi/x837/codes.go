package x837

import "strings"

// Code lists the checks accept. Each maps a code to nothing; the guide's
// external code lists that change often (taxonomy, CPT) are checked for
// shape only.
var (
	filingCodes = set("11", "12", "13", "14", "15", "16", "17", "AM", "BL", "CH", "CI",
		"DS", "FI", "HM", "LM", "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ")
	responsibilityCodes = set("P", "S", "T", "A", "B", "C", "D", "E", "F", "G", "H", "U")
	genderCodes         = set("M", "F", "U")
	relationshipCodes   = set("01", "19", "20", "21", "39", "40", "53", "G8")
	signatureCodes      = set("Y", "N")
	participationCodes  = set("A", "B", "C")
	benefitsCodes       = set("Y", "N", "W")
	releaseCodes        = set("I", "Y")
	patientSigCodes     = set("P")
	// poaCodes are the 5010 present-on-admission values; an exempt
	// diagnosis (the "1" of the paper form) is sent without one.
	poaCodes           = set("Y", "N", "U", "W")
	admissionTypeCodes = set("1", "2", "3", "4", "5", "9")
	relatedCausesCodes = set("AA", "EM", "OA")
	profFrequencies    = set("1", "7", "8")
	instFrequencies    = set("0", "1", "2", "3", "4", "5", "7", "8")
	profUnits          = set("UN", "MJ")
	instUnits          = set("UN", "DA")
	insuranceTypeCodes = set("12", "13", "14", "15", "16", "41", "42", "43", "47")
	delayReasonCodes   = set("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "15")
)

func set(codes ...string) map[string]bool {
	m := make(map[string]bool, len(codes))
	for _, c := range codes {
		m[c] = true
	}
	return m
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isUpperAlnum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

func isAlnum(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// ValidNPI reports whether s is a 10-digit NPI whose last digit is the
// Luhn check digit computed over the prefix 80840 and the first nine
// digits.
func ValidNPI(s string) bool {
	if len(s) != 10 || !isDigits(s) {
		return false
	}
	// The prefix 80840 contributes a constant 24 to the Luhn sum.
	sum := 24
	for i := 8; i >= 0; i-- {
		d := int(s[i] - '0')
		if (8-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	check := (10 - sum%10) % 10
	return check == int(s[9]-'0')
}

// ICD10 returns an ICD-10-CM code without its dot, and whether it has the
// code's shape: a letter, a digit, then one to five letters or digits,
// with a dot, if any, after the third character.
func ICD10(s string) (string, bool) {
	code := s
	if i := strings.IndexByte(s, '.'); i >= 0 {
		if i != 3 || strings.Count(s, ".") > 1 || i == len(s)-1 {
			return strings.ReplaceAll(s, ".", ""), false
		}
		code = s[:3] + s[4:]
	}
	if len(code) < 3 || len(code) > 7 || !isUpperAlnum(code) {
		return code, false
	}
	if code[0] < 'A' || code[0] > 'Z' || code[1] < '0' || code[1] > '9' {
		return code, false
	}
	return code, true
}

// ValidProcedure reports whether s has the shape of a CPT code (five
// digits, or four digits and F, T or U) or a HCPCS Level II code (a
// letter and four digits).
func ValidProcedure(s string) bool {
	if len(s) != 5 {
		return false
	}
	if isDigits(s[:4]) {
		c := s[4]
		return c >= '0' && c <= '9' || c == 'F' || c == 'T' || c == 'U'
	}
	return s[0] >= 'A' && s[0] <= 'Z' && isDigits(s[1:])
}

// validDate reports whether s is a calendar date written CCYYMMDD.
func validDate(s string) bool {
	if len(s) != 8 || !isDigits(s) {
		return false
	}
	y := atoi(s[:4])
	m := atoi(s[4:6])
	d := atoi(s[6:])
	if y < 1900 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && (y%4 == 0 && y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

// validHour reports whether s is a time written HHMM.
func validHour(s string) bool {
	return len(s) == 4 && isDigits(s) && atoi(s[:2]) < 24 && atoi(s[2:]) < 60
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
