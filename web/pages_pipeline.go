package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/pipeline/store"
)

func (s *Server) batchList(w http.ResponseWriter, r *http.Request, p *who) {
	f, err := parseFilters(r.URL.Query(), s.opts.Now())
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	page, err := s.store.ListBatches(r.Context(), store.BatchQuery{Connection: f.Connection,
		State: store.BatchState(r.URL.Query().Get("state")), Since: f.Since,
		Before: f.Before, Limit: f.Limit})
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "batches", p, "Batches", page)
}

// batchData is what a batch's page shows.
type batchData struct {
	store.BatchDetail
	Offset, Limit int
	More          bool
}

// NextOffset is the offset of the following page of claims.
func (d batchData) NextOffset() int { return d.Offset + d.Limit }

func (s *Server) batchPage(w http.ResponseWriter, r *http.Request, p *who) {
	f, err := parseFilters(r.URL.Query(), s.opts.Now())
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	limit := 200
	d, err := s.store.GetBatchDetail(r.Context(), r.PathValue("id"), f.Offset, limit)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "batch", p, fmt.Sprintf("Batch ISA13 %09d", d.ISA13),
		batchData{BatchDetail: d, Offset: f.Offset, Limit: limit,
			More: f.Offset+len(d.Claims) < d.ClaimCount})
}

func (s *Server) fileList(w http.ResponseWriter, r *http.Request, p *who) {
	q := r.URL.Query()
	f, err := parseFilters(q, s.opts.Now())
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	page, err := s.store.ListFiles(r.Context(), store.FileQuery{
		Direction: store.Direction(q.Get("direction")), Type: q.Get("type"),
		State: q.Get("state"), Connection: f.Connection, Since: f.Since, Before: f.Before,
		Limit: f.Limit})
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "files", p, "Files", page)
}

// RawSegment is one segment of a stored file, with the findings about it.
type RawSegment struct {
	Ordinal  int                 `json:"ordinal"`
	Text     string              `json:"text"`
	Findings []store.FileFinding `json:"findings,omitzero"`
}

// fileData is what a file's page shows.
type fileData struct {
	store.FileDetail
	Segments  []RawSegment
	Unplaced  []store.FileFinding // findings that name no segment
	Truncated bool
}

// maxRawSegments bounds the segments a page shows.
const maxRawSegments = 5000

// RawSegments reads a stored file one segment a line (at most limit of
// them; 0 means 5,000), marking each with the stored findings and those
// the reader makes while reading it again. It returns the segments, the
// findings that name no segment shown, and whether segments were left out.
func RawSegments(content []byte, stored []store.FileFinding, limit int) ([]RawSegment,
	[]store.FileFinding, bool) {

	if limit <= 0 {
		limit = maxRawSegments
	}
	rd := edi.NewReader(bytes.NewReader(content))
	var segs []RawSegment
	truncated := false
	for {
		seg, err := rd.Next()
		if err != nil {
			if !errors.Is(err, io.EOF) && len(segs) == 0 {
				stored = append(stored, store.FileFinding{Severity: "error",
					Message: "the file cannot be read as X12"})
			}
			break
		}
		if len(segs) == limit {
			truncated = true
			break
		}
		segs = append(segs, RawSegment{Ordinal: seg.Pos.Ordinal, Text: seg.String()})
	}
	all := append([]store.FileFinding(nil), stored...)
	for _, f := range rd.Findings() {
		all = append(all, store.FileFinding{Severity: f.Severity.String(),
			Ordinal: f.Pos.Ordinal, Segment: f.Segment, Element: f.Element,
			Component: f.Component, Message: f.Message})
	}
	var unplaced []store.FileFinding
	for _, f := range all {
		if f.Ordinal >= 1 && f.Ordinal <= len(segs) && segs[f.Ordinal-1].Ordinal == f.Ordinal {
			segs[f.Ordinal-1].Findings = append(segs[f.Ordinal-1].Findings, f)
			continue
		}
		unplaced = append(unplaced, f)
	}
	return segs, unplaced, truncated
}

func (s *Server) filePage(w http.ResponseWriter, r *http.Request, p *who) {
	id := r.PathValue("id")
	d, err := s.store.GetFileDetail(r.Context(), id)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	content, err := s.store.FileContent(r.Context(), id)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	if err := s.audit(r.Context(), p, store.ActionView, "file", id, ""); err != nil {
		s.fail(w, r, p, err)
		return
	}
	segs, unplaced, truncated := RawSegments(content, d.Findings, 0)
	s.render(w, r, http.StatusOK, "file", p, "File "+d.Name, fileData{FileDetail: d,
		Segments: segs, Unplaced: unplaced, Truncated: truncated})
}
