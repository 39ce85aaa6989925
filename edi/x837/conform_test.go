package x837

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// This file checks built 837s against the implementation guides
// independently of the writer: each element's data type, length and code
// values, the segments each loop requires or forbids in its situation,
// and the repeats the guides allow. It reads the output as plain text, so
// a writer defect cannot hide behind the reader.

// el describes one element (or one component, comp > 0) of a segment.
type el struct {
	pos, comp int
	typ       string // AN, ID, N0, R, DT, TM
	min, max  int
	codes     string // allowed values, space separated; "" for any
	req       bool
}

// segRules are the element rules of the segments claimflow writes, keyed
// by segment ID, or by ID and qualifier where the guide narrows them.
var segRules = map[string][]el{
	"BHT": {{1, 0, "ID", 4, 4, "0019", true}, {2, 0, "ID", 2, 2, "00", true},
		{3, 0, "AN", 1, 50, "", true}, {4, 0, "DT", 8, 8, "", true},
		{5, 0, "TM", 4, 8, "", true}, {6, 0, "ID", 2, 2, "CH", true}},
	"NM1": {{1, 0, "ID", 2, 3, "41 40 85 IL PR QC DN 82 71", true},
		{2, 0, "ID", 1, 1, "1 2", true}, {3, 0, "AN", 1, 60, "", true},
		{4, 0, "AN", 1, 35, "", false}, {5, 0, "AN", 1, 25, "", false},
		{6, 0, "AN", 0, 0, "", false}, {7, 0, "AN", 1, 10, "", false},
		{8, 0, "ID", 1, 2, "46 XX MI PI", false}, {9, 0, "AN", 2, 80, "", false}},
	"PER": {{1, 0, "ID", 2, 2, "IC", true}, {2, 0, "AN", 1, 60, "", false},
		{3, 0, "ID", 2, 2, "TE EM FX", true}, {4, 0, "AN", 1, 256, "", true},
		{5, 0, "ID", 2, 2, "TE EM FX EX", false}, {6, 0, "AN", 1, 256, "", false},
		{7, 0, "ID", 2, 2, "TE EM FX EX", false}, {8, 0, "AN", 1, 256, "", false}},
	"HL": {{1, 0, "AN", 1, 12, "", true}, {2, 0, "AN", 1, 12, "", false},
		{3, 0, "ID", 1, 2, "20 22 23", true}, {4, 0, "ID", 1, 1, "0 1", true}},
	"PRV": {{1, 0, "ID", 1, 3, "BI PE AT", true}, {2, 0, "ID", 2, 3, "PXC", true},
		{3, 0, "AN", 10, 10, "", true}},
	"N3": {{1, 0, "AN", 1, 55, "", true}, {2, 0, "AN", 1, 55, "", false}},
	"N4": {{1, 0, "AN", 2, 30, "", true}, {2, 0, "ID", 2, 2, "", true},
		{3, 0, "ID", 3, 15, "", true}},
	"REF":    {{1, 0, "ID", 2, 3, "EI SY 9F G1 F8 D9 EA 6R", true}, {2, 0, "AN", 1, 50, "", true}},
	"REF*D9": {{2, 0, "AN", 1, 20, "", true}},
	"REF*EI": {{2, 0, "N0", 9, 9, "", true}},
	"SBR": {{1, 0, "ID", 1, 1, "P", true}, {2, 0, "ID", 2, 2, "18", false},
		{3, 0, "AN", 1, 50, "", false}, {4, 0, "AN", 1, 60, "", false},
		{5, 0, "ID", 0, 0, "", false}, {9, 0, "ID", 1, 2, "11 12 13 14 15 16 17 AM BL CH " +
			"CI DS FI HM LM MA MB MC OF TV VA WC ZZ", true}},
	"DMG": {{1, 0, "ID", 2, 3, "D8", true}, {2, 0, "DT", 8, 8, "", true},
		{3, 0, "ID", 1, 1, "F M U", true}},
	"PAT": {{1, 0, "ID", 2, 2, "01 19 20 21 39 40 53 G8", true}},
	"CLM": {{1, 0, "AN", 1, 38, "", true}, {2, 0, "R", 1, 18, "", true},
		{3, 0, "AN", 0, 0, "", false}, {4, 0, "AN", 0, 0, "", false},
		{5, 1, "AN", 1, 2, "", true}, {5, 2, "ID", 1, 2, "A B", true},
		{5, 3, "ID", 1, 1, "0 1 2 3 4 5 7 8", true},
		{7, 0, "ID", 1, 1, "A B C", true}, {8, 0, "ID", 1, 1, "N W Y", true},
		{9, 0, "ID", 1, 1, "I Y", true}, {10, 0, "ID", 1, 1, "P", false},
		{11, 1, "ID", 2, 3, "AA EM OA", false}, {11, 2, "ID", 2, 3, "AA EM OA", false},
		{11, 4, "ID", 2, 2, "", false}, {11, 5, "ID", 2, 3, "", false},
		{20, 0, "ID", 1, 2, "1 2 3 4 5 6 7 8 9 10 11 15", false}},
	"DTP": {{1, 0, "ID", 3, 3, "431 454 304 439 435 096 434 472", true},
		{2, 0, "ID", 2, 3, "D8 RD8 DT TM", true}, {3, 0, "AN", 1, 35, "", true}},
	"CL1": {{1, 0, "ID", 1, 1, "1 2 3 4 5 9", false}, {2, 0, "ID", 1, 1, "", false},
		{3, 0, "ID", 2, 2, "", true}},
	"AMT": {{1, 0, "ID", 1, 3, "F5", true}, {2, 0, "R", 1, 18, "", true}},
	"LX":  {{1, 0, "N0", 1, 6, "", true}},
	"SV1": {{1, 1, "ID", 2, 2, "HC", true}, {1, 2, "AN", 1, 48, "", true},
		{1, 3, "AN", 2, 2, "", false}, {1, 4, "AN", 2, 2, "", false},
		{1, 5, "AN", 2, 2, "", false}, {1, 6, "AN", 2, 2, "", false},
		{2, 0, "R", 1, 18, "", true}, {3, 0, "ID", 2, 2, "UN MJ", true},
		{4, 0, "R", 1, 15, "", true}, {5, 0, "AN", 1, 2, "", false},
		{6, 0, "AN", 0, 0, "", false}, {7, 1, "N0", 1, 2, "", true},
		{7, 2, "N0", 1, 2, "", false}, {7, 3, "N0", 1, 2, "", false},
		{7, 4, "N0", 1, 2, "", false}},
	"SV2": {{1, 0, "AN", 4, 4, "", true}, {2, 1, "ID", 2, 2, "HC", false},
		{2, 2, "AN", 1, 48, "", false}, {3, 0, "R", 1, 18, "", true},
		{4, 0, "ID", 2, 2, "UN DA", true}, {5, 0, "R", 1, 15, "", true},
		{6, 0, "R", 0, 0, "", false}, {7, 0, "R", 1, 18, "", false}},
}

// hiRules are the qualifiers an HI composite may carry, per kind, with the
// C022 components each uses.
var hiQualifiers = map[Kind]string{
	Professional:  "ABK ABF",
	Institutional: "ABK ABJ ABF BI BH BE BG",
}

// violations lists every way an 837 breaks the rules above, each as
// "segment N ID: problem".
func violations(kind Kind, file []byte) []string {
	var out []string
	segs := strings.Split(strings.TrimSpace(string(file)), "~\n")
	bad := func(i int, id, msg string) {
		out = append(out, "segment "+strconv.Itoa(i+1)+" "+id+": "+msg)
	}
	cv := newConformance(kind, bad)
	for i, s := range segs {
		s = strings.TrimSuffix(s, "~")
		e := strings.Split(s, "*")
		switch e[0] {
		case "ISA", "GS", "GE", "IEA", "ST", "SE":
			cv.envelope(i, e)
			continue
		}
		for j, v := range e[1:] {
			if v != "" && !upperText(v) && !(e[0] == "PER" && j > 0 && e[j] == "EM") {
				bad(i, e[0], "element "+strconv.Itoa(j+1)+" has a lowercase letter or a "+
					"character outside the X12 sets")
			}
		}
		rules := segRules[e[0]]
		if len(e) > 1 {
			rules = append(rules, segRules[e[0]+"*"+e[1]]...)
		}
		if rules == nil && e[0] != "HI" {
			bad(i, e[0], "a segment claimflow does not write")
		}
		for _, r := range rules {
			if msg := r.check(e); msg != "" {
				bad(i, e[0], msg)
			}
		}
		cv.segment(i, e)
	}
	cv.endClaim()
	return out
}

// check returns what is wrong with the element of the rule, or "".
func (r el) check(e []string) string {
	name := "element " + strconv.Itoa(r.pos)
	v := ""
	if r.pos < len(e) {
		v = e[r.pos]
	}
	if r.comp > 0 {
		name += "-" + strconv.Itoa(r.comp)
		parts := strings.Split(v, ":")
		v = ""
		if r.comp <= len(parts) {
			v = parts[r.comp-1]
		}
	}
	if v == "" {
		if r.req {
			return name + " is required"
		}
		return ""
	}
	if r.max == 0 {
		return name + " is not used"
	}
	n := len(v)
	if r.typ == "R" || r.typ == "N0" {
		n = len(strings.NewReplacer(".", "", "-", "").Replace(v))
	}
	if n < r.min || n > r.max {
		return name + " has length " + strconv.Itoa(n) + ", not " + strconv.Itoa(r.min) +
			"-" + strconv.Itoa(r.max)
	}
	if !typed(r.typ, v) {
		return name + " is not of type " + r.typ
	}
	if r.codes != "" && !slices.Contains(strings.Fields(r.codes), v) {
		return name + " has the code " + v + ", not one of " + r.codes
	}
	return ""
}

// typed reports whether v is a valid value of an X12 data type.
func typed(typ, v string) bool {
	switch typ {
	case "N0":
		return isDigits(v)
	case "R":
		w, f, dot := strings.Cut(strings.TrimPrefix(v, "-"), ".")
		return (w == "" || isDigits(w)) && (!dot || isDigits(f) && !strings.HasSuffix(f, "0")) &&
			w+f != "" && !(len(w) > 1 && w[0] == '0')
	case "DT":
		return validDate(v)
	case "TM":
		return validHour(v[:4]) && isDigits(v)
	}
	return true
}

// upperText reports whether v holds only printable ASCII, the X12 basic
// and extended sets of 5010, without lowercase letters.
func upperText(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' || c > '~' || c >= 'a' && c <= 'z' {
			return false
		}
	}
	return true
}

// conformance follows the loops of a transaction set and checks what a
// loop must and must not hold in its situation.
type conformance struct {
	kind Kind
	bad  func(i int, id, msg string)

	billingNPI string
	sbr02      string
	loop       string // the HL level open: 20, 22 or 23
	seen       map[string]int

	// The open claim.
	clm        []string
	clmAt      int
	inClaim    bool
	freq       string
	facility   string
	statement  [2]string
	hasF8      bool
	hasAccDate bool
	dxCount    int
	hiQual     map[string]int
	hiSegs     map[string]int
	npis       map[string]string // NM101 -> NM109 in 2310
	lines      int
	lineAt     int
	lineSegs   map[string]int
	lineDate   bool
}

func newConformance(kind Kind, bad func(int, string, string)) *conformance {
	return &conformance{kind: kind, bad: bad, seen: map[string]int{}}
}

func (cv *conformance) envelope(i int, e []string) {
	if e[0] == "ST" || e[0] == "SE" {
		cv.endClaim()
		cv.loop = ""
	}
}

func (cv *conformance) segment(i int, e []string) {
	id := e[0]
	q := ""
	if len(e) > 1 {
		q = e[1]
	}
	switch {
	case id == "HL":
		cv.endClaim()
		cv.closeLevel(i)
		cv.loop, cv.seen = e[3], map[string]int{}
		return
	case id == "CLM":
		cv.endClaim()
		cv.closeLevel(i)
		cv.beginClaim(i, e)
		return
	case id == "LX":
		cv.endLine()
		cv.lines++
		cv.lineAt, cv.lineSegs, cv.lineDate = i, map[string]int{}, false
		if e[1] != strconv.Itoa(cv.lines) {
			cv.bad(i, id, "LX01 is not "+strconv.Itoa(cv.lines))
		}
		return
	}
	if !cv.inClaim {
		cv.seen[id+"*"+q]++
		cv.levelSegment(i, e)
		return
	}
	if cv.lineSegs != nil {
		cv.lineSegment(i, e)
		return
	}
	cv.claimSegment(i, e)
}

// levelSegment checks a segment of loops 2000A to 2010CA.
func (cv *conformance) levelSegment(i int, e []string) {
	switch {
	case e[0] == "NM1" && e[1] == "85":
		cv.billingNPI = e[9]
		if cv.kind == Institutional && e[2] != "2" {
			cv.bad(i, "NM1", "an 837I billing provider is an organization")
		}
	case e[0] == "N4" && cv.loop == "20" && len(e[3]) != 9:
		cv.bad(i, "N4", "the billing provider's ZIP code has not 9 digits")
	case e[0] == "SBR":
		cv.sbr02 = get(e, 2)
	case e[0] == "NM1" && e[1] == "QC" && len(e) > 8:
		cv.bad(i, "NM1", "NM1*QC carries no identifier in 5010")
	case e[0] == "NM1" && e[2] == "2" && (get(e, 4) != "" || get(e, 5) != ""):
		cv.bad(i, "NM1", "an organization has no first or middle name")
	}
}

// closeLevel checks the segments the open HL loop required or forbade.
func (cv *conformance) closeLevel(i int) {
	need := func(key, what string) {
		if cv.seen[key] != 1 {
			cv.bad(i, "HL", "the HL "+cv.loop+" loop has "+strconv.Itoa(cv.seen[key])+
				" "+what+", not 1")
		}
	}
	switch cv.loop {
	case "20":
		need("NM1*85", "NM1*85")
		need("N3*"+firstOf(cv.seen, "N3*"), "N3")
		need("N4*"+firstOf(cv.seen, "N4*"), "N4")
		if cv.seen["REF*EI"]+cv.seen["REF*SY"] != 1 {
			cv.bad(i, "HL", "the billing provider has no single REF*EI or REF*SY")
		}
	case "22":
		need("SBR*P", "SBR")
		need("NM1*IL", "NM1*IL")
		need("NM1*PR", "NM1*PR")
		self := cv.sbr02 == "18"
		if dmg := countPrefix(cv.seen, "DMG*"); self && dmg != 1 || !self && dmg != 0 {
			cv.bad(i, "HL", "DMG in 2010BA goes with a subscriber who is the patient, "+
				"and only then")
		}
		if self && countPrefix(cv.seen, "N3*") != 1 {
			cv.bad(i, "HL", "a subscriber who is the patient needs N3 and N4")
		}
	case "23":
		need("PAT*"+firstOf(cv.seen, "PAT*"), "PAT")
		need("NM1*QC", "NM1*QC")
		if countPrefix(cv.seen, "N3*") != 1 || countPrefix(cv.seen, "N4*") != 1 ||
			countPrefix(cv.seen, "DMG*") != 1 {
			cv.bad(i, "HL", "the patient needs N3, N4 and DMG")
		}
	}
	cv.loop = ""
}

func (cv *conformance) beginClaim(i int, e []string) {
	parts := strings.Split(get(e, 5), ":")
	cv.clm, cv.clmAt, cv.inClaim = e, i, true
	cv.facility, cv.freq = parts[0], get(parts, 2)
	cv.hasF8, cv.hasAccDate, cv.dxCount = false, false, 0
	cv.statement = [2]string{}
	cv.hiQual, cv.hiSegs = map[string]int{}, map[string]int{}
	cv.npis = map[string]string{}
	cv.lines, cv.lineSegs = 0, nil
	qual := "B"
	if cv.kind == Institutional {
		qual = "A"
		if get(e, 6) != "" || get(e, 10) != "" || get(e, 11) != "" {
			cv.bad(i, "CLM", "CLM06, CLM10 and CLM11 are not used in an 837I")
		}
	} else if get(e, 6) == "" {
		cv.bad(i, "CLM", "CLM06 is required")
	}
	if get(parts, 1) != qual {
		cv.bad(i, "CLM", "CLM05-2 is not "+qual)
	}
	causes := strings.Split(get(e, 11), ":")
	if slices.Contains(causes[:min(2, len(causes))], "AA") && get(causes, 3) == "" &&
		get(causes, 4) == "" {
		cv.bad(i, "CLM", "CLM11-4 is required with AA")
	}
	if !slices.Contains(causes[:min(2, len(causes))], "AA") && len(causes) > 3 {
		cv.bad(i, "CLM", "CLM11-4 and CLM11-5 are used only with AA")
	}
}

func (cv *conformance) claimSegment(i int, e []string) {
	switch e[0] {
	case "DTP":
		if e[1] == "439" {
			cv.hasAccDate = true
		}
		if e[1] == "434" {
			from, to, _ := strings.Cut(e[3], "-")
			cv.statement = [2]string{from, to}
		}
		cv.checkDate(i, e)
		cv.hiSegs["DTP*"+e[1]]++
	case "REF":
		if e[1] == "F8" {
			cv.hasF8 = true
		}
		cv.hiSegs["REF*"+e[1]]++
	case "CL1":
		cv.hiSegs["CL1"]++
	case "HI":
		cv.hi(i, e)
	case "NM1":
		cv.npis[e[1]] = get(e, 9)
		cv.hiSegs["NM1*"+e[1]]++
	}
}

func (cv *conformance) checkDate(i int, e []string) {
	v := get(e, 3)
	ok := false
	switch get(e, 2) {
	case "D8":
		ok = validDate(v)
	case "RD8":
		from, to, cut := strings.Cut(v, "-")
		ok = cut && validDate(from) && validDate(to) && from <= to
	case "DT":
		ok = len(v) == 12 && validDate(v[:8]) && validHour(v[8:])
	case "TM":
		ok = validHour(v)
	}
	if !ok {
		cv.bad(i, "DTP", "DTP03 does not fit its format "+get(e, 2))
	}
}

// hi checks one HI segment: one kind of code per segment, at most 12
// composites, qualifiers of the kind, ICD-10-CM codes without the dot,
// present-on-admission values, dates.
func (cv *conformance) hi(i int, e []string) {
	kinds := map[string]bool{}
	for j, comp := range e[1:] {
		c := strings.Split(comp, ":")
		q := c[0]
		group := q
		if q == "ABK" && cv.kind == Professional {
			group = "ABF" // the 837P principal opens the diagnosis segment
		}
		kinds[group] = true
		cv.hiQual[q]++
		if !slices.Contains(strings.Fields(hiQualifiers[cv.kind]), q) {
			cv.bad(i, "HI", "HI"+pad2(j+1)+" has the qualifier "+q)
		}
		switch q {
		case "ABK", "ABF", "ABJ":
			cv.dxCount += b2i(cv.kind == Professional)
			if code, ok := ICD10(get(c, 1)); !ok || code != get(c, 1) {
				cv.bad(i, "HI", "HI"+pad2(j+1)+"-2 is not an ICD-10-CM code without its dot")
			}
			if poa := get(c, 8); poa != "" && (q == "ABJ" || !slices.Contains(
				[]string{"Y", "N", "U", "W"}, poa)) {
				cv.bad(i, "HI", "HI"+pad2(j+1)+"-9 is not a present-on-admission value")
			}
		case "BH":
			if get(c, 2) != "D8" || !validDate(get(c, 3)) {
				cv.bad(i, "HI", "HI"+pad2(j+1)+" has no D8 date")
			}
		case "BI":
			from, to, _ := strings.Cut(get(c, 3), "-")
			if get(c, 2) != "RD8" || !validDate(from) || !validDate(to) || to < from {
				cv.bad(i, "HI", "HI"+pad2(j+1)+" has no RD8 period")
			}
		case "BE":
			if !typed("R", get(c, 4)) {
				cv.bad(i, "HI", "HI"+pad2(j+1)+"-5 is not an amount")
			}
		}
		if q != "BE" && q != "BH" && q != "BI" && len(c) > 2 &&
			strings.Join(c[2:min(8, len(c))], "") != "" {
			cv.bad(i, "HI", "HI"+pad2(j+1)+" uses components its qualifier does not")
		}
	}
	if len(e)-1 > 12 {
		cv.bad(i, "HI", "more than 12 composites")
	}
	if len(kinds) != 1 {
		cv.bad(i, "HI", "codes of more than one kind in one segment")
	}
	for k := range kinds {
		cv.hiSegs["HI*"+k]++
	}
}

func (cv *conformance) lineSegment(i int, e []string) {
	cv.lineSegs[e[0]]++
	switch e[0] {
	case "SV1":
		for _, p := range strings.Split(get(e, 7), ":") {
			if n, _ := strconv.Atoi(p); n < 1 || n > cv.dxCount {
				cv.bad(i, "SV1", "SV107 points past the diagnoses")
			}
		}
		if get(e, 5) == cv.facility {
			cv.bad(i, "SV1", "SV105 repeats CLM05-1")
		}
		if len(strings.ReplaceAll(get(e, 4), ".", "")) > 8 {
			cv.bad(i, "SV1", "SV104 has more than 8 digits")
		}
	case "SV2":
		if len(strings.ReplaceAll(get(e, 5), ".", "")) > 8 {
			cv.bad(i, "SV2", "SV205 has more than 8 digits")
		}
	case "DTP":
		if e[1] != "472" {
			cv.bad(i, "DTP", "a line date other than 472")
			return
		}
		cv.lineDate = true
		cv.checkDate(i, e)
		from, to, _ := strings.Cut(e[3], "-")
		if to == "" {
			to = from
		}
		if cv.kind == Institutional && (from < cv.statement[0] || to > cv.statement[1]) {
			cv.bad(i, "DTP", "the line date is outside the statement period")
		}
	}
}

func (cv *conformance) endLine() {
	if cv.lineSegs == nil {
		return
	}
	i := cv.lineAt
	want := "SV1"
	if cv.kind == Institutional {
		want = "SV2"
	}
	if cv.lineSegs[want] != 1 {
		cv.bad(i, "LX", "the line has "+strconv.Itoa(cv.lineSegs[want])+" "+want+", not 1")
	}
	if cv.lineSegs["DTP"] > 1 || cv.lineSegs["REF"] > 1 {
		cv.bad(i, "LX", "the line repeats DTP*472 or REF*6R")
	}
	switch {
	case cv.kind == Professional && !cv.lineDate:
		cv.bad(i, "LX", "an 837P line needs DTP*472")
	case cv.kind == Institutional:
		allowed, required := LineDates(&ClaimInfo{PlaceOfServiceCode: cv.facility,
			ClaimDateInformation: &Dates{StatementBeginDate: cv.statement[0],
				StatementEndDate: cv.statement[1]}})
		if cv.lineDate && !allowed || !cv.lineDate && required {
			cv.bad(i, "LX", "DTP*472 is used only on outpatient lines, and required "+
				"there when the statement covers more than a day")
		}
	}
	cv.lineSegs = nil
}

// endClaim checks what loop 2300 and its 2310 loops required or forbade.
func (cv *conformance) endClaim() {
	if !cv.inClaim {
		return
	}
	cv.endLine()
	i, h := cv.clmAt, cv.hiSegs
	cv.inClaim = false
	if (cv.freq == "7" || cv.freq == "8") != cv.hasF8 {
		cv.bad(i, "CLM", "REF*F8 goes with frequency 7 or 8, and only then")
	}
	for k, n := range h {
		if n > 1 && !strings.HasPrefix(k, "HI*") {
			cv.bad(i, "CLM", k+" appears "+strconv.Itoa(n)+" times")
		}
	}
	if cv.hiQual["ABK"] != 1 {
		cv.bad(i, "CLM", "the claim needs one ABK principal diagnosis")
	}
	if cv.lines == 0 {
		cv.bad(i, "CLM", "the claim has no line")
	}
	causes := get(cv.clm, 11)
	if accident := strings.Contains(causes, "AA") || strings.Contains(causes, "OA"); accident &&
		!cv.hasAccDate || cv.hasAccDate && causes == "" {
		cv.bad(i, "CLM", "DTP*439 goes with CLM11 AA or OA (or EM)")
	}
	if cv.kind == Professional {
		if cv.lines > MaxProfessionalLines || h["HI*ABF"] != 1 {
			cv.bad(i, "CLM", "an 837P has at most 50 lines and one diagnosis HI")
		}
		if npi, ok := cv.npis["82"]; ok && npi == cv.billingNPI {
			cv.bad(i, "CLM", "2310B repeats the billing provider")
		}
		return
	}
	inpatient := Inpatient(cv.facility)
	for _, q := range []string{"HI*ABF", "HI*BI", "HI*BH", "HI*BE", "HI*BG"} {
		if h[q] > 2 {
			cv.bad(i, "CLM", q+" appears more than twice")
		}
	}
	if h["DTP*434"] != 1 || h["CL1"] != 1 || h["NM1*71"] != 1 {
		cv.bad(i, "CLM", "an 837I needs DTP*434, CL1 and the attending provider")
	}
	if inpatient != (h["HI*ABJ"] == 1) || inpatient != (h["DTP*435"] == 1) {
		cv.bad(i, "CLM", "the admitting diagnosis and admission date go with an "+
			"inpatient bill")
	}
	if !inpatient && h["DTP*096"] > 0 {
		cv.bad(i, "CLM", "DTP*096 is sent only on inpatient bills")
	}
	if _, ok := cv.npis["DN"]; ok && (inpatient || cv.npis["DN"] == cv.npis["71"]) {
		cv.bad(i, "CLM", "2310F is sent on outpatient bills, other than the attending")
	}
	if npi, ok := cv.npis["82"]; ok && npi == cv.npis["71"] {
		cv.bad(i, "CLM", "2310D repeats the attending provider")
	}
}

func get(e []string, i int) string {
	if i < len(e) {
		return e[i]
	}
	return ""
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func countPrefix(m map[string]int, prefix string) int {
	n := 0
	for k, v := range m {
		if strings.HasPrefix(k, prefix) {
			n += v
		}
	}
	return n
}

// firstOf returns the qualifier of the first key with the prefix, so that
// need can count a segment whatever its first element.
func firstOf(m map[string]int, prefix string) string {
	for k := range m {
		if strings.HasPrefix(k, prefix) {
			return strings.TrimPrefix(k, prefix)
		}
	}
	return ""
}

// TestConformance builds the stress claims and the examples and checks
// every segment against the guides' rules; the stress files are golden
// too, so that every change to them is reviewed.
func TestConformance(t *testing.T) {
	for _, tc := range []struct {
		name   string
		kind   Kind
		claims func(t testing.TB) []*Claim
	}{
		{"837p-stress", Professional, stressProfessional},
		{"837i-stress", Institutional, stressInstitutional},
		{"837p-examples", Professional, func(t testing.TB) []*Claim {
			var all []*Claim
			for _, f := range []string{"837p-simple.json", "837p-dependent.json",
				"837p-twelve-diagnoses.json", "837p-replacement.json", "837p-void.json",
				"837p-many-lines.json", "837p-batch.jsonl"} {
				all = append(all, readClaims(t, f, Professional)...)
			}
			return all
		}},
		{"837i-examples", Institutional, func(t testing.TB) []*Claim {
			return append(readClaims(t, "837i-inpatient.json", Institutional),
				readClaims(t, "837i-outpatient.json", Institutional)...)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, _ := build(t, tc.kind, testEnvelope(), tc.claims(t))
			if v := violations(tc.kind, out); len(v) > 0 {
				t.Fatalf("%d violations:\n%s\n\n%s", len(v), strings.Join(v, "\n"), out)
			}
			if !strings.HasSuffix(tc.name, "-stress") {
				return
			}
			golden := filepath.Join("testdata", "golden", tc.name+".edi")
			if *update {
				if err := os.WriteFile(golden, out, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, want) {
				t.Errorf("output differs from %s; run go test -update and review the diff\n%s",
					golden, out)
			}
		})
	}
}

// TestConformanceCatches breaks built files in one place each, to show
// that the rules above see what an implementation-guide validator sees.
func TestConformanceCatches(t *testing.T) {
	simple, _ := build(t, Professional, testEnvelope(),
		readClaims(t, "837p-simple.json", Professional))
	dependent, _ := build(t, Professional, testEnvelope(),
		readClaims(t, "837p-dependent.json", Professional))
	inpatient, _ := build(t, Institutional, testEnvelope(),
		readClaims(t, "837i-inpatient.json", Institutional))
	for _, tc := range []struct {
		name     string
		kind     Kind
		file     []byte
		old, new string
		want     string
	}{
		{"lowercase name", Professional, simple, "NM1*IL*1*OKONKWO-HALE", "NM1*IL*1*Okonkwo-Hale",
			"segment 17 NM1: element 3 has a lowercase letter or a character outside the " +
				"X12 sets"},
		{"long street", Professional, simple, "N3*88 FERNHILL ROAD",
			"N3*" + strings.Repeat("8", 56), "segment 18 N3: element 1 has length 56, not 1-55"},
		{"SBR05 to the primary payer", Professional, simple, "SBR*P*18*GRP7781****",
			"SBR*P*18*GRP7781**12**", "segment 16 SBR: element 5 is not used"},
		{"subscriber DMG with a dependent", Professional, dependent,
			"NM1*PR*2*EVERGREEN", "DMG*D8*19780412*F~\nNM1*PR*2*EVERGREEN",
			"segment 22 HL: DMG in 2010BA goes with a subscriber who is the patient, and " +
				"only then"},
		{"rendering is billing", Professional, simple, "XX*1987654328", "XX*1234567893",
			"segment 22 CLM: 2310B repeats the billing provider"},
		{"accident date alone", Professional, simple, "HI*ABK:J069",
			"DTP*439*D8*20260301~\nHI*ABK:J069",
			"segment 22 CLM: DTP*439 goes with CLM11 AA or OA (or EM)"},
		{"CLM05-2", Professional, simple, "11:B:1", "11:A:1",
			"segment 22 CLM: CLM05-2 is not B"},
		{"units", Professional, simple, "*UN*1***1~", "*UN*123456789***1~",
			"segment 27 SV1: SV104 has more than 8 digits"},
		{"pointer", Professional, simple, "*UN*1***1~", "*UN*1***2~",
			"segment 27 SV1: SV107 points past the diagnoses"},
		{"exempt POA", Institutional, inpatient, "ABF:I10:::::::Y", "ABF:I10:::::::1",
			"segment 30 HI: HI03-9 is not a present-on-admission value"},
		{"line date on an inpatient bill", Institutional, inpatient,
			"REF*6R*RCH2026000501L1~", "DTP*472*D8*20260211~\nREF*6R*RCH2026000501L1~",
			"segment 37 LX: DTP*472 is used only on outpatient lines, and required there " +
				"when the statement covers more than a day"},
		{"admitting diagnosis missing", Institutional, inpatient, "HI*ABJ:R0602~\n", "",
			"segment 21 CLM: the admitting diagnosis and admission date go with an " +
				"inpatient bill"},
		{"referring on an inpatient bill", Institutional, inpatient, "LX*1~",
			"NM1*DN*1*AMES*CORIN****XX*1678901236~\nLX*1~",
			"segment 21 CLM: 2310F is sent on outpatient bills, other than the attending"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Contains(tc.file, []byte(tc.old)) {
				t.Fatalf("%q not in the file", tc.old)
			}
			broken := bytes.Replace(tc.file, []byte(tc.old), []byte(tc.new), 1)
			got := strings.Join(violations(tc.kind, broken), "\n")
			if got != tc.want {
				t.Fatalf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
