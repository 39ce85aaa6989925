package edi

import (
	"bytes"
	"fmt"
	"strconv"
)

// track updates the envelope state with segment s, whose role is kind,
// sets its position inside the envelopes, and records what is out of
// place. Every fault is reported and reading goes on as if the missing
// trailer had been there.
func (r *Reader) track(s *Segment, kind envKind) {
	e := &r.env
	switch kind {
	case envISA:
		r.closeAll(s, "an ISA")
		e.isaOpen, e.isa, e.groups = true, string(bytes.TrimSpace(s.Bytes(13))), 0
		r.place(s)
		r.checkISA(s)
	case envGS:
		if !e.isaOpen {
			r.addf(Error, s, 0, 0, ErrEnvelope, "GS outside an interchange")
		}
		if e.gsOpen {
			r.closeGroup(s, "a GS")
		}
		e.gsOpen, e.gs, e.sets = true, s.Element(6), 0
		e.groups++
		r.place(s)
	case envST:
		if !e.gsOpen {
			r.addf(Error, s, 0, 0, ErrEnvelope, "ST outside a functional group")
		}
		if e.stOpen {
			r.addf(Error, s, 0, 0, ErrEnvelope,
				fmt.Sprintf("transaction set %s has no SE before this ST", e.st))
		}
		e.stOpen, e.st, e.segs = true, s.Element(2), 1
		e.sets++
		r.place(s)
	case envSE:
		if !e.stOpen {
			r.place(s)
			r.addf(Error, s, 0, 0, ErrEnvelope, "SE without an open transaction set")
			return
		}
		e.segs++
		r.place(s)
		r.checkCount(s, 1, e.segs, "segments in the set")
		r.checkControl(s, 2, e.st, "ST02")
		e.stOpen = false
	case envGE:
		if e.stOpen {
			r.addf(Error, s, 0, 0, ErrEnvelope,
				fmt.Sprintf("transaction set %s has no SE before this GE", e.st))
			e.stOpen = false
		}
		r.place(s)
		if !e.gsOpen {
			r.addf(Error, s, 0, 0, ErrEnvelope, "GE without an open functional group")
			return
		}
		r.checkCount(s, 1, e.sets, "transaction sets in the group")
		r.checkControl(s, 2, e.gs, "GS06")
		e.gsOpen = false
	case envIEA:
		if e.stOpen || e.gsOpen {
			r.closeGroup(s, "an IEA")
		}
		r.place(s)
		if !e.isaOpen {
			r.addf(Error, s, 0, 0, ErrEnvelope, "IEA without an open interchange")
			return
		}
		r.checkCount(s, 1, e.groups, "functional groups in the interchange")
		r.checkControl(s, 2, e.isa, "ISA13")
		e.isaOpen = false
	case envTA1:
		r.place(s)
		if !e.isaOpen || e.gsOpen {
			r.addf(Error, s, 0, 0, ErrEnvelope, "TA1 belongs directly inside an interchange")
		}
	default:
		if e.stOpen {
			e.segs++
		}
		r.place(s)
		if !e.stOpen {
			r.addf(Error, s, 0, 0, ErrEnvelope, "segment outside a transaction set")
		}
	}
}

// place sets the envelope part of s's position.
func (r *Reader) place(s *Segment) {
	e := &r.env
	s.Pos.SetPosition = 0
	if e.stOpen {
		s.Pos.SetPosition = e.segs
	}
	if r.placed {
		// Only envelope segments change the control numbers; writing
		// the same strings again would cost write barriers while the
		// collector runs.
		return
	}
	s.Pos.Interchange, s.Pos.Group, s.Pos.Set = "", "", ""
	if e.isaOpen {
		s.Pos.Interchange = e.isa
	}
	if e.gsOpen {
		s.Pos.Group = e.gs
	}
	if e.stOpen {
		s.Pos.Set = e.st
	}
	r.placed = true
}

// closeAll closes every open envelope because a segment that starts a new
// one arrived first.
func (r *Reader) closeAll(s *Segment, what string) {
	r.closeGroup(s, what)
	if r.env.isaOpen {
		r.addf(Error, s, 0, 0, ErrEnvelope,
			fmt.Sprintf("interchange %s has no IEA before %s", r.env.isa, what))
		r.env.isaOpen = false
	}
}

func (r *Reader) closeGroup(s *Segment, what string) {
	e := &r.env
	if e.stOpen {
		r.addf(Error, s, 0, 0, ErrEnvelope,
			fmt.Sprintf("transaction set %s has no SE before %s", e.st, what))
		e.stOpen = false
	}
	if e.gsOpen {
		r.addf(Error, s, 0, 0, ErrEnvelope,
			fmt.Sprintf("functional group %s has no GE before %s", e.gs, what))
		e.gsOpen = false
	}
}

// checkCount compares a trailer's count element with the real count.
func (r *Reader) checkCount(s *Segment, el, actual int, what string) {
	v := s.Bytes(el)
	n, err := strconv.Atoi(string(v))
	switch {
	case len(v) == 0:
		r.addf(Error, s, el, 0, ErrCount, fmt.Sprintf("the count of %s is missing", what))
	case err != nil:
		r.addf(Error, s, el, 0, ErrCount, fmt.Sprintf("the count of %s is not a number", what))
	case n != actual:
		r.addf(Error, s, el, 0, ErrCount,
			fmt.Sprintf("the count of %s says %d, but there are %d", what, n, actual))
	}
}

// checkControl compares a trailer's control number with its header's.
// Leading zeros and padding do not count as a difference.
func (r *Reader) checkControl(s *Segment, el int, want, header string) {
	got := string(bytes.TrimSpace(s.Bytes(el)))
	if got == want || trimZeros(got) == trimZeros(want) {
		return
	}
	r.addf(Error, s, el, 0, ErrControlNumber,
		fmt.Sprintf("control number %s does not echo %s %s", got, header, want))
}

func trimZeros(v string) string {
	for len(v) > 1 && v[0] == '0' {
		v = v[1:]
	}
	return v
}

// checkISA reports ISA elements that break the fixed width, and a control
// number that is not nine digits.
func (r *Reader) checkISA(s *Segment) {
	if s.Len() != 16 {
		r.addf(Error, s, 0, 0, ErrSyntax,
			fmt.Sprintf("the ISA has %d elements; it must have 16", s.Len()))
	}
	for i := 1; i <= 16 && i <= s.Len(); i++ {
		if n := len(s.Bytes(i)); n != isaWidths[i-1] {
			r.addf(Warning, s, i, 0, ErrISAWidth,
				fmt.Sprintf("ISA%02d is %d characters; its fixed width is %d", i, n, isaWidths[i-1]))
		}
	}
	ctl := bytes.TrimSpace(s.Bytes(13))
	for _, c := range ctl {
		if c < '0' || c > '9' {
			r.addf(Error, s, 13, 0, ErrSyntax, "the interchange control number is not numeric")
			break
		}
	}
	if u := s.Element(15); u != "P" && u != "T" && s.Len() >= 15 {
		r.addf(Warning, s, 15, 0, ErrSyntax, "the usage indicator is neither P nor T")
	}
}
