package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// LockFile reads a stored file's description and locks its row until the
// transaction ends, so that one file is applied by one transaction at a
// time.
func (t *Tx) LockFile(ctx context.Context, id string) (File, error) {
	var r fileRow
	err := t.get(ctx, &r, "UPDATE files SET state = state WHERE id = ? RETURNING "+
		fileColumns, id)
	if err != nil {
		return File{}, fmt.Errorf("lock file %s: %w", id, noRows(err))
	}
	return r.file(), nil
}

// FilesInState describes the inbound files in a state, oldest first,
// without their bytes.
func (t *Tx) FilesInState(ctx context.Context, state string) ([]File, error) {
	var rows []fileRow
	err := t.selectAll(ctx, &rows, "SELECT "+fileColumns+" FROM files "+
		"WHERE direction = ? AND state = ? ORDER BY stored_at, id", Inbound, state)
	if err != nil {
		return nil, fmt.Errorf("read %s files: %w", state, err)
	}
	out := make([]File, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.file())
	}
	return out, nil
}

// FileContent is Store.FileContent inside a transaction.
func (t *Tx) FileContent(ctx context.Context, id string) ([]byte, error) {
	var content []byte
	if err := t.get(ctx, &content, "SELECT content FROM files WHERE id = ?", id); err != nil {
		return nil, fmt.Errorf("read file %s: %w", id, noRows(err))
	}
	if content == nil {
		content = []byte{}
	}
	return content, nil
}

// SetFileState records what became of a file: its state, the type read
// from it ("" keeps the stored one) and its findings as JSON (nil keeps
// the stored ones).
func (t *Tx) SetFileState(ctx context.Context, id, state, typ string,
	findings []byte) error {

	if findings != nil && !json.Valid(findings) {
		return fmt.Errorf("%w: file findings are not JSON", ErrInvalidInput)
	}
	err := t.execOne(ctx, "UPDATE files SET state = ?, "+
		"detected_type = COALESCE(?, detected_type), findings = COALESCE(?, findings) "+
		"WHERE id = ?", state, nullString(typ), nullBytes(findings), id)
	if err != nil {
		return fmt.Errorf("update file %s: %w", id, err)
	}
	return nil
}

// SetFileState is Tx.SetFileState in a transaction of its own.
func (s *Store) SetFileState(ctx context.Context, id, state, typ string,
	findings []byte) error {

	return s.InTx(ctx, func(tx *Tx) error {
		return tx.SetFileState(ctx, id, state, typ, findings)
	})
}

// Receipt is one arrival of a file's content: the first, or a repeat of
// content already stored under any name.
type Receipt struct {
	ID         string
	FileID     string
	Name       string
	Connection string
	RemotePath string
	Duplicate  bool
	ReceivedAt time.Time
}

// RecordReceipt records an arrival of a stored file's content.
func (t *Tx) RecordReceipt(ctx context.Context, r Receipt) (Receipt, error) {
	if r.ID == "" {
		r.ID = newID()
	}
	r.ReceivedAt = t.when(r.ReceivedAt)
	dup := 0
	if r.Duplicate {
		dup = 1
	}
	_, err := t.exec(ctx, "INSERT INTO file_receipts (id, file_id, name, connection, "+
		"remote_path, duplicate, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)", r.ID, r.FileID,
		r.Name, nullString(r.Connection), nullString(r.RemotePath), dup, at(r.ReceivedAt))
	if err != nil {
		return Receipt{}, fmt.Errorf("record receipt of file %s: %w", r.FileID, err)
	}
	return r, nil
}

// Receipts returns every arrival of a file's content, oldest first.
func (s *Store) Receipts(ctx context.Context, fileID string) ([]Receipt, error) {
	var rows []struct {
		ID         string  `db:"id"`
		FileID     string  `db:"file_id"`
		Name       string  `db:"name"`
		Connection *string `db:"connection"`
		RemotePath *string `db:"remote_path"`
		Duplicate  int     `db:"duplicate"`
		ReceivedAt dbTime  `db:"received_at"`
	}
	err := s.selectAll(ctx, &rows, "SELECT id, file_id, name, connection, remote_path, "+
		"duplicate, received_at FROM file_receipts WHERE file_id = ? "+
		"ORDER BY received_at, id", fileID)
	if err != nil {
		return nil, fmt.Errorf("read receipts of file %s: %w", fileID, err)
	}
	out := make([]Receipt, 0, len(rows))
	for _, r := range rows {
		out = append(out, Receipt{ID: r.ID, FileID: r.FileID, Name: r.Name,
			Connection: deref(r.Connection), RemotePath: deref(r.RemotePath),
			Duplicate: r.Duplicate == 1, ReceivedAt: r.ReceivedAt.Time})
	}
	return out, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// nullBytes maps nil to NULL and anything else to its text.
func nullBytes(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}
