package x835

import (
	"strings"
	"testing"
)

func TestCodeSets(t *testing.T) {
	for list, set := range map[string]*codeSet{
		"50 51 72 90 AH AM AP B2 B3 BD BN C5 CR CS CT CV CW DM E3 FB FC GO HM IP IR IS J1 " +
			"L3 L6 LE LS OA OB PI PL RA RE SL TL WO WU": plbCodes,
		"1S APC BB E9 G1 G3 LU RB 6R 0B 1A 1B 1C 1D 1G 1H 1J D3 G2 HPI SY TJ 0K": lineRefs,
		"C D":                       bpr03Codes,
		"1 2 3 4 19 20 21 22 23 25": clp02Codes,
	} {
		for _, c := range strings.Fields(list) {
			if v, ok := set.lookup([]byte(c)); !ok || v != c {
				t.Errorf("%q not found: %q %v", c, v, ok)
			}
		}
		for _, c := range []string{"", "Z", "ZZ", "ZZZ", "WOX", "HPIX", "6", "R6", "c"} {
			if set.has([]byte(c)) {
				t.Errorf("%q found in %s", c, list)
			}
		}
	}
	var none *codeSet
	if none.has([]byte("A")) {
		t.Error("a nil set has codes")
	}
}

func TestStrCache(t *testing.T) {
	var c strCache
	rnd := uint64(1)
	for i := 0; i < 200000; i++ {
		rnd = rnd*6364136223846793005 + 1442695040888963407
		n := int(rnd>>59) % 21
		b := make([]byte, n)
		for j := range b {
			rnd = rnd*6364136223846793005 + 1442695040888963407
			b[j] = "AB0\x00"[rnd>>62]
		}
		if got := c.get(b); got != string(b) {
			t.Fatalf("get(%q) = %q", b, got)
		}
	}
}
