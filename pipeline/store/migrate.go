package store

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"path"
	"slices"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/claimflow/claimflow/migrations"
)

// versionTable is where goose records the applied migrations.
const versionTable = goose.DefaultTablename

// Migration is one schema migration: known to this binary, applied to the
// database, or both.
type Migration struct {
	Version   int64
	Name      string // file name; empty when only the database knows it
	Applied   bool
	AppliedAt time.Time // zero when not applied
}

// ErrSchemaNewer and ErrSchemaOlder are what a *SchemaError unwraps to.
var (
	ErrSchemaNewer = errors.New("database schema is newer than this binary")
	ErrSchemaOlder = errors.New("database schema is older than this binary")
)

// SchemaError is CheckSchema's refusal of a database whose migrations differ
// from those this binary was built with.
type SchemaError struct {
	Database int64   // highest migration applied, 0 for none
	Binary   int64   // highest migration this binary knows
	Unknown  []int64 // applied, but unknown to this binary
	Pending  []int64 // known to this binary, not applied
}

// Error says what differs and what to do about it.
func (e *SchemaError) Error() string {
	if len(e.Unknown) > 0 {
		return fmt.Sprintf("database schema is at version %d and has migrations %v "+
			"that this binary (schema %d) does not know: run a newer claimflow",
			e.Database, e.Unknown, e.Binary)
	}
	return fmt.Sprintf("database schema is at version %d and lacks migrations %v "+
		"that this binary (schema %d) needs: run claimflow's migrate command",
		e.Database, e.Pending, e.Binary)
}

// Unwrap returns ErrSchemaNewer or ErrSchemaOlder.
func (e *SchemaError) Unwrap() error {
	if len(e.Unknown) > 0 {
		return ErrSchemaNewer
	}
	return ErrSchemaOlder
}

func (s *Store) provider() (*goose.Provider, error) {
	opts := []goose.ProviderOption{
		goose.WithLogger(goose.NopLogger()),
		goose.WithDisableGlobalRegistry(true),
	}
	dialect := goose.DialectSQLite3
	if s.dialect == Postgres {
		// An advisory lock keeps two daemons starting together from
		// migrating at once. Its key comes from the schema, so that
		// databases in separate schemas never wait for each other.
		h := fnv.New64a()
		h.Write([]byte("claimflow migrate " + s.schema))
		locker, err := lock.NewPostgresSessionLocker(
			lock.WithLockID(int64(h.Sum64()>>1)), lock.WithLockTimeout(1, 600))
		if err != nil {
			return nil, fmt.Errorf("create migration lock: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
		dialect = goose.DialectPostgres
	}
	p, err := goose.NewProvider(dialect, s.write.DB, migrations.FS, opts...)
	if err != nil {
		return nil, fmt.Errorf("load migrations: %w", err)
	}
	return p, nil
}

// Migrate applies every pending migration, each in its own transaction, and
// returns those it applied: none when the schema was up to date. It refuses,
// with a *SchemaError, a database that has migrations this binary does not
// know.
func (s *Store) Migrate(ctx context.Context) ([]Migration, error) {
	return s.migrateTo(ctx, 0)
}

// migrateTo applies pending migrations up to version, or all when 0.
func (s *Store) migrateTo(ctx context.Context, version int64) ([]Migration, error) {
	err := s.CheckSchema(ctx)
	if errors.Is(err, ErrSchemaNewer) || (err != nil && !errors.Is(err, ErrSchemaOlder)) {
		return nil, err
	}
	p, err := s.provider()
	if err != nil {
		return nil, err
	}
	if version == 0 {
		version = p.ListSources()[len(p.ListSources())-1].Version
	}
	results, err := p.UpTo(ctx, version)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	done := make([]Migration, 0, len(results))
	for _, r := range results {
		done = append(done, Migration{
			Version: r.Source.Version,
			Name:    path.Base(r.Source.Path),
			Applied: true,
		})
	}
	return done, nil
}

// Status lists the migrations this binary knows, each applied or not and
// when, followed by any the database has that this binary does not know.
// It changes nothing in the database.
func (s *Store) Status(ctx context.Context) ([]Migration, error) {
	p, err := s.provider()
	if err != nil {
		return nil, err
	}
	applied, err := s.appliedMigrations(ctx)
	if err != nil {
		return nil, err
	}
	var list []Migration
	for _, src := range p.ListSources() {
		m := Migration{Version: src.Version, Name: path.Base(src.Path)}
		m.AppliedAt, m.Applied = applied[src.Version]
		delete(applied, src.Version)
		list = append(list, m)
	}
	for v, when := range applied {
		list = append(list, Migration{Version: v, Applied: true, AppliedAt: when})
	}
	slices.SortFunc(list, func(a, b Migration) int { return int(a.Version - b.Version) })
	return list, nil
}

// CheckSchema returns a *SchemaError unless the database has exactly the
// migrations this binary knows. The daemon calls it before starting work.
func (s *Store) CheckSchema(ctx context.Context) error {
	list, err := s.Status(ctx)
	if err != nil {
		return err
	}
	var e SchemaError
	for _, m := range list {
		switch {
		case m.Name == "":
			e.Unknown = append(e.Unknown, m.Version)
		case !m.Applied:
			e.Pending = append(e.Pending, m.Version)
		}
		if m.Applied {
			e.Database = max(e.Database, m.Version)
		}
		if m.Name != "" {
			e.Binary = max(e.Binary, m.Version)
		}
	}
	if len(e.Unknown) > 0 || len(e.Pending) > 0 {
		return &e
	}
	return nil
}

// appliedMigrations reads goose's table without creating it. Version 0,
// which goose records when it makes the table, is left out. Migrations only
// ever go up, so every row marked applied is in force.
func (s *Store) appliedMigrations(ctx context.Context) (map[int64]time.Time, error) {
	exists := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	if s.dialect == Postgres {
		exists = "SELECT COUNT(*) FROM pg_tables " +
			"WHERE schemaname = current_schema() AND tablename = ?"
	}
	var n int
	if err := s.get(ctx, &n, exists, versionTable); err != nil {
		return nil, fmt.Errorf("look for migration table: %w", err)
	}
	applied := map[int64]time.Time{}
	if n == 0 {
		return applied, nil
	}
	var rows []struct {
		Version int64     `db:"version_id"`
		At      time.Time `db:"tstamp"`
	}
	q := "SELECT version_id, tstamp FROM " + versionTable +
		" WHERE is_applied AND version_id > 0"
	if err := s.selectAll(ctx, &rows, q); err != nil {
		return nil, fmt.Errorf("read applied migrations: %w", err)
	}
	for _, r := range rows {
		applied[r.Version] = r.At.UTC()
	}
	return applied, nil
}
