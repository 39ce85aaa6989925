package x277

import (
	"fmt"

	"github.com/claimflow/claimflow/edi"
)

// The HL03 level codes.
const (
	LevelSource     = "20" // loop 2000A, information source
	LevelReceiver   = "21" // loop 2000B, information receiver
	LevelProvider   = "19" // loop 2000C, billing (277CA) or service (X212) provider
	LevelPatient    = "PT" // loop 2000D of a 277CA, the patient
	LevelSubscriber = "22" // loop 2000D of an X212, the subscriber
	LevelDependent  = "23" // loop 2000E of an X212, the dependent
)

// Level is one HL loop above the claims: 2000A to 2000D in a 277CA, 2000A
// to 2000E in an X212, with its name (loop 2100) and its own trace,
// statuses and totals (loop 2200).
type Level struct {
	Pos    edi.Position // the HL segment
	Header *Header
	Parent *Level // the level HL02 names; nil for the information source

	ID       string // HL01
	ParentID string // HL02
	Code     string // HL03: one of the Level constants
	Child    string // HL04: 1 when levels follow beneath, 0 when not

	Name      Entity   // NM1, loop 2100
	Trace     Trace    // TRN: TRN*1 at 2200A and 2200C, TRN*2 at 2200B
	Received  string   // DTP*050 at 2200A: when the source received the batch
	Processed string   // DTP*009 at 2200A: when it processed it
	Statuses  []Status // STC at 2200B and 2200C
	Refs      []Ref    // REF at 2200C: the provider's other identifiers
	Totals    Totals   // QTY and AMT at 2200B and 2200C
}

// Position returns the position of the level's HL segment.
func (l *Level) Position() edi.Position { return l.Pos }
func (l *Level) header() *Header        { return l.Header }

// Totals are the QTY and AMT segments of the receiver (loop 2200B: QTY
// 90 and AA) and provider levels (2200C: QTY QA and QC): how many claims
// and how much money were accepted and rejected. Nil means not given.
type Totals struct {
	AcceptedCount  *int        // QTY*90 or QTY*QA
	RejectedCount  *int        // QTY*AA or QTY*QC
	AcceptedAmount *edi.Amount // AMT*YU
	RejectedAmount *edi.Amount // AMT*YY
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
