// Package testdb gives a test an empty database of its own on each
// backend: an SQLite file always, a PostgreSQL schema when Env names a
// server. It knows nothing of the store, so that the store's own tests and
// the helpers other packages' tests use (storetest) share it.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // the postgres driver for the schema's admin connection
)

// Env names the variable that enables the PostgreSQL runs, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable
const Env = "CLAIMFLOW_TEST_DATABASE_URL"

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
// Env is not set.
func PostgresURL(t testing.TB) string {
	base := os.Getenv(Env)
	if base == "" {
		t.Skipf("%s is not set; the PostgreSQL run is skipped", Env)
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
