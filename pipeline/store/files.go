package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Direction says whether a file was received or sent.
type Direction string

// The directions.
const (
	Inbound  Direction = "in"
	Outbound Direction = "out"
)

// File states.
const (
	FileReceived = "received" // inbound, stored, not yet applied
	FileApplied  = "applied"  // inbound, applied to claims
	FileFailed   = "failed"   // inbound, could not be read or applied
	// FileUnreadable: inbound X12 that cannot be read; kept with findings.
	FileUnreadable = "unreadable"
	// FileIncomplete: inbound X12 that stops before its trailers, cut
	// short in transfer; kept with findings, nothing in it applied.
	FileIncomplete = "incomplete"
	// FileReplaced: an incomplete file whose complete copy arrived and was
	// applied in its place.
	FileReplaced = "replaced"
	// FileClosed: an unreadable or incomplete file a person has looked at
	// and closed, with the reason among its findings; nothing in it is
	// applied.
	FileClosed = "closed"
	// FileReport: inbound, not X12 (a clearinghouse's text report); kept
	// for people to read.
	FileReport = "report"
	// FileIgnored: inbound X12 of a kind claimflow does not apply, such as
	// an 837 or a 271.
	FileIgnored  = "ignored"
	FileBuilt    = "built"    // outbound, not yet uploaded
	FileUploaded = "uploaded" // outbound, uploaded
)

// NewFile is a file to store.
type NewFile struct {
	Direction  Direction
	Name       string
	Content    []byte
	Type       string // detected type: 837P, 837I, TA1, 999, 277CA, 835; "" for unknown
	State      string // one of the File states
	Findings   []byte // JSON; nil means none
	Connection string
	RemotePath string
	ReceivedAt time.Time // when it arrived or was made; zero means now
}

// File describes a stored file. Its bytes are read with FileContent.
type File struct {
	ID         string    `json:"id"`
	Direction  Direction `json:"direction"`
	Name       string    `json:"name"`
	Size       int64     `json:"size"`
	SHA256     string    `json:"sha256"` // lowercase hex
	Type       string    `json:"type"`
	State      string    `json:"state"`
	Findings   []byte    `json:"-"`
	Connection string    `json:"connection"`
	RemotePath string    `json:"remote_path,omitzero"`
	ReceivedAt time.Time `json:"received_at,omitzero"`
	StoredAt   time.Time `json:"stored_at,omitzero"`
}

const fileColumns = "id, direction, name, size, sha256, detected_type, state, findings, " +
	"connection, remote_path, received_at, stored_at"

type fileRow struct {
	ID         string         `db:"id"`
	Direction  string         `db:"direction"`
	Name       string         `db:"name"`
	Size       int64          `db:"size"`
	SHA256     string         `db:"sha256"`
	Type       string         `db:"detected_type"`
	State      string         `db:"state"`
	Findings   string         `db:"findings"`
	Connection sql.NullString `db:"connection"`
	RemotePath sql.NullString `db:"remote_path"`
	ReceivedAt dbTime         `db:"received_at"`
	StoredAt   dbTime         `db:"stored_at"`
}

func (r fileRow) file() File {
	return File{
		ID: r.ID, Direction: Direction(r.Direction), Name: r.Name, Size: r.Size,
		SHA256: r.SHA256, Type: r.Type, State: r.State, Findings: []byte(r.Findings),
		Connection: r.Connection.String, RemotePath: r.RemotePath.String,
		ReceivedAt: r.ReceivedAt.Time, StoredAt: r.StoredAt.Time,
	}
}

// StoreFile stores a file, or finds the one already stored with the same
// content in the same direction: then duplicate is true and the stored
// row, unchanged, is returned.
func (s *Store) StoreFile(ctx context.Context, f NewFile) (stored File, duplicate bool,
	err error) {

	err = s.InTx(ctx, func(tx *Tx) error {
		stored, duplicate, err = tx.StoreFile(ctx, f)
		return err
	})
	return stored, duplicate, err
}

// StoreFile is Store.StoreFile inside a transaction.
func (t *Tx) StoreFile(ctx context.Context, f NewFile) (File, bool, error) {
	switch {
	case f.Direction != Inbound && f.Direction != Outbound:
		return File{}, false, fmt.Errorf("%w: file direction %q", ErrInvalidInput, f.Direction)
	case f.Name == "" || f.State == "":
		return File{}, false, fmt.Errorf("%w: file without name or state", ErrInvalidInput)
	case f.Findings != nil && !json.Valid(f.Findings):
		return File{}, false, fmt.Errorf("%w: file findings are not JSON", ErrInvalidInput)
	}
	sum := sha256.Sum256(f.Content)
	hash := hex.EncodeToString(sum[:])
	findings, typ := "[]", f.Type
	if f.Findings != nil {
		findings = string(f.Findings)
	}
	if typ == "" {
		typ = "unknown"
	}
	content := f.Content
	if content == nil {
		content = []byte{}
	}
	now := t.s.clock()
	received := truncate(f.ReceivedAt)
	if f.ReceivedAt.IsZero() {
		received = now
	}

	// The same content again inserts nothing and is found below.
	id := newID()
	res, err := t.exec(ctx, "INSERT INTO files (id, direction, name, size, sha256, content, "+
		"detected_type, state, findings, connection, remote_path, received_at, stored_at) "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "+
		"ON CONFLICT (direction, sha256) DO NOTHING",
		id, f.Direction, f.Name, len(content), hash, content, typ, f.State, findings,
		nullString(f.Connection), nullString(f.RemotePath), at(received), at(now))
	if err != nil {
		return File{}, false, fmt.Errorf("store file %s: %w", hash, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return File{}, false, fmt.Errorf("store file %s: %w", hash, err)
	}
	var r fileRow
	err = t.get(ctx, &r, "SELECT "+fileColumns+" FROM files "+
		"WHERE direction = ? AND sha256 = ?", f.Direction, hash)
	if err != nil {
		return File{}, false, fmt.Errorf("read stored file %s: %w", hash, err)
	}
	return r.file(), n == 0, nil
}

// GetFile describes a stored file.
func (s *Store) GetFile(ctx context.Context, id string) (File, error) {
	var r fileRow
	err := s.get(ctx, &r, "SELECT "+fileColumns+" FROM files WHERE id = ?", id)
	if errors.Is(err, sql.ErrNoRows) {
		return File{}, fmt.Errorf("file %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return File{}, fmt.Errorf("read file %s: %w", id, err)
	}
	return r.file(), nil
}

// FileContent returns a stored file's bytes.
func (s *Store) FileContent(ctx context.Context, id string) ([]byte, error) {
	var content []byte
	err := s.get(ctx, &content, "SELECT content FROM files WHERE id = ?", id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("file %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("read file %s: %w", id, err)
	}
	if content == nil {
		content = []byte{}
	}
	return content, nil
}
