package respond

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/claimflow/claimflow/edi"
)

// indexer reads an upload's envelopes segment by segment and builds its
// batch: where each interchange, group and set begins and ends, and the
// faults of their headers and trailers, which the answers report with the
// codes of the TA1 and the 999. The content of 837 sets is left to the
// project's 837 reader; the indexer only notes the loops and claims it
// needs to locate that reader's findings.
type indexer struct {
	sc   *Scenario
	data []byte
	b    *batch

	ic    *interchange
	g     *group
	st    *set
	loops loopTracker

	// in837 follows the 837 reader's view of whether a claim counts: from
	// an ST of an 837 until the next SE, GE, IEA, ISA or ST.
	in837  bool
	claims *set
}

// index reads data and returns its batch. It never fails: what cannot be
// read is a fault of the interchange it is in, and input that is not X12
// at all gives a batch without interchanges.
func index(sc *Scenario, data []byte) *batch {
	x := &indexer{sc: sc, data: data, b: &batch{}}
	r := edi.NewReader(bytes.NewReader(data))
	r.SetMaxFindings(1)
	for {
		s, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			x.fatal(err)
			break
		}
		x.segment(s)
	}
	x.closeInterchange(math.MaxInt)
	for _, ic := range x.b.ics {
		if !hasClaims(ic) {
			ic.reject(noteContent)
		}
	}
	return x.b
}

// hasClaims reports whether an interchange holds a group of claims.
func hasClaims(ic *interchange) bool {
	for _, g := range ic.groups {
		if g.functionalID == "HC" {
			return true
		}
	}
	return false
}

// fatal handles an error that stops reading. It always concerns an ISA:
// the first, when the file does not begin with one or its delimiters are
// unusable, or a later one that cannot be read. An ISA that still names
// its control number and sender is a rejected interchange; one that does
// not cannot be answered.
func (x *indexer) fatal(err error) {
	var f edi.Finding
	if !errors.As(err, &f) || errors.Is(err, edi.ErrNotX12) {
		return
	}
	raw := readRawISA(x.data, f.Pos.Offset)
	x.closeInterchange(f.Pos.Ordinal - 1)
	if raw.control == "000000000" || raw.senderID == "" {
		return // nothing names the interchange or whom to answer
	}
	ic := x.newInterchange(f.Pos.Ordinal)
	ic.last = math.MaxInt
	ic.control, ic.senderQual, ic.senderID = raw.control, raw.senderQual, raw.senderID
	ic.ackRequested = raw.ackRequested
	ic.hdr.Usage = raw.usage
	ic.reject(raw.note)
}

// segment takes one segment.
func (x *indexer) segment(s *edi.Segment) {
	o := s.Pos.Ordinal
	switch s.ID {
	case "ISA":
		x.closeInterchange(o - 1)
		x.in837 = false
		ic := x.newInterchange(o)
		x.checkISA(ic, s)
		if !x.b.ok {
			x.b.delims, x.b.ok = s.Delimiters(), true
		}
	case "GS":
		x.beginGroup(s)
	case "ST":
		x.beginSet(s)
	case "SE":
		x.endSet(s)
		x.in837 = false
	case "GE":
		x.endGroup(s)
		x.in837 = false
	case "IEA":
		x.endInterchange(s)
		x.in837 = false
	case "TA1":
	default:
		x.content(s)
	}
}

func (x *indexer) newInterchange(first int) *interchange {
	ic := &interchange{index: len(x.b.ics), first: first, last: first,
		controls: map[string]bool{}}
	x.b.ics = append(x.b.ics, ic)
	x.ic = ic
	return ic
}

// closeInterchange closes what is open, each missing its trailer; last is
// the ordinal the open envelopes end at.
func (x *indexer) closeInterchange(last int) {
	x.closeGroup(last)
	if x.ic != nil {
		x.ic.reject(noteEnded)
		x.ic.last = last
		x.ic = nil
	}
}

func (x *indexer) closeGroup(last int) {
	x.closeSet(last)
	if x.g != nil {
		x.g.errs = addErr(x.g.errs, groupNoTrailer)
		x.g.last = last
		x.g = nil
	}
}

func (x *indexer) closeSet(last int) {
	x.closeSpan(last)
	if x.st != nil {
		x.st.errs = addErr(x.st.errs, setNoTrailer)
		x.st.last = last
		x.st = nil
	}
}

// closeSpan ends the open claim's segments at last.
func (x *indexer) closeSpan(last int) {
	if x.st == nil || len(x.st.spans) == 0 {
		return
	}
	sp := &x.st.spans[len(x.st.spans)-1]
	if sp.last == 0 {
		sp.last = last
	}
}

func (x *indexer) beginGroup(s *edi.Segment) {
	ic := x.ic
	if ic == nil {
		return // outside an interchange: the reader's finding, nothing to answer
	}
	x.closeGroup(s.Pos.Ordinal - 1)
	g := &group{ic: ic, first: s.Pos.Ordinal, last: s.Pos.Ordinal,
		functionalID: strings.TrimSpace(s.Element(1)), sender: s.Element(2),
		control: s.Element(6), version: s.Element(8), declared: -1,
		controls: map[string]bool{}}
	ic.groups = append(ic.groups, g)
	x.g = g
	if g.functionalID == "" || g.control == "" {
		ic.reject(noteContent) // a group a 999 could not name
	}
	if g.functionalID != "HC" {
		g.errs = addErr(g.errs, groupNotSupported)
	}
	if g.version != x837P && g.version != x837I {
		g.errs = addErr(g.errs, groupVersion)
	}
	if !isDigits(g.control, 1, 9) {
		g.errs = addErr(g.errs, groupControlSyntax)
	} else if ic.controls[trimZeros(g.control)] {
		g.errs = addErr(g.errs, groupControlRepeated)
	}
	ic.controls[trimZeros(g.control)] = true
}

func (x *indexer) endGroup(s *edi.Segment) {
	x.closeSet(s.Pos.Ordinal - 1)
	g := x.g
	if g == nil {
		return
	}
	if trimZeros(s.Element(2)) != trimZeros(g.control) {
		g.errs = addErr(g.errs, groupControlMismatch)
	}
	n, err := strconv.Atoi(s.Element(1))
	if err == nil && n >= 0 {
		g.declared = n
	}
	if err != nil || n != len(g.sets) {
		g.errs = addErr(g.errs, groupCount)
	}
	g.last = s.Pos.Ordinal
	x.g = nil
}

func (x *indexer) endInterchange(s *edi.Segment) {
	x.closeGroup(s.Pos.Ordinal - 1)
	ic := x.ic
	if ic == nil {
		return
	}
	if n, err := strconv.Atoi(s.Element(1)); err != nil || n != len(ic.groups) {
		ic.reject(noteGroupCount)
	}
	if trimZeros(strings.TrimSpace(s.Element(2))) != trimZeros(ic.control) {
		ic.reject(noteControlMismatch)
	}
	ic.last = s.Pos.Ordinal
	x.ic = nil
}

func (x *indexer) beginSet(s *edi.Segment) {
	x.in837 = false
	g := x.g
	if g == nil {
		if x.ic != nil {
			x.ic.reject(noteContent) // a set outside any group
		}
		return
	}
	x.closeSet(s.Pos.Ordinal - 1)
	st := &set{g: g, index: len(x.b.sets), first: s.Pos.Ordinal, last: s.Pos.Ordinal,
		id: s.Element(1), control: s.Element(2), version: s.Element(3), segs: 1}
	g.sets = append(g.sets, st)
	x.b.sets = append(x.b.sets, st)
	x.st = st
	if st.id == "" || st.control == "" {
		g.ic.reject(noteContent) // a set a 999 could not name
	}
	if st.id != "837" {
		st.errs = addErr(st.errs, setNotSupported)
	} else {
		x.in837, x.claims = true, st
	}
	switch {
	case len(st.control) < 4 || len(st.control) > 9:
		st.errs = addErr(st.errs, setControlSyntax)
	case g.controls[st.control]:
		st.errs = addErr(st.errs, setControlRepeated)
	}
	g.controls[st.control] = true
	x.loops = loopTracker{institutional: strings.HasPrefix(or(st.version, g.version),
		"005010X223")}
}

func (x *indexer) endSet(s *edi.Segment) {
	st := x.st
	if st == nil {
		return
	}
	x.closeSpan(s.Pos.Ordinal - 1)
	st.segs++
	if n, err := strconv.Atoi(s.Element(1)); err != nil || n != st.segs {
		st.errs = addErr(st.errs, setCount)
	}
	if trimZeros(s.Element(2)) != trimZeros(st.control) {
		st.errs = addErr(st.errs, setControlMismatch)
	}
	st.last = s.Pos.Ordinal
	x.st = nil
}

// content takes a segment inside a set: its loop, its claim, and the
// claims the 837 reader counts.
func (x *indexer) content(s *edi.Segment) {
	if s.ID == "CLM" && x.in837 {
		x.claims.expected++
	}
	st := x.st
	if st == nil {
		return
	}
	o := s.Pos.Ordinal
	st.segs++
	st.last = o
	if s.ID == "" {
		if st.badIDs == nil {
			st.badIDs = map[int]string{}
		}
		raw := s.Raw()
		if i := bytes.IndexByte(raw, s.Delimiters().Element); i >= 0 {
			raw = raw[:i]
		}
		st.badIDs[o] = string(raw)
	}
	switch s.ID {
	case "BHT":
		st.reference = s.Element(3)
	case "HL":
		x.closeSpan(o - 1)
	case "CLM":
		x.closeSpan(o - 1)
		st.spans = append(st.spans, claimSpan{first: o, pcn: s.Element(1)})
	}
	loop, changed := x.loops.next(s)
	if changed {
		st.loops = append(st.loops, loopMark{ordinal: o, loop: loop})
	}
	if st.id == "837" {
		checkAnswered(st, s, loop)
	}
}

// trimZeros drops leading zeros, so that control numbers compare as
// numbers.
func trimZeros(v string) string {
	for len(v) > 1 && v[0] == '0' {
		v = v[1:]
	}
	return v
}

// isDigits reports a string of min to max decimal digits.
func isDigits(v string, min, max int) bool {
	if len(v) < min || len(v) > max {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
