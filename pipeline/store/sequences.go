package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SequenceKind names a kind of control number.
type SequenceKind string

// The control numbers claimflow keeps a sequence of, per connection.
const (
	ISA13 SequenceKind = "ISA13" // interchange control number
	GS06  SequenceKind = "GS06"  // functional group control number
	ST02  SequenceKind = "ST02"  // transaction set control number
)

// MaxControlNumber is the largest control number: nine digits.
const MaxControlNumber = 999_999_999

// Range is a block of reserved control numbers: First, First+1, ...,
// First+Count-1. A block never wraps around inside itself.
type Range struct {
	First int64
	Count int
}

// Last is the last number of the block.
func (r Range) Last() int64 { return r.First + int64(r.Count) - 1 }

// ReserveControlNumbers reserves the next n numbers of a connection's
// sequence in a transaction of its own. See Tx.ReserveControlNumbers.
func (s *Store) ReserveControlNumbers(ctx context.Context, connection string,
	kind SequenceKind, n int) (Range, error) {

	var r Range
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		r, err = tx.ReserveControlNumbers(ctx, connection, kind, n)
		return err
	})
	return r, err
}

// ReserveControlNumbers reserves the next n numbers of a connection's
// sequence. Sequences start at 1. A block that would pass
// MaxControlNumber starts again at 1 instead, so numbers repeat only after
// about a billion have been used. Reserved numbers are never handed out
// again, whether or not they are used, as long as the transaction commits;
// if it rolls back, so does the reservation.
//
// The sequence's row stays locked until the transaction ends, so that
// reservations by concurrent transactions and processes follow one
// another.
func (t *Tx) ReserveControlNumbers(ctx context.Context, connection string,
	kind SequenceKind, n int) (Range, error) {

	switch {
	case connection == "":
		return Range{}, fmt.Errorf("%w: reserve control numbers: no connection", ErrInvalidInput)
	case kind != ISA13 && kind != GS06 && kind != ST02:
		return Range{}, fmt.Errorf("%w: unknown control number kind %q", ErrInvalidInput, kind)
	case n < 1 || n > MaxControlNumber:
		return Range{}, fmt.Errorf("%w: cannot reserve %d control numbers", ErrInvalidInput, n)
	}
	next, err := t.lockSequence(ctx, connection, kind)
	if errors.Is(err, sql.ErrNoRows) {
		// First use: make the row, unless a concurrent transaction just did.
		_, err = t.exec(ctx, "INSERT INTO control_sequences "+
			"(connection, kind, next_value, updated_at) VALUES (?, ?, 1, ?) "+
			"ON CONFLICT (connection, kind) DO NOTHING", connection, kind, at(t.s.clock()))
		if err != nil {
			return Range{}, fmt.Errorf("create %s sequence: %w", kind, err)
		}
		next, err = t.lockSequence(ctx, connection, kind)
	}
	if err != nil {
		return Range{}, fmt.Errorf("lock %s sequence: %w", kind, err)
	}

	r, after := nextBlock(next, n)
	err = t.execOne(ctx, "UPDATE control_sequences SET next_value = ?, updated_at = ? "+
		"WHERE connection = ? AND kind = ?", after, at(t.s.clock()), connection, kind)
	if err != nil {
		return Range{}, fmt.Errorf("advance %s sequence: %w", kind, err)
	}
	return r, nil
}

// lockSequence returns a sequence's next value and locks its row.
func (t *Tx) lockSequence(ctx context.Context, connection string,
	kind SequenceKind) (int64, error) {

	var next int64
	err := t.get(ctx, &next, "UPDATE control_sequences SET next_value = next_value "+
		"WHERE connection = ? AND kind = ? RETURNING next_value", connection, kind)
	return next, err
}

// nextBlock returns the block of n numbers that starts at next, or at 1
// when it would not fit below MaxControlNumber, and the next value after it.
func nextBlock(next int64, n int) (Range, int64) {
	first := next
	if first < 1 || first+int64(n)-1 > MaxControlNumber {
		first = 1
	}
	after := first + int64(n)
	if after > MaxControlNumber {
		after = 1
	}
	return Range{First: first, Count: n}, after
}
