package store

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline/store/internal/testdb"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// TestEveryTransitionThroughStore puts a claim in each status, applies each
// kind of event with each status it may assert, and checks that the store
// does exactly what the lifecycle says: refuses and records nothing, or
// records the event and applies the new state.
func TestEveryTransitionThroughStore(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		n := 0
		for _, from := range lifecycle.Statuses() {
			err := s.InTx(ctx, func(tx *Tx) error {
				for _, kind := range lifecycle.Kinds() {
					for _, status := range kind.Asserts() {
						n++
						name := fmt.Sprintf("%s/%s:%s", from, kind, status)
						checkTransition(t, ctx, tx, n, name, from, kind, status)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if n != 15*23 {
			t.Errorf("tried %d transitions, want %d", n, 15*23)
		}
	})
}

func checkTransition(t *testing.T, ctx context.Context, tx *Tx, n int, name string,
	from lifecycle.Status, kind lifecycle.Kind, status lifecycle.Status) {

	t.Helper()
	c, err := tx.InsertClaim(ctx, sampleClaim(n))
	if err != nil {
		t.Fatalf("%s: insert: %v", name, err)
	}
	if _, err := tx.exec(ctx, "UPDATE claims SET status = ? WHERE id = ?", from, c.ID); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	before := lifecycle.State{Version: 1, Status: from}
	e := lifecycle.Event{Kind: kind, Version: 1, Status: status}
	if kind == lifecycle.KindReceived {
		e.Version = 2
	}
	want, _, wantErr := lifecycle.Next(before, e)

	var ev Event
	if kind == lifecycle.KindReceived {
		_, err = tx.AddVersion(ctx, c.ID, sampleClaim(n))
	} else {
		ev, err = tx.AppendEvent(ctx, c.ID, NewEvent{Kind: kind, Status: status})
	}
	after, readErr := tx.claim(ctx, c.ID)
	if readErr != nil {
		t.Fatalf("%s: %v", name, readErr)
	}
	var events int
	if err := tx.get(ctx, &events, "SELECT COUNT(*) FROM claim_events WHERE claim_id = ?",
		c.ID); err != nil {
		t.Fatal(err)
	}

	switch {
	case wantErr != nil:
		if !errors.Is(err, lifecycle.ErrNotAllowed) || after.Status != from || events != 2 {
			t.Errorf("%s: err %v, status %s, %d events; want refusal, nothing recorded",
				name, err, after.Status, events)
		}
	case kind == lifecycle.KindReceived:
		if err != nil || after.Version != 2 || after.Status != lifecycle.Ready || events != 4 {
			t.Errorf("%s: err %v, %+v, %d events; want version 2 ready", name, err, after, events)
		}
	default:
		if err != nil || after.Status != want.Status || after.Stuck() != want.Stuck ||
			events != 3 || ev.StatusBefore != from || ev.StatusAfter != want.Status {
			t.Errorf("%s: err %v, claim %s stuck %v, event %+v; want %+v",
				name, err, after.Status, after.Stuck(), ev, want)
		}
	}
}

func TestOutOfOrderAnswers(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		c, err := s.InsertClaim(ctx, sampleClaim(1))
		if err != nil {
			t.Fatal(err)
		}
		b := batchOf(t, s, "conn", c.ID)
		if _, err := s.MarkBatchUploaded(ctx, b.ID, "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		era, _, err := s.StoreFile(ctx, NewFile{Direction: Inbound, Name: "era.835",
			Content: []byte("ISA*835"), Type: "835", State: FileReceived})
		if err != nil {
			t.Fatal(err)
		}
		ack, _, err := s.StoreFile(ctx, NewFile{Direction: Inbound, Name: "ack.277",
			Content: []byte("ISA*277"), Type: "277CA", State: FileReceived})
		if err != nil {
			t.Fatal(err)
		}

		paid, err := s.AppendEvent(ctx, c.ID, NewEvent{Kind: lifecycle.KindRemittance,
			Status: lifecycle.Paid, FileID: era.ID, Detail: "CLP02 1"})
		if err != nil || !paid.Moved() || paid.StatusBefore != lifecycle.Submitted {
			t.Fatalf("835: %+v, %v", paid, err)
		}
		late, err := s.AppendEvent(ctx, c.ID, NewEvent{Kind: lifecycle.KindClaimAck,
			Status: lifecycle.Acknowledged, FileID: ack.ID})
		if err != nil || late.Moved() || late.StatusAfter != lifecycle.Paid ||
			late.Status != lifecycle.Acknowledged || late.FileID != ack.ID {
			t.Fatalf("late 277CA: %+v, %v; want recorded, still paid", late, err)
		}

		// A refused event leaves no trace.
		_, err = s.AppendEvent(ctx, c.ID, NewEvent{Kind: lifecycle.KindBatched,
			Status: lifecycle.Batched})
		if !errors.Is(err, lifecycle.ErrNotAllowed) {
			t.Errorf("batching a paid claim: %v", err)
		}
		_, err = s.AppendEvent(ctx, c.ID, NewEvent{Kind: lifecycle.KindReceived,
			Version: 2, Status: lifecycle.Received})
		if !errors.Is(err, ErrInvalidInput) {
			t.Errorf("received through AppendEvent: %v", err)
		}

		d, err := s.GetClaim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Timeline) != 6 {
			t.Fatalf("%d events, want 6: %+v", len(d.Timeline), d.Timeline)
		}
		// The stored status is what the timeline derives.
		var events []lifecycle.Event
		for _, e := range d.Timeline {
			events = append(events, e.LifecycleEvent())
		}
		derived, err := lifecycle.Derive(events)
		if err != nil || derived != d.Claim.State() ||
			derived != (lifecycle.State{Version: 1, Status: lifecycle.Paid}) {
			t.Errorf("Derive = %+v, %v; claim %+v", derived, err, d.Claim.State())
		}
	})
}

func TestStuckSince(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		c, err := s.InsertClaim(ctx, sampleClaim(1))
		if err != nil {
			t.Fatal(err)
		}
		b := batchOf(t, s, "conn", c.ID)
		if _, err := s.MarkBatchUploaded(ctx, b.ID, "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		since := time.Date(2025, 4, 1, 8, 0, 0, 0, time.UTC)
		for i, when := range []time.Time{since, since.Add(24 * time.Hour)} {
			_, err := s.AppendEvent(ctx, c.ID, NewEvent{Kind: lifecycle.KindStuck, At: when,
				Detail: "no 999 after 2h"})
			if err != nil {
				t.Fatal(err)
			}
			got, err := s.GetClaim(ctx, c.ID)
			if err != nil || !got.Claim.StuckSince.Equal(since) {
				t.Errorf("after stuck event %d: since %v, %v; want %v",
					i+1, got.Claim.StuckSince, err, since)
			}
		}
		page, err := s.ListClaims(ctx, ClaimQuery{StuckOnly: true})
		if err != nil || len(page.Claims) != 1 || page.Claims[0].ID != c.ID {
			t.Errorf("stuck claims = %+v, %v", page.Claims, err)
		}

		// An answer that moves the claim clears the flag.
		_, err = s.AppendEvent(ctx, c.ID, NewEvent{Kind: lifecycle.KindSetAck,
			Status: lifecycle.Accepted})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.GetClaim(ctx, c.ID)
		if err != nil || got.Claim.Stuck() || got.Claim.Status != lifecycle.Accepted {
			t.Errorf("after 999: %+v, %v", got.Claim, err)
		}
	})
}
