package posting

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/claimflow/claimflow/edi/codes"
	"github.com/claimflow/claimflow/edi/x999"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// apply999 posts implementation (999) and functional (997)
// acknowledgments. AK102 names the batch by its GS06, and each AK2 a
// transaction set by its ST02. The claims of a set the 999 accepts (IK5 A
// or E) are accepted; those of a set it rejects (R, M, W, X) are rejected
// at the clearinghouse, every one. Sets without an AK2 of their own take
// the group's verdict (AK9) when it is an acceptance or a rejection, and
// are left alone when it is a partial acceptance. The errors (IK3, IK4)
// are kept on the acknowledgment rows and told on the claims' timelines.
func (p *poster) apply999(acks []*x999.Ack) error {
	var rows []store.Acknowledgment
	var answered []answeredBatch
	for _, a := range acks {
		p.ackSeq++
		group := store.Acknowledgment{ID: store.NewID(), FileID: p.file.ID, Seq: p.ackSeq,
			Kind: "999", GS06: a.GroupControl, Status: string(a.Result.Code),
			Errors: groupErrorsJSON(a.Result.Errors), ReceivedAt: p.at}
		sets := make([]store.Acknowledgment, len(a.Sets))
		for i := range a.Sets {
			s := &a.Sets[i]
			p.ackSeq++
			sets[i] = store.Acknowledgment{ID: store.NewID(), FileID: p.file.ID,
				Seq: p.ackSeq, Kind: "999", GS06: a.GroupControl, ST02: s.Control,
				Status: string(s.Code), Errors: setErrorsJSON(s), ReceivedAt: p.at}
		}
		// Only claim groups (HC) were sent by claimflow; the others are kept.
		if a.FunctionalID != "" && a.FunctionalID != "HC" {
			rows = append(append(rows, group), sets...)
			continue
		}
		b, reason, err := p.batch999(a)
		if err != nil {
			return err
		}
		if b == nil {
			rows = append(append(rows, group), sets...)
			p.hold("999", group.ID, "GS06 "+a.GroupControl, reason)
			continue
		}
		group.BatchID = b.ID
		for i := range sets {
			sets[i].BatchID = b.ID
		}
		rows = append(append(rows, group), sets...)
		state, err := p.post999(a, b, sets)
		if err != nil {
			return err
		}
		if state != "" {
			answered = append(answered, answeredBatch{b.ID, state})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	err := p.write("999 acknowledgments", func() error {
		return p.tx.InsertAcknowledgments(p.ctx, rows)
	})
	if err != nil {
		return err
	}
	return p.markBatches(answered)
}

// batch999 finds the batch a 999 answers: by GS06, and when several
// connections used that number, the one whose ST02 range holds every set
// the 999 names.
func (p *poster) batch999(a *x999.Ack) (*store.Batch, string, error) {
	found, err := p.batches(a.GroupControl, p.tx.BatchesByGS06)
	if err != nil {
		return nil, "", err
	}
	if len(found) > 1 {
		found = slices.DeleteFunc(found, func(b store.Batch) bool {
			for _, s := range a.Sets {
				n, err := strconv.ParseInt(s.Control, 10, 64)
				if err != nil || n < b.ST02First || n > b.ST02Last {
					return true
				}
			}
			return false
		})
	}
	switch len(found) {
	case 0:
		return nil, store.UnmatchedNoClaim, nil
	case 1:
		return &found[0], "", nil
	}
	return nil, store.UnmatchedAmbiguous, nil
}

// post999 queues the events of one 999 on its batch's claims and returns
// what it made of the batch: acknowledged when any claim was accepted,
// rejected when every claim was rejected, "" when it said nothing of it.
func (p *poster) post999(a *x999.Ack, b *store.Batch,
	rows []store.Acknowledgment) (store.BatchState, error) {

	members, err := p.tx.BatchClaims(p.ctx, b.ID)
	if err != nil {
		return "", err
	}
	pcns, err := p.memberPCNs(members)
	if err != nil {
		return "", err
	}
	bySet := map[int64][]store.BatchClaim{}
	for _, m := range members {
		bySet[m.ST02] = append(bySet[m.ST02], m)
	}
	accepted, rejected := 0, 0
	verdict := func(m store.BatchClaim, ok bool, detail string) {
		status := lifecycle.Accepted
		if ok {
			accepted++
		} else {
			status = lifecycle.RejectedClearinghouse
			rejected++
		}
		p.event(m.ClaimID, m.Version, lifecycle.KindSetAck, status, b.ID, detail, "")
	}

	answered := map[int64]bool{}
	for i := range a.Sets {
		s := &a.Sets[i]
		st02, err := strconv.ParseInt(s.Control, 10, 64)
		claims := bySet[st02]
		if err != nil || len(claims) == 0 {
			p.hold("999", rows[i].ID, "GS06 "+a.GroupControl+" ST02 "+s.Control,
				store.UnmatchedNoClaim)
			continue
		}
		answered[st02] = true
		for _, m := range claims {
			verdict(m, s.Accepted(), setDetail(s, pcns[key(m)]))
		}
	}

	// Sets the 999 does not name take the group's verdict.
	code := a.Result.Code
	if code != x999.PartiallyAccepted && code != "" {
		detail := groupDetail(a)
		for _, st02 := range slices.Sorted(maps.Keys(bySet)) {
			if answered[st02] {
				continue
			}
			for _, m := range bySet[st02] {
				verdict(m, code.Accepted(), detail)
			}
		}
	}
	switch {
	case accepted > 0:
		return store.BatchAcknowledged, nil
	case rejected > 0:
		return store.BatchRejected, nil
	}
	return "", nil
}

// memberPCNs returns the patient control number each member was sent with.
func (p *poster) memberPCNs(members []store.BatchClaim) (map[store.VersionKey]string, error) {
	ids := make([]string, 0, len(members))
	for _, m := range members {
		ids = append(ids, m.ClaimID)
	}
	subs, err := p.tx.SubmissionsOfClaims(p.ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[store.VersionKey]string, len(subs))
	for _, s := range subs {
		out[store.VersionKey{ClaimID: s.ClaimID, Version: s.Version}] = s.PCN
	}
	return out, nil
}

func key(m store.BatchClaim) store.VersionKey {
	return store.VersionKey{ClaimID: m.ClaimID, Version: m.Version}
}

// setDetail says in words what a 999 said of one set, for a claim in it
// sent with patient control number pcn: the errors that name that claim
// (CTX*CLM01) first, then a count of the others.
func setDetail(s *x999.SetResponse, pcn string) string {
	var b strings.Builder
	word := "accepted"
	if !s.Accepted() {
		word = "rejected"
	}
	fmt.Fprintf(&b, "999 %s set %s (IK5 %s: %s", word, s.Control, s.Code,
		codes.AckCode.Describe(string(s.Code)))
	for _, c := range s.Errors {
		fmt.Fprintf(&b, "; %s: %s", c, codes.SetSyntaxError.Describe(c))
	}
	b.WriteString(")")
	others := 0
	for _, se := range s.Segments {
		if unit := segmentClaim(se); unit != "" && unit != pcn {
			others++
			continue
		}
		fmt.Fprintf(&b, "; %s at position %d", se.SegmentID, se.SetPosition)
		if se.Loop != "" {
			fmt.Fprintf(&b, " in loop %s", se.Loop)
		}
		if se.Code != "" {
			fmt.Fprintf(&b, ": %s", codes.IK3Error.Describe(se.Code))
		}
		for _, e := range se.Elements {
			fmt.Fprintf(&b, "; element %d", e.Element.Element)
			if e.Reference != "" {
				fmt.Fprintf(&b, " (%s)", e.Reference)
			}
			fmt.Fprintf(&b, ": %s", codes.IK4Error.Describe(e.Code))
		}
	}
	if others > 0 {
		fmt.Fprintf(&b, "; %d errors in other claims of the set", others)
	}
	return b.String()
}

// segmentClaim is the patient control number a segment error's business
// unit context names, or "".
func segmentClaim(se x999.SegmentError) string {
	for _, c := range se.Contexts {
		if name, v, ok := c.BusinessUnit(); ok && name == "CLM01" {
			return v
		}
	}
	return ""
}

// groupDetail says in words what a 999 said of its whole group.
func groupDetail(a *x999.Ack) string {
	code := string(a.Result.Code)
	word := "accepted"
	if !a.Result.Code.Accepted() {
		word = "rejected"
	}
	d := fmt.Sprintf("999 %s group %s (AK9 %s: %s", word, a.GroupControl, code,
		codes.AckCode.Describe(code))
	for _, c := range a.Result.Errors {
		d += fmt.Sprintf("; %s: %s", c, codes.GroupSyntaxError.Describe(c))
	}
	return d + ")"
}

// ackError is one segment in error as the acknowledgments row keeps it.
// The bad value (IK404) is left out: it may be patient data, and the file
// keeps it.
type ackError struct {
	Segment     string         `json:"segment,omitempty"`
	Position    int            `json:"position,omitempty"`
	Loop        string         `json:"loop,omitempty"`
	Code        string         `json:"code"`
	Description string         `json:"description"`
	Claim       string         `json:"claim,omitempty"` // CTX CLM01
	Elements    []elementError `json:"elements,omitempty"`
}

type elementError struct {
	Element     int    `json:"element"`
	Component   int    `json:"component,omitempty"`
	Repeat      int    `json:"repeat,omitempty"`
	Reference   string `json:"reference,omitempty"`
	Code        string `json:"code"`
	Description string `json:"description"`
}

// setErrorsJSON lists a set's errors: its IK502 codes and its segments in
// error with their elements.
func setErrorsJSON(s *x999.SetResponse) []byte {
	out := []ackError{}
	for _, c := range s.Errors {
		out = append(out, ackError{Code: c, Description: codes.SetSyntaxError.Describe(c)})
	}
	for _, se := range s.Segments {
		e := ackError{Segment: se.SegmentID, Position: se.SetPosition, Loop: se.Loop,
			Code: se.Code, Description: codes.IK3Error.Describe(se.Code),
			Claim: segmentClaim(se)}
		for _, el := range se.Elements {
			e.Elements = append(e.Elements, elementError{Element: el.Element.Element,
				Component: el.Element.Component, Repeat: el.Element.Repeat,
				Reference: el.Reference, Code: el.Code,
				Description: codes.IK4Error.Describe(el.Code)})
		}
		out = append(out, e)
	}
	b, _ := json.Marshal(out) // plain structs always marshal
	return b
}

// groupErrorsJSON lists a group's AK905 to AK909 codes.
func groupErrorsJSON(cs []string) []byte {
	out := []ackError{}
	for _, c := range cs {
		out = append(out, ackError{Code: c, Description: codes.GroupSyntaxError.Describe(c)})
	}
	b, _ := json.Marshal(out) // plain structs always marshal
	return b
}
