package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// pageSize is how many rows a list page shows unless ?limit= says less.
const pageSize = 50

// filters are the query parameters the lists share.
type filters struct {
	Limit      int
	Offset     int
	Before     string
	Since      time.Time
	Connection string
	Payer      string
	Statuses   []lifecycle.Status
	Stuck      bool
}

// parseFilters reads limit, offset, before, since (YYYY-MM-DD or a number
// of days such as 30d), connection, payer, status (comma-separated) and
// stuck.
func parseFilters(q url.Values, now time.Time) (filters, error) {
	f := filters{Limit: pageSize, Before: q.Get("before"), Connection: q.Get("connection"),
		Payer: q.Get("payer"), Stuck: q.Get("stuck") != ""}
	bad := func(name, v string) (filters, error) {
		return filters{}, fmt.Errorf("%w: %s=%q", store.ErrInvalidInput, name, v)
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return bad("limit", v)
		}
		f.Limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return bad("offset", v)
		}
		f.Offset = n
	}
	if v := q.Get("since"); v != "" {
		t, err := parseSince(v, now)
		if err != nil {
			return bad("since", v)
		}
		f.Since = t
	}
	for _, v := range strings.Split(q.Get("status"), ",") {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		st, err := lifecycle.ParseStatus(v)
		if err != nil {
			return bad("status", v)
		}
		f.Statuses = append(f.Statuses, st)
	}
	return f, nil
}

// parseSince reads a date (2025-03-01) or a number of days back (30d).
func parseSince(v string, now time.Time) (time.Time, error) {
	if n, ok := strings.CutSuffix(v, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 0 {
			return time.Time{}, fmt.Errorf("not a number of days: %q", v)
		}
		return now.Add(-time.Duration(days) * 24 * time.Hour), nil
	}
	return time.Parse("2006-01-02", v)
}
