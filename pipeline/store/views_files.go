package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// FileQuery selects stored files, newest stored first.
type FileQuery struct {
	Direction  Direction
	Type       string
	State      string
	Connection string
	Since      time.Time // stored at or after
	Before     string    // the Next of the previous page
	Offset     int
	Limit      int
}

// FilePage is one page of files.
type FilePage struct {
	Files []File `json:"files"`
	Next  string `json:"next"`
}

// ListFiles returns a page of stored files without their bytes.
func (s *Store) ListFiles(ctx context.Context, q FileQuery) (FilePage, error) {
	limit := clampLimit(q.Limit)
	var where []string
	var args []any
	add := func(cond string, v ...any) { where, args = append(where, cond), append(args, v...) }
	if q.Direction != "" {
		add("direction = ?", q.Direction)
	}
	if q.Type != "" {
		add("detected_type = ?", q.Type)
	}
	if q.State != "" {
		add("state = ?", q.State)
	}
	if q.Connection != "" {
		add("connection = ?", q.Connection)
	}
	if !q.Since.IsZero() {
		add("stored_at >= ?", at(q.Since))
	}
	if q.Before != "" {
		ts, id, err := parseCursor(q.Before)
		if err != nil {
			return FilePage{}, err
		}
		add("(stored_at < ? OR (stored_at = ? AND id < ?))", ts, ts, id)
	}
	query := "SELECT " + fileColumns + " FROM files"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY stored_at DESC, id DESC LIMIT ? OFFSET ?"
	var rows []fileRow
	if err := s.selectAll(ctx, &rows, query, append(args, limit+1,
		max(q.Offset, 0))...); err != nil {
		return FilePage{}, fmt.Errorf("list files: %w", err)
	}
	var page FilePage
	for i, r := range rows {
		if i == limit {
			last := page.Files[limit-1]
			page.Next = cursor(last.StoredAt, last.ID)
			break
		}
		page.Files = append(page.Files, r.file())
	}
	return page, nil
}

// FileDetail is a stored file with what claimflow made of it.
type FileDetail struct {
	File
	Findings    []FileFinding `json:"findings"`
	BatchID     string        `json:"batch_id,omitzero"` // the batch it carried, for an outbound 837
	Acks        int           `json:"acks"`              // TA1 and 999 rows read from it
	ClaimAcks   int           `json:"claim_acks"`        // 277CA claim rows read from it
	Remittances int           `json:"remittances"`       // 835 payments read from it
	Events      int           `json:"events"`            // claim events it caused
	Unmatched   int           `json:"unmatched"`         // answers in it that matched no claim
}

// GetFileDetail describes a stored file and what was read from it.
func (s *Store) GetFileDetail(ctx context.Context, id string) (FileDetail, error) {
	f, err := s.GetFile(ctx, id)
	if err != nil {
		return FileDetail{}, err
	}
	d := FileDetail{File: f, Findings: parseFileFindings(string(f.Findings))}
	var r struct {
		BatchID     sql.NullString `db:"batch_id"`
		Acks        int            `db:"acks"`
		ClaimAcks   int            `db:"claim_acks"`
		Remittances int            `db:"remittances"`
		Events      int            `db:"events"`
		Unmatched   int            `db:"unmatched"`
	}
	err = s.get(ctx, &r, "SELECT "+
		"(SELECT b.id FROM batches b WHERE b.file_id = ? LIMIT 1) AS batch_id, "+
		"(SELECT COUNT(*) FROM acknowledgments WHERE file_id = ?) AS acks, "+
		"(SELECT COUNT(*) FROM claim_acks WHERE file_id = ?) AS claim_acks, "+
		"(SELECT COUNT(*) FROM remittances WHERE file_id = ?) AS remittances, "+
		"(SELECT COUNT(*) FROM claim_events WHERE file_id = ?) AS events, "+
		"(SELECT COUNT(*) FROM unmatched_responses WHERE file_id = ?) AS unmatched",
		id, id, id, id, id, id)
	if err != nil {
		return d, fmt.Errorf("read what file %s holds: %w", id, err)
	}
	d.BatchID, d.Acks, d.ClaimAcks = r.BatchID.String, r.Acks, r.ClaimAcks
	d.Remittances, d.Events, d.Unmatched = r.Remittances, r.Events, r.Unmatched
	return d, nil
}
