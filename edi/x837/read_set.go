package x837

import (
	"strconv"
	"strings"

	"github.com/claimflow/claimflow/edi"
)

// setState is what the reader knows of the open transaction set.
type setState struct {
	groupVersion string
	kind         Kind
	stPos        edi.Position
	segs         int
	claims       int
	seen         uint32 // header segments seen, by bit
	hls          map[string]*hlNode
	lastHL       int
	open         *hlNode // the HL whose loop is being read
	level        string  // its HL03
}

// hlNode is one HL of the set, for the hierarchy checks.
type hlNode struct {
	level    string
	child    bool // HL04 says it has children
	children int
	claims   int
	pos      edi.Position
	seen     uint32 // required segments seen in its loop, by bit
	self     bool   // 2000B: SBR02 is 18
}

// Bits of setState.seen and hlNode.seen.
const (
	seenBHT uint32 = 1 << iota
	seen41
	seenPER41
	seen40
	seenNM1
	seenN3
	seenN4
	seenREF
	seenSBR
	seenDMG
	seenPR
	seenPAT
)

// kindOf tells the kind of a set from its implementation guide.
func kindOf(version string) Kind {
	switch {
	case strings.HasPrefix(version, "005010X222"):
		return Professional
	case strings.HasPrefix(version, "005010X223"):
		return Institutional
	}
	return UnknownKind
}

func (r *Reader) beginSet(s *edi.Segment) {
	r.set = setState{groupVersion: r.set.groupVersion, stPos: s.Pos, segs: 1,
		hls: make(map[string]*hlNode)}
	r.billing, r.sub, r.dep, r.cur = nil, subState{}, nil, nil
	r.header.sub, r.header.recv = nil, nil
	if s.Element(1) != "837" {
		// Another transaction set: only its envelope is checked.
		r.loop = inNone
		return
	}
	version := s.Element(3)
	if version == "" {
		version = r.set.groupVersion
	}
	r.set.kind = kindOf(version)
	switch {
	case r.set.kind == UnknownKind:
		r.finding(s, 3, edi.ErrData,
			"the implementation guide is neither 837P (005010X222A1) nor 837I (005010X223A2)")
	case version != r.set.kind.Version():
		r.finding(s, 3, edi.ErrData, "the implementation guide version is not "+
			r.set.kind.Version())
	}
	if s.Element(3) != "" && r.set.groupVersion != "" && s.Element(3) != r.set.groupVersion {
		r.finding(s, 3, edi.ErrData, "ST03 differs from GS08")
	}
	r.loop = inHeader
}

// endSet closes the open set; se is its SE, or nil when the set ended
// without one (the envelope findings say so).
func (r *Reader) endSet(se *edi.Segment) {
	if r.loop == inNone {
		return
	}
	r.closeHL()
	pos := r.set.stPos
	if se != nil {
		pos = se.Pos
	}
	for _, req := range []struct {
		bit  uint32
		what string
	}{
		{seenBHT, "BHT"}, {seen41, "NM1*41 (loop 1000A)"}, {seenPER41, "PER (loop 1000A)"},
		{seen40, "NM1*40 (loop 1000B)"},
	} {
		if r.set.seen&req.bit == 0 {
			r.findingAt(r.set.stPos, "ST", 0, edi.ErrStructure,
				"the transaction set has no "+req.what)
		}
	}
	if r.set.lastHL == 0 {
		r.findingAt(pos, "SE", 0, edi.ErrStructure, "the transaction set has no HL loop")
	}
	if r.set.claims == 0 {
		r.findingAt(pos, "SE", 0, edi.ErrStructure, "the transaction set has no claim")
	}
	if r.set.claims > MaxClaimsPerSet {
		r.findingAt(pos, "SE", 0, edi.ErrStructure,
			"the transaction set holds more than 5000 claims")
	}
	// An HL whose HL04 promises children it never got.
	for _, n := range r.set.hls {
		if n.child && n.children == 0 {
			r.findingAt(n.pos, "HL", 4, edi.ErrStructure,
				"HL04 says the level has children, but none follows")
		}
	}
	r.loop = inNone
	r.set.hls = nil
}

// hl starts a new hierarchical level and checks its numbering, parent,
// level code and the child flag of its parent.
func (r *Reader) hl(s *edi.Segment) {
	r.closeHL()
	id, parent, level, child := s.Element(1), s.Element(2), s.Element(3), s.Element(4)
	n := &hlNode{level: level, child: child == "1", pos: s.Pos}
	if child != "0" && child != "1" {
		r.finding(s, 4, edi.ErrData, "HL04 must be 0 or 1")
	}
	num, err := strconv.Atoi(id)
	switch {
	case err != nil || num < 1:
		r.finding(s, 1, edi.ErrData, "HL01 is not a positive number")
	case num != r.set.lastHL+1:
		r.finding(s, 1, edi.ErrStructure, "HL01 does not follow the previous HL's number")
	}
	if num > r.set.lastHL {
		r.set.lastHL = num
	}
	if _, dup := r.set.hls[id]; dup {
		r.finding(s, 1, edi.ErrStructure, "HL01 repeats an earlier HL's number")
	}
	r.set.hls[id] = n
	var p *hlNode
	if parent != "" {
		p = r.set.hls[parent]
		if p == nil || parent == id {
			r.finding(s, 2, edi.ErrStructure, "HL02 names no earlier HL")
		}
	}
	want := map[string]string{"20": "", "22": "20", "23": "22"}
	wantParent, known := want[level]
	switch {
	case !known:
		r.finding(s, 3, edi.ErrData, "HL03 must be 20, 22 or 23")
	case wantParent == "" && parent != "":
		r.finding(s, 2, edi.ErrStructure, "a billing provider HL has no parent")
	case wantParent != "" && (p == nil || p.level != wantParent):
		if p != nil || parent == "" {
			r.finding(s, 2, edi.ErrStructure, "the HL's parent is not at level "+wantParent)
		}
	}
	if p != nil && level == "23" && p.self {
		r.finding(s, 2, edi.ErrStructure,
			"a patient HL under a subscriber who is the patient (SBR02 is 18)")
	}
	if p != nil {
		p.children++
		if !p.child {
			r.finding(s, 2, edi.ErrStructure,
				"the parent HL says in HL04 it has no children")
		}
	}
	r.set.open, r.set.level = n, level
	switch level {
	case "20":
		r.loop = in2000A
		r.billing = &Provider{}
		r.sub, r.dep = subState{}, nil
	case "22":
		r.loop = in2000B
		r.sub = subState{s: &Subscriber{}}
		r.dep = nil
	case "23":
		r.loop = in2000C
		r.dep = &Dependent{}
	default:
		r.loop = inOther2300
	}
}

// closeHL checks that the loop of the open HL had its required segments.
func (r *Reader) closeHL() {
	n := r.set.open
	if n == nil {
		return
	}
	r.set.open = nil
	var req []struct {
		bit  uint32
		what string
	}
	type rq = struct {
		bit  uint32
		what string
	}
	switch n.level {
	case "20":
		req = []rq{{seenNM1, "NM1*85"}, {seenN3, "N3"}, {seenN4, "N4"},
			{seenREF, "REF*EI or REF*SY"}}
	case "22":
		req = []rq{{seenSBR, "SBR"}, {seenNM1, "NM1*IL"}, {seenPR, "NM1*PR"}}
		if n.self {
			req = append(req, rq{seenDMG, "DMG (the subscriber is the patient)"})
		}
	case "23":
		req = []rq{{seenPAT, "PAT"}, {seenNM1, "NM1*QC"}, {seenDMG, "DMG"}}
	}
	for _, q := range req {
		if n.seen&q.bit == 0 {
			r.findingAt(n.pos, "HL", 0, edi.ErrStructure, "the HL "+n.level+
				" loop has no "+q.what)
		}
	}
	if n.claims > MaxClaimsPerLevel {
		r.findingAt(n.pos, "HL", 0, edi.ErrStructure, "the HL "+n.level+
			" loop holds more than 100 claims")
	}
	if (n.level == "22" && !n.child || n.level == "23") && n.claims == 0 {
		r.findingAt(n.pos, "HL", 0, edi.ErrStructure, "the HL "+n.level+" loop has no claim")
	}
}

// mark notes a required segment in the open HL's loop.
func (r *Reader) mark(bit uint32) {
	if r.set.open != nil {
		r.set.open.seen |= bit
	}
}
