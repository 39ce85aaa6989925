package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// The actions the access log records.
const (
	ActionLogin          = "login"
	ActionLoginFailed    = "login_failed"
	ActionLoginThrottled = "login_throttled"
	ActionLogout         = "logout"
	ActionView           = "view"
	ActionExport         = "export"
	ActionImport         = "import"
	ActionAttach         = "attach"
)

// Actions returns the actions the access log records.
func Actions() []string {
	return []string{ActionLogin, ActionLoginFailed, ActionLoginThrottled, ActionLogout,
		ActionView, ActionExport, ActionImport, ActionAttach}
}

// The ways in.
const (
	ViaWeb = "web"
	ViaAPI = "api"
	ViaCLI = "cli"
)

// Access is one entry of the access log: who did what, when, to which
// object.
type Access struct {
	ID         string    `json:"id"`
	At         time.Time `json:"at,omitzero"`
	UserID     string    `json:"user_id"` // "" when the name matched no user
	Username   string    `json:"username"`
	Via        string    `json:"via"`
	Action     string    `json:"action"`
	ObjectKind string    `json:"object_kind"`
	ObjectID   string    `json:"object_id"`
	RemoteAddr string    `json:"remote_addr"`
	Detail     string    `json:"detail,omitzero"` // never patient data
}

// maxLoggedName bounds what a failed login can write into the log.
const maxLoggedName = 64

// LogAccess appends an entry to the access log. A zero At means now.
func (s *Store) LogAccess(ctx context.Context, a Access) (Access, error) {
	if a.Via == "" || a.Action == "" {
		return Access{}, fmt.Errorf("%w: access without a way in or an action",
			ErrInvalidInput)
	}
	if len(a.Username) > maxLoggedName {
		a.Username = a.Username[:maxLoggedName]
	}
	a.ID = newID()
	if a.At.IsZero() {
		a.At = s.clock()
	}
	a.At = truncate(a.At)
	err := s.InTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, "INSERT INTO access_log (id, at, user_id, username, via, "+
			"action, object_kind, object_id, remote_addr, detail) "+
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", a.ID, at(a.At), nullString(a.UserID),
			a.Username, a.Via, a.Action, a.ObjectKind, a.ObjectID, a.RemoteAddr, a.Detail)
		return err
	})
	if err != nil {
		return Access{}, fmt.Errorf("log access: %w", err)
	}
	return a, nil
}

// AccessQuery selects entries of the access log, newest first.
type AccessQuery struct {
	Username   string
	Via        string
	Action     string
	ObjectKind string
	ObjectID   string
	Since      time.Time
	Before     string // the Next of the previous page
	Limit      int    // 0 means 100; at most 1000
}

// AccessPage is one page of the access log.
type AccessPage struct {
	Entries []Access `json:"entries"`
	Next    string   `json:"next"` // "" on the last page
}

// ListAccess returns a page of the access log, newest first.
func (s *Store) ListAccess(ctx context.Context, q AccessQuery) (AccessPage, error) {
	limit := clampLimit(q.Limit)
	var where []string
	var args []any
	add := func(cond string, v any) { where, args = append(where, cond), append(args, v) }
	if q.Username != "" {
		add("username = ?", q.Username)
	}
	if q.Via != "" {
		add("via = ?", q.Via)
	}
	if q.Action != "" {
		add("action = ?", q.Action)
	}
	if q.ObjectKind != "" {
		add("object_kind = ?", q.ObjectKind)
	}
	if q.ObjectID != "" {
		add("object_id = ?", q.ObjectID)
	}
	if !q.Since.IsZero() {
		add("at >= ?", at(q.Since))
	}
	if q.Before != "" {
		add("id < ?", q.Before)
	}
	query := "SELECT id, at, user_id, username, via, action, object_kind, object_id, " +
		"remote_addr, detail FROM access_log"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	var rows []struct {
		ID         string         `db:"id"`
		At         dbTime         `db:"at"`
		UserID     sql.NullString `db:"user_id"`
		Username   string         `db:"username"`
		Via        string         `db:"via"`
		Action     string         `db:"action"`
		ObjectKind string         `db:"object_kind"`
		ObjectID   string         `db:"object_id"`
		RemoteAddr string         `db:"remote_addr"`
		Detail     string         `db:"detail"`
	}
	if err := s.selectAll(ctx, &rows, query+" ORDER BY id DESC LIMIT ?",
		append(args, limit+1)...); err != nil {
		return AccessPage{}, fmt.Errorf("list access log: %w", err)
	}
	var page AccessPage
	for i, r := range rows {
		if i == limit {
			page.Next = page.Entries[limit-1].ID
			break
		}
		page.Entries = append(page.Entries, Access{ID: r.ID, At: r.At.Time,
			UserID: r.UserID.String, Username: r.Username, Via: r.Via, Action: r.Action,
			ObjectKind: r.ObjectKind, ObjectID: r.ObjectID, RemoteAddr: r.RemoteAddr,
			Detail: r.Detail})
	}
	return page, nil
}

// clampLimit turns a requested page size into one between 1 and 1000,
// 100 when none is asked for.
func clampLimit(n int) int {
	switch {
	case n <= 0:
		return 100
	case n > 1000:
		return 1000
	}
	return n
}
