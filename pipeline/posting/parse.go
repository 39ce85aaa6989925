package posting

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/ta1"
	"github.com/claimflow/claimflow/edi/x277"
	"github.com/claimflow/claimflow/edi/x999"
	"github.com/claimflow/claimflow/pipeline/store"
)

// parsedFile is what a received file holds, read whole before anything is
// written, so that a file that cannot be read changes no claim.
type parsedFile struct {
	typ      string // the stored file type
	state    string // what the file's state becomes
	findings edi.Findings
	content  []byte
	keys     fileKeys

	ta1s     []*ta1.Ack
	acks     []*x999.Ack
	claimAck []*x277.Claim // 277CA claims only
	remits   []remitSet
}

// parse reads content: it tells X12 from anything else, finds which
// transaction sets the file holds, and reads each kind with its reader. A
// file cut short (an envelope left open at its end) is read no further:
// none of it is applied, not even the sets that came whole before the cut.
func parse(name string, content []byte) *parsedFile {
	det := edi.DetectBytes(content)
	pf := &parsedFile{typ: typeName(det), state: store.FileApplied, content: content}
	if det.Kind == edi.KindUnknown {
		pf.state = store.FileReport
		return pf
	}

	// One pass over the segments finds what the file holds, and whether
	// it can be read as X12 at all, and to its end.
	sc := scanSets(name, content)
	pf.keys = sc.keys
	if sc.err != nil {
		pf.state, pf.findings = store.FileUnreadable, sc.findings
		return pf
	}
	if sc.cut != nil {
		pf.state = store.FileIncomplete
		pf.findings = append(edi.Findings{*sc.cut}, sc.findings...)
		return pf
	}
	sets, hasTA1 := sc.sets, sc.hasTA1
	var all []edi.Findings
	var fs edi.Findings
	var err error
	if hasTA1 {
		pf.ta1s, fs, err = readTA1(name, content)
		all = append(all, fs)
	}
	if err == nil && (sets["999"] || sets["997"]) {
		pf.acks, fs, err = read999(name, content)
		all = append(all, fs)
	}
	if err == nil && sets["277"] {
		pf.claimAck, fs, err = read277(name, content)
		all = append(all, fs)
	}
	if err == nil && sets["835"] {
		pf.remits, fs, err = read835(name, content)
		all = append(all, fs)
	}
	pf.findings = mergeFindings(all, len(sets) > 1 || hasTA1)
	if err != nil {
		pf.state = store.FileUnreadable
		return pf
	}
	if !hasTA1 && len(pf.acks) == 0 && len(pf.claimAck) == 0 && !sets["835"] {
		pf.state = store.FileIgnored
		pf.findings = append(pf.findings, edi.Finding{Severity: edi.Info,
			Pos: edi.Position{Ordinal: 1}, Err: edi.ErrStructure,
			Message: "claimflow applies TA1, 999, 997, 277CA and 835 answers; " +
				"this file holds none, so it is kept and not applied"})
	}
	return pf
}

func readTA1(name string, content []byte) ([]*ta1.Ack, edi.Findings, error) {
	r := ta1.NewReader(bytes.NewReader(content))
	r.SetName(name)
	acks, err := drain(r.Next)
	return acks, r.Findings(), err
}

func read999(name string, content []byte) ([]*x999.Ack, edi.Findings, error) {
	r := x999.NewReader(bytes.NewReader(content))
	r.SetName(name)
	acks, err := drain(r.Next)
	return acks, r.Findings(), err
}

// read277 reads the claims of a file's 277CA sets; the 277s that answer a
// status inquiry (X212) are passed over.
func read277(name string, content []byte) ([]*x277.Claim, edi.Findings, error) {
	r := x277.NewReader(bytes.NewReader(content))
	r.SetName(name)
	claims, err := drain(r.NextClaim)
	var out []*x277.Claim
	for _, c := range claims {
		if c.Header != nil && c.Header.ClaimAck() {
			out = append(out, c)
		}
	}
	return out, r.Findings(), err
}

// drain calls next until io.EOF and returns what it gave; any other error
// means the rest of the file cannot be read.
func drain[T any](next func() (T, error)) ([]T, error) {
	var out []T
	for {
		v, err := next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
}

// mergeFindings joins the findings of the readers that read one file,
// once each. In a file of several kinds, each reader's note that it passed
// over the others' sets is left out.
func mergeFindings(lists []edi.Findings, mixed bool) edi.Findings {
	seen := map[string]bool{}
	var out edi.Findings
	for _, fs := range lists {
		for _, f := range fs {
			if mixed && f.Segment == "ST" && strings.Contains(f.Message, "passed over") {
				continue
			}
			if k := f.Error(); !seen[k] {
				seen[k] = true
				out = append(out, f)
			}
		}
	}
	return out
}

// typeName is the file type stored for what Detect saw.
func typeName(d edi.Detection) string {
	switch d.Kind {
	case edi.KindUnknown:
		return "unknown"
	case edi.KindOtherX12:
		return "X12"
	}
	return strings.ToUpper(string(d.Kind))
}

// storedFinding is a finding as the file's findings column keeps it.
type storedFinding struct {
	Severity string `json:"severity"`
	At       string `json:"at"`
	Segment  string `json:"segment,omitempty"`
	Element  int    `json:"element,omitempty"`
	Message  string `json:"message"`
}

// findingsJSON renders findings for the files table; never nil.
func findingsJSON(fs edi.Findings) []byte {
	out := make([]storedFinding, 0, len(fs))
	for _, f := range fs {
		out = append(out, storedFinding{Severity: f.Severity.String(), At: f.Pos.String(),
			Segment: f.Segment, Element: f.Element, Message: f.Message})
	}
	b, err := json.Marshal(out)
	if err != nil {
		return []byte("[]")
	}
	return b
}
