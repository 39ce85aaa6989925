package respond

import (
	"bytes"
	"fmt"

	"github.com/claimflow/claimflow/edi/ta1"
)

// writeTA1 answers the interchanges that ask for a TA1 (ISA14 1) and
// those it rejects, whatever they ask: a sender must hear why nothing
// else comes back. It returns nil when no interchange gets one.
func (rp *reply) writeTA1(b *batch) ([]byte, error) {
	at := rp.arrived.Add(rp.sc.Delays.TA1.D())
	var buf bytes.Buffer
	w := ta1.NewWriter(&buf, rp.delims, rp.suffix)
	n := 0
	for _, ic := range b.ics {
		if !ic.ackRequested && ic.note == "" {
			continue
		}
		a := &ta1.Ack{Interchange: rp.interchange("ta1", ic, at), Control: ic.control,
			Time: ic.hdr.Time, Code: ta1.Accepted, Note: noteNone}
		if a.Time.IsZero() {
			a.Time = rp.arrived
		}
		if ic.note != "" {
			a.Code, a.Note = ta1.Rejected, ic.note
		}
		if err := w.Write(a); err != nil {
			return nil, fmt.Errorf("write TA1: %w", err)
		}
		n++
	}
	if n == 0 {
		return nil, nil
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("write TA1: %w", err)
	}
	return buf.Bytes(), nil
}
