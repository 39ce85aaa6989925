package respond_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi/x837"
)

// answerAt answers data arriving at t with a new Responder for sc.
func answerAt(t *testing.T, sc respond.Scenario, data []byte, at time.Time) []sim.Response {
	t.Helper()
	rs, err := newResponder(t, sc).Respond(context.Background(), sim.Upload{Seq: 9,
		Name: "/inbound/d.837", Data: data, Arrived: at})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// The same file arriving at the same time under the same seed gets the
// same answers, byte for byte, whichever Responder answers it and however
// often; another seed or another arrival time changes them.
func TestDeterminism(t *testing.T) {
	data := build(t, x837.Professional, synthetic(t, people(40)))
	sc := respond.DefaultScenario()
	first := answerAt(t, sc, data, arrived)
	if len(first) != 4 {
		t.Fatalf("%d answers", len(first))
	}
	for range 3 {
		again := answerAt(t, sc, data, arrived)
		if len(again) != len(first) {
			t.Fatalf("%d answers, then %d", len(first), len(again))
		}
		for i := range first {
			if again[i].Name != first[i].Name || again[i].Delay != first[i].Delay ||
				!bytes.Equal(again[i].Data, first[i].Data) {
				t.Fatalf("answer %d differs: %s then %s", i, first[i].Name, again[i].Name)
			}
		}
	}

	// The arrival time in another zone is the same instant: the same answers.
	local := answerAt(t, sc, data, arrived.In(time.FixedZone("X", -5*3600)))
	for i := range first {
		if !bytes.Equal(local[i].Data, first[i].Data) {
			t.Errorf("answer %s differs in another time zone", first[i].Name)
		}
	}

	sc.Seed = 2
	other := answerAt(t, sc, data, arrived)
	for i := range first {
		if bytes.Equal(other[i].Data, first[i].Data) {
			t.Errorf("answer %s is the same under another seed", first[i].Name)
		}
	}
	later := answerAt(t, respond.DefaultScenario(), data, arrived.Add(time.Second))
	for i := range first {
		if bytes.Equal(later[i].Data, first[i].Data) {
			t.Errorf("answer %s is the same for a later arrival", first[i].Name)
		}
	}
}
