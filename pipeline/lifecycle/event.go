package lifecycle

import (
	"fmt"
	"slices"
)

// Kind says what happened to a claim.
type Kind string

// The kinds of event.
const (
	KindReceived  Kind = "received"  // a version arrived: the first or a correction
	KindChecked   Kind = "checked"   // the checks ran: Invalid or Ready
	KindBatched   Kind = "batched"   // put into a batch
	KindUnbatched Kind = "unbatched" // its batch was abandoned before upload
	KindSubmitted Kind = "submitted" // its batch was uploaded

	KindInterchangeAck Kind = "interchange_ack" // TA1
	KindSetAck         Kind = "set_ack"         // 999
	KindClaimAck       Kind = "claim_ack"       // 277CA
	KindRemittance     Kind = "remittance"      // 835

	KindVoided  Kind = "voided"  // withdrawn by a person
	KindStuck   Kind = "stuck"   // no answer within the expected time
	KindUnstuck Kind = "unstuck" // a person cleared the flag
	KindNote    Kind = "note"    // anything else worth keeping on the timeline
)

// asserts lists, for each kind, the statuses its events may carry. The
// zero Status in a list means the kind may also assert nothing.
var asserts = map[Kind][]Status{
	KindReceived:       {Received},
	KindChecked:        {Invalid, Ready},
	KindBatched:        {Batched},
	KindUnbatched:      {Ready},
	KindSubmitted:      {Submitted},
	KindInterchangeAck: {"", RejectedClearinghouse},
	KindSetAck:         {Accepted, RejectedClearinghouse},
	KindClaimAck:       {"", Acknowledged, RejectedPayer},
	KindRemittance:     {"", Paid, PartiallyPaid, Denied, Forwarded, Reversed},
	KindVoided:         {Void},
	KindStuck:          {""},
	KindUnstuck:        {""},
	KindNote:           {""},
}

// Kinds returns every kind of event.
func Kinds() []Kind {
	return []Kind{
		KindReceived, KindChecked, KindBatched, KindUnbatched, KindSubmitted,
		KindInterchangeAck, KindSetAck, KindClaimAck, KindRemittance,
		KindVoided, KindStuck, KindUnstuck, KindNote,
	}
}

// Asserts returns the statuses an event of kind k may carry; the zero
// Status among them means it may carry none.
func (k Kind) Asserts() []Status {
	return slices.Clone(asserts[k])
}

// IsAnswer reports whether k is an answer from a clearinghouse or payer.
// Answers may arrive late, twice or for an earlier version: they are always
// recorded, and move the claim only when the rules allow.
func (k Kind) IsAnswer() bool {
	switch k {
	case KindInterchangeAck, KindSetAck, KindClaimAck, KindRemittance:
		return true
	}
	return false
}

// Event is what the lifecycle needs to know of a claim's event.
type Event struct {
	Kind    Kind
	Version int    // the claim version it concerns, from 1
	Status  Status // what it asserts; zero for none
}

// Validate reports an event whose kind is unknown or whose status that
// kind cannot assert.
func (e Event) Validate() error {
	allowed, ok := asserts[e.Kind]
	if !ok {
		return fmt.Errorf("unknown event kind %q", e.Kind)
	}
	if !slices.Contains(allowed, e.Status) {
		return fmt.Errorf("event kind %s cannot assert status %q", e.Kind, e.Status)
	}
	if e.Version < 1 {
		return fmt.Errorf("event version %d is not positive", e.Version)
	}
	return nil
}
