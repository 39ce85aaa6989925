package x837

import (
	"io"
	"sort"

	"github.com/claimflow/claimflow/edi"
)

// Stats counts what a Reader has read.
type Stats struct {
	Segments     int // every segment, ISA to IEA
	Interchanges int
	Groups       int
	Sets         int // ST
	Claims       int // CLM
	Lines        int // LX
}

// loop is where in an 837 the reader stands.
type loop uint8

const (
	inNone      loop = iota // outside a transaction set
	inHeader                // ST, BHT
	in1000A                 // submitter
	in1000B                 // receiver
	in2000A                 // billing provider, with 2010AA
	inOtherA                // 2010AB, 2010AC: pay-to loops, skipped
	in2000B                 // subscriber, with 2010BA
	in2010BB                // payer
	in2000C                 // patient
	in2300                  // claim
	in2310                  // a claim provider claimflow reads (NM1*DN, 82, 71)
	inOther2300             // 2310 loops claimflow skips, and 2320/2330
	in2400                  // service line
	inOther2400             // 2410, 2420, 2430: skipped
)

// Reader reads an 837P or 837I back into claims, one at a time, and
// validates the structure of what it reads: the envelopes (from
// edi.Reader), the HL hierarchy, the segments each loop requires for the
// claims claimflow writes, and the claim totals. Segments outside the
// supported subset are skipped without a finding.
type Reader struct {
	in    *edi.Reader
	name  string
	stats Stats
	found edi.Findings

	set    setState
	loop   loop
	usage  string
	ready  *Claim
	index  int
	err    error
	header struct {
		sub  *Submitter
		recv *Receiver
	}
	billing *Provider
	sub     subState
	dep     *Dependent
	cur     *claimState
}

// NewReader returns a Reader over an 837 file.
func NewReader(src io.Reader) *Reader {
	return &Reader{in: edi.NewReader(src)}
}

// SetName sets the file name that findings carry.
func (r *Reader) SetName(name string) {
	r.name = name
	r.in.SetName(name)
}

// Stats returns the counts so far.
func (r *Reader) Stats() Stats { return r.stats }

// Findings returns the findings so far, the envelope's and the
// structure's, in the order of the segments they concern.
func (r *Reader) Findings() edi.Findings {
	all := append(append(edi.Findings(nil), r.in.Findings()...), r.found...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Pos.Ordinal < all[j].Pos.Ordinal })
	return all
}

// Next returns the next claim, io.EOF after the last, or the error that
// stopped the underlying edi.Reader (which is also in Findings).
func (r *Reader) Next() (*Claim, error) {
	for r.ready == nil {
		if r.err != nil {
			return nil, r.err
		}
		s, err := r.in.Next()
		if err != nil {
			r.finishClaim()
			r.endSet(nil)
			r.err = err
			continue
		}
		r.stats.Segments++
		r.segment(s)
	}
	c := r.ready
	r.ready = nil
	return c, nil
}

// Validate reads a whole 837 and returns its findings and counts. The
// error is non-nil only when the input could not be read to its end.
func Validate(src io.Reader, name string) (edi.Findings, Stats, error) {
	r := NewReader(src)
	r.SetName(name)
	for {
		_, err := r.Next()
		if err == io.EOF {
			return r.Findings(), r.Stats(), nil
		}
		if err != nil {
			return r.Findings(), r.Stats(), err
		}
	}
}

// finding records a structure or data finding about segment s.
func (r *Reader) finding(s *edi.Segment, el int, err error, msg string) {
	r.findingAt(s.Pos, s.ID, el, err, msg)
}

func (r *Reader) findingAt(pos edi.Position, seg string, el int, err error, msg string) {
	r.found = append(r.found, edi.Finding{Severity: edi.Error, File: r.name, Pos: pos,
		Segment: seg, Element: el, Err: err, Message: msg})
}

// segment dispatches one segment.
func (r *Reader) segment(s *edi.Segment) {
	switch s.ID {
	case "ISA":
		r.finishClaim()
		r.endSet(nil)
		r.stats.Interchanges++
		r.usage = s.Element(15)
		return
	case "GS":
		r.stats.Groups++
		r.set.groupVersion = s.Element(8)
		return
	case "IEA", "GE":
		r.finishClaim()
		r.endSet(nil)
		return
	case "ST":
		r.finishClaim()
		r.endSet(nil)
		r.stats.Sets++
		r.beginSet(s)
		return
	case "SE":
		r.finishClaim()
		r.endSet(s)
		return
	}
	if r.loop == inNone {
		return
	}
	r.set.segs++
	switch s.ID {
	case "HL":
		r.finishClaim()
		r.hl(s)
	case "CLM":
		r.finishClaim()
		r.beginClaim(s)
	case "LX":
		if r.cur == nil {
			r.finding(s, 0, edi.ErrStructure, "LX outside a claim")
			return
		}
		r.beginLine(s)
	default:
		r.inLoop(s)
	}
}

// inLoop hands a segment to the loop it belongs to.
func (r *Reader) inLoop(s *edi.Segment) {
	switch r.loop {
	case inHeader, in1000A, in1000B:
		r.headerSegment(s)
	case in2000A, inOtherA:
		r.billingSegment(s)
	case in2000B, in2010BB:
		r.subscriberSegment(s)
	case in2000C:
		r.patientSegment(s)
	case in2300, in2310, inOther2300:
		r.claimSegment(s)
	case in2400, inOther2400:
		r.lineSegment(s)
	}
}
