package inspect

import (
	"bytes"
	"io"
	"sort"

	"github.com/claimflow/claimflow/edi"
)

// envelopes is the part that lists the file's interchanges, groups and
// sets. Its findings are those of edi.Reader and of the ISA and GS
// headers, which the other parts over the same bytes share.
type envelopes struct {
	name  string
	found edi.Findings
	list  []Interchange
	ta1s  int // TA1 segments seen

	open       bool // a set is open
	segs       int  // segments of the open set so far
	inIC, inGS bool
}

func (e *envelopes) reads(string) bool { return false }

func (e *envelopes) findings() edi.Findings { return e.found }

func (e *envelopes) read(src io.Reader) {
	r := edi.NewReader(src)
	r.SetName(e.name)
	for {
		s, err := r.Next()
		if err != nil {
			break
		}
		e.segment(r, s)
	}
	e.closeSet()
	e.found = r.Findings()
}

func (e *envelopes) segment(r *edi.Reader, s *edi.Segment) {
	switch s.ID {
	case "ISA":
		e.closeSet()
		h, fs := edi.ParseInterchange(s)
		report(r, fs)
		el := func(i int) string { return string(bytes.TrimSpace(s.Bytes(i))) }
		e.list = append(e.list, Interchange{
			ControlNumber: el(13),
			Sender:        Party{Qualifier: el(5), ID: el(6)},
			Receiver:      Party{Qualifier: el(7), ID: el(8)},
			Date:          dateOf(h.Time), Time: clockOf(h.Time),
			Version: el(12), Usage: el(15),
			Groups: []Group{}, ordinal: s.Pos.Ordinal,
		})
		e.inIC, e.inGS = true, false
	case "GS":
		e.closeSet()
		g, fs := edi.ParseGroup(s)
		report(r, fs)
		ic := e.interchange(s)
		ic.Groups = append(ic.Groups, Group{ControlNumber: s.Element(6),
			FunctionalID: string(bytes.TrimSpace(s.Bytes(1))), Version: s.Element(8),
			Date: dateOf(g.Time), Sets: []Set{}})
		e.inGS = true
	case "ST":
		e.closeSet()
		g := e.group(s)
		g.Sets = append(g.Sets, Set{ID: s.Element(1), ControlNumber: s.Element(2),
			Version: s.Element(3), ordinal: s.Pos.Ordinal})
		e.open, e.segs = true, 1
	case "SE":
		e.segs++
		e.closeSet()
	case "GE":
		e.closeSet()
		e.inGS = false
	case "IEA":
		e.closeSet()
		e.inIC, e.inGS = false, false
	case "TA1":
		e.ta1s++
	default:
		e.segs++
	}
}

// interchange returns the open interchange, opening one without an ISA
// for a segment that needs one.
func (e *envelopes) interchange(s *edi.Segment) *Interchange {
	if !e.inIC {
		e.list = append(e.list, Interchange{Groups: []Group{}, ordinal: s.Pos.Ordinal})
		e.inIC = true
	}
	return &e.list[len(e.list)-1]
}

// group returns the open group, opening one without a GS for a set that
// needs one.
func (e *envelopes) group(s *edi.Segment) *Group {
	ic := e.interchange(s)
	if !e.inGS || len(ic.Groups) == 0 {
		ic.Groups = append(ic.Groups, Group{Sets: []Set{}})
		e.inGS = true
	}
	return &ic.Groups[len(ic.Groups)-1]
}

// closeSet records the segment count of the open set.
func (e *envelopes) closeSet() {
	if !e.open {
		return
	}
	ic := &e.list[len(e.list)-1]
	g := &ic.Groups[len(ic.Groups)-1]
	g.Sets[len(g.Sets)-1].segments = e.segs
	e.open = false
}

// report adds the findings of a header to the reader's.
func report(r *edi.Reader, fs edi.Findings) {
	for _, f := range fs {
		r.Report(f)
	}
}

// index lists pointers to the sets of a finished list, in file order.
type index struct {
	sets []*Set
	ics  []*Interchange
}

func indexOf(list []Interchange) index {
	var x index
	for i := range list {
		ic := &list[i]
		x.ics = append(x.ics, ic)
		for j := range ic.Groups {
			for k := range ic.Groups[j].Sets {
				x.sets = append(x.sets, &ic.Groups[j].Sets[k])
			}
		}
	}
	return x
}

// set returns the set whose ST is segment ordinal, or nil.
func (x index) set(ordinal int) *Set {
	i := sort.Search(len(x.sets), func(i int) bool { return x.sets[i].ordinal >= ordinal })
	if i < len(x.sets) && x.sets[i].ordinal == ordinal {
		return x.sets[i]
	}
	return nil
}

// setBefore returns the last set whose ST comes before segment ordinal,
// or nil.
func (x index) setBefore(ordinal int) *Set {
	i := sort.Search(len(x.sets), func(i int) bool { return x.sets[i].ordinal >= ordinal })
	if i == 0 {
		return nil
	}
	return x.sets[i-1]
}

// interchangeOf returns the interchange that holds segment ordinal, or nil.
func (x index) interchangeOf(ordinal int) *Interchange {
	i := sort.Search(len(x.ics), func(i int) bool { return x.ics[i].ordinal > ordinal })
	if i == 0 {
		return nil
	}
	return x.ics[i-1]
}

// The envelope part gives no set content of its own.
func (e *envelopes) attach(index) {}
