package posting

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/claimflow/claimflow/edi/codes"
	"github.com/claimflow/claimflow/edi/x277"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// apply277 posts 277CA claim statuses. Each claim's TRN02 is the patient
// control number it was sent with; the submission it answers is found
// through that number, the 837 the 277CA names (2200B TRN02 echoes the
// 837's BHT03: its ISA13 and ST02), the clearinghouse trace number
// (REF*D9) of earlier statuses, and otherwise the newest version sent. A
// status that rejects the claim or any of its lines (A3, A4, A6, A7, A8)
// rejects it at the payer; A1 and A2 acknowledge it; other categories are
// recorded. The payer's claim number (REF*1K) is kept.
func (p *poster) apply277(claims []*x277.Claim) error {
	if len(claims) == 0 {
		return nil
	}
	pcns := make([]string, 0, len(claims))
	var traces []string
	for _, c := range claims {
		pcns = append(pcns, c.ControlNumber())
		if c.ClearinghouseTrace != "" {
			traces = append(traces, c.ClearinghouseTrace)
		}
	}
	exact, err := p.submissionsByPCN(pcns)
	if err != nil {
		return err
	}
	prior, err := p.tx.ClaimAcksByTrace(p.ctx, traces)
	if err != nil {
		return err
	}

	rows := make([]store.ClaimAck, len(claims))
	subs := make([]*store.Submission, len(claims))
	var ids []string
	for i, c := range claims {
		p.ack277Seq++
		rows[i] = store.ClaimAck{ID: store.NewID(), FileID: p.file.ID, Seq: p.ack277Seq,
			PCN: c.ControlNumber(), Verdict: "accepted",
			PayerClaimNumber: c.PayerClaimNumber, ClearinghouseTrace: c.ClearinghouseTrace,
			StatusDate: statusDate(c), ReceivedAt: p.at}
		if c.Rejected() {
			rows[i].Verdict = "rejected"
		}
		sub, reason, err := p.match277(c, exact, prior)
		if err != nil {
			return err
		}
		if sub == nil {
			p.hold("277CA", rows[i].ID, rows[i].PCN, reason)
			continue
		}
		subs[i] = sub
		rows[i].ClaimID, rows[i].Version = sub.ClaimID, sub.Version
		ids = append(ids, sub.ClaimID)
	}

	lines, err := p.tx.VersionLines(p.ctx, ids)
	if err != nil {
		return err
	}
	for i, c := range claims {
		var ls []store.Line
		if sub := subs[i]; sub != nil {
			ls = lines[store.VersionKey{ClaimID: sub.ClaimID, Version: sub.Version}]
		}
		list := statusList(c, ls)
		rows[i].Statuses = statusesJSON(list)
		if sub := subs[i]; sub != nil {
			status, detail := claimAckVerdict(list, c.PayerClaimNumber)
			p.event(sub.ClaimID, sub.Version, lifecycle.KindClaimAck, status, sub.BatchID,
				detail, c.PayerClaimNumber)
		}
	}
	return p.write("277CA statuses", func() error {
		return p.tx.InsertClaimAcks(p.ctx, rows)
	})
}

// match277 finds the submission a 277CA claim status answers.
func (p *poster) match277(c *x277.Claim, exact map[string][]store.Submission,
	prior []store.ClaimAck) (*store.Submission, string, error) {

	cands, reason, err := p.candidates(c.ControlNumber(), exact)
	if cands == nil || err != nil {
		return nil, reason, err
	}
	if isa13, st02, ok := answered837(c); ok {
		named := filter(cands, func(s store.Submission) bool {
			return s.ISA13 == isa13 && (st02 == 0 || s.ST02 == st02)
		})
		if len(named) > 0 {
			cands = named
		}
	}
	if t := c.ClearinghouseTrace; t != "" {
		seen := filter(cands, func(s store.Submission) bool {
			for _, a := range prior {
				if a.ClearinghouseTrace == t && a.ClaimID == s.ClaimID && a.Version == s.Version {
					return true
				}
			}
			return false
		})
		if len(seen) > 0 {
			cands = seen
		}
	}
	if cands = p.oneClaim(cands); cands == nil {
		return nil, store.UnmatchedAmbiguous, nil
	}
	s := p.latest(cands)
	return &s, "", nil
}

// answered837 reads the 837 a 277CA names: the information receiver's
// trace (2200B TRN02) echoes the 837's BHT03, which claimflow writes as
// the nine-digit ISA13 followed by the ST02.
func answered837(c *x277.Claim) (isa13, st02 int64, ok bool) {
	if c.Receiver == nil {
		return 0, 0, false
	}
	t := c.Receiver.Trace.Number
	if len(t) < 10 {
		return 0, 0, false
	}
	isa13, err := strconv.ParseInt(t[:9], 10, 64)
	if err != nil {
		return 0, 0, false
	}
	st02, err = strconv.ParseInt(t[9:], 10, 64)
	if err != nil {
		return 0, 0, false
	}
	return isa13, st02, true
}

// storedStatus is one status code of a 277CA claim or of one of its
// lines, as claim_acks.statuses keeps it. The free-form message (STC12) is
// left out: it may hold patient data.
type storedStatus struct {
	Position int    `json:"position,omitempty"` // the 277CA's line (2220D), from 1
	Line     int    `json:"line,omitempty"`     // the claim line its REF*FJ names
	Control  string `json:"control,omitempty"`  // REF*FJ
	Category string `json:"category"`
	Code     string `json:"code"`
	Entity   string `json:"entity,omitempty"`
	Date     string `json:"date,omitempty"`
	Action   string `json:"action,omitempty"`
	Rejected bool   `json:"rejected"`
}

// statusList lists every status code of a claim and of its lines, the
// lines numbered by the claim lines their REF*FJ (our REF*6R) names.
func statusList(c *x277.Claim, lines []store.Line) []storedStatus {
	out := []storedStatus{}
	add := func(st x277.Status, position int, control string) {
		for _, code := range st.Codes {
			if code.Category == "" && code.Code == "" {
				continue
			}
			out = append(out, storedStatus{Position: position, Control: control,
				Category: code.Category, Code: code.Code, Entity: code.Entity,
				Date: st.Date, Action: st.Action, Rejected: code.Rejected()})
		}
	}
	for _, st := range c.Statuses {
		add(st, 0, "")
	}
	for i := range c.Lines {
		for _, st := range c.Lines[i].Statuses {
			add(st, i+1, c.Lines[i].LineControl)
		}
	}
	numberLines(out, lines)
	return out
}

// numberLines gives each line status the number of the claim line its
// control number names.
func numberLines(list []storedStatus, lines []store.Line) {
	for i := range list {
		list[i].Line = 0
		if list[i].Control == "" {
			continue
		}
		for _, l := range lines {
			if l.ControlNumber == list[i].Control {
				list[i].Line = l.Number
			}
		}
	}
}

// claimAckVerdict is what a 277CA claim status does to the claim, and says
// so in words: a rejection of the claim or of any of its lines rejects it;
// A1 or A2 acknowledges it; anything else asserts nothing.
func claimAckVerdict(list []storedStatus, payerNo string) (lifecycle.Status, string) {
	var status lifecycle.Status
	word := "recorded"
	rejected, acked := false, false
	for _, st := range list {
		rejected = rejected || st.Rejected
		acked = acked || st.Position == 0 && (st.Category == "A1" || st.Category == "A2")
	}
	switch {
	case rejected:
		status, word = lifecycle.RejectedPayer, "rejected"
	case acked:
		status, word = lifecycle.Acknowledged, "acknowledged"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "277CA %s", word)
	if payerNo != "" {
		fmt.Fprintf(&b, ", payer claim number %s", payerNo)
	}
	for _, st := range list {
		if st.Position > 0 && rejected && !st.Rejected {
			continue
		}
		b.WriteString("; ")
		switch {
		case st.Line > 0:
			fmt.Fprintf(&b, "line %d: ", st.Line)
		case st.Position > 0:
			fmt.Fprintf(&b, "service line %d of the answer: ", st.Position)
		}
		b.WriteString(statusWords(st))
	}
	return status, b.String()
}

// statusWords renders one status code with its meaning.
func statusWords(st storedStatus) string {
	s := st.Category + ":" + st.Code
	words := codes.StatusCategory.Describe(st.Category) + "; " +
		codes.ClaimStatusCode.Describe(st.Code)
	if st.Entity != "" {
		s += ":" + st.Entity
		words += "; " + codes.Entity.Describe(st.Entity)
	}
	return s + " (" + words + ")"
}

// statusDate is the first STC02 of the claim.
func statusDate(c *x277.Claim) string {
	for _, st := range c.Statuses {
		if st.Date != "" {
			return st.Date
		}
	}
	return ""
}

// statusesJSON renders a status list for claim_acks.
func statusesJSON(list []storedStatus) []byte {
	b, _ := json.Marshal(list) // plain structs always marshal
	return b
}
