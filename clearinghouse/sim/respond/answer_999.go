package respond

import (
	"bytes"
	"fmt"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x999"
)

// maxSegmentErrors bounds the IK3 loops of one set, so that a file of
// garbage gets a 999 of reasonable size; the verdict counts every fault.
const maxSegmentErrors = 100

// write999 acknowledges every functional group of the accepted
// interchanges, one 999 set per group, and returns the 837 sets it
// accepted. A group whose own envelope is at fault is rejected whole
// (AK9 R with its AK905 codes, no AK2); otherwise each set is accepted or
// rejected on its own faults. Groups of acknowledgments (GS01 FA) are
// never acknowledged. It returns no file when there is nothing to
// acknowledge.
func (rp *reply) write999(b *batch) ([]byte, []*set, error) {
	at := rp.arrived.Add(rp.sc.Delays.Ack.D())
	var buf bytes.Buffer
	w := x999.NewWriter(&buf, rp.delims, rp.suffix)
	var accepted []*set
	n := 0
	for _, ic := range b.ics {
		if ic.note != "" {
			continue
		}
		isa := rp.interchange("999", ic, at)
		for _, g := range ic.groups {
			if g.functionalID == "FA" {
				continue
			}
			n++
			a := &x999.Ack{Interchange: isa, Group: rp.group("FA", x999V, receiverCode(ic), isa),
				SetID: "999", Control: setControl(n), Version: x999V,
				FunctionalID: rp.text(g.functionalID), GroupControl: rp.text(g.control),
				GroupVersion: rp.text(g.version)}
			accepted = append(accepted, rp.ackGroup(a, g)...)
			if err := w.Write(a); err != nil {
				return nil, nil, fmt.Errorf("write 999: %w", err)
			}
		}
	}
	if n == 0 {
		return nil, nil, nil
	}
	if err := w.Close(); err != nil {
		return nil, nil, fmt.Errorf("write 999: %w", err)
	}
	return buf.Bytes(), accepted, nil
}

// ackGroup fills the loops and AK9 of a's group and returns its accepted
// sets.
func (rp *reply) ackGroup(a *x999.Ack, g *group) []*set {
	res := x999.GroupResult{Code: x999.Rejected, Included: g.declared, Received: len(g.sets)}
	if res.Included < 0 {
		res.Included = len(g.sets)
	}
	if len(g.errs) > 0 {
		res.Errors = firstCodes(g.errs)
		a.Result = res
		return nil
	}
	var accepted []*set
	for _, st := range g.sets {
		resp := rp.ackSet(st)
		a.Sets = append(a.Sets, resp)
		if resp.Accepted() {
			accepted = append(accepted, st)
		}
	}
	res.Accepted = len(accepted)
	switch {
	case len(accepted) == 0:
		res.Code = x999.Rejected
	case len(accepted) < len(g.sets):
		res.Code = x999.PartiallyAccepted
	default:
		res.Code = x999.Accepted
	}
	a.Result = res
	return accepted
}

// ackSet is loop 2000 for one set: R when its envelope or content has an
// error, with an IK3 at the segment of each content error; A otherwise.
// No set gets an E: only errors are filed under sets.
func (rp *reply) ackSet(st *set) x999.SetResponse {
	resp := x999.SetResponse{SetID: rp.text(st.id), Control: rp.text(st.control),
		Version: rp.text(st.version)}
	errs := append([]string(nil), st.errs...)
	for i := 0; i < len(st.findings); {
		j := i + 1
		for j < len(st.findings) && st.findings[j].Pos.Ordinal == st.findings[i].Pos.Ordinal {
			j++
		}
		fs := st.findings[i:j]
		for _, f := range fs {
			errs = addErr(errs, setCode(f))
		}
		if len(resp.Segments) < maxSegmentErrors {
			resp.Segments = append(resp.Segments, rp.segmentError(st, fs))
		}
		i = j
	}
	resp.Code = x999.Accepted
	if len(errs) > 0 {
		resp.Code, resp.Errors = x999.Rejected, firstCodes(errs)
	}
	return resp
}

// segmentError is loop 2100 for the findings of one segment: IK3 with the
// claim's patient control number as business unit, and an IK4 for each
// finding about one of its elements.
func (rp *reply) segmentError(st *set, fs edi.Findings) x999.SegmentError {
	f := fs[0]
	o := f.Pos.Ordinal
	se := x999.SegmentError{SegmentID: f.Segment, SetPosition: f.Pos.SetPosition,
		Loop: st.loopAt(o), Code: segmentCode(f)}
	if se.SegmentID == "" {
		se.SegmentID = badID(st.badIDs[o])
	}
	if se.SetPosition == 0 {
		se.SetPosition = o - st.first + 1
	}
	if pcn := rp.text(st.claimAt(o)); pcn != "" {
		se.Contexts = []x999.Context{{IDs: []x999.ContextID{{Name: "CLM01", Reference: pcn}}}}
	}
	seen := map[x999.ElementPosition]bool{}
	for _, f := range fs {
		at := x999.ElementPosition{Element: f.Element, Component: f.Component}
		if f.Element == 0 || seen[at] {
			continue
		}
		seen[at] = true
		se.Code = segElements
		se.Elements = append(se.Elements, x999.ElementError{
			Element: at, Code: elementCode(f)})
	}
	return se
}

// firstCodes returns at most the five codes a 999 element list holds.
func firstCodes(codes []string) []string {
	if len(codes) > 5 {
		codes = codes[:5]
	}
	return append([]string(nil), codes...)
}

// badID turns the raw ID of a segment whose ID is invalid into something
// IK301 can carry: its first three letters or digits, upper-cased.
func badID(raw string) string {
	var b []byte
	for i := 0; i < len(raw) && len(b) < 3; i++ {
		c := raw[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if isAlnum(c) {
			b = append(b, c)
		}
	}
	if len(b) < 2 {
		return "UNK"
	}
	return string(b)
}
