package x999

import (
	"fmt"
	"io"
	"strings"

	"github.com/claimflow/claimflow/edi"
)

// Reader reads 999 and 997 transaction sets, one Ack at a time. Sets of
// other kinds and TA1 segments are passed over. Its memory is bounded by
// the set being read.
type Reader struct {
	r   *edi.Reader
	isa edi.Interchange
	gs  edi.Group

	cur     *Ack          // the set being read
	seenAK1 bool          // the current set has its AK1
	seenAK9 bool          // the current set has its AK9
	set     *SetResponse  // open loop 2000
	seg     *SegmentError // open loop 2100
	elem    *ElementError // open loop 2110
	err     error         // returned once the input is exhausted
}

// NewReader returns a Reader over src.
func NewReader(src io.Reader) *Reader { return &Reader{r: edi.NewReader(src)} }

// SetName sets the file name that findings carry.
func (r *Reader) SetName(name string) { r.r.SetName(name) }

// Findings returns the envelope and acknowledgment problems found so far,
// in the order they were met.
func (r *Reader) Findings() edi.Findings { return r.r.Findings() }

// Next returns the next acknowledgment. It returns io.EOF at the end of the
// input; any other error means the rest cannot be read as X12, and is in
// Findings too. A set cut short (no SE) is still returned, with findings.
func (r *Reader) Next() (*Ack, error) {
	for r.err == nil {
		s, err := r.r.Next()
		if err != nil {
			r.err = io.EOF
			if err != io.EOF {
				r.err = fmt.Errorf("x999: %w", err)
			}
			if a := r.finish(); a != nil {
				return a, nil
			}
			break
		}
		if a := r.segment(s); a != nil {
			return a, nil
		}
	}
	return nil, r.err
}

// segment takes one segment and returns a finished Ack when s ends one.
func (r *Reader) segment(s *edi.Segment) *Ack {
	switch s.ID {
	case "ISA":
		done := r.finish()
		h, fs := edi.ParseInterchange(s)
		r.report(fs)
		r.isa, r.gs = h, edi.Group{}
		return done
	case "GS":
		done := r.finish()
		g, fs := edi.ParseGroup(s)
		r.report(fs)
		r.gs = g
		return done
	case "ST":
		done := r.finish()
		r.begin(s)
		return done
	case "SE", "GE", "IEA":
		return r.finish()
	case "TA1":
		return nil
	}
	if r.cur != nil {
		r.body(s)
	}
	return nil
}

func (r *Reader) report(fs edi.Findings) {
	for _, f := range fs {
		r.r.Report(f)
	}
}

func (r *Reader) finding(s *edi.Segment, sev edi.Severity, el int, err error, msg string) {
	r.r.Report(edi.Finding{Severity: sev, Pos: s.Pos, Segment: s.ID, Element: el, Err: err,
		Message: msg})
}

// begin opens an Ack for a 999 or 997 ST, or skips a set of another kind.
func (r *Reader) begin(s *edi.Segment) {
	id := s.Element(1)
	if id != "999" && id != "997" {
		r.finding(s, edi.Warning, 1, edi.ErrStructure,
			fmt.Sprintf("transaction set %.3s is not a 999 or 997; it is passed over", id))
		return
	}
	r.cur = &Ack{Pos: s.Pos, Interchange: r.isa, Group: r.gs, SetID: id,
		Control: s.Element(2), Version: s.Element(3)}
	r.seenAK1, r.seenAK9 = false, false
	r.set, r.seg, r.elem = nil, nil, nil
}

// finish closes the open Ack, reporting what it lacks, and returns it.
func (r *Reader) finish() *Ack {
	a := r.cur
	if a == nil {
		return nil
	}
	r.closeSet(nil)
	at := &edi.Segment{ID: "SE", Pos: a.Pos}
	if !r.seenAK1 {
		r.finding(at, edi.Error, 0, edi.ErrStructure,
			fmt.Sprintf("acknowledgment %s has no AK1", a.Control))
	}
	if !r.seenAK9 {
		r.finding(at, edi.Error, 0, edi.ErrStructure,
			fmt.Sprintf("acknowledgment %s has no AK9", a.Control))
	}
	r.cur = nil
	return a
}

// closeSet ends loop 2000; a loop without its IK5 is reported at s, or at
// its AK2 when s is nil.
func (r *Reader) closeSet(s *edi.Segment) {
	if r.set == nil {
		return
	}
	if s == nil {
		s = &edi.Segment{ID: "AK2", Pos: r.set.Pos}
	}
	r.finding(s, edi.Error, 0, edi.ErrStructure,
		fmt.Sprintf("transaction set response %s has no %s", r.set.Control, r.verdictID()))
	r.set, r.seg, r.elem = nil, nil, nil
}

// verdictID is the segment that closes loop 2000 in the current set.
func (r *Reader) verdictID() string {
	if r.cur != nil && r.cur.SetID == "997" {
		return "AK5"
	}
	return "IK5"
}

// body takes a segment inside a 999 or 997.
func (r *Reader) body(s *edi.Segment) {
	switch s.ID {
	case "AK1":
		r.readAK1(s)
	case "AK2":
		r.closeSet(s)
		r.readAK2(s)
	case "IK3", "AK3":
		r.family(s, "IK3")
		r.readIK3(s)
	case "CTX":
		r.readCTX(s)
	case "IK4", "AK4":
		r.family(s, "IK4")
		r.readIK4(s)
	case "IK5", "AK5":
		r.family(s, "IK5")
		r.readIK5(s)
	case "AK9":
		r.closeSet(s)
		r.readAK9(s)
	default:
		r.finding(s, edi.Warning, 0, edi.ErrStructure,
			fmt.Sprintf("%s is not a segment of a %s; it is passed over", s.ID, r.cur.SetID))
	}
}

// family reports a 999 segment in a 997 or the other way round; both are
// read alike.
func (r *Reader) family(s *edi.Segment, ik string) {
	want := ik
	if r.cur.SetID == "997" {
		want = "AK" + ik[2:]
	}
	if s.ID != want {
		r.finding(s, edi.Warning, 0, edi.ErrStructure,
			fmt.Sprintf("%s in a %s, which uses %s; read alike", s.ID, r.cur.SetID, want))
	}
}

// maxElements reports elements beyond the last one a segment defines.
func (r *Reader) maxElements(s *edi.Segment, n int) {
	if s.Len() > n {
		r.finding(s, edi.Warning, n+1, edi.ErrSyntax,
			fmt.Sprintf("%s has %d elements; it defines %d", s.ID, s.Len(), n))
	}
}

// required reports a missing element and returns its value.
func (r *Reader) required(s *edi.Segment, el int, what string) string {
	v := s.Element(el)
	if v == "" {
		r.finding(s, edi.Error, el, edi.ErrData, what+" is missing")
	}
	return v
}

// number reads a count or position; absent is 0, not a number is 0 and a
// finding.
func (r *Reader) number(s *edi.Segment, el, comp int, what string) int {
	v := s.Element(el)
	if comp > 0 {
		v = s.Component(el, comp)
	}
	if v == "" {
		return 0
	}
	n := 0
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' || n > 1e8 {
			r.r.Report(edi.Finding{Severity: edi.Error, Pos: s.Pos, Segment: s.ID, Element: el,
				Component: comp, Err: edi.ErrData, Message: what + " is not a number"})
			return 0
		}
		n = n*10 + int(v[i]-'0')
	}
	return n
}

func (r *Reader) readAK1(s *edi.Segment) {
	if r.seenAK1 {
		r.finding(s, edi.Error, 0, edi.ErrStructure, "a second AK1 in one acknowledgment")
		return
	}
	r.seenAK1 = true
	r.maxElements(s, 3)
	a := r.cur
	id := r.required(s, 1, "the functional identifier")
	if t := strings.TrimSpace(id); t != id {
		r.finding(s, edi.Warning, 1, edi.ErrData, "the functional identifier is padded")
		id = t
	}
	a.FunctionalID = id
	a.GroupControl = r.required(s, 2, "the group control number")
	a.GroupVersion = s.Element(3)
}

func (r *Reader) readAK2(s *edi.Segment) {
	if !r.seenAK1 {
		r.finding(s, edi.Error, 0, edi.ErrStructure, "AK2 comes before AK1")
	}
	r.maxElements(s, 3)
	r.cur.Sets = append(r.cur.Sets, SetResponse{Pos: s.Pos,
		SetID:   r.required(s, 1, "the transaction set identifier"),
		Control: r.required(s, 2, "the transaction set control number"),
		Version: s.Element(3)})
	r.set = &r.cur.Sets[len(r.cur.Sets)-1]
	r.seg, r.elem = nil, nil
}

func (r *Reader) readIK3(s *edi.Segment) {
	if r.set == nil {
		r.finding(s, edi.Error, 0, edi.ErrStructure, s.ID+" outside a transaction set response")
		return
	}
	r.maxElements(s, 4)
	r.set.Segments = append(r.set.Segments, SegmentError{Pos: s.Pos,
		SegmentID:   r.required(s, 1, "the segment ID"),
		SetPosition: r.number(s, 2, 0, "the segment position"),
		Loop:        s.Element(3),
		Code:        r.required(s, 4, "the segment error code")})
	if !s.Has(2) {
		r.required(s, 2, "the segment position")
	}
	r.seg = &r.set.Segments[len(r.set.Segments)-1]
	r.elem = nil
}

func (r *Reader) readIK4(s *edi.Segment) {
	if r.seg == nil {
		r.finding(s, edi.Error, 0, edi.ErrStructure, s.ID+" outside a segment error")
		return
	}
	r.maxElements(s, 4)
	e := ElementError{Pos: s.Pos, Element: r.position(s, 1), Reference: s.Element(2),
		Code: r.required(s, 3, "the element error code"), BadValue: s.Element(4)}
	if e.Element.Element == 0 {
		r.finding(s, edi.Error, 1, edi.ErrData, "the element position is missing")
	}
	r.seg.Elements = append(r.seg.Elements, e)
	r.elem = &r.seg.Elements[len(r.seg.Elements)-1]
}

// position reads a C030 composite.
func (r *Reader) position(s *edi.Segment, el int) ElementPosition {
	return ElementPosition{
		Element:   r.number(s, el, 1, "the element position"),
		Component: r.number(s, el, 2, "the component position"),
		Repeat:    r.number(s, el, 3, "the repeat position"),
	}
}

func (r *Reader) readCTX(s *edi.Segment) {
	if r.cur.SetID == "997" {
		r.finding(s, edi.Warning, 0, edi.ErrStructure, "a 997 has no CTX; read as in a 999")
	}
	if r.seg == nil {
		r.finding(s, edi.Error, 0, edi.ErrStructure, "CTX outside a segment or element error")
		return
	}
	r.maxElements(s, 6)
	c := Context{Pos: s.Pos, SegmentID: s.Element(2),
		SetPosition: r.number(s, 3, 0, "the trigger segment position"),
		Loop:        s.Element(4), Element: r.position(s, 5)}
	comp := string(s.Delimiters().Component)
	for _, rep := range s.Repetitions(1) {
		if !s.Has(1) {
			break
		}
		name, ref, _ := strings.Cut(rep, comp)
		c.IDs = append(c.IDs, ContextID{Name: name, Reference: ref})
	}
	if len(c.IDs) == 0 || c.IDs[0].Name == "" {
		r.finding(s, edi.Error, 1, edi.ErrData, "the context name is missing")
	}
	if s.Has(6) {
		c.References = s.Components(6)
	}
	if r.elem != nil {
		r.elem.Contexts = append(r.elem.Contexts, c)
		return
	}
	r.seg.Contexts = append(r.seg.Contexts, c)
}

func (r *Reader) readIK5(s *edi.Segment) {
	if r.set == nil {
		r.finding(s, edi.Error, 0, edi.ErrStructure, s.ID+" without an AK2")
		return
	}
	r.maxElements(s, 6)
	r.set.Code = Code(s.Element(1))
	if !r.set.Code.validSet() {
		r.finding(s, edi.Error, 1, edi.ErrData,
			"the transaction set acknowledgment code is not A, E, M, R, W or X")
	}
	r.set.Errors = codes(s, 2, 6)
	r.set, r.seg, r.elem = nil, nil, nil
}

func (r *Reader) readAK9(s *edi.Segment) {
	if r.seenAK9 {
		r.finding(s, edi.Error, 0, edi.ErrStructure, "a second AK9 in one acknowledgment")
		return
	}
	r.seenAK9 = true
	r.maxElements(s, 9)
	a := r.cur
	g := GroupResult{Pos: s.Pos, Code: Code(s.Element(1)),
		Included: r.number(s, 2, 0, "the count of sets included"),
		Received: r.number(s, 3, 0, "the count of sets received"),
		Accepted: r.number(s, 4, 0, "the count of sets accepted"),
		Errors:   codes(s, 5, 9)}
	if !g.Code.validGroup() {
		r.finding(s, edi.Error, 1, edi.ErrData,
			"the group acknowledgment code is not A, E, M, P, R, W or X")
	}
	for el := 2; el <= 4; el++ {
		if !s.Has(el) {
			r.required(s, el, "a transaction set count")
		}
	}
	a.Result = g

	// The counts against the loops, when the sets are listed.
	if n := len(a.Sets); n > 0 && isNumber(s.Element(3)) && isNumber(s.Element(4)) {
		accepted := 0
		for i := range a.Sets {
			if a.Sets[i].Accepted() {
				accepted++
			}
		}
		if n != g.Received {
			r.finding(s, edi.Warning, 3, edi.ErrCount, fmt.Sprintf(
				"the count of sets received says %d, but %d are reported", g.Received, n))
		} else if accepted != g.Accepted {
			r.finding(s, edi.Warning, 4, edi.ErrCount, fmt.Sprintf(
				"the count of sets accepted says %d, but %d are reported accepted",
				g.Accepted, accepted))
		}
	}
}

// codes returns the non-empty elements from..to, in order.
func codes(s *edi.Segment, from, to int) []string {
	var out []string
	for el := from; el <= to; el++ {
		if v := s.Element(el); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func isNumber(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return v != ""
}
