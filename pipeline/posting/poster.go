package posting

import (
	"context"
	"time"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// poster applies one file inside one transaction. It gathers the claims'
// events and the unmatched answers as it goes and writes them at the end,
// each kind of row in as few statements as it can.
type poster struct {
	ctx  context.Context
	tx   *store.Tx
	file store.File
	at   time.Time // when the file arrived: the time of its events
	conn string    // the connection it came through; "" when unknown

	ackSeq    int // acknowledgments rows of the file so far
	ack277Seq int // claim_acks rows so far
	events    []store.ClaimEvent
	unmatched []store.Unmatched

	claimBooks map[string]*claimBook // claims an 835 of the file touched
	notes      edi.Findings          // what applying adds to the file's findings
	repeats    int                   // 835 sets that repeat a payment received before
	heldSets   int                   // 835 sets held: a known trace, other content

	steps int
	fail  failHook
}

// failHook, when set through the context, is asked before every write of
// a poster and may fail it: tests use it to break a transaction midway.
type failHook func(step int, what string) error

type failKey struct{}

func newPoster(ctx context.Context, tx *store.Tx, f store.File) *poster {
	p := &poster{ctx: ctx, tx: tx, file: f, at: f.ReceivedAt, conn: f.Connection}
	p.fail, _ = ctx.Value(failKey{}).(failHook)
	return p
}

// write runs one write of the transaction.
func (p *poster) write(what string, fn func() error) error {
	p.steps++
	if p.fail != nil {
		if err := p.fail(p.steps, what); err != nil {
			return err
		}
	}
	return fn()
}

// apply posts every answer the file holds, in the order a clearinghouse
// sends them: interchange, transaction sets, claim statuses, payments.
func (p *poster) apply(pf *parsedFile) error {
	if err := p.applyTA1(pf.ta1s); err != nil {
		return err
	}
	if err := p.apply999(pf.acks); err != nil {
		return err
	}
	if err := p.apply277(pf.claimAck); err != nil {
		return err
	}
	return p.apply835(pf.remits)
}

// event queues an event on a claim.
func (p *poster) event(claimID string, version int, kind lifecycle.Kind,
	status lifecycle.Status, batchID, detail, payerClaimNumber string) {

	p.events = append(p.events, store.ClaimEvent{ClaimID: claimID,
		PayerClaimNumber: payerClaimNumber, NewEvent: store.NewEvent{Kind: kind,
			Version: version, Status: status, FileID: p.file.ID, BatchID: batchID,
			Detail: detail, At: p.at}})
}

// hold queues an answer for a person.
func (p *poster) hold(kind, sourceID, reference, reason string) {
	p.unmatched = append(p.unmatched, store.Unmatched{FileID: p.file.ID, Kind: kind,
		SourceID: sourceID, Reference: reference, Reason: reason, ReceivedAt: p.at})
}

// finish writes the queued unmatched answers and events, and counts them
// into res.
func (p *poster) finish(res *Result) error {
	if len(p.unmatched) > 0 {
		err := p.write("unmatched answers", func() error {
			return p.tx.InsertUnmatched(p.ctx, p.unmatched)
		})
		if err != nil {
			return err
		}
	}
	var evs []store.Event
	if len(p.events) > 0 {
		err := p.write("claim events", func() error {
			var err error
			evs, err = p.tx.AppendEvents(p.ctx, p.events)
			return err
		})
		if err != nil {
			return err
		}
	}
	claims := map[string]bool{}
	for _, e := range evs {
		claims[e.ClaimID] = true
		if e.Moved() {
			res.Moved++
		}
	}
	res.Events, res.Claims, res.Unmatched = len(evs), len(claims), len(p.unmatched)
	res.Repeated, res.Held = p.repeats, p.heldSets
	return nil
}
