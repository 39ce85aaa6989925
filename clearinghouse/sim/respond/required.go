package respond

import (
	"slices"
	"strings"

	"github.com/claimflow/claimflow/edi"
)

// answered are the elements of an 837 that the answers copy into elements
// the guides require or restrict, and that the 837 reader does not check.
// A claim without a good one cannot be acknowledged or paid; the 999
// rejects its set with an IK4 for the element, as a clearinghouse
// validating the whole guide would.
var answered = []struct {
	seg, entity, loop string // entity is NM101; loop is "" for any
	el, comp          int
	codes             string // the values allowed, "" for any
	optional          bool   // the element may be left out
}{
	{seg: "CLM", el: 1},                // patient control number
	{seg: "NM1", entity: "85", el: 3},  // billing provider's name
	{seg: "N3", loop: "2010AA", el: 1}, // billing provider's street
	{seg: "N4", loop: "2010AA", el: 1}, // billing provider's city
	{seg: "NM1", entity: "IL", el: 3},  // subscriber's last name
	{seg: "NM1", entity: "QC", el: 3},  // patient's last name
	{seg: "SV1", el: 1, comp: 1, codes: "HC ER IV WK"},
	{seg: "SV1", el: 1, comp: 2}, // procedure code
	{seg: "SV2", el: 1},          // revenue code
	{seg: "SV2", el: 2, comp: 1, codes: "HC HP IV WK", optional: true},
}

// checkAnswered reports the answered elements of s, a segment of an 837
// set in loop, that are missing or hold a value the answers cannot copy.
func checkAnswered(st *set, s *edi.Segment, loop string) {
	for _, a := range answered {
		if a.seg != s.ID || a.entity != "" && a.entity != s.Element(1) ||
			a.loop != "" && a.loop != loop {
			continue
		}
		v := s.Element(a.el)
		if a.comp > 0 {
			v = s.Component(a.el, a.comp)
		}
		msg := ""
		switch {
		case v == "" && !a.optional:
			msg = "a required element is missing"
		case v != "" && a.codes != "" && !slices.Contains(strings.Fields(a.codes), v):
			msg = "the value is not one the guide allows"
		}
		if msg != "" {
			st.findings = append(st.findings, edi.Finding{Severity: edi.Error, Pos: s.Pos,
				Segment: s.ID, Element: a.el, Component: a.comp, Err: edi.ErrData,
				Message: msg})
		}
	}
}
