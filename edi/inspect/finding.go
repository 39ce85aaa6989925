package inspect

import (
	"errors"
	"fmt"
	"sort"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x835"
)

// DefaultMaxFindings is how many findings a Document keeps unless Options
// say otherwise; the last one kept then says how many more there were.
const DefaultMaxFindings = 1000

// Finding is one problem a reader found, located in the file.
type Finding struct {
	Severity string `json:"severity"` // info, warning or error
	// Category names the kind of problem: syntax, envelope, count,
	// control_number, isa_width, data, structure, balance, not_x12,
	// delimiters, unread (a set inspect shows by its envelope only) or
	// other.
	Category string `json:"category"`
	// SegmentPosition is the segment's ordinal in the file, from 1; 0 when
	// the finding concerns no segment.
	SegmentPosition int `json:"segment_position"`
	// SetPosition is the segment's position counted from ST, as a 999's
	// IK302 counts it; 0 outside a set.
	SetPosition int    `json:"set_position"`
	Segment     string `json:"segment"`   // segment ID, e.g. CLP
	Element     int    `json:"element"`   // from 1; 0 for the whole segment
	Component   int    `json:"component"` // from 1; 0 for the whole element
	Interchange string `json:"interchange"`
	Group       string `json:"group"`
	Set         string `json:"set"`
	Message     string `json:"message"`
}

// categories name the sentinels findings unwrap to, the most specific
// first: a balance finding is also a data finding.
var categories = []struct {
	err  error
	name string
}{
	{x835.ErrBalance, "balance"},
	{edi.ErrNotX12, "not_x12"},
	{edi.ErrDelimiters, "delimiters"},
	{edi.ErrSyntax, "syntax"},
	{edi.ErrEnvelope, "envelope"},
	{edi.ErrCount, "count"},
	{edi.ErrControlNumber, "control_number"},
	{edi.ErrISAWidth, "isa_width"},
	{edi.ErrData, "data"},
	{edi.ErrStructure, "structure"},
	{errUnread, "unread"},
}

func categoryOf(err error) string {
	for _, c := range categories {
		if errors.Is(err, c.err) {
			return c.name
		}
	}
	return "other"
}

// newFinding converts a reader's finding.
func newFinding(f edi.Finding) Finding {
	return Finding{
		Severity:        f.Severity.String(),
		Category:        categoryOf(f.Err),
		SegmentPosition: f.Pos.Ordinal,
		SetPosition:     f.Pos.SetPosition,
		Segment:         f.Segment,
		Element:         f.Element,
		Component:       f.Component,
		Interchange:     f.Pos.Interchange,
		Group:           f.Pos.Group,
		Set:             f.Pos.Set,
		Message:         f.Message,
	}
}

// findingKey identifies a finding so that one reported by several readers
// over the same bytes is kept once.
type findingKey struct {
	sev       edi.Severity
	pos       edi.Position
	seg       string
	el, comp  int
	err, text string
}

func keyOf(f edi.Finding) findingKey {
	k := findingKey{sev: f.Severity, pos: f.Pos, seg: f.Segment, el: f.Element,
		comp: f.Component, text: f.Message}
	if f.Err != nil {
		k.err = f.Err.Error()
	}
	return k
}

// merge joins the readers' findings: each once, in the order of the
// segments they concern, the first reader's first where they share one.
// Beyond max, the last kept says how many more there were.
func merge(lists []edi.Findings, max int) []Finding {
	seen := map[findingKey]bool{}
	var all edi.Findings
	for _, l := range lists {
		for _, f := range l {
			k := keyOf(f)
			if seen[k] {
				continue
			}
			seen[k] = true
			all = append(all, f)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Pos.Ordinal < all[j].Pos.Ordinal })
	if max <= 0 {
		max = DefaultMaxFindings
	}
	out := make([]Finding, 0, min(len(all), max))
	for i, f := range all {
		nf := newFinding(f)
		if i == max-1 && len(all) > max {
			nf.Message = fmt.Sprintf("%s; %d more findings were not kept", f.Message, len(all)-max)
			out = append(out, nf)
			break
		}
		out = append(out, nf)
	}
	return out
}

// String renders the finding for people, e.g.
// "warning segment 17 (ISA 1, GS 1, ST 0001 position 15) CLP04: ...", or
// "info: ..." for a finding about no segment.
func (f Finding) String() string {
	if f.SegmentPosition == 0 && f.Segment == "" {
		return f.Severity + ": " + f.Message
	}
	return f.Severity + " " + edi.Finding{
		Pos: edi.Position{Ordinal: f.SegmentPosition, Interchange: f.Interchange,
			Group: f.Group, Set: f.Set, SetPosition: f.SetPosition},
		Segment: f.Segment, Element: f.Element, Component: f.Component,
		Message: f.Message,
	}.Error()
}
