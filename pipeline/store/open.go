package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq"  // registers "postgres"
	_ "modernc.org/sqlite" // registers "sqlite"
)

// Dialect names the kind of database behind a Store.
type Dialect string

// The supported dialects.
const (
	Postgres Dialect = "postgres"
	SQLite   Dialect = "sqlite"
)

// DefaultURL is the database used when none is named: the SQLite file a
// configuration that names no database uses (data_dir's default, data,
// and claimflow.db in it).
const DefaultURL = "sqlite:data/claimflow.db"

// SQLiteFile returns the file an SQLite database URL names; ok is false
// for PostgreSQL and for URLs that do not parse.
func SQLiteFile(rawURL string) (path string, ok bool) {
	t, err := parseURL(rawURL)
	if err != nil || t.dialect != SQLite {
		return "", false
	}
	return t.path, true
}

// sqliteBusyTimeout is how long an SQLite connection waits for another
// process's write lock before giving up.
const sqliteBusyTimeout = 10 * time.Second

// Store is a connection to claimflow's database. It is safe for concurrent
// use.
type Store struct {
	dialect Dialect
	// write runs transactions. On SQLite it holds one connection, so the
	// writers of this process queue in Go rather than fight for the file
	// lock, and every transaction begins IMMEDIATE, so writers of other
	// processes wait (busy_timeout) instead of failing with SQLITE_BUSY.
	write *sqlx.DB
	// read serves queries outside transactions. On SQLite it is a pool of
	// read-only connections, which WAL lets run beside the writer; on
	// PostgreSQL it is the same pool as write.
	read *sqlx.DB
	// schema is PostgreSQL's current schema, which scopes the migration lock.
	schema string
	// path is the SQLite file; empty on PostgreSQL.
	path string
	now  func() time.Time
}

// Open connects to the database that rawURL names and returns a Store. It
// does not migrate; call Migrate or CheckSchema next. rawURL is one of:
//
//	postgres://user@host:5432/db?sslmode=disable   (or postgresql://)
//	sqlite:PATH, sqlite://PATH or file:PATH         (SQLite file)
//	""                                              (DefaultURL)
func Open(ctx context.Context, rawURL string) (*Store, error) {
	t, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	s := &Store{dialect: t.dialect, now: time.Now}
	if t.dialect == Postgres {
		err = s.openPostgres(ctx, t.dsn)
	} else {
		err = s.openSQLite(ctx, t.path, t.query)
	}
	if err != nil {
		return nil, err
	}
	return s, nil
}

// target is a parsed database URL.
type target struct {
	dialect Dialect
	dsn     string     // PostgreSQL
	path    string     // SQLite
	query   url.Values // SQLite driver parameters given in the URL
}

func parseURL(rawURL string) (target, error) {
	raw := strings.TrimSpace(rawURL)
	if raw == "" {
		raw = DefaultURL
	}
	scheme, rest, _ := strings.Cut(raw, ":")
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		return target{dialect: Postgres, dsn: postgresDSN(raw)}, nil
	case "sqlite", "file":
		rest = strings.TrimPrefix(rest, "//")
		path, query, _ := strings.Cut(rest, "?")
		if path == "" || path == ":memory:" || strings.Contains(query, "mode=memory") {
			return target{}, errors.New("sqlite database URL must name a file")
		}
		q, err := url.ParseQuery(query)
		if err != nil {
			return target{}, fmt.Errorf("parse sqlite URL parameters: %w", err)
		}
		return target{dialect: SQLite, path: path, query: q}, nil
	}
	// Only the scheme is shown: the rest may hold a password.
	return target{}, fmt.Errorf("unsupported database URL scheme %q "+
		"(want postgres, postgresql, sqlite or file)", scheme)
}

// postgresDSN sets the session time zone to UTC unless the URL sets one, so
// that the timestamps PostgreSQL makes itself (the migration log) read back
// as what they are.
func postgresDSN(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw // lib/pq reports the error when connecting
	}
	q := u.Query()
	for k := range q {
		if strings.EqualFold(k, "timezone") {
			return raw
		}
	}
	q.Set("timezone", "UTC")
	u.RawQuery = q.Encode()
	return u.String()
}

func (s *Store) openPostgres(ctx context.Context, dsn string) error {
	db, err := sqlx.Open("postgres", dsn)
	if err != nil {
		return fmt.Errorf("open postgres: %w", err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	var schema sql.NullString
	if err := db.GetContext(ctx, &schema, "SELECT current_schema()"); err != nil {
		db.Close()
		return fmt.Errorf("connect to postgres: %w", err)
	}
	if !schema.Valid {
		db.Close()
		return errors.New("connect to postgres: no schema of the search_path exists")
	}
	s.schema = schema.String
	s.write, s.read = db, db
	return nil
}

func (s *Store) openSQLite(ctx context.Context, path string, given url.Values) error {
	if path != ":memory:" && !strings.HasPrefix(path, "file::memory:") {
		// A fresh machine has no data folder yet; the database file makes it.
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return fmt.Errorf("open sqlite: %w", err)
		}
	}
	busy := fmt.Sprintf("busy_timeout(%d)", sqliteBusyTimeout.Milliseconds())
	dsn := func(extra url.Values) string {
		q := url.Values{}
		for k, v := range given {
			q[k] = append([]string(nil), v...)
		}
		for k, v := range extra {
			q[k] = append(q[k], v...)
		}
		return path + "?" + q.Encode()
	}

	// synchronous FULL: a reserved control number must survive a power cut,
	// or the next batch could send it again.
	write, err := sqlx.Open("sqlite", dsn(url.Values{
		"_pragma": {busy, "journal_mode(WAL)", "foreign_keys(1)", "synchronous(FULL)"},
		"_txlock": {"immediate"},
	}))
	if err != nil {
		return fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return fmt.Errorf("open sqlite: %w", err)
	}

	read, err := sqlx.Open("sqlite", dsn(url.Values{
		"_pragma": {busy, "foreign_keys(1)", "query_only(1)"},
	}))
	if err != nil {
		write.Close()
		return fmt.Errorf("open sqlite: %w", err)
	}
	read.SetMaxOpenConns(4)
	read.SetMaxIdleConns(4)
	s.write, s.read, s.path = write, read, path
	return nil
}

// Dialect returns the kind of database behind s.
func (s *Store) Dialect() Dialect { return s.dialect }

// Rebind turns a query written with '?' placeholders into the driver's
// form ($1, $2... on PostgreSQL).
func (s *Store) Rebind(query string) string { return s.write.Rebind(query) }

// Close closes the connections.
func (s *Store) Close() error {
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}
