package inspect

import "time"

// isoDate returns a CCYYMMDD date as 2026-01-31, or "" when the value is
// not a calendar date (placeholders such as 00000000 included).
func isoDate(v string) string {
	if len(v) != 8 {
		return ""
	}
	t, err := time.Parse("20060102", v)
	if err != nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// dateOf returns the date of t as 2026-01-31, or "" for the zero time.
func dateOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// clockOf returns the time of day of t as 15:04, or "" for the zero time.
func clockOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("15:04")
}
