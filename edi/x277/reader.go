package x277

import (
	"fmt"
	"io"

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

// ranks are the depths of the hierarchy: source, receiver, provider,
// subscriber, patient.
const ranks = 5

// tally counts the claims read beneath a level, to check its totals.
type tally struct {
	accepted, rejected       int
	acceptedAmt, rejectedAmt edi.Amount
}

// rank returns the depth of an HL03 code, or -1 for a code no 277 uses.
func rank(code string) int {
	switch code {
	case LevelSource:
		return 0
	case LevelReceiver:
		return 1
	case LevelProvider:
		return 2
	case LevelSubscriber:
		return 3
	case LevelPatient, LevelDependent:
		return 4
	}
	return -1
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

func (r *Reader) readBHT(s *edi.Segment) {
	if r.sawBHT || r.innermost() != nil {
		r.finding(s, edi.Error, 0, edi.ErrStructure, "BHT belongs once, right after ST")
		return
	}
	r.sawBHT = true
	r.maxElements(s, 6)
	h := r.hdr
	h.Structure, h.Purpose, h.Reference = s.Element(1), s.Element(2), s.Element(3)
	h.Date, h.Time, h.Type = s.Element(4), s.Element(5), s.Element(6)
	r.checkDate(s, 4, "the creation date")
}

// startLevel opens the level an HL begins and closes those at its depth
// and below.
func (r *Reader) startLevel(s *edi.Segment) {
	if !r.sawBHT {
		r.finding(s, edi.Error, 0, edi.ErrStructure, "the 277 has no BHT before its first HL")
		r.sawBHT = true
	}
	r.maxElements(s, 4)
	l := &Level{Pos: s.Pos, Header: r.hdr, ID: r.required(s, 1, "the hierarchical ID"),
		ParentID: s.Element(2), Code: r.required(s, 3, "the level code"), Child: s.Element(4)}
	rk := rank(l.Code)
	if rk < 0 {
		if l.Code != "" {
			r.finding(s, edi.Error, 3, edi.ErrData, "the level code is not one a 277 uses")
		}
		rk = ranks - 1
	}
	for i := rk - 1; i >= 0; i-- {
		if r.levels[i] != nil {
			l.Parent = r.levels[i]
			break
		}
	}
	switch {
	case rk == 0 && l.ParentID != "":
		r.finding(s, edi.Warning, 2, edi.ErrStructure, "the information source has a parent")
	case rk > 0 && l.Parent == nil:
		r.finding(s, edi.Error, 0, edi.ErrStructure, "the level has no level above it")
	case rk > 0 && l.ParentID != l.Parent.ID:
		r.finding(s, edi.Warning, 2, edi.ErrStructure,
			fmt.Sprintf("HL02 does not name the enclosing level %s", l.Parent.ID))
	}
	r.closeLevels(rk)
	r.levels[rk], r.level = l, l
}

// closeLevels closes the open levels of depth rk and below, checking their
// totals against the claims read beneath them.
func (r *Reader) closeLevels(rk int) {
	for i := ranks - 1; i >= rk; i-- {
		if l := r.levels[i]; l != nil {
			r.checkTotals(l, r.tallies[i])
		}
		r.levels[i], r.tallies[i] = nil, tally{}
	}
}

func (r *Reader) checkTotals(l *Level, t tally) {
	at := &edi.Segment{ID: "HL", Pos: l.Pos}
	count := func(p *int, n int, what string) {
		if p != nil && *p != n {
			r.finding(at, edi.Warning, 0, edi.ErrCount, fmt.Sprintf(
				"level %s counts %d %s claims, but %d beneath it are", l.ID, *p, what, n))
		}
	}
	amount := func(p *edi.Amount, a edi.Amount, what string) {
		if p != nil && *p != a {
			r.finding(at, edi.Warning, 0, edi.ErrCount, fmt.Sprintf(
				"level %s totals %s %s, but the claims beneath it come to %s",
				l.ID, p.String(), what, a.String()))
		}
	}
	count(l.Totals.AcceptedCount, t.accepted, "accepted")
	count(l.Totals.RejectedCount, t.rejected, "rejected")
	amount(l.Totals.AcceptedAmount, t.acceptedAmt, "accepted")
	amount(l.Totals.RejectedAmount, t.rejectedAmt, "rejected")
}

// levelSegment takes a segment of a level's own loops (2100 and 2200).
func (r *Reader) levelSegment(s *edi.Segment) {
	l := r.level
	switch s.ID {
	case "NM1":
		if l.Name != (Entity{}) {
			r.finding(s, edi.Error, 0, edi.ErrStructure, "a second NM1 in one level")
			return
		}
		l.Name = r.readNM1(s)
	case "TRN":
		if l.Trace != (Trace{}) {
			r.finding(s, edi.Error, 0, edi.ErrStructure, "a second TRN in one level")
			return
		}
		r.maxElements(s, 4)
		l.Trace = Trace{Type: s.Element(1), Number: r.required(s, 2, "the trace number")}
	case "DTP":
		p, q := r.readDTP(s)
		switch {
		case q == "050" && l.Received == "":
			l.Received = p.Start
		case q == "009" && l.Processed == "":
			l.Processed = p.Start
		default:
			r.finding(s, edi.Warning, 1, edi.ErrStructure,
				"a date this level does not take, or takes once; it is passed over")
		}
	case "STC":
		l.Statuses = append(l.Statuses, r.readSTC(s))
	case "REF":
		r.maxElements(s, 3)
		l.Refs = append(l.Refs, Ref{Qualifier: r.required(s, 1, "the qualifier"),
			Value: r.required(s, 2, "the reference")})
	case "QTY":
		r.readQTY(s, &l.Totals)
	case "AMT":
		r.readAMT(s, &l.Totals)
	case "PER", "DMG":
		// Contacts and demographics of an X212: not kept.
	default:
		r.finding(s, edi.Warning, 0, edi.ErrStructure,
			s.ID+" is not a segment of a 277 level; it is passed over")
	}
}

func (r *Reader) readNM1(s *edi.Segment) Entity {
	r.maxElements(s, 12)
	return Entity{Code: r.required(s, 1, "the entity code"), Type: s.Element(2),
		Last: s.Element(3), First: s.Element(4), Middle: s.Element(5), Suffix: s.Element(7),
		IDQualifier: s.Element(8), ID: s.Element(9)}
}

func (r *Reader) readQTY(s *edi.Segment, t *Totals) {
	r.maxElements(s, 4)
	var dst **int
	switch s.Element(1) {
	case "90", "QA":
		dst = &t.AcceptedCount
	case "AA", "QC":
		dst = &t.RejectedCount
	default:
		r.finding(s, edi.Warning, 1, edi.ErrData,
			"the quantity is neither an accepted nor a rejected total; it is passed over")
		return
	}
	if *dst != nil {
		r.finding(s, edi.Error, 0, edi.ErrStructure, "a total given twice in one level")
		return
	}
	n, ok := count(s.Element(2))
	if !ok {
		r.finding(s, edi.Error, 2, edi.ErrData, "the quantity is not a whole number")
		return
	}
	*dst = &n
}

func (r *Reader) readAMT(s *edi.Segment, t *Totals) {
	r.maxElements(s, 3)
	var dst **edi.Amount
	switch s.Element(1) {
	case "YU":
		dst = &t.AcceptedAmount
	case "YY":
		dst = &t.RejectedAmount
	default:
		r.finding(s, edi.Warning, 1, edi.ErrData,
			"the amount is neither an accepted nor a rejected total; it is passed over")
		return
	}
	if *dst != nil {
		r.finding(s, edi.Error, 0, edi.ErrStructure, "a total given twice in one level")
		return
	}
	if a := r.amount(s, 2); a != nil {
		*dst = a
	} else if !s.Has(2) {
		r.required(s, 2, "the amount")
	}
}

// count reads a QTY quantity as a whole number; "3" and "3.0" are 3.
func count(v string) (int, bool) {
	a, err := edi.ParseAmount([]byte(v))
	if err != nil || a%100 != 0 || a < 0 || a > 1e12 {
		return 0, false
	}
	return int(a / 100), true
}
