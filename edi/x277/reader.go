package x277

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/claimflow/claimflow/edi"
)

// Reader reads 277 transaction sets as a stream of items: each level once
// its own segments are read, each claim once its service lines are. Sets
// of other kinds and TA1 segments are passed over. Memory holds the claim
// being read and the levels above it.
type Reader struct {
	r   *edi.Reader
	isa edi.Interchange
	gs  edi.Group
	err error // returned once the input is exhausted

	hdr     *Header // the open 277; nil outside one
	sawBHT  bool
	levels  [ranks]*Level // the open levels, by rank
	tallies [ranks]tally  // the claims read beneath each open level
	level   *Level        // a level still being read, not yet returned
	claim   *Claim        // the claim being read
	line    int           // index of the open service line; -1 when none
}

// NewReader returns a Reader over src.
func NewReader(src io.Reader) *Reader { return &Reader{r: edi.NewReader(src), line: -1} }

// SetName sets the file name that findings carry.
func (r *Reader) SetName(name string) { r.r.SetName(name) }

// Findings returns the envelope and 277 problems found so far, in the order
// they were met.
func (r *Reader) Findings() edi.Findings { return r.r.Findings() }

// Next returns the next item, a *Level or a *Claim. It returns io.EOF at
// the end of the input; any other error means the rest cannot be read as
// X12, and is in Findings too. An item cut short is still returned.
func (r *Reader) Next() (Item, error) {
	for r.err == nil {
		s, err := r.r.Next()
		if err != nil {
			r.err = io.EOF
			if err != io.EOF {
				r.err = fmt.Errorf("x277: %w", err)
			}
			if it := r.endSet(); it != nil {
				return it, nil
			}
			break
		}
		if it := r.segment(s); it != nil {
			return it, nil
		}
	}
	return nil, r.err
}

// NextClaim returns the next claim, passing over levels; they stay
// reachable from the claim.
func (r *Reader) NextClaim() (*Claim, error) {
	for {
		it, err := r.Next()
		if err != nil {
			return nil, err
		}
		if c, ok := it.(*Claim); ok {
			return c, nil
		}
	}
}

// segment takes one segment and returns an item that s completes.
func (r *Reader) segment(s *edi.Segment) Item {
	switch s.ID {
	case "ISA":
		it := r.endSet()
		h, fs := edi.ParseInterchange(s)
		r.report(fs)
		r.isa, r.gs = h, edi.Group{}
		return it
	case "GS":
		it := r.endSet()
		g, fs := edi.ParseGroup(s)
		r.report(fs)
		r.gs = g
		return it
	case "ST":
		it := r.endSet()
		r.begin(s)
		return it
	case "SE", "GE", "IEA":
		return r.endSet()
	case "TA1":
		return nil
	}
	if r.hdr == nil {
		return nil
	}
	return r.body(s)
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

// begin opens a 277, or passes over a set of another kind.
func (r *Reader) begin(s *edi.Segment) {
	if id := s.Element(1); id != "277" {
		r.finding(s, edi.Warning, 1, edi.ErrStructure,
			fmt.Sprintf("transaction set %.3s is not a 277; it is passed over", id))
		return
	}
	r.hdr = &Header{Pos: s.Pos, Interchange: r.isa, Group: r.gs, Control: s.Element(2),
		Version: s.Element(3)}
	r.sawBHT = false
}

// endSet returns what is still pending, checks the totals of the levels
// still open, and closes the set.
func (r *Reader) endSet() Item {
	it := r.flush()
	r.closeLevels(0)
	r.hdr = nil
	return it
}

// flush finishes the claim or level being read and returns it.
func (r *Reader) flush() Item {
	if c := r.claim; c != nil {
		r.finishClaim(c)
		r.claim, r.line = nil, -1
		return c
	}
	if l := r.level; l != nil {
		r.level = nil
		return l
	}
	return nil
}

// body takes a segment inside a 277.
func (r *Reader) body(s *edi.Segment) Item {
	switch s.ID {
	case "BHT":
		r.readBHT(s)
		return nil
	case "HL":
		it := r.flush()
		r.startLevel(s)
		return it
	case "TRN":
		if l := r.innermost(); l != nil && rank(l.Code) >= 3 || l != nil && rank(l.Code) < 0 {
			it := r.flush()
			r.startClaim(s)
			return it
		}
	}
	switch {
	case r.claim != nil:
		r.claimSegment(s)
	case r.level != nil:
		r.levelSegment(s)
	default:
		r.finding(s, edi.Warning, 0, edi.ErrStructure,
			s.ID+" is outside any level of the 277; it is passed over")
	}
	return nil
}

// innermost returns the deepest open level.
func (r *Reader) innermost() *Level {
	for i := ranks - 1; i >= 0; i-- {
		if r.levels[i] != nil {
			return r.levels[i]
		}
	}
	return nil
}

// readDTP returns a DTP's period and qualifier.
func (r *Reader) readDTP(s *edi.Segment) (Period, string) {
	r.maxElements(s, 3)
	q, v := s.Element(1), s.Element(3)
	var p Period
	switch s.Element(2) {
	case "D8":
		p.Start = v
		r.checkDate(s, 3, "the date")
	case "RD8":
		start, end, ok := strings.Cut(v, "-")
		p.Start, p.End = start, end
		if !ok || !validDate(start) || !validDate(end) || end < start {
			r.finding(s, edi.Warning, 3, edi.ErrData, "the range is not CCYYMMDD-CCYYMMDD")
		}
	default:
		p.Start = v
		r.finding(s, edi.Warning, 2, edi.ErrData, "the date format is neither D8 nor RD8")
	}
	return p, q
}

// amount reads a monetary element; absent is nil, malformed is nil and a
// finding.
func (r *Reader) amount(s *edi.Segment, el int) *edi.Amount {
	if !s.Has(el) {
		return nil
	}
	a, err := edi.ParseAmount(s.Bytes(el))
	if err != nil {
		r.finding(s, edi.Error, el, edi.ErrData, "not an amount with at most two decimals")
		return nil
	}
	return &a
}

// checkDate reports an element that is present and not CCYYMMDD.
func (r *Reader) checkDate(s *edi.Segment, el int, what string) {
	if v := s.Element(el); v != "" && !validDate(v) {
		r.finding(s, edi.Warning, el, edi.ErrData, what+" is not CCYYMMDD")
	}
}

func validDate(v string) bool {
	if len(v) != 8 {
		return false
	}
	_, err := time.Parse("20060102", v)
	return err == nil
}

// required reports a missing element and returns its value.
func (r *Reader) required(s *edi.Segment, el int, what string) string {
	v := s.Element(el)
	if v == "" {
		r.finding(s, edi.Error, el, edi.ErrData, what+" is missing")
	}
	return v
}

// maxElements reports elements beyond the last one a segment defines.
func (r *Reader) maxElements(s *edi.Segment, n int) {
	if s.Len() > n {
		r.finding(s, edi.Warning, n+1, edi.ErrSyntax, "more elements than the segment defines")
	}
}
