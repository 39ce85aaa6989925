package x835

import (
	"math/bits"
	"strings"
)

// codeSet is a set of the code values that one element allows. Codes are
// one to three characters; each packs into a uint32 key, and the keys sit
// in a small open-addressed table, so that a lookup is a multiply and a
// compare or two, and hands back the code as a string without allocating.
type codeSet struct {
	keys  []uint32 // 0 marks a free slot; no packed key is 0
	codes []string
	pos   []uint8 // each code's place in the list, from 1
	shift uint
}

func codes(list string) *codeSet {
	cs := strings.Fields(list)
	size := 8
	for size < 4*len(cs) {
		size *= 2
	}
	s := &codeSet{keys: make([]uint32, size), codes: make([]string, size),
		pos: make([]uint8, size), shift: uint(32 - bits.TrailingZeros(uint(size)))}
	for n, c := range cs {
		k, ok := packCode([]byte(c))
		if !ok {
			panic("x835: code longer than three characters: " + c)
		}
		i := s.slot(k)
		for s.keys[i] != 0 {
			i = (i + 1) & (size - 1)
		}
		s.keys[i], s.codes[i], s.pos[i] = k, c, uint8(n+1)
	}
	return s
}

// packCode packs a code of one to three bytes, with its length, into a key.
func packCode(b []byte) (uint32, bool) {
	switch len(b) {
	case 1:
		return 1<<8 | uint32(b[0]), true
	case 2:
		return 2<<16 | uint32(b[0])<<8 | uint32(b[1]), true
	case 3:
		return 3<<24 | uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2]), true
	}
	return 0, false
}

func (s *codeSet) slot(k uint32) int { return int((k * 2654435769) >> s.shift) }

// find returns the slot holding b, or -1.
func (s *codeSet) find(b []byte) int {
	k, ok := packCode(b)
	if !ok || s == nil {
		return -1
	}
	mask := len(s.keys) - 1
	for i := s.slot(k); s.keys[i] != 0; i = (i + 1) & mask {
		if s.keys[i] == k {
			return i
		}
	}
	return -1
}

// lookup returns b as the set's string when the set holds it.
func (s *codeSet) lookup(b []byte) (string, bool) {
	if i := s.find(b); i >= 0 {
		return s.codes[i], true
	}
	return "", false
}

// place returns b's place in the set's list, from 1, or 0.
func (s *codeSet) place(b []byte) int {
	if i := s.find(b); i >= 0 {
		return int(s.pos[i])
	}
	return 0
}

func (s *codeSet) has(b []byte) bool {
	_, ok := s.lookup(b)
	return ok
}

// The code values that 005010X221A1 allows in the elements the reader
// checks, by element and, where the allowed values differ, by loop. What
// the codes mean is edi/codes' business; this table only says what is
// expected where. A value outside its set is a warning, never a refusal.
var (
	bpr01Codes = codes("C D H I P U X")
	bpr03Codes = codes("C D")
	bpr04Codes = codes("ACH BOP CHK FWT NON")
	bpr05Codes = codes("CCP CTX")
	dfiCodes   = codes("01 04")       // BPR06, BPR12
	bpr08Codes = codes("DA")          // BPR08
	bpr14Codes = codes("DA SG")       // BPR14
	trn01Codes = codes("1")           // TRN01
	cur01Codes = codes("PR")          // CUR01
	headerRefs = codes("EV F2")       // REF in the header
	headerDTM  = codes("405")         // DTM in the header
	payerN103  = codes("XV")          // loop 1000A N103
	payerRefs  = codes("2U EO HI NF") // loop 1000A REF01
	payerPER   = codes("CX BL IC")    // loop 1000A PER01
	payeeN103  = codes("FI XV XX")    // loop 1000B N103
	payeeRefs  = codes("0B D3 PQ TJ") // loop 1000B REF01
	rdm01Codes = codes("BM EM FT OL") // loop 1000B RDM01

	clp02Codes = codes("1 2 3 4 19 20 21 22 23 25")
	clp06Codes = codes("12 13 14 15 16 17 AM CH DS HM LM MA MB MC OF TV VA WC ZZ")
	// CR left the group codes in 005010 but still arrives in older files.
	cas01Codes = codes("CO CR OA PI PR")
	claimRefs  = codes("1L 1W 28 6P 9A 9C BB CE EA F8 G1 G3 IG SY " + // other claim IDs
		"0B 1A 1B 1C 1D 1G 1H 1J D3 G2 LU") // rendering provider IDs
	claimDTM = codes("232 233 036 050")
	claimPER = codes("CX")
	claimAMT = codes("AU D8 DY F5 I NL T T2 ZK ZL ZM ZN ZO")
	claimQTY = codes("CA CD LA LE NE NR OU PS VS ZK ZL ZM ZN ZO")
	// NM108 by NM101 in loop 2100
	qcNM108  = codes("34 HN II MI MR")
	ilNM108  = codes("FI II MI")
	c74NM108 = codes("C")
	c82NM108 = codes("BD BS FI MC PC SL UP XX")
	payNM108 = codes("AD FI NI PI PP XV") // TT and PR
	gbNM108  = codes("FI II MI")

	svc01Codes = codes("AD ER HC HP IV N4 N6 NU UI WK")
	svc06Codes = codes("AD ER HC HP IV N4 NU WK")
	lineDTM    = codes("150 151 472")
	lineRefs   = codes("1S APC BB E9 G1 G3 LU RB " + // service identification
		"6R " + // line item control number
		"0B 1A 1B 1C 1D 1G 1H 1J D3 G2 HPI SY TJ " + // rendering provider
		"0K") // health care policy
	lineAMT   = codes("B6 KH T T2 ZK ZL ZM ZN ZO")
	lineQTY   = codes("ZK ZL ZM ZN ZO")
	lq01Codes = codes("HE RX")

	plbCodes = codes("50 51 72 90 AH AM AP B2 B3 BD BN C5 CR CS CT CV CW DM E3 FB FC GO HM " +
		"IP IR IS J1 L3 L6 LE LS OA OB PI PL RA RE SL TL WO WU")
)
