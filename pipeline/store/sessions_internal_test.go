package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline/store/internal/testdb"
)

func TestDeleteExpiredSessions(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := migrated(t, url)
		now := testEpoch
		s.now = func() time.Time { return now }
		u, err := s.CreateUser(ctx, "ana", RoleOps, GeneratePassword())
		if err != nil {
			t.Fatal(err)
		}
		p := SessionPolicy{Idle: 30 * time.Minute, Lifetime: time.Hour}
		old, _, err := s.CreateSession(ctx, u, p, "")
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(20 * time.Minute)
		fresh, _, err := s.CreateSession(ctx, u, p, "")
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(15 * time.Minute) // old idle 35 minutes, fresh 15
		n, err := s.DeleteExpiredSessions(ctx, p)
		if err != nil || n != 1 {
			t.Fatalf("deleted %d, %v; want 1", n, err)
		}
		if _, err := s.Session(ctx, old, p); !errors.Is(err, ErrNotFound) {
			t.Errorf("the idle session survived: %v", err)
		}
		if _, err := s.Session(ctx, fresh, p); err != nil {
			t.Errorf("the fresh session was deleted: %v", err)
		}
		// Past its lifetime a session ends however busy it is.
		now = now.Add(50 * time.Minute)
		if _, err := s.Session(ctx, fresh, SessionPolicy{Idle: 24 * time.Hour,
			Lifetime: time.Hour}); !errors.Is(err, ErrSessionExpired) {
			t.Errorf("a session past its lifetime: %v", err)
		}
	})
}
