package store

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline/store/internal/testdb"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

func TestInsertAndGetClaim(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		in := sampleClaim(1)
		in.Connection = "availity"
		c, err := s.InsertClaim(ctx, in)
		if err != nil {
			t.Fatalf("InsertClaim: %v", err)
		}
		// The clock is read once: every row of the insert has the same time.
		want := Claim{
			ID: c.ID, PCN: "PCN00001", Kind: Professional, PayerID: "60054",
			Connection: "availity", BillingNPI: "1234567893", TotalCents: 25000,
			Status: lifecycle.Ready, Version: 1,
			CreatedAt: truncate(testEpoch), UpdatedAt: truncate(testEpoch),
		}
		if c != want {
			t.Errorf("InsertClaim = %+v\nwant %+v", c, want)
		}

		d, err := s.GetClaim(ctx, c.ID)
		if err != nil {
			t.Fatalf("GetClaim: %v", err)
		}
		if d.Claim != want {
			t.Errorf("GetClaim claim = %+v\nwant %+v", d.Claim, want)
		}
		wantVersion := Version{
			ClaimID: c.ID, Number: 1, FrequencyCode: "1", PCN: "PCN00001", PayerID: "60054",
			TotalCents: 25000, Document: in.Document, ReceivedAt: truncate(testEpoch),
			Lines: in.Lines, Findings: in.Findings,
		}
		if !reflect.DeepEqual(d.Current, wantVersion) {
			t.Errorf("current version = %+v\nwant %+v", d.Current, wantVersion)
		}
		wantTimeline := []Event{
			{ClaimID: c.ID, Seq: 1, At: truncate(testEpoch), Kind: lifecycle.KindReceived,
				Version: 1, Status: lifecycle.Received, StatusAfter: lifecycle.Received},
			{ClaimID: c.ID, Seq: 2, At: truncate(testEpoch),
				Kind: lifecycle.KindChecked, Version: 1, Status: lifecycle.Ready,
				StatusBefore: lifecycle.Received, StatusAfter: lifecycle.Ready,
				Detail: "findings: 1, errors: 0"},
		}
		if !reflect.DeepEqual(d.Timeline, wantTimeline) {
			t.Errorf("timeline = %+v\nwant %+v", d.Timeline, wantTimeline)
		}

		_, err = s.GetClaim(ctx, "no-such-claim")
		if !errors.Is(err, ErrNotFound) || err.Error() != "claim no-such-claim: not found" {
			t.Errorf("GetClaim(missing) error = %v", err)
		}
	})
}

func TestInsertInvalidClaim(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		in := sampleClaim(2)
		in.Findings = append(in.Findings, Finding{Severity: SeverityError, Code: "E7",
			Path: "$.billing.npi", Message: "check digit"})
		c, err := s.InsertClaim(ctx, in)
		if err != nil {
			t.Fatalf("InsertClaim: %v", err)
		}
		if c.Status != lifecycle.Invalid || c.Connection != "" {
			t.Errorf("status %s, connection %q; want invalid, none", c.Status, c.Connection)
		}
		d, err := s.GetClaim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Timeline[1].Detail; got != "findings: 2, errors: 1" {
			t.Errorf("checked detail = %q", got)
		}
		if !reflect.DeepEqual(d.Current.Findings, in.Findings) {
			t.Errorf("findings = %+v", d.Current.Findings)
		}
	})
}

func TestInsertClaimRefusesBadInput(t *testing.T) {
	s := migrated(t, testdb.SQLiteURL(t))
	tests := []struct {
		change func(*ClaimInput)
		want   string
	}{
		{func(c *ClaimInput) { c.PCN = "" }, "invalid input: no patient control number"},
		{func(c *ClaimInput) { c.Kind = "837D" },
			`invalid input: claim kind "837D" is neither 837P nor 837I`},
		{func(c *ClaimInput) { c.Document = []byte("{") },
			"invalid input: the claim document is not JSON"},
		{func(c *ClaimInput) { c.Lines[1].Number = 1 },
			"invalid input: line number 1 is not positive or not unique"},
		{func(c *ClaimInput) { c.Lines[0].ProcedureCode = "" },
			"invalid input: line 1 has neither procedure nor revenue code"},
		{func(c *ClaimInput) { c.Lines[1].Modifiers = []string{"a:b"} },
			"invalid input: line 2 has an empty modifier or one with ':'"},
		{func(c *ClaimInput) { c.Findings[0].Severity = "fatal" },
			`invalid input: finding 1 has severity "fatal"`},
	}
	for _, tt := range tests {
		in := sampleClaim(3)
		tt.change(&in)
		_, err := s.InsertClaim(context.Background(), in)
		if !errors.Is(err, ErrInvalidInput) || err.Error() != tt.want {
			t.Errorf("error = %v, want %q", err, tt.want)
		}
	}
	if n := count(t, s, "claims"); n != 0 {
		t.Errorf("%d claims stored, want 0", n)
	}
}

func TestDuplicatePCN(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		first, err := s.InsertClaim(ctx, sampleClaim(7))
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.InsertClaim(ctx, sampleClaim(7))
		var dup *DuplicatePCNError
		if !errors.As(err, &dup) || dup.ExistingClaimID != first.ID ||
			err.Error() != "patient control number already held by live claim "+first.ID {
			t.Fatalf("second insert error = %v, want a duplicate of %s", err, first.ID)
		}
		if n := count(t, s, "claims"); n != 1 {
			t.Errorf("%d claims, want 1", n)
		}

		// A correction may not take another live claim's number.
		other, err := s.InsertClaim(ctx, sampleClaim(8))
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.AddVersion(ctx, other.ID, sampleClaim(7))
		if !errors.As(err, &dup) || dup.ExistingClaimID != first.ID {
			t.Errorf("AddVersion taking a live PCN: %v", err)
		}

		// Once the holder is void, the number is free again.
		if _, err := s.AppendEvent(ctx, first.ID, NewEvent{Kind: lifecycle.KindVoided,
			Status: lifecycle.Void}); err != nil {
			t.Fatal(err)
		}
		again, err := s.InsertClaim(ctx, sampleClaim(7))
		if err != nil || again.ID == first.ID || again.PCN != "PCN00007" {
			t.Errorf("insert after void = %+v, %v", again, err)
		}
	})
}

func TestAddVersion(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		in := sampleClaim(10)
		in.Findings = []Finding{{Severity: SeverityError, Code: "E1", Path: "$.pcn",
			Message: "too long"}}
		c, err := s.InsertClaim(ctx, in)
		if err != nil {
			t.Fatal(err)
		}

		fixed := sampleClaim(11)
		fixed.FrequencyCode = "7"
		fixed.PayerClaimNumber = "PAYER-77"
		fixed.Lines = fixed.Lines[:1]
		fixed.TotalCents = 15000
		fixed.Findings = nil
		c2, err := s.AddVersion(ctx, c.ID, fixed)
		if err != nil {
			t.Fatalf("AddVersion: %v", err)
		}
		if c2.Version != 2 || c2.Status != lifecycle.Ready || c2.PCN != "PCN00011" ||
			c2.TotalCents != 15000 || c2.PayerClaimNumber != "PAYER-77" {
			t.Errorf("after AddVersion: %+v", c2)
		}

		d, err := s.GetClaim(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Current.Number != 2 || d.Current.FrequencyCode != "7" ||
			len(d.Current.Lines) != 1 || d.Current.Findings != nil {
			t.Errorf("current version = %+v", d.Current)
		}
		var kinds []string
		for _, e := range d.Timeline {
			kinds = append(kinds, string(e.Kind)+":"+string(e.StatusAfter))
		}
		want := []string{"received:received", "checked:invalid", "received:received",
			"checked:ready"}
		if !reflect.DeepEqual(kinds, want) {
			t.Errorf("timeline = %v, want %v", kinds, want)
		}
		v1, err := s.GetVersion(ctx, c.ID, 1)
		if err != nil || string(v1.Document) != string(in.Document) || len(v1.Lines) != 2 ||
			v1.PCN != "PCN00010" {
			t.Errorf("version 1 = %+v, %v", v1, err)
		}
		// The old number is free again: the claim now goes by the new one.
		if _, err := s.InsertClaim(ctx, sampleClaim(10)); err != nil {
			t.Errorf("insert with the replaced PCN: %v", err)
		}
	})
}

func TestAddVersionRefusedInFlight(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		c, err := s.InsertClaim(ctx, sampleClaim(20))
		if err != nil {
			t.Fatal(err)
		}
		b := batchOf(t, s, "conn", c.ID)
		if _, err := s.MarkBatchUploaded(ctx, b.ID, "/in/x.837", time.Time{}); err != nil {
			t.Fatal(err)
		}
		_, err = s.AddVersion(ctx, c.ID, sampleClaim(20))
		if !errors.Is(err, lifecycle.ErrNotAllowed) {
			t.Fatalf("AddVersion while submitted: %v", err)
		}
		if n := count(t, s, "claim_versions"); n != 1 {
			t.Errorf("%d versions, want 1", n)
		}

		// Stuck, the claim may be corrected, and leaves its batch.
		if _, err := s.AppendEvent(ctx, c.ID, NewEvent{Kind: lifecycle.KindStuck}); err != nil {
			t.Fatal(err)
		}
		c2, err := s.AddVersion(ctx, c.ID, sampleClaim(20))
		if err != nil || c2.Version != 2 || c2.Status != lifecycle.Ready || c2.Stuck() {
			t.Fatalf("AddVersion while stuck = %+v, %v", c2, err)
		}
		_, members, err := s.GetBatch(ctx, b.ID)
		if err != nil || len(members) != 1 || members[0].ReleasedAt.IsZero() {
			t.Errorf("batch membership = %+v, %v; want released", members, err)
		}
		// And the new version can be batched.
		batchOf(t, s, "conn", c.ID)
	})
}

func TestListClaims(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		var ready, all []string
		for i := range 7 {
			in := sampleClaim(100 + i)
			if i%3 == 0 {
				in.Findings = []Finding{{Severity: SeverityError, Code: "E", Path: "$",
					Message: "m"}}
			}
			c, err := s.InsertClaim(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, c.ID)
			if c.Status == lifecycle.Ready {
				ready = append(ready, c.ID)
			}
		}

		var got []string
		var pages int
		q := ClaimQuery{Status: lifecycle.Ready, Limit: 2}
		for {
			page, err := s.ListClaims(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, c := range page.Claims {
				if c.Status != lifecycle.Ready {
					t.Errorf("claim %s is %s", c.ID, c.Status)
				}
				got = append(got, c.ID)
			}
			if page.Next == "" {
				break
			}
			q.After = page.Next
		}
		if !reflect.DeepEqual(got, ready) || pages != 2 {
			t.Errorf("ready claims in %d pages = %v, want %v in 2", pages, got, ready)
		}

		page, err := s.ListClaims(ctx, ClaimQuery{})
		if err != nil || len(page.Claims) != 7 || page.Next != "" {
			t.Fatalf("all claims: %d, next %q, %v", len(page.Claims), page.Next, err)
		}
		for i, c := range page.Claims {
			if c.ID != all[i] {
				t.Errorf("claim %d is %s, want %s", i, c.ID, all[i])
			}
		}

		if _, err := s.AppendEvent(ctx, ready[0], NewEvent{Kind: lifecycle.KindNote,
			Detail: "called payer"}); err != nil {
			t.Fatal(err)
		}
		page, err = s.ListClaims(ctx, ClaimQuery{StuckOnly: true})
		if err != nil || len(page.Claims) != 0 {
			t.Errorf("stuck claims = %d, %v; want none", len(page.Claims), err)
		}
		_, err = s.ListClaims(ctx, ClaimQuery{Status: "lost"})
		if !errors.Is(err, ErrInvalidInput) ||
			err.Error() != `invalid input: unknown claim status "lost"` {
			t.Errorf("ListClaims(lost) error = %v", err)
		}
	})
}
