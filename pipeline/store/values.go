package store

import (
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// timeLayout is how timestamps are stored: UTC, fixed width, so that the
// text order of two timestamps is their time order.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// dbTime is a timestamp column. The zero time is NULL.
type dbTime struct{ time.Time }

func at(t time.Time) dbTime { return dbTime{t} }

// Value formats the time in UTC at microsecond precision.
func (t dbTime) Value() (driver.Value, error) {
	if t.IsZero() {
		return nil, nil
	}
	return t.UTC().Format(timeLayout), nil
}

// Scan reads a stored timestamp; NULL gives the zero time.
func (t *dbTime) Scan(src any) error {
	var s string
	switch v := src.(type) {
	case nil:
		t.Time = time.Time{}
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	case time.Time:
		t.Time = v.UTC()
		return nil
	default:
		return fmt.Errorf("timestamp column holds %T", src)
	}
	parsed, err := time.Parse(timeLayout, s)
	if err != nil {
		return fmt.Errorf("parse stored timestamp: %w", err)
	}
	t.Time = parsed
	return nil
}

// truncate drops what the database cannot hold, so that a time handed back
// to the caller equals the time read back later.
func truncate(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// nullString maps "" to NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// newID returns a new row ID: a UUIDv7, whose text sorts by creation time.
func newID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// NewID returns a new row ID, for callers that must name a row before
// they insert it (to point other rows at it).
func NewID() string { return newID() }
