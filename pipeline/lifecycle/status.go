// Package lifecycle defines, in one place, the statuses a claim can have,
// the events that move it and the rules for which moves are allowed. It
// knows no database: the store records events and asks Next what they do.
//
// A claim's status is derived from its events. Each status has a rank, and
// within one version of a claim (one submission cycle) an event moves the
// claim only to a status of higher rank, so answers that arrive out of order
// never move a claim backwards: a 277CA read after the 835 is recorded, and
// the claim stays paid. Statuses of equal rank are alternative verdicts of
// the same stage (invalid or ready; paid, partially paid, denied, forwarded
// or reversed): among them the newest verdict wins, because the one who
// sends it (the checks, or the posting of every remittance of the claim)
// has weighed all that came before.
//
// Answers that say something without deciding anything (a TA1 that
// accepts, a 277CA status that neither accepts nor rejects, a
// predetermination in an 835) assert no status: they are recorded.
//
// A correction is a new version and starts a new cycle, in which the ranks
// start over. Events naming an earlier version are recorded and move
// nothing.
//
// Being stuck (no answer within the expected time) is a flag beside the
// status, not a status.
package lifecycle

import (
	"fmt"
	"strings"
)

// Status is where a claim stands. The zero Status means "none": the state
// of a claim before its first event, and what an event that asserts nothing
// carries.
type Status string

// The statuses, in rank order.
const (
	Received              Status = "received"  // stored, checks not yet run
	Invalid               Status = "invalid"   // held back by the checks
	Ready                 Status = "ready"     // waiting for the next batch
	Batched               Status = "batched"   // in a built 837 file
	Submitted             Status = "submitted" // the file is uploaded
	Accepted              Status = "accepted"  // 999 accepted its set
	RejectedClearinghouse Status = "rejected_clearinghouse"
	Acknowledged          Status = "acknowledged" // 277CA: in the payer's system
	RejectedPayer         Status = "rejected_payer"
	Paid                  Status = "paid"
	PartiallyPaid         Status = "partially_paid"
	Denied                Status = "denied"
	// Forwarded: the payer processed the claim and passed it on to another
	// payer (CLP02 19-21), or said it is not theirs and sent it on (23).
	// The next payer's answer is awaited.
	Forwarded Status = "forwarded"
	// Reversed: an 835 took back an earlier payment and nothing has
	// replaced it yet. The claim is open again, its balance back with the
	// payer, until a correction is paid or a person acts.
	Reversed Status = "reversed"
	Void     Status = "void" // withdrawn; terminal
)

// statusInfo is one row of the status table.
type statusInfo struct {
	rank int
	// atRest statuses wait for a person, so a new version may replace
	// the current one. inFlight statuses wait for an answer: a new
	// version is allowed only once the claim is stuck. A status may be
	// both: a forwarded or reversed claim waits for a payer, and a person
	// may still send a correction.
	atRest, inFlight bool
}

var statusTable = map[Status]statusInfo{
	Received:              {rank: 1},
	Invalid:               {rank: 2, atRest: true},
	Ready:                 {rank: 2, atRest: true},
	Batched:               {rank: 3},
	Submitted:             {rank: 4, inFlight: true},
	Accepted:              {rank: 5, inFlight: true},
	RejectedClearinghouse: {rank: 6, atRest: true},
	Acknowledged:          {rank: 7, inFlight: true},
	RejectedPayer:         {rank: 8, atRest: true},
	Paid:                  {rank: 9, atRest: true},
	PartiallyPaid:         {rank: 9, atRest: true},
	Denied:                {rank: 9, atRest: true},
	Forwarded:             {rank: 9, atRest: true, inFlight: true},
	Reversed:              {rank: 9, atRest: true, inFlight: true},
	Void:                  {rank: 10},
}

// Statuses returns every status in rank order, ties in declaration order.
func Statuses() []Status {
	return []Status{
		Received, Invalid, Ready, Batched, Submitted, Accepted,
		RejectedClearinghouse, Acknowledged, RejectedPayer,
		Paid, PartiallyPaid, Denied, Forwarded, Reversed, Void,
	}
}

// Valid reports whether s is one of the statuses.
func (s Status) Valid() bool {
	_, ok := statusTable[s]
	return ok
}

// Rank orders statuses within a submission cycle: an event moves a claim
// only to a status of higher rank, or to another verdict of equal rank.
// Rank is 0 for the zero Status and for unknown values.
func (s Status) Rank() int {
	return statusTable[s].rank
}

// statusAliases are the words the pages use for a status, where they
// differ from its name.
var statusAliases = map[string]Status{
	"held":        Invalid,
	"partly_paid": PartiallyPaid,
}

// ParseStatus returns the status named s, in any case and with spaces or
// hyphens for underscores, or by the word the pages use ("held" for
// invalid). The error for an unknown word lists the statuses.
func ParseStatus(s string) (Status, error) {
	word := strings.NewReplacer(" ", "_", "-", "_").Replace(strings.ToLower(strings.TrimSpace(s)))
	if st, ok := statusAliases[word]; ok {
		return st, nil
	}
	st := Status(word)
	if !st.Valid() {
		return "", fmt.Errorf("unknown claim status %q; give one of %s", s, StatusNames())
	}
	return st, nil
}

// StatusNames lists the statuses in rank order for help and errors, each
// alias beside its status: "received, invalid (or held), ready, ...".
func StatusNames() string {
	var names []string
	for _, st := range Statuses() {
		name := string(st)
		for alias, to := range statusAliases {
			if to == st {
				name += " (or " + alias + ")"
			}
		}
		names = append(names, name)
	}
	return strings.Join(names, ", ")
}
