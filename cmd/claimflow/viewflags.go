package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/user"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/pipeline/store"
)

// listFlags are the flags every list shares.
type listFlags struct {
	dbFlags
	json       bool
	limit      int
	offset     int
	page       int
	status     string
	connection string
	since      string
}

// The shared flags a view may go without, for add's omit.
const (
	flagConnection = "connection"
	flagSince      = "since"
)

// add registers the flags the list views share on cmd: --db and --config,
// --json, --limit, --offset, --page, --connection, --since, and --status
// when status describes it. omit names the shared flags that mean nothing
// for the view (docs/web.md lists them), so that every view spells and
// reads the others alike.
func (f *listFlags) add(cmd *cobra.Command, status string, omit ...string) {
	f.dbFlags.add(cmd)
	fl := cmd.Flags()
	fl.BoolVar(&f.json, "json", false, "print JSON for scripts")
	fl.IntVar(&f.limit, "limit", 50, "rows to print (at most 1000)")
	fl.IntVar(&f.offset, "offset", 0, "rows to skip")
	fl.IntVar(&f.page, "page", 0, "page number from 1, in pages of --limit (instead of --offset)")
	if !slices.Contains(omit, flagConnection) {
		fl.StringVar(&f.connection, "connection", "", "only this clearinghouse connection")
	}
	if !slices.Contains(omit, flagSince) {
		fl.StringVar(&f.since, "since", "",
			"only since a date (2025-03-01) or a number of days (30d)")
	}
	if status != "" {
		fl.StringVar(&f.status, "status", "", status)
	}
}

// pageOf returns the window of items that offset and limit select, for
// views whose rows all come at once.
func pageOf[T any](items []T, offset, limit int) []T {
	if offset >= len(items) {
		return nil
	}
	return items[offset:min(offset+limit, len(items))]
}

// window returns the offset and limit the flags ask for.
func (f *listFlags) window() (int, int, error) {
	if f.limit < 1 || f.limit > 1000 {
		return 0, 0, fmt.Errorf("--limit %d: give 1 to 1000", f.limit)
	}
	if f.offset < 0 || f.page < 0 {
		return 0, 0, fmt.Errorf("--offset and --page cannot be negative")
	}
	if f.page > 0 {
		return (f.page - 1) * f.limit, f.limit, nil
	}
	return f.offset, f.limit, nil
}

// sinceTime reads --since.
func (f *listFlags) sinceTime(now time.Time) (time.Time, error) {
	if f.since == "" {
		return time.Time{}, nil
	}
	if n, ok := strings.CutSuffix(f.since, "d"); ok {
		var days int
		if _, err := fmt.Sscan(n, &days); err == nil && days >= 0 {
			return now.AddDate(0, 0, -days), nil
		}
	}
	t, err := time.Parse("2006-01-02", f.since)
	if err != nil {
		return time.Time{}, fmt.Errorf("--since %q: give a date (2025-03-01) or days (30d)",
			f.since)
	}
	return t, nil
}

// timeNow is the clock of --since and the reports; tests set it.
var timeNow = time.Now

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// cliUser names whoever runs a command, for the access log.
func cliUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if name := os.Getenv("USER"); name != "" {
		return name
	}
	return "unknown"
}

// logView records that the person at the terminal saw an object.
func logView(ctx context.Context, s *store.Store, action, kind, id, detail string) error {
	_, err := s.LogAccess(ctx, store.Access{Username: cliUser(), Via: store.ViaCLI,
		Action: action, ObjectKind: kind, ObjectID: id, Detail: detail})
	return err
}
