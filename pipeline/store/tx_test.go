package store

import (
	"context"
	"errors"
	"testing"

	"github.com/claimflow/claimflow/pipeline/store/internal/testdb"
)

func TestInTxIsAllOrNothing(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		boom := errors.New("boom")

		err := s.InTx(ctx, func(tx *Tx) error {
			if _, err := tx.InsertClaim(ctx, sampleClaim(1)); err != nil {
				return err
			}
			if _, err := tx.ReserveControlNumbers(ctx, "c", ISA13, 10); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("InTx error = %v, want boom", err)
		}

		func() {
			defer func() {
				if r := recover(); r != "panic in tx" {
					t.Errorf("recovered %v", r)
				}
			}()
			_ = s.InTx(ctx, func(tx *Tx) error {
				if _, err := tx.InsertClaim(ctx, sampleClaim(2)); err != nil {
					return err
				}
				panic("panic in tx")
			})
		}()

		for _, table := range []string{"claims", "claim_versions", "claim_events",
			"control_sequences"} {
			if n := count(t, s, table); n != 0 {
				t.Errorf("%s has %d rows after rollbacks, want 0", table, n)
			}
		}

		// A cancelled context rolls back too, and the store stays usable.
		cctx, cancel := context.WithCancel(ctx)
		err = s.InTx(cctx, func(tx *Tx) error {
			if _, err := tx.InsertClaim(cctx, sampleClaim(3)); err != nil {
				return err
			}
			cancel()
			_, err := tx.InsertClaim(cctx, sampleClaim(4))
			return err
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled InTx error = %v", err)
		}
		if n := count(t, s, "claims"); n != 0 {
			t.Errorf("%d claims after a cancelled transaction, want 0", n)
		}
		if _, err := s.InsertClaim(ctx, sampleClaim(5)); err != nil {
			t.Errorf("insert after rollbacks: %v", err)
		}
	})
}
