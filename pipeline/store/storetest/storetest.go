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
	"strings"
	"testing"

	"github.com/claimflow/claimflow/pipeline/store/internal/testdb"

	"github.com/jmoiron/sqlx"

	"github.com/claimflow/claimflow/pipeline/store"
)

// PostgresEnv names the variable that enables the PostgreSQL runs, e.g.
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable
const PostgresEnv = testdb.Env

// EachBackend runs fn as a parallel subtest per backend with a URL to an
// empty database of its own.
func EachBackend(t *testing.T, fn func(t *testing.T, url string)) {
	t.Helper()
	testdb.EachBackend(t, fn)
}

// SQLiteURL returns the URL of a fresh SQLite file, in memory-backed
// /dev/shm when the machine has it.
func SQLiteURL(t testing.TB) string { return testdb.SQLiteURL(t) }

// PostgresURL returns the URL of a PostgreSQL schema of the test's own,
// dropped at cleanup; it skips the test when PostgresEnv is not set.
func PostgresURL(t testing.TB) string { return testdb.PostgresURL(t) }

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

// Exec runs one statement on the database at url, for the changes a test
// makes that the store has no method for.
func Exec(t testing.TB, url, query string, args ...any) {
	t.Helper()
	db := raw(t, url)
	if _, err := db.Exec(db.Rebind(query), args...); err != nil {
		t.Fatalf("exec %q: %v", query, err)
	}
}
