package respond

import "github.com/claimflow/claimflow/edi"

// loopTracker follows the loops of an 837 transaction set, segment by
// segment, to name the loop of a segment in error (IK303). It knows the
// loops' opening segments, not every segment the guides allow.
type loopTracker struct {
	institutional bool
	loop          string
	hl            bool // an HL has been seen
	claim         bool // inside loop 2300 or below
	otherPayer    bool // inside loop 2320 or 2330
	line          bool // inside loop 2400 or below
}

// Loops opened by an NM1, by NM101, in each part of the set.
var (
	headerNames = map[string]string{"41": "1000A", "40": "1000B"}
	levelNames  = map[string]string{"85": "2010AA", "87": "2010AB", "PE": "2010AC",
		"IL": "2010BA", "PR": "2010BB", "QC": "2010CA"}
	claimNamesP = map[string]string{"DN": "2310A", "82": "2310B", "77": "2310C",
		"DQ": "2310D", "PW": "2310E", "45": "2310F"}
	claimNamesI = map[string]string{"71": "2310A", "72": "2310B", "ZZ": "2310C",
		"82": "2310D", "77": "2310E", "DN": "2310F"}
	otherPayerNames = map[string]string{"IL": "2330A", "PR": "2330B"}
	lineNamesP      = map[string]string{"82": "2420A", "QB": "2420B", "77": "2420C",
		"DQ": "2420E", "DK": "2420E", "DN": "2420F"}
	lineNamesI = map[string]string{"72": "2420A", "ZZ": "2420B", "82": "2420C",
		"DN": "2420D"}
	hlLoops = map[string]string{"20": "2000A", "22": "2000B", "23": "2000C"}
)

// next moves past s and returns the loop s is in, and whether that loop
// differs from the previous segment's.
func (t *loopTracker) next(s *edi.Segment) (string, bool) {
	before := t.loop
	switch s.ID {
	case "BHT":
		t.loop = ""
	case "HL":
		t.hl, t.claim, t.otherPayer, t.line = true, false, false, false
		t.loop = hlLoops[s.Element(3)]
	case "CLM":
		t.claim, t.otherPayer, t.line = true, false, false
		t.loop = "2300"
	case "SBR":
		if t.claim && !t.line {
			t.otherPayer = true
			t.loop = "2320"
		}
	case "LX":
		t.line, t.otherPayer = true, false
		t.loop = "2400"
	case "LIN":
		t.loop = "2410"
	case "SVD":
		t.loop = "2430"
	case "LQ":
		t.loop = "2440"
	case "NM1":
		if l := t.nameLoop(s.Element(1)); l != "" {
			t.loop = l
		}
	}
	return t.loop, t.loop != before
}

// nameLoop returns the loop an NM1 with entity code q opens where the
// tracker stands, or "" when it does not know it.
func (t *loopTracker) nameLoop(q string) string {
	switch {
	case !t.hl:
		return headerNames[q]
	case t.line && t.institutional:
		return lineNamesI[q]
	case t.line:
		return lineNamesP[q]
	case t.otherPayer:
		return otherPayerNames[q]
	case t.claim && t.institutional:
		return claimNamesI[q]
	case t.claim:
		return claimNamesP[q]
	}
	return levelNames[q]
}
