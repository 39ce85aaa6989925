package store

import (
	"context"
	"testing"

	"github.com/claimflow/claimflow/pipeline/store/internal/testdb"
)

// rowsPerClaim is what InsertClaim writes for sampleClaim: the claim, its
// version, two lines, one finding and two events.
const rowsPerClaim = 7

func BenchmarkInsertClaim(b *testing.B) {
	for _, backend := range []struct {
		name string
		url  func(testing.TB) string
	}{{"sqlite", testdb.SQLiteURL}, {"postgres", testdb.PostgresURL}} {
		b.Run(backend.name, func(b *testing.B) {
			s := open(b, backend.url(b))
			ctx := context.Background()
			if _, err := s.Migrate(ctx); err != nil {
				b.Fatal(err)
			}
			n := 0
			b.ResetTimer()
			for b.Loop() {
				n++
				if _, err := s.InsertClaim(ctx, sampleClaim(n)); err != nil {
					b.Fatal(err)
				}
			}
			perSec := float64(n) / b.Elapsed().Seconds()
			b.ReportMetric(perSec, "claims/s")
			b.ReportMetric(perSec*rowsPerClaim, "rows/s")
		})
	}
}

// BenchmarkInsertClaimsInOneTx measures bulk intake: many claims per
// transaction, so that commits (and SQLite's fsync) are not the cost.
func BenchmarkInsertClaimsInOneTx(b *testing.B) {
	for _, backend := range []struct {
		name string
		url  func(testing.TB) string
	}{{"sqlite", testdb.SQLiteURL}, {"postgres", testdb.PostgresURL}} {
		b.Run(backend.name, func(b *testing.B) {
			s := open(b, backend.url(b))
			ctx := context.Background()
			if _, err := s.Migrate(ctx); err != nil {
				b.Fatal(err)
			}
			const perTx = 100
			n := 0
			b.ResetTimer()
			for b.Loop() {
				err := s.InTx(ctx, func(tx *Tx) error {
					for range perTx {
						n++
						if _, err := tx.InsertClaim(ctx, sampleClaim(n)); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			perSec := float64(n) / b.Elapsed().Seconds()
			b.ReportMetric(perSec, "claims/s")
			b.ReportMetric(perSec*rowsPerClaim, "rows/s")
		})
	}
}

// BenchmarkCreateBatch measures batches of 500 claims: locks, control
// numbers, the file and one event per claim, in one transaction.
func BenchmarkCreateBatch(b *testing.B) {
	for _, backend := range []struct {
		name string
		url  func(testing.TB) string
	}{{"sqlite", testdb.SQLiteURL}, {"postgres", testdb.PostgresURL}} {
		b.Run(backend.name, func(b *testing.B) {
			s := open(b, backend.url(b))
			ctx := context.Background()
			if _, err := s.Migrate(ctx); err != nil {
				b.Fatal(err)
			}
			const perBatch = 500
			n := 0
			for b.Loop() {
				b.StopTimer()
				ids := make([]string, 0, perBatch)
				err := s.InTx(ctx, func(tx *Tx) error {
					for range perBatch {
						n++
						c, err := tx.InsertClaim(ctx, sampleClaim(n))
						if err != nil {
							return err
						}
						ids = append(ids, c.ID)
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				_, err = s.CreateBatch(ctx, BatchRequest{Connection: "c", ClaimIDs: ids,
					Build: writeDraft})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "claims/s")
		})
	}
}
