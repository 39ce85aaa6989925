// Package storetest gives tests a database of their own on each backend (an
// SQLite file always, a PostgreSQL schema when CLAIMFLOW_TEST_DATABASE_URL
// names a server), and invented data with figures known in advance: a small
// scenario to check the views' exact values, and a bulk of claims to
// measure the pages with.
//
// Answers (TA1, 999, 277CA, 835) in the scenario are written with plain
// SQL, as the posting of answers would leave them, so that the views can be
// tested on their own.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/claimflow/claimflow/pipeline/store"
)

// PostgresEnv names the variable that enables the PostgreSQL runs, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable
const PostgresEnv = "CLAIMFLOW_TEST_DATABASE_URL"

// EachBackend runs fn as a parallel subtest per backend with a URL to an
// empty database of its own.
func EachBackend(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, SQLiteURL(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, PostgresURL(t))
	})
}

// SQLiteURL returns the URL of a fresh SQLite file in a temporary folder,
// in memory-backed /dev/shm when the machine has it: the store syncs every
// commit to disk, and on a busy disk the syncs, not the queries, would set
// the pace of the tests.
func SQLiteURL(t testing.TB) string {
	dir := t.TempDir()
	if shm, err := os.MkdirTemp("/dev/shm", "claimflow-test-"); err == nil {
		t.Cleanup(func() { os.RemoveAll(shm) })
		dir = shm
	}
	return "sqlite:" + filepath.Join(dir, "claimflow.db")
}

// PostgresURL makes a schema of its own for the test, dropped at cleanup,
// and returns a URL whose search_path selects it. It skips the test when
// PostgresEnv is not set.
func PostgresURL(t testing.TB) string {
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("%s is not set; the PostgreSQL run is skipped", PostgresEnv)
	}
	admin, err := sqlx.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	b := make([]byte, 6)
	rand.Read(b)
	schema := "cf_test_" + hex.EncodeToString(b)
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Open opens and migrates a store at url, closed at cleanup.
func Open(t testing.TB, url string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), url)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

// raw opens a second connection to the database at url, for the rows the
// store has no method to write.
func raw(t testing.TB, dbURL string) *sqlx.DB {
	t.Helper()
	driver, dsn := "postgres", dbURL
	if rest, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		driver = "sqlite"
		dsn = strings.TrimPrefix(rest, "//") +
			"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)"
	}
	db, err := sqlx.Open(driver, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", driver, err)
	}
	if driver == "sqlite" {
		db.SetMaxOpenConns(1)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
