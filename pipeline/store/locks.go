package store

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"strings"
	"syscall"
)

// ErrLocked means another process holds a lock that was asked for without
// waiting.
var ErrLocked = errors.New("held by another process")

// Lock is a named lock held across processes: on PostgreSQL an advisory
// lock on a connection of its own, on SQLite an exclusive flock on a file
// beside the database. Several daemons on one PostgreSQL take turns with
// it; on SQLite it also keeps a command run by hand from racing the daemon.
type Lock struct {
	release func() error
}

// Release gives the lock back. It is safe to call more than once.
func (l *Lock) Release() error {
	if l == nil || l.release == nil {
		return nil
	}
	err := l.release()
	l.release = nil
	return err
}

// TryLock takes the lock called name, or returns ErrLocked at once when
// another holder has it. Names are free text, e.g. "submit/mainclear".
func (s *Store) TryLock(ctx context.Context, name string) (*Lock, error) {
	if s.dialect == Postgres {
		return s.tryAdvisoryLock(ctx, name)
	}
	return s.tryFileLock(name)
}

func (s *Store) tryAdvisoryLock(ctx context.Context, name string) (*Lock, error) {
	conn, err := s.write.Connx(ctx)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	key := lockKey(s.schema + "/" + name)
	var got bool
	if err := conn.GetContext(ctx, &got, "SELECT pg_try_advisory_lock($1)", key); err != nil {
		conn.Close()
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	if !got {
		conn.Close()
		return nil, fmt.Errorf("lock %s: %w", name, ErrLocked)
	}
	return &Lock{release: func() error {
		// Unlocking on a fresh context: the job's may be cancelled already.
		_, err := conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", key)
		if cerr := conn.Close(); err == nil {
			err = cerr
		}
		return err
	}}, nil
}

func (s *Store) tryFileLock(name string) (*Lock, error) {
	if s.path == "" || s.path == ":memory:" {
		return &Lock{}, nil
	}
	safe := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '_'
	}, name)
	path := s.path + "." + safe + ".lock"
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("lock %s: %w", name, ErrLocked)
		}
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	return &Lock{release: func() error {
		// Closing the file drops the flock; the file itself stays, harmless.
		return f.Close()
	}}, nil
}

// lockKey maps a lock name to PostgreSQL's 64-bit advisory lock key.
func lockKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return int64(h.Sum64())
}
