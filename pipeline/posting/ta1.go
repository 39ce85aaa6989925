package posting

import (
	"context"
	"fmt"
	"strconv"

	"github.com/claimflow/claimflow/edi/codes"
	"github.com/claimflow/claimflow/edi/ta1"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// applyTA1 posts interchange acknowledgments. A TA1 names the batch by the
// ISA13 it answers (TA101). R rejects every claim of the interchange at
// the clearinghouse; A and E are recorded on each claim's timeline and
// move nothing.
func (p *poster) applyTA1(acks []*ta1.Ack) error {
	if len(acks) == 0 {
		return nil
	}
	rows := make([]store.Acknowledgment, 0, len(acks))
	var answered []answeredBatch
	for _, a := range acks {
		p.ackSeq++
		row := store.Acknowledgment{ID: store.NewID(), FileID: p.file.ID, Seq: p.ackSeq,
			Kind: "TA1", ISA13: a.Control, Status: string(a.Code), NoteCode: a.Note,
			ReceivedAt: p.at}
		b, reason, err := p.batch(a.Control, p.tx.BatchesByISA13)
		if err != nil {
			return err
		}
		if b == nil {
			rows = append(rows, row)
			p.hold("TA1", row.ID, "ISA13 "+a.Control, reason)
			continue
		}
		row.BatchID = b.ID
		rows = append(rows, row)
		members, err := p.tx.BatchClaims(p.ctx, b.ID)
		if err != nil {
			return err
		}
		status, state := lifecycle.Status(""), store.BatchAcknowledged
		if a.Rejected() {
			status, state = lifecycle.RejectedClearinghouse, store.BatchRejected
		}
		detail := ta1Detail(a)
		for _, m := range members {
			p.event(m.ClaimID, m.Version, lifecycle.KindInterchangeAck, status, b.ID, detail, "")
		}
		answered = append(answered, answeredBatch{b.ID, state})
	}
	err := p.write("TA1 acknowledgments", func() error {
		return p.tx.InsertAcknowledgments(p.ctx, rows)
	})
	if err != nil {
		return err
	}
	return p.markBatches(answered)
}

// ta1Detail says what a TA1 said, in words.
func ta1Detail(a *ta1.Ack) string {
	return fmt.Sprintf("TA1 %s for ISA13 %s: %s; note %s: %s", a.Code, a.Control,
		codes.TA1Ack.Describe(string(a.Code)), a.Note, codes.TA1Note.Describe(a.Note))
}

// answeredBatch is what an acknowledgment said of a whole batch.
type answeredBatch struct {
	id    string
	state store.BatchState
}

// markBatches records the batches' new states.
func (p *poster) markBatches(bs []answeredBatch) error {
	for _, b := range bs {
		err := p.write("batch state", func() error {
			return p.tx.MarkBatchAnswered(p.ctx, b.id, b.state, p.at)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// batchLookup finds batches by a control number, of one connection or of
// any ("").
type batchLookup func(ctx context.Context, connection string, n int64) ([]store.Batch, error)

// batch finds the one batch that a control number names, among the
// batches of the file's connection when it is known. Batches abandoned
// before upload were never sent and are left out. With none or several,
// it returns nil and why.
func (p *poster) batch(control string, lookup batchLookup) (*store.Batch, string, error) {
	found, err := p.batches(control, lookup)
	if err != nil {
		return nil, "", err
	}
	switch len(found) {
	case 0:
		return nil, store.UnmatchedNoClaim, nil
	case 1:
		return &found[0], "", nil
	}
	return nil, store.UnmatchedAmbiguous, nil
}

// batches returns the sent batches a control number names.
func (p *poster) batches(control string, lookup batchLookup) ([]store.Batch, error) {
	n, err := strconv.ParseInt(control, 10, 64)
	if err != nil || n < 1 {
		return nil, nil
	}
	all, err := lookup(p.ctx, p.conn, n)
	if err != nil {
		return nil, err
	}
	var sent []store.Batch
	for _, b := range all {
		if b.State != store.BatchAbandoned {
			sent = append(sent, b)
		}
	}
	return sent, nil
}
