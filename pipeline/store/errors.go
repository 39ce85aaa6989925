package store

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/lib/pq"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrNotFound is returned when the claim, batch or file asked for does not
// exist.
var ErrNotFound = errors.New("not found")

// DuplicatePCNError refuses a claim whose patient control number another
// live (not void) claim already holds. It names that claim by ID only.
type DuplicatePCNError struct {
	// ExistingClaimID is empty when the holder committed during the
	// refused transaction and could not be looked up.
	ExistingClaimID string
}

// Error names the claim that holds the number, never the number itself.
func (e *DuplicatePCNError) Error() string {
	if e.ExistingClaimID == "" {
		return "patient control number already held by another live claim"
	}
	return fmt.Sprintf("patient control number already held by live claim %s", e.ExistingClaimID)
}

// isUniqueViolation reports whether err is a unique constraint failure.
func isUniqueViolation(err error) bool {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return pqErr.Code == "23505"
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		return liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE ||
			liteErr.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// noRows turns sql.ErrNoRows into ErrNotFound; other errors pass as they
// are.
func noRows(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// Retryable reports whether err is a failure that running the same
// transaction again may cure: a deadlock or serialization failure on
// PostgreSQL, a busy or locked database on SQLite.
func Retryable(err error) bool {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return pqErr.Code == "40P01" || pqErr.Code == "40001"
	}
	var liteErr *sqlite.Error
	if errors.As(err, &liteErr) {
		code := liteErr.Code() & 0xff
		return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
	}
	return false
}
