package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/pipeline/store/internal/testdb"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// writeDraft is a stand-in for the 837 writer: it lists the draft's
// control numbers and claims, one line each.
func writeDraft(d BatchDraft) (OutboundFile, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "ISA13=%09d GS06=%d\n", d.ISA13, d.GS06)
	for _, set := range d.Sets {
		fmt.Fprintf(&b, "ST02=%04d", set.ST02)
		for _, c := range set.Claims {
			fmt.Fprintf(&b, " %s/%d", c.Claim.PCN, c.Version)
		}
		b.WriteString("\n")
	}
	return OutboundFile{Name: fmt.Sprintf("%s-%09d.837", d.Connection, d.ISA13),
		Content: []byte(b.String()), Type: "837P"}, nil
}

// batchOf creates a batch of the claims or fails the test.
func batchOf(t *testing.T, s *Store, connection string, ids ...string) Batch {
	t.Helper()
	b, err := s.CreateBatch(context.Background(), BatchRequest{
		Connection: connection, ClaimIDs: ids, Build: writeDraft,
	})
	if err != nil {
		t.Fatalf("CreateBatch: %v", err)
	}
	return b
}

func TestCreateBatch(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		var ids []string
		for i := range 3 {
			c, err := s.InsertClaim(ctx, sampleClaim(i))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		// The file carries the claims in the order asked for.
		order := []string{ids[2], ids[0], ids[1]}
		var draft BatchDraft
		b, err := s.CreateBatch(ctx, BatchRequest{
			Connection: "availity", ClaimIDs: order, ClaimsPerSet: 2,
			Build: func(d BatchDraft) (OutboundFile, error) {
				draft = d
				return writeDraft(d)
			},
		})
		if err != nil {
			t.Fatalf("CreateBatch: %v", err)
		}
		want := Batch{
			ID: draft.BatchID, Connection: "availity", State: BatchBuilt, ClaimCount: 3,
			TotalCents: 75000, ISA13: 1, GS06: 1, ST02First: 1, ST02Last: 2,
			FileID: b.FileID, BuiltAt: b.BuiltAt,
		}
		if b != want || b.FileID == "" || b.BuiltAt.IsZero() {
			t.Errorf("batch = %+v\nwant %+v", b, want)
		}
		first := draft.Sets[0].Claims[0]
		if first.Claim.ID != ids[2] || first.Version != 1 ||
			string(first.Document) != string(sampleClaim(2).Document) {
			t.Errorf("first claim of the draft = %+v", first)
		}
		content, err := s.FileContent(ctx, b.FileID)
		wantContent := "ISA13=000000001 GS06=1\n" +
			"ST02=0001 PCN00002/1 PCN00000/1\n" +
			"ST02=0002 PCN00001/1\n"
		if err != nil || string(content) != wantContent {
			t.Errorf("file content = %q, %v; want %q", content, err, wantContent)
		}
		f, err := s.GetFile(ctx, b.FileID)
		if err != nil || f.Direction != Outbound || f.State != FileBuilt ||
			f.Name != "availity-000000001.837" || f.Connection != "availity" ||
			f.Type != "837P" || f.Size != int64(len(wantContent)) {
			t.Errorf("file = %+v, %v", f, err)
		}

		got, members, err := s.GetBatch(ctx, b.ID)
		if err != nil || got != b {
			t.Errorf("GetBatch = %+v, %v", got, err)
		}
		wantMembers := []BatchClaim{
			{ClaimID: ids[2], Version: 1, ST02: 1, Position: 1},
			{ClaimID: ids[0], Version: 1, ST02: 1, Position: 2},
			{ClaimID: ids[1], Version: 1, ST02: 2, Position: 3},
		}
		if fmt.Sprint(members) != fmt.Sprint(wantMembers) {
			t.Errorf("members = %+v\nwant %+v", members, wantMembers)
		}
		for _, id := range ids {
			d, err := s.GetClaim(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			last := d.Timeline[len(d.Timeline)-1]
			if d.Claim.Status != "batched" || d.Claim.Connection != "availity" ||
				last.BatchID != b.ID || last.Kind != "batched" {
				t.Errorf("claim %s: %+v, last event %+v", id, d.Claim, last)
			}
		}

		// A claim is in at most one live batch.
		_, err = s.CreateBatch(ctx, BatchRequest{Connection: "availity",
			ClaimIDs: ids[:1], Build: writeDraft})
		if !errors.Is(err, lifecycle.ErrNotAllowed) {
			t.Errorf("second batch of a batched claim: %v", err)
		}

		// Upload: the batch, its file and its claims move on; again is a no-op.
		for range 2 {
			up, err := s.MarkBatchUploaded(ctx, b.ID, "/outbox/a.837", testEpoch)
			if err != nil || up.State != BatchUploaded || !up.UploadedAt.Equal(truncate(testEpoch)) {
				t.Fatalf("MarkBatchUploaded = %+v, %v", up, err)
			}
		}
		f, err = s.GetFile(ctx, b.FileID)
		if err != nil || f.State != FileUploaded || f.RemotePath != "/outbox/a.837" {
			t.Errorf("file after upload = %+v, %v", f, err)
		}
		for _, id := range ids {
			d, err := s.GetClaim(ctx, id)
			if err != nil || d.Claim.Status != "submitted" || len(d.Timeline) != 4 {
				t.Errorf("claim %s after upload: %s, %d events, %v",
					id, d.Claim.Status, len(d.Timeline), err)
			}
		}
		_, err = s.AbandonBatch(ctx, b.ID, "too late")
		if !errors.Is(err, ErrBatchState) {
			t.Errorf("abandoning an uploaded batch: %v", err)
		}

		// The sequences moved on: the next batch gets the next numbers.
		c, err := s.InsertClaim(ctx, sampleClaim(9))
		if err != nil {
			t.Fatal(err)
		}
		next := batchOf(t, s, "availity", c.ID)
		if next.ISA13 != 2 || next.GS06 != 2 || next.ST02First != 3 || next.ST02Last != 3 {
			t.Errorf("next batch numbers = %d %d %d-%d; want 2 2 3-3",
				next.ISA13, next.GS06, next.ST02First, next.ST02Last)
		}
	})
}

func TestCreateBatchRefusals(t *testing.T) {
	s := migrated(t, testdb.SQLiteURL(t))
	ctx := context.Background()
	c, err := s.InsertClaim(ctx, sampleClaim(1))
	if err != nil {
		t.Fatal(err)
	}
	other := sampleClaim(2)
	other.Connection = "change"
	o, err := s.InsertClaim(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		req  BatchRequest
		want string
	}{
		{BatchRequest{ClaimIDs: []string{c.ID}, Build: writeDraft},
			"invalid input: batch without connection or builder"},
		{BatchRequest{Connection: "a", Build: writeDraft},
			"invalid input: batch without claims"},
		{BatchRequest{Connection: "a", ClaimIDs: []string{c.ID, c.ID}, Build: writeDraft},
			"invalid input: a claim is named twice"},
		{BatchRequest{Connection: "a", ClaimIDs: []string{c.ID}, ClaimsPerSet: 5001,
			Build: writeDraft}, "invalid input: 5001 claims per set"},
		{BatchRequest{Connection: "a", ClaimIDs: []string{o.ID}, Build: writeDraft},
			"invalid input: claim " + o.ID + " belongs to another connection"},
		{BatchRequest{Connection: "a", ClaimIDs: []string{"nope"}, Build: writeDraft},
			"claim nope: not found"},
	}
	for _, tt := range tests {
		_, err := s.CreateBatch(ctx, tt.req)
		if err == nil || err.Error() != tt.want {
			t.Errorf("error = %v, want %q", err, tt.want)
		}
	}
}

// TestCreateBatchIsAtomic fails batch creation at several points and checks
// that each failure leaves the database as it was.
func TestCreateBatchIsAtomic(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		var ids []string
		for i := range 4 {
			c, err := s.InsertClaim(ctx, sampleClaim(i))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		// The fourth claim sits in a batch of its own; it is then made to
		// look ready, which only the live-batch index can catch.
		batchOf(t, s, "availity", ids[3])
		if _, err := s.write.ExecContext(ctx, s.Rebind("UPDATE claims SET status = 'ready' "+
			"WHERE id = ?"), ids[3]); err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, s)

		failures := []struct {
			name  string
			ids   []string
			build func(BatchDraft) (OutboundFile, error)
			want  string
		}{
			{"the builder fails", ids[:3],
				func(BatchDraft) (OutboundFile, error) { return OutboundFile{}, errBuild },
				"build batch %s: writer broke"},
			{"the file is not new", ids[:3],
				func(BatchDraft) (OutboundFile, error) {
					return OutboundFile{Name: "x", Content: []byte("same")}, nil
				},
				"batch %s: built file is identical to file "},
			{"the last claim is already in a live batch", ids,
				writeDraft, "add claims to batch %s: "},
		}
		if _, _, err := s.StoreFile(ctx, NewFile{Direction: Outbound, Name: "old",
			Content: []byte("same"), State: FileUploaded}); err != nil {
			t.Fatal(err)
		}
		before["files"]++

		for _, f := range failures {
			var batchID string
			_, err := s.CreateBatch(ctx, BatchRequest{Connection: "availity", ClaimIDs: f.ids,
				Build: func(d BatchDraft) (OutboundFile, error) {
					batchID = d.BatchID
					return f.build(d)
				}})
			want := fmt.Sprintf(f.want, batchID)
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Errorf("%s: error = %v, want %q...", f.name, err, want)
			}
			if after := snapshot(t, s); fmt.Sprint(after) != fmt.Sprint(before) {
				t.Errorf("%s: database changed\nbefore %v\nafter  %v", f.name, before, after)
			}
		}

		// Nothing was used up: the next batch takes the next numbers.
		b := batchOf(t, s, "availity", ids[0])
		if b.ISA13 != 2 || b.GS06 != 2 || b.ST02First != 2 {
			t.Errorf("numbers after failures = %d %d %d, want 2 2 2", b.ISA13, b.GS06, b.ST02First)
		}
	})
}

var errBuild = errors.New("writer broke")

// snapshot counts what batch creation may write, and the ready claims.
func snapshot(t *testing.T, s *Store) map[string]int {
	t.Helper()
	m := map[string]int{}
	for _, table := range []string{"batches", "batch_claims", "files", "claim_events"} {
		m[table] = count(t, s, table)
	}
	ctx := context.Background()
	var next int
	err := s.read.GetContext(ctx, &next, "SELECT SUM(next_value) FROM control_sequences")
	if err != nil {
		t.Fatal(err)
	}
	m["sequences"] = next
	var ready int
	err = s.read.GetContext(ctx, &ready, "SELECT COUNT(*) FROM claims WHERE status = 'ready'")
	if err != nil {
		t.Fatal(err)
	}
	m["ready"] = ready
	return m
}

func TestAbandonBatch(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		c, err := s.InsertClaim(ctx, sampleClaim(1))
		if err != nil {
			t.Fatal(err)
		}
		b := batchOf(t, s, "availity", c.ID)
		ab, err := s.AbandonBatch(ctx, b.ID, "connection retired")
		if err != nil || ab.State != BatchAbandoned || ab.Error != "connection retired" {
			t.Fatalf("AbandonBatch = %+v, %v", ab, err)
		}
		got, members, err := s.GetBatch(ctx, b.ID)
		if err != nil || got != ab || len(members) != 1 || members[0].ReleasedAt.IsZero() {
			t.Errorf("GetBatch = %+v %+v, %v", got, members, err)
		}
		d, err := s.GetClaim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := d.Timeline[len(d.Timeline)-1]
		if d.Claim.Status != "ready" || last.Kind != "unbatched" || last.BatchID != b.ID {
			t.Errorf("claim %+v, last event %+v", d.Claim, last)
		}
		_, err = s.MarkBatchUploaded(ctx, b.ID, "", testEpoch)
		if !errors.Is(err, ErrBatchState) ||
			err.Error() != "mark batch "+b.ID+" uploaded: batch state does not allow this: "+
				"it is abandoned" {
			t.Errorf("uploading an abandoned batch: %v", err)
		}
		again := batchOf(t, s, "availity", c.ID)
		if again.ISA13 != 2 {
			t.Errorf("new batch ISA13 = %d, want 2", again.ISA13)
		}
	})
}
