package sim

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// journalFile is the journal's file name inside Config.Dir.
const journalFile = "journal.jsonl"

// Kind says what a journal entry records.
type Kind string

// The kinds of journal entries.
const (
	KindUpload   Kind = "upload"   // a complete upload landed
	KindResponse Kind = "response" // a response was written
)

// Entry is one line of the simulator's journal. It names files and
// describes them by size and hash only, never by content.
type Entry struct {
	Kind Kind `json:"kind"`
	// Seq numbers entries of one kind from 1. An upload's Seq is its
	// Upload.Seq.
	Seq uint64 `json:"seq"`
	// Time is the simulator's time when the upload landed or the
	// response was written.
	Time time.Time `json:"time"`
	User string    `json:"user"`
	// Name is the path as the user sees it, such as /outbound/a.999.
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
	// Upload is, for a response, the Seq of the upload it answers.
	Upload uint64 `json:"upload,omitempty"`
}

// journal keeps the entries of this run in memory and appends each to
// the journal file, one JSON object per line. The server's mutex guards
// it.
type journal struct {
	entries []Entry
	file    *os.File
	enc     *json.Encoder
	failed  bool
}

func openJournal(dir *os.Root) (*journal, error) {
	f, err := dir.OpenFile(journalFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	return &journal{file: f, enc: json.NewEncoder(f)}, nil
}

// add records e. The file is a convenience for people watching a demo: a
// failure to write it is reported once by close and does not stop the
// simulator.
func (j *journal) add(e Entry) {
	j.entries = append(j.entries, e)
	if err := j.enc.Encode(e); err != nil {
		j.failed = true
	}
}

func (j *journal) close() error {
	err := j.file.Close()
	if j.failed && err == nil {
		err = fmt.Errorf("write journal %s: some entries were lost", journalFile)
	}
	return err
}

// Journal returns every entry of this run, in the order they happened.
func (s *Server) Journal() []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Entry(nil), s.journal.entries...)
}

// Uploads returns the uploads that landed in this run, in order.
func (s *Server) Uploads() []Entry { return s.entries(KindUpload) }

// Responses returns the responses written in this run, in order.
func (s *Server) Responses() []Entry { return s.entries(KindResponse) }

func (s *Server) entries(k Kind) []Entry {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Entry
	for _, e := range s.journal.entries {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}
