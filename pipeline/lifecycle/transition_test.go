package lifecycle

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// column is one event of the transition grid. revise events name the next
// version; all others name the current one.
type column struct {
	name   string
	kind   Kind
	status Status
	revise bool
}

var columns = []column{
	{"rev", KindReceived, Received, true},
	{"ckI", KindChecked, Invalid, false},
	{"ckR", KindChecked, Ready, false},
	{"bat", KindBatched, Batched, false},
	{"unb", KindUnbatched, Ready, false},
	{"sub", KindSubmitted, Submitted, false},
	{"ta1", KindInterchangeAck, "", false},
	{"t1R", KindInterchangeAck, RejectedClearinghouse, false},
	{"99A", KindSetAck, Accepted, false},
	{"99R", KindSetAck, RejectedClearinghouse, false},
	{"277", KindClaimAck, "", false},
	{"27A", KindClaimAck, Acknowledged, false},
	{"27R", KindClaimAck, RejectedPayer, false},
	{"835", KindRemittance, "", false},
	{"pd", KindRemittance, Paid, false},
	{"pp", KindRemittance, PartiallyPaid, false},
	{"den", KindRemittance, Denied, false},
	{"fwd", KindRemittance, Forwarded, false},
	{"rvs", KindRemittance, Reversed, false},
	{"vd", KindVoided, Void, false},
	{"stk", KindStuck, "", false},
	{"ust", KindUnstuck, "", false},
	{"nt", KindNote, "", false},
}

// short names the statuses in the grid.
var short = map[string]Status{
	"rcv": Received, "inv": Invalid, "rdy": Ready, "bat": Batched,
	"sub": Submitted, "acc": Accepted, "rjc": RejectedClearinghouse,
	"ack": Acknowledged, "rjp": RejectedPayer, "pd": Paid,
	"pp": PartiallyPaid, "den": Denied, "fwd": Forwarded, "rvs": Reversed, "vd": Void,
}

// grid is the whole transition table for a claim that is not stuck: one row
// per status, named first, then one cell per column above: the status the
// event moves the claim to, "=" when the event is recorded and the status
// stays, "x" when the event is refused.
var grid = []string{
	//    rev ckI ckR bat unb sub ta1 t1R 99A 99R 277 27A 27R 835 pd pp den fwd rvs vd stk ust nt
	"rcv x   inv rdy x   x   x   x   x   x   x   x   x   x   x   x  x  x   x   x   vd x   =   =",
	"inv rcv =   rdy x   x   x   x   x   x   x   x   x   x   x   x  x  x   x   x   vd x   =   =",
	"rdy rcv inv =   bat x   x   x   x   x   x   x   x   x   x   x  x  x   x   x   vd x   =   =",
	"bat x   x   x   x   rdy sub =   rjc acc rjc =   ack rjp =   pd pp den fwd rvs x  =   =   =",
	"sub x   x   x   x   x   =   =   rjc acc rjc =   ack rjp =   pd pp den fwd rvs vd =   =   =",
	"acc x   x   x   x   x   =   =   rjc =   rjc =   ack rjp =   pd pp den fwd rvs vd =   =   =",
	"rjc rcv x   x   x   x   =   =   =   =   =   =   ack rjp =   pd pp den fwd rvs vd x   =   =",
	"ack x   x   x   x   x   =   =   =   =   =   =   =   rjp =   pd pp den fwd rvs vd =   =   =",
	"rjp rcv x   x   x   x   =   =   =   =   =   =   =   =   =   pd pp den fwd rvs vd x   =   =",
	"pd  rcv x   x   x   x   =   =   =   =   =   =   =   =   =   =  pp den fwd rvs vd x   =   =",
	"pp  rcv x   x   x   x   =   =   =   =   =   =   =   =   =   pd =  den fwd rvs vd x   =   =",
	"den rcv x   x   x   x   =   =   =   =   =   =   =   =   =   pd pp =   fwd rvs vd x   =   =",
	"fwd rcv x   x   x   x   =   =   =   =   =   =   =   =   =   pd pp den =   rvs vd =   =   =",
	"rvs rcv x   x   x   x   =   =   =   =   =   =   =   =   =   pd pp den fwd =   vd =   =   =",
	"vd  x   x   x   x   x   =   =   =   =   =   =   =   =   =   =  =  =   =   =   x  x   =   =",
}

func TestGridCoversEveryStatusAndKind(t *testing.T) {
	seen := map[Status]bool{}
	for _, row := range grid {
		seen[short[strings.Fields(row)[0]]] = true
	}
	for _, s := range Statuses() {
		if !seen[s] {
			t.Errorf("status %s has no row in the grid", s)
		}
	}
	kinds := map[Kind]bool{}
	for _, c := range columns {
		kinds[c.kind] = true
	}
	for _, k := range Kinds() {
		if !kinds[k] {
			t.Errorf("kind %s has no column in the grid", k)
		}
		for _, st := range k.Asserts() {
			found := false
			for _, c := range columns {
				found = found || (c.kind == k && c.status == st)
			}
			if !found {
				t.Errorf("kind %s asserting %q has no column", k, st)
			}
		}
	}
}

func TestTransitionGrid(t *testing.T) {
	const version = 3
	for _, row := range grid {
		fields := strings.Fields(row)
		status, cells := short[fields[0]], fields[1:]
		if !status.Valid() || len(cells) != len(columns) {
			t.Fatalf("row %q: status %q, %d cells, want %d", row, status, len(cells), len(columns))
		}
		for i, col := range columns {
			t.Run(fmt.Sprintf("%s/%s", status, col.name), func(t *testing.T) {
				from := State{Version: version, Status: status}
				e := Event{Kind: col.kind, Version: version, Status: col.status}
				if col.revise {
					e.Version = version + 1
				}
				got, effect, err := Next(from, e)
				checkCell(t, cells[i], from, e, got, effect, err)
			})
		}
	}
}

func checkCell(t *testing.T, cell string, from State, e Event, got State, effect Effect,
	err error) {

	t.Helper()
	switch cell {
	case "x":
		var te *TransitionError
		if !errors.Is(err, ErrNotAllowed) || !errors.As(err, &te) {
			t.Fatalf("Next = %+v, %v, %v; want refusal", got, effect, err)
		}
		if got != from {
			t.Errorf("refused event changed the state to %+v", got)
		}
	case "=":
		if err != nil || effect != Recorded {
			t.Fatalf("Next = %+v, %v, %v; want recorded", got, effect, err)
		}
		want := from
		want.Stuck = e.Kind == KindStuck
		if got != want {
			t.Errorf("state = %+v, want %+v", got, want)
		}
	default:
		to, ok := short[cell]
		if !ok {
			t.Fatalf("bad cell %q", cell)
		}
		if err != nil || effect != Moved {
			t.Fatalf("Next = %+v, %v, %v; want move to %s", got, effect, err, to)
		}
		want := State{Version: e.Version, Status: to}
		if got != want {
			t.Errorf("state = %+v, want %+v", got, want)
		}
	}
}

func TestStuckClaims(t *testing.T) {
	tests := []struct {
		from      Status
		canRevise bool
	}{
		{Batched, false},
		{Submitted, true},
		{Accepted, true},
		{Acknowledged, true},
		{Forwarded, true},
		{Reversed, true},
	}
	for _, tt := range tests {
		t.Run(string(tt.from), func(t *testing.T) {
			s, _, err := Next(State{Version: 1, Status: tt.from}, Event{Kind: KindStuck, Version: 1})
			if err != nil || s != (State{Version: 1, Status: tt.from, Stuck: true}) {
				t.Fatalf("stuck: %+v, %v", s, err)
			}
			if got := CanRevise(s); got != tt.canRevise {
				t.Errorf("CanRevise(stuck %s) = %v, want %v", tt.from, got, tt.canRevise)
			}
			_, effect, err := Next(s, Event{Kind: KindReceived, Version: 2, Status: Received})
			if tt.canRevise != (err == nil && effect == Moved) {
				t.Errorf("revision of stuck %s: %v, %v", tt.from, effect, err)
			}

			// An answer that moves the claim clears the flag; one that
			// does not leaves it.
			kept, _, err := Next(s, Event{Kind: KindInterchangeAck, Version: 1})
			if err != nil || !kept.Stuck {
				t.Errorf("TA1 without status: %+v, %v; want still stuck", kept, err)
			}
			moved, _, err := Next(s, Event{Kind: KindRemittance, Version: 1, Status: Paid})
			if err != nil || moved != (State{Version: 1, Status: Paid}) {
				t.Errorf("835 paid: %+v, %v; want paid, not stuck", moved, err)
			}
			cleared, _, err := Next(s, Event{Kind: KindUnstuck, Version: 1})
			if err != nil || cleared != (State{Version: 1, Status: tt.from}) {
				t.Errorf("unstuck: %+v, %v", cleared, err)
			}
		})
	}
}

func TestEarlierVersionEvents(t *testing.T) {
	from := State{Version: 2, Status: Submitted}
	for _, col := range columns {
		if col.revise {
			continue
		}
		t.Run(col.name, func(t *testing.T) {
			e := Event{Kind: col.kind, Version: 1, Status: col.status}
			got, effect, err := Next(from, e)
			if col.kind.IsAnswer() || col.kind == KindNote {
				if err != nil || effect != Recorded || got != from {
					t.Errorf("Next = %+v, %v, %v; want recorded, unchanged", got, effect, err)
				}
				return
			}
			if !errors.Is(err, ErrNotAllowed) {
				t.Errorf("Next = %+v, %v, %v; want refusal", got, effect, err)
			}
		})
	}
}

func TestVersionNumbering(t *testing.T) {
	tests := []struct {
		name string
		from State
		e    Event
		want State
		ok   bool
	}{
		{"first version", State{}, Event{KindReceived, 1, Received},
			State{Version: 1, Status: Received}, true},
		{"first version must be 1", State{}, Event{KindReceived, 2, Received}, State{}, false},
		{"no event before the first version", State{}, Event{KindNote, 1, ""}, State{}, false},
		{"skipping a version", State{Version: 1, Status: Denied},
			Event{KindReceived, 3, Received}, State{Version: 1, Status: Denied}, false},
		{"a version that does not exist", State{Version: 1, Status: Submitted},
			Event{KindSetAck, 2, Accepted}, State{Version: 1, Status: Submitted}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := Next(tt.from, tt.e)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("Next = %+v, %v; want %+v, ok %v", got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestInvalidEvents(t *testing.T) {
	tests := []struct {
		e    Event
		want string
	}{
		{Event{"mystery", 1, ""}, `unknown event kind "mystery"`},
		{Event{KindSetAck, 1, Paid}, `event kind set_ack cannot assert status "paid"`},
		{Event{KindSetAck, 1, ""}, `event kind set_ack cannot assert status ""`},
		{Event{KindNote, 1, Ready}, `event kind note cannot assert status "ready"`},
		{Event{KindNote, 0, ""}, `event version 0 is not positive`},
	}
	for _, tt := range tests {
		s := State{Version: 1, Status: Submitted}
		_, _, err := Next(s, tt.e)
		if err == nil || err.Error() != tt.want || errors.Is(err, ErrNotAllowed) {
			t.Errorf("Next(%+v) error = %v, want %q", tt.e, err, tt.want)
		}
	}
}

func TestTransitionErrorMessage(t *testing.T) {
	_, _, err := Next(State{Version: 2, Status: Ready}, Event{KindSubmitted, 2, Submitted})
	want := "submitted event for version 2 refused in status ready of version 2: " +
		"only a batched claim can be submitted"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

// sent is the timeline of a claim's first version up to its upload.
var sent = []Event{
	{KindReceived, 1, Received},
	{KindChecked, 1, Ready},
	{KindBatched, 1, Batched},
	{KindSubmitted, 1, Submitted},
}

func TestDeriveIgnoresArrivalOrder(t *testing.T) {
	tests := []struct {
		name    string
		answers []Event
		want    Status
	}{
		{"835 before 277CA", []Event{
			{KindSetAck, 1, Accepted},
			{KindClaimAck, 1, Acknowledged},
			{KindRemittance, 1, Paid},
		}, Paid},
		{"rejection at the same stage wins", []Event{
			{KindSetAck, 1, Accepted},
			{KindInterchangeAck, 1, RejectedClearinghouse},
			{KindInterchangeAck, 1, ""},
		}, RejectedClearinghouse},
		{"payer rejection after a receipt", []Event{
			{KindSetAck, 1, Accepted},
			{KindClaimAck, 1, Acknowledged},
			{KindClaimAck, 1, RejectedPayer},
		}, RejectedPayer},
		{"a later stage outranks an earlier rejection", []Event{
			{KindSetAck, 1, RejectedClearinghouse},
			{KindClaimAck, 1, RejectedPayer},
			{KindRemittance, 1, Denied},
			{KindNote, 1, ""},
		}, Denied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := 0
			permute(tt.answers, func(order []Event) {
				n++
				got, err := Derive(append(append([]Event{}, sent...), order...))
				want := State{Version: 1, Status: tt.want}
				if err != nil || got != want {
					t.Errorf("order %v: Derive = %+v, %v; want %+v", order, got, err, want)
				}
			})
			if want := factorial(len(tt.answers)); n != want {
				t.Errorf("tried %d orders, want %d", n, want)
			}
		})
	}
}

func TestDeriveSubmissionCycles(t *testing.T) {
	events := append(append([]Event{}, sent...),
		Event{KindClaimAck, 1, RejectedPayer},
		Event{KindReceived, 2, Received},
		Event{KindChecked, 2, Ready},
		Event{KindBatched, 2, Batched},
		Event{KindSubmitted, 2, Submitted},
		Event{KindClaimAck, 2, Acknowledged},
		// A late 277CA for the first submission moves nothing.
		Event{KindClaimAck, 1, RejectedPayer},
		Event{KindRemittance, 1, Paid},
	)
	got, err := Derive(events)
	if want := (State{Version: 2, Status: Acknowledged}); err != nil || got != want {
		t.Errorf("Derive = %+v, %v; want %+v", got, err, want)
	}

	// Newest adjudication wins within the stage: paid, taken back, paid.
	events = append(events,
		Event{KindRemittance, 2, Paid},
		Event{KindRemittance, 2, Reversed},
		Event{KindRemittance, 2, PartiallyPaid},
	)
	got, err = Derive(events)
	if want := (State{Version: 2, Status: PartiallyPaid}); err != nil || got != want {
		t.Errorf("Derive = %+v, %v; want %+v", got, err, want)
	}
}

func TestDeriveRejectsRefusedEvent(t *testing.T) {
	_, err := Derive([]Event{{KindReceived, 1, Received}, {KindBatched, 1, Batched}})
	want := "event 2: batched event for version 1 refused in status received of version 1: " +
		"only a ready claim can be batched"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestParseStatus(t *testing.T) {
	for _, s := range Statuses() {
		got, err := ParseStatus(string(s))
		if err != nil || got != s {
			t.Errorf("ParseStatus(%q) = %q, %v", s, got, err)
		}
	}
	for word, want := range map[string]Status{"held": Invalid, "Partly paid": PartiallyPaid,
		"rejected-payer": RejectedPayer, " PAID ": Paid} {
		if got, err := ParseStatus(word); err != nil || got != want {
			t.Errorf("ParseStatus(%q) = %q, %v, want %q", word, got, err, want)
		}
	}
	want := `unknown claim status "lost"; give one of received, invalid (or held), ready, ` +
		"batched, submitted, accepted, rejected_clearinghouse, acknowledged, rejected_payer, " +
		"paid, partially_paid (or partly_paid), denied, forwarded, reversed, void"
	if _, err := ParseStatus("lost"); err == nil || err.Error() != want {
		t.Errorf("ParseStatus(lost) error = %v", err)
	}
}

func permute(events []Event, fn func([]Event)) {
	var rec func(k int)
	a := append([]Event{}, events...)
	rec = func(k int) {
		if k == len(a) {
			fn(a)
			return
		}
		for i := k; i < len(a); i++ {
			a[k], a[i] = a[i], a[k]
			rec(k + 1)
			a[k], a[i] = a[i], a[k]
		}
	}
	rec(0)
}

func factorial(n int) int {
	if n <= 1 {
		return 1
	}
	return n * factorial(n-1)
}
