package lifecycle

import (
	"errors"
	"fmt"
)

// ErrNotAllowed is returned, wrapped in a *TransitionError, for an event
// the claim's state refuses: batching a claim that is not ready, a new
// version while an answer is awaited, an answer to a version never sent.
var ErrNotAllowed = errors.New("transition not allowed")

// State is where a claim stands: the version being worked on, its status
// within that version, and whether it is stuck. The zero State is a claim
// before its first event.
type State struct {
	Version int
	Status  Status
	Stuck   bool
}

// Effect says what an allowed event did to the claim's status.
type Effect int

const (
	// Recorded: the event belongs on the timeline but leaves the status as
	// it was (an older version, a lower rank, or no status asserted).
	Recorded Effect = iota
	// Moved: the event changed the status or started a new version.
	Moved
)

// String returns "recorded" or "moved".
func (e Effect) String() string {
	if e == Moved {
		return "moved"
	}
	return "recorded"
}

// TransitionError describes a refused event.
type TransitionError struct {
	From   State
	Event  Event
	Reason string
}

// Error describes the refusal by statuses and versions only.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("%s event for version %d refused in status %s of version %d: %s",
		e.Event.Kind, e.Event.Version, e.From.Status, e.From.Version, e.Reason)
}

// Unwrap returns ErrNotAllowed.
func (e *TransitionError) Unwrap() error { return ErrNotAllowed }

// CanRevise reports whether a new version may replace the current one: when
// the claim is at rest (held, ready, rejected, adjudicated), or waiting for
// an answer that has not come in time (stuck). Never while it is in a
// batch, and never once it is void.
func CanRevise(s State) bool {
	info := statusTable[s.Status]
	return info.atRest || (info.inFlight && s.Stuck)
}

// Next applies e to s. It returns the new state and whether the status
// moved, or a *TransitionError when the event is refused. A refused event
// must not be recorded; a recorded one (Effect Recorded) must be.
func Next(s State, e Event) (State, Effect, error) {
	if err := e.Validate(); err != nil {
		return s, Recorded, err
	}
	refuse := func(reason string) (State, Effect, error) {
		return s, Recorded, &TransitionError{From: s, Event: e, Reason: reason}
	}

	// A new version starts a new cycle.
	if e.Kind == KindReceived {
		switch {
		case e.Version != s.Version+1:
			return refuse("versions must follow one another")
		case s.Version > 0 && !CanRevise(s):
			return refuse("the current version cannot be replaced now")
		}
		return State{Version: e.Version, Status: Received}, Moved, nil
	}
	switch {
	case s.Version == 0:
		return refuse("the claim has no version yet")
	case e.Version > s.Version:
		return refuse("the version does not exist")
	case e.Version < s.Version:
		if e.Kind.IsAnswer() || e.Kind == KindNote {
			return s, Recorded, nil
		}
		return refuse("only answers and notes may name an earlier version")
	}
	return nextSameVersion(s, e, refuse)
}

// nextSameVersion applies an event that names the current version.
func nextSameVersion(s State, e Event,
	refuse func(string) (State, Effect, error)) (State, Effect, error) {

	move := func(to Status) (State, Effect, error) {
		return State{Version: s.Version, Status: to}, Moved, nil
	}
	switch e.Kind {
	case KindChecked:
		if s.Status.Rank() > Ready.Rank() {
			return refuse("checks run only before batching")
		}
		if s.Status == e.Status {
			return s, Recorded, nil
		}
		return move(e.Status)
	case KindBatched:
		if s.Status != Ready {
			return refuse("only a ready claim can be batched")
		}
		return move(Batched)
	case KindUnbatched:
		if s.Status != Batched {
			return refuse("the claim is not in a batch")
		}
		return move(Ready)
	case KindSubmitted:
		switch {
		case s.Status == Batched:
			return move(Submitted)
		case s.Status.Rank() >= Submitted.Rank():
			// Marked twice, or an answer came before the upload was marked.
			return s, Recorded, nil
		}
		return refuse("only a batched claim can be submitted")
	case KindVoided:
		if s.Status == Batched || s.Status == Void {
			return refuse("a batched or void claim cannot be voided")
		}
		return move(Void)
	case KindStuck:
		if !statusTable[s.Status].inFlight && s.Status != Batched {
			return refuse("only a claim awaiting an answer can be stuck")
		}
		s.Stuck = true
		return s, Recorded, nil
	case KindUnstuck:
		s.Stuck = false
		return s, Recorded, nil
	case KindNote:
		return s, Recorded, nil
	}

	// What remains are answers.
	switch {
	case s.Status.Rank() < Batched.Rank():
		return refuse("an answer cannot concern a version that was never sent")
	case e.Status == "" || s.Status == Void:
		return s, Recorded, nil
	case e.Status.Rank() > s.Status.Rank():
		return move(e.Status)
	case e.Status.Rank() == s.Status.Rank() && e.Status != s.Status:
		return move(e.Status) // the newer verdict of the same stage
	}
	return s, Recorded, nil
}

// Derive replays events, oldest first, from the zero State. It is how a
// claim's status is defined: the stored status is a cache of Derive over
// the claim's timeline. A refused event in the list is an error, since a
// timeline never holds one.
func Derive(events []Event) (State, error) {
	var s State
	for i, e := range events {
		next, _, err := Next(s, e)
		if err != nil {
			return s, fmt.Errorf("event %d: %w", i+1, err)
		}
		s = next
	}
	return s, nil
}
