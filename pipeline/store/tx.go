package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
)

// Tx is one database transaction. Its methods are the steps that callers
// combine, through InTx, into units that succeed or fail together. A Tx
// must not be used after the function given to InTx returns.
//
// When a Tx method returns an error, the function given to InTx should
// return it too, so that the whole transaction rolls back: some steps may
// have been written before the failure, and on PostgreSQL a failed
// statement leaves the transaction unusable anyway.
type Tx struct {
	tx *sqlx.Tx
	s  *Store
}

// InTx runs fn in one transaction: committed when fn returns nil, rolled
// back when it returns an error or panics. fn must not keep the Tx, and
// should do no slow work (network, disk) inside: on SQLite it holds the
// write lock meanwhile. fn must write through the Tx only: a write through
// the Store would start a second transaction, which on SQLite waits for
// this one to end, forever.
func (s *Store) InTx(ctx context.Context, fn func(*Tx) error) error {
	tx, err := s.write.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			_ = tx.Rollback() // the error that led here matters more
		}
	}()
	if err := fn(&Tx{tx: tx, s: s}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	committed = true
	return nil
}

// readTx runs fn in a read-only transaction on the read pool, so that Tx
// methods that only read serve views too, from one snapshot, without the
// write lock.
func (s *Store) readTx(ctx context.Context, fn func(*Tx) error) error {
	tx, err := s.read.BeginTxx(ctx, &sql.TxOptions{
		Isolation: sql.LevelRepeatableRead, ReadOnly: true,
	})
	if err != nil {
		return fmt.Errorf("begin read: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only: nothing to lose
	return fn(&Tx{tx: tx, s: s})
}

// Rebind turns a query written with '?' placeholders into the driver's form.
func (t *Tx) Rebind(query string) string { return t.tx.Rebind(query) }

func (t *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.tx.Rebind(query), args...)
}

func (t *Tx) get(ctx context.Context, dest any, query string, args ...any) error {
	return t.tx.GetContext(ctx, dest, t.tx.Rebind(query), args...)
}

func (t *Tx) selectAll(ctx context.Context, dest any, query string, args ...any) error {
	return t.tx.SelectContext(ctx, dest, t.tx.Rebind(query), args...)
}

// execOne runs a statement that must change exactly one row.
func (t *Tx) execOne(ctx context.Context, query string, args ...any) error {
	res, err := t.exec(ctx, query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return fmt.Errorf("%d rows changed, want 1", n)
	}
	return nil
}

func (s *Store) get(ctx context.Context, dest any, query string, args ...any) error {
	return s.read.GetContext(ctx, dest, s.read.Rebind(query), args...)
}

func (s *Store) selectAll(ctx context.Context, dest any, query string, args ...any) error {
	return s.read.SelectContext(ctx, dest, s.read.Rebind(query), args...)
}

func sqlxSelect(ctx context.Context, q queryer, dest any, query string, args ...any) error {
	return sqlx.SelectContext(ctx, q, dest, q.Rebind(query), args...)
}

// maxRowsPerInsert keeps a multi-row INSERT well under PostgreSQL's limit
// of 65535 parameters.
const maxRowsPerInsert = 500

// insertRows inserts rows into table with as few statements as it can: one
// round trip per statement matters more than anything else on PostgreSQL.
func (t *Tx) insertRows(ctx context.Context, table string, columns []string,
	rows [][]any) error {

	one := "(" + strings.Repeat("?, ", len(columns)-1) + "?)"
	for len(rows) > 0 {
		chunk := rows[:min(len(rows), maxRowsPerInsert)]
		rows = rows[len(chunk):]
		var b strings.Builder
		b.WriteString("INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
		args := make([]any, 0, len(chunk)*len(columns))
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(one)
			args = append(args, r...)
		}
		if _, err := t.exec(ctx, b.String(), args...); err != nil {
			return err
		}
	}
	return nil
}
