package store

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/claimflow/claimflow/pipeline/store/internal/testdb"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// stores opens n stores on one migrated database, as n processes would.
func stores(t *testing.T, url string, n int) []*Store {
	t.Helper()
	var all []*Store
	for i := range n {
		s := open(t, url)
		if i == 0 {
			if _, err := s.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		all = append(all, s)
	}
	return all
}

func TestConcurrentDuplicatePCN(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		const racers = 8
		ctx := context.Background()
		all := stores(t, url, 3)
		var mu sync.Mutex
		var won []string
		var lost []*DuplicatePCNError
		var wg sync.WaitGroup
		for i := range racers {
			wg.Go(func() {
				c, err := all[i%len(all)].InsertClaim(ctx, sampleClaim(42))
				mu.Lock()
				defer mu.Unlock()
				var dup *DuplicatePCNError
				switch {
				case err == nil:
					won = append(won, c.ID)
				case errors.As(err, &dup):
					lost = append(lost, dup)
				default:
					t.Errorf("InsertClaim: %v", err)
				}
			})
		}
		wg.Wait()
		if len(won) != 1 || len(lost) != racers-1 {
			t.Fatalf("%d inserts won, %d refused; want 1 and %d", len(won), len(lost), racers-1)
		}
		for _, dup := range lost {
			if dup.ExistingClaimID != won[0] {
				t.Errorf("refusal names %q, want %s", dup.ExistingClaimID, won[0])
			}
		}
		if n := count(t, all[0], "claims"); n != 1 {
			t.Errorf("%d claims, want 1", n)
		}
	})
}

// TestConcurrentBatches builds batches of overlapping claims at once: each
// claim must end in exactly one batch, and every batch that was refused
// must have left nothing.
func TestConcurrentBatches(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		all := stores(t, url, 3)
		var ids []string
		for i := range 6 {
			c, err := all[0].InsertClaim(ctx, sampleClaim(i))
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		// Each request takes three neighbouring claims, so every pair of
		// neighbouring requests competes for two.
		var mu sync.Mutex
		var built []Batch
		var wg sync.WaitGroup
		for i := range 6 {
			want := []string{ids[i], ids[(i+1)%6], ids[(i+2)%6]}
			wg.Go(func() {
				b, err := all[i%3].CreateBatch(ctx, BatchRequest{Connection: "availity",
					ClaimIDs: want, Build: writeDraft})
				if err != nil && !errors.Is(err, lifecycle.ErrNotAllowed) {
					t.Errorf("CreateBatch: %v", err)
				}
				if err == nil {
					mu.Lock()
					built = append(built, b)
					mu.Unlock()
				}
			})
		}
		wg.Wait()

		seen := map[string]string{}
		for _, b := range built {
			_, members, err := all[0].GetBatch(ctx, b.ID)
			if err != nil || len(members) != 3 {
				t.Fatalf("batch %s: %d members, %v", b.ID, len(members), err)
			}
			for _, m := range members {
				if other, ok := seen[m.ClaimID]; ok {
					t.Errorf("claim %s in batches %s and %s", m.ClaimID, other, b.ID)
				}
				seen[m.ClaimID] = b.ID
			}
		}
		s := all[0]
		if len(built) == 0 || count(t, s, "batches") != len(built) ||
			count(t, s, "batch_claims") != 3*len(built) || count(t, s, "files") != len(built) {
			t.Errorf("%d batches built; tables hold %d batches, %d members, %d files",
				len(built), count(t, s, "batches"), count(t, s, "batch_claims"),
				count(t, s, "files"))
		}
		// The ISA13s of the batches that were built are 1..n: refused
		// batches used up no number.
		isa := map[int64]bool{}
		for _, b := range built {
			isa[b.ISA13] = true
		}
		for n := int64(1); n <= int64(len(built)); n++ {
			if !isa[n] {
				t.Errorf("ISA13 %d unused among %d batches", n, len(built))
			}
		}
		page, err := s.ListClaims(ctx, ClaimQuery{Status: lifecycle.Batched})
		if err != nil || len(page.Claims) != len(seen) {
			t.Errorf("%d batched claims, %v; want %d", len(page.Claims), err, len(seen))
		}
	})
}
