package store

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"github.com/claimflow/claimflow/pipeline/store/internal/testdb"
)

func TestReserveControlNumbers(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		steps := []struct {
			conn string
			kind SequenceKind
			n    int
			want Range
		}{
			{"availity", ISA13, 1, Range{1, 1}},
			{"availity", ISA13, 1, Range{2, 1}},
			{"availity", ST02, 3, Range{1, 3}},
			{"availity", ST02, 2, Range{4, 2}},
			{"availity", GS06, 1, Range{1, 1}},
			{"change", ISA13, 1, Range{1, 1}},
			{"availity", ISA13, 5, Range{3, 5}},
		}
		for _, st := range steps {
			got, err := s.ReserveControlNumbers(ctx, st.conn, st.kind, st.n)
			if err != nil || got != st.want {
				t.Errorf("reserve %d %s of %s = %+v, %v; want %+v",
					st.n, st.kind, st.conn, got, err, st.want)
			}
		}
	})
}

func TestControlNumbersWrap(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		setNext := func(v int64) {
			t.Helper()
			if _, err := s.ReserveControlNumbers(ctx, "c", ISA13, 1); err != nil {
				t.Fatal(err)
			}
			_, err := s.write.ExecContext(ctx, s.Rebind("UPDATE control_sequences "+
				"SET next_value = ? WHERE connection = 'c' AND kind = 'ISA13'"), v)
			if err != nil {
				t.Fatal(err)
			}
		}
		steps := []struct {
			next int64 // 0: leave as the previous step left it
			n    int
			want Range
		}{
			{MaxControlNumber - 2, 3, Range{MaxControlNumber - 2, 3}}, // ends on the max
			{0, 1, Range{1, 1}},                    // and wraps to 1
			{MaxControlNumber - 1, 3, Range{1, 3}}, // does not fit: starts at 1
			{0, 1, Range{4, 1}},
			{MaxControlNumber, 1, Range{MaxControlNumber, 1}},
			{0, 2, Range{1, 2}},
		}
		for i, st := range steps {
			if st.next != 0 {
				setNext(st.next)
			}
			got, err := s.ReserveControlNumbers(ctx, "c", ISA13, st.n)
			if err != nil || got != st.want {
				t.Errorf("step %d: %+v, %v; want %+v", i+1, got, err, st.want)
			}
		}
	})
}

func TestReserveControlNumbersRefusals(t *testing.T) {
	s := migrated(t, testdb.SQLiteURL(t))
	ctx := context.Background()
	tests := []struct {
		conn string
		kind SequenceKind
		n    int
		want string
	}{
		{"", ISA13, 1, "invalid input: reserve control numbers: no connection"},
		{"c", "BHT03", 1, `invalid input: unknown control number kind "BHT03"`},
		{"c", ST02, 0, "invalid input: cannot reserve 0 control numbers"},
		{"c", ST02, MaxControlNumber + 1, "invalid input: cannot reserve 1000000000 control numbers"},
	}
	for _, tt := range tests {
		_, err := s.ReserveControlNumbers(ctx, tt.conn, tt.kind, tt.n)
		if !errors.Is(err, ErrInvalidInput) || err.Error() != tt.want {
			t.Errorf("error = %v, want %q", err, tt.want)
		}
	}
}

// TestConcurrentReservations runs several stores on one database, as
// several processes would, each with several goroutines reserving blocks.
// Together the blocks must cover 1..total exactly: no number twice, none
// skipped.
func TestConcurrentReservations(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		const stores, workers, rounds = 3, 4, 15
		ctx := context.Background()
		var all []*Store
		for i := range stores {
			s := open(t, url)
			if i == 0 {
				if _, err := s.Migrate(ctx); err != nil {
					t.Fatal(err)
				}
			}
			all = append(all, s)
		}

		var mu sync.Mutex
		var got []int64
		total := 0
		var wg sync.WaitGroup
		for i := range stores * workers {
			s := all[i%stores]
			wg.Go(func() {
				for r := range rounds {
					n := 1 + (i+r)%4
					rg, err := s.ReserveControlNumbers(ctx, "shared", ISA13, n)
					if err != nil {
						t.Errorf("reserve: %v", err)
						return
					}
					mu.Lock()
					total += n
					for v := rg.First; v <= rg.Last(); v++ {
						got = append(got, v)
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()

		slices.Sort(got)
		if len(got) != total {
			t.Fatalf("%d numbers for %d reserved", len(got), total)
		}
		for i, v := range got {
			if v != int64(i+1) {
				t.Fatalf("number %d is %d: duplicate or gap", i+1, v)
			}
		}
		next, err := all[0].ReserveControlNumbers(ctx, "shared", ISA13, 1)
		if err != nil || next.First != int64(total+1) {
			t.Errorf("next = %+v, %v; want %d", next, err, total+1)
		}
	})
}
