package store

import (
	"context"
	"errors"
	"net/url"
	"reflect"
	"testing"

	"github.com/claimflow/claimflow/pipeline/store/internal/testdb"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		in      string
		dialect Dialect
		path    string
		dsn     string
		err     string
	}{
		{in: "", dialect: SQLite, path: "data/claimflow.db"},
		{in: "sqlite:/var/lib/cf.db", dialect: SQLite, path: "/var/lib/cf.db"},
		{in: "sqlite:///var/lib/cf.db", dialect: SQLite, path: "/var/lib/cf.db"},
		{in: "sqlite://data/cf.db", dialect: SQLite, path: "data/cf.db"},
		{in: "file:cf.db?_pragma=cache_size(-8000)", dialect: SQLite, path: "cf.db"},
		{in: "SQLite:cf.db", dialect: SQLite, path: "cf.db"},
		{in: "postgres://u@h/db?sslmode=disable", dialect: Postgres,
			dsn: "postgres://u@h/db?sslmode=disable&timezone=UTC"},
		{in: "postgresql://u@h/db?TimeZone=Europe/Paris", dialect: Postgres,
			dsn: "postgresql://u@h/db?TimeZone=Europe/Paris"},
		{in: "sqlite::memory:", err: "sqlite database URL must name a file"},
		{in: "sqlite:", err: "sqlite database URL must name a file"},
		{in: "mysql://root:secret@h/db", err: `unsupported database URL scheme "mysql" ` +
			`(want postgres, postgresql, sqlite or file)`},
	}
	for _, tt := range tests {
		got, err := parseURL(tt.in)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("parseURL(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || got.dialect != tt.dialect || got.path != tt.path || got.dsn != tt.dsn {
			t.Errorf("parseURL(%q) = %+v, %v; want %s %q %q",
				tt.in, got, err, tt.dialect, tt.path, tt.dsn)
		}
	}
}

func TestSQLiteSettings(t *testing.T) {
	s := open(t, testdb.SQLiteURL(t))
	ctx := context.Background()
	for _, tt := range []struct {
		db     string
		pragma string
		want   string
	}{
		{"write", "journal_mode", "wal"},
		{"write", "foreign_keys", "1"},
		{"write", "busy_timeout", "10000"},
		{"write", "synchronous", "2"},
		{"read", "query_only", "1"},
		{"read", "busy_timeout", "10000"},
	} {
		db := s.write
		if tt.db == "read" {
			db = s.read
		}
		var got string
		if err := db.GetContext(ctx, &got, "PRAGMA "+tt.pragma); err != nil {
			t.Fatalf("PRAGMA %s: %v", tt.pragma, err)
		}
		if got != tt.want {
			t.Errorf("%s PRAGMA %s = %q, want %q", tt.db, tt.pragma, got, tt.want)
		}
	}
	if got := s.write.Stats().MaxOpenConnections; got != 1 {
		t.Errorf("writer connections = %d, want 1", got)
	}
}

func TestMigrateTwiceIsNoOp(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, url)
		first, err := s.Migrate(ctx)
		if err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		want := []Migration{
			{Version: 1, Name: "00001_claims_batches_files.sql", Applied: true},
			{Version: 2, Name: "00002_answers.sql", Applied: true},
			{Version: 3, Name: "00003_posting.sql", Applied: true},
			{Version: 20, Name: "00020_web_access.sql", Applied: true},
			{Version: 21, Name: "00021_view_indexes.sql", Applied: true},
			{Version: 22, Name: "00022_claim_money.sql", Applied: true},
		}
		if !reflect.DeepEqual(first, want) {
			t.Errorf("first Migrate = %+v, want %+v", first, want)
		}
		before, err := s.Status(ctx)
		if err != nil {
			t.Fatalf("Status: %v", err)
		}
		second, err := s.Migrate(ctx)
		if err != nil || len(second) != 0 {
			t.Fatalf("second Migrate = %+v, %v; want nothing applied", second, err)
		}
		after, err := s.Status(ctx)
		if err != nil {
			t.Fatalf("Status: %v", err)
		}
		if !reflect.DeepEqual(before, after) {
			t.Errorf("Status changed by a second Migrate:\n%+v\n%+v", before, after)
		}
		if err := s.CheckSchema(ctx); err != nil {
			t.Errorf("CheckSchema after Migrate: %v", err)
		}
	})
}

func TestStatus(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, url)
		list, err := s.Status(ctx)
		if err != nil {
			t.Fatalf("Status: %v", err)
		}
		want := []Migration{
			{Version: 1, Name: "00001_claims_batches_files.sql"},
			{Version: 2, Name: "00002_answers.sql"},
			{Version: 3, Name: "00003_posting.sql"},
			{Version: 20, Name: "00020_web_access.sql"},
			{Version: 21, Name: "00021_view_indexes.sql"},
			{Version: 22, Name: "00022_claim_money.sql"},
		}
		if !reflect.DeepEqual(list, want) {
			t.Errorf("Status of an empty database = %+v, want %+v", list, want)
		}
		if n := tableCount(t, s, versionTable); n != 0 {
			t.Errorf("Status created the migration table")
		}

		if _, err := s.migrateTo(ctx, 1); err != nil {
			t.Fatalf("migrate to 1: %v", err)
		}
		list, err = s.Status(ctx)
		if err != nil {
			t.Fatalf("Status: %v", err)
		}
		if len(list) != 6 || !list[0].Applied || list[1].Applied {
			t.Fatalf("Status after migrating to 1 = %+v", list)
		}
		// The migration log is written by the database's clock.
		if list[0].AppliedAt.IsZero() || list[0].AppliedAt.Location().String() != "UTC" {
			t.Errorf("applied at %v, want a UTC time", list[0].AppliedAt)
		}
		if !list[1].AppliedAt.IsZero() {
			t.Errorf("pending migration applied at %v", list[1].AppliedAt)
		}
	})
}

func TestCheckSchemaRefusesOtherVersions(t *testing.T) {
	testdb.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := open(t, url)

		err := s.CheckSchema(ctx)
		want := "database schema is at version 0 and lacks migrations [1 2 3 20 21 22] that " +
			"this binary (schema 22) needs: run claimflow's migrate command"
		checkSchemaError(t, err, ErrSchemaOlder, want)

		if _, err := s.migrateTo(ctx, 1); err != nil {
			t.Fatalf("migrate to 1: %v", err)
		}
		err = s.CheckSchema(ctx)
		want = "database schema is at version 1 and lacks migrations [2 3 20 21 22] that this " +
			"binary (schema 22) needs: run claimflow's migrate command"
		checkSchemaError(t, err, ErrSchemaOlder, want)

		if _, err := s.Migrate(ctx); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		// A newer claimflow has been here.
		_, err = s.write.ExecContext(ctx, s.Rebind("INSERT INTO "+versionTable+
			" (version_id, is_applied) VALUES (?, ?)"), 99, true)
		if err != nil {
			t.Fatal(err)
		}
		err = s.CheckSchema(ctx)
		want = "database schema is at version 99 and has migrations [99] that this " +
			"binary (schema 22) does not know: run a newer claimflow"
		checkSchemaError(t, err, ErrSchemaNewer, want)
		_, err = s.Migrate(ctx)
		checkSchemaError(t, err, ErrSchemaNewer, want)

		list, err := s.Status(ctx)
		if err != nil || len(list) != 7 || list[6].Version != 99 || list[6].Name != "" ||
			!list[6].Applied {
			t.Errorf("Status = %+v, %v; want the unknown version 99 last", list, err)
		}
	})
}

func checkSchemaError(t *testing.T, err, kind error, msg string) {
	t.Helper()
	var se *SchemaError
	if !errors.As(err, &se) || !errors.Is(err, kind) || err.Error() != msg {
		t.Errorf("error = %v\nwant %v: %q", err, kind, msg)
	}
}

// tableCount returns how many tables of that name the store's schema has.
func tableCount(t *testing.T, s *Store, name string) int {
	t.Helper()
	q := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	if s.dialect == Postgres {
		q = "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = ?"
	}
	var n int
	if err := s.read.GetContext(context.Background(), &n, s.read.Rebind(q), name); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpenPostgresWithoutSchema(t *testing.T) {
	base := testdb.PostgresURL(t) // skips without PostgreSQL
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", "cf_test_no_such_schema")
	u.RawQuery = q.Encode()
	_, err = Open(context.Background(), u.String())
	if err == nil || err.Error() != "connect to postgres: no schema of the search_path exists" {
		t.Errorf("Open = %v", err)
	}
}
