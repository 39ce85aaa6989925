package posting

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/pipeline/store"
)

// scan is what one pass over a file's segments found.
type scan struct {
	sets     map[string]bool // the ST01 of each set
	hasTA1   bool
	findings edi.Findings
	err      error        // set when the X12 cannot be read to its end
	cut      *edi.Finding // set when the file stops with an envelope open
	keys     fileKeys
}

// fileKeys are what tells that two files carry the same answers: the
// interchanges they hold and the 835 payments they begin.
type fileKeys struct {
	interchanges []string // ISA06 and ISA13
	payments     []paymentKey
	sets835      int // 835 sets begun: more than payments when one stops before its TRN
	// whole is the file's content up to the end of its last whole
	// segment: a file cut short is a prefix of its complete copy.
	whole []byte
}

// paymentKey names an 835 payment: its check or EFT trace (TRN02) and the
// payer that made it (TRN03).
type paymentKey struct{ trace, payer string }

// scanSets reads every segment once: which sets the file holds, whether a
// TA1 is there, whether the file ends with its envelopes closed, and the
// keys that name it.
func scanSets(name string, content []byte) scan {
	r := edi.NewReader(bytes.NewReader(content))
	r.SetName(name)
	sc := scan{sets: map[string]bool{}}
	var env openEnvelopes
	var last edi.Segment
	for {
		s, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			sc.findings, sc.err = r.Findings(), err
			return sc
		}
		env.track(s)
		last = edi.Segment{ID: s.ID, Pos: s.Pos}
		switch s.ID {
		case "ISA":
			sc.keys.interchanges = append(sc.keys.interchanges,
				strings.TrimSpace(s.Element(6))+"/"+strings.TrimSpace(s.Element(13)))
		case "ST":
			sc.sets[s.Element(1)] = true
			if s.Element(1) == "835" {
				sc.keys.sets835++
			}
		case "TA1":
			sc.hasTA1 = true
		case "TRN":
			if env.setID == "835" && s.Element(2) != "" {
				sc.keys.payments = append(sc.keys.payments, paymentKey{
					trace: s.Element(2), payer: s.Element(3)})
			}
		}
	}
	sc.findings = r.Findings()
	terminated := endsWithTerminator(content, r.Delimiters().Segment)
	sc.keys.whole = wholeSegments(content, r.Delimiters().Segment, terminated)
	if missing := env.missing(); missing != "" {
		where := "after"
		if !terminated {
			where = "inside"
		}
		msg := fmt.Sprintf("the file %s stops %s segment %d (%s)", name, where,
			last.Pos.Ordinal, last.ID)
		if !terminated {
			msg += ", which has no terminator"
		}
		sc.cut = &edi.Finding{Severity: edi.Error, File: name, Pos: last.Pos,
			Err: edi.ErrEnvelope, Message: msg + ": " + missing +
				"; a file cut short is not applied"}
	}
	return sc
}

// openEnvelopes follows which envelopes are open, to tell at the end of a
// file which trailers never came.
type openEnvelopes struct {
	isa, gs, st string // control numbers; "" when closed
	setID       string // ST01 of the open set
}

func (e *openEnvelopes) track(s *edi.Segment) {
	switch s.ID {
	case "ISA":
		*e = openEnvelopes{isa: strings.TrimSpace(s.Element(13))}
	case "GS":
		e.gs, e.st, e.setID = s.Element(6), "", ""
	case "ST":
		e.st, e.setID = s.Element(2), s.Element(1)
	case "SE":
		e.st, e.setID = "", ""
	case "GE":
		e.gs, e.st, e.setID = "", "", ""
	case "IEA":
		*e = openEnvelopes{}
	}
}

// missing lists the trailers of the envelopes still open, in words; ""
// when every envelope is closed.
func (e *openEnvelopes) missing() string {
	var parts []string
	if e.st != "" {
		parts = append(parts, "the SE of transaction set "+e.st)
	}
	if e.gs != "" {
		parts = append(parts, "the GE of group "+e.gs)
	}
	if e.isa != "" {
		parts = append(parts, "the IEA of interchange "+e.isa)
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0] + " is missing"
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1] +
		" are missing"
}

// endsWithTerminator reports whether content ends with the segment
// terminator, line breaks after it aside.
func endsWithTerminator(content []byte, term byte) bool {
	end := len(content)
	for end > 0 && content[end-1] != term && isSpace(content[end-1]) {
		end--
	}
	return end > 0 && content[end-1] == term
}

// wholeSegments is content up to the end of its last whole segment.
func wholeSegments(content []byte, term byte, terminated bool) []byte {
	if terminated {
		return bytes.TrimRightFunc(content, func(r rune) bool {
			return r < 128 && byte(r) != term && isSpace(byte(r))
		})
	}
	i := bytes.LastIndexByte(content, term)
	if i < 0 {
		return nil
	}
	return content[:i+1]
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\r' || b == '\n' }

// completes reports whether a file with keys k, applied whole, carries
// what the file cut short with keys cut would have: the same interchange,
// the same bytes from the start, or every payment the cut file began.
func (k fileKeys) completes(cut fileKeys) bool {
	for _, a := range cut.interchanges {
		for _, b := range k.interchanges {
			if a == b && !strings.HasSuffix(a, "/") {
				return true
			}
		}
	}
	if len(cut.whole) > 0 && bytes.HasPrefix(k.whole, cut.whole) {
		return true
	}
	if !cut.allPayments() {
		return false
	}
	for _, p := range cut.payments {
		found := false
		for _, q := range k.payments {
			if p == q {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// allPayments reports whether the keys name the payment of every 835 set
// begun, and there is at least one.
func (k fileKeys) allPayments() bool {
	return len(k.payments) > 0 && len(k.payments) == k.sets835
}

// postedBefore reports whether every payment a file cut short began was
// received whole before, in another file; if so, it adds a finding naming
// the first such file.
func (p *poster) postedBefore(pf *parsedFile) (bool, error) {
	if !pf.keys.allPayments() {
		return false, nil
	}
	var first *store.PriorPayment
	for _, k := range pf.keys.payments {
		if k.payer == "" {
			return false, nil
		}
		prior, err := p.tx.PaymentsByTrace(p.ctx, k.trace, k.payer)
		if err != nil || len(prior) == 0 {
			return false, err
		}
		if first == nil {
			first = &prior[0]
		}
	}
	p.notes = append(p.notes, edi.Finding{Severity: edi.Info, File: p.file.Name,
		Err: edi.ErrEnvelope, Message: fmt.Sprintf("its payments came whole before, "+
			"in file %s (%s) and any others with the same traces", first.FileID,
			first.FileName)})
	return true, nil
}

// replaceCut marks as replaced the incomplete files that this one, applied
// whole, carries: each gets a finding naming this file, and this file one
// naming each.
func (p *poster) replaceCut(pf *parsedFile) error {
	cuts, err := p.tx.FilesInState(p.ctx, store.FileIncomplete)
	if err != nil {
		return err
	}
	for _, f := range cuts {
		if f.ID == p.file.ID {
			continue
		}
		content, err := p.tx.FileContent(p.ctx, f.ID)
		if err != nil {
			return err
		}
		if !pf.keys.completes(scanSets(f.Name, content).keys) {
			continue
		}
		note := storedFinding{Severity: edi.Info.String(), At: edi.Position{}.String(),
			Message: fmt.Sprintf("file %s (%s) arrived complete and was applied in its place",
				p.file.ID, p.file.Name)}
		err = p.write("replaced file", func() error {
			return p.tx.SetFileState(p.ctx, f.ID, store.FileReplaced, "",
				appendFinding(f.Findings, note))
		})
		if err != nil {
			return err
		}
		p.notes = append(p.notes, edi.Finding{Severity: edi.Info, File: p.file.Name,
			Err: edi.ErrEnvelope, Message: fmt.Sprintf("it completes file %s (%s), which "+
				"stopped short and was not applied", f.ID, f.Name)})
	}
	return nil
}

// appendFinding adds a finding to findings kept as JSON.
func appendFinding(stored []byte, f storedFinding) []byte {
	var all []json.RawMessage
	if json.Unmarshal(stored, &all) != nil {
		all = nil
	}
	b, err := json.Marshal(f)
	if err != nil {
		return stored
	}
	out, err := json.Marshal(append(all, b))
	if err != nil {
		return stored
	}
	return out
}
