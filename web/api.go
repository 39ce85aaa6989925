package web

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/claimflow/claimflow/pipeline/store"
)

// The API answers with the store's values as JSON: snake_case names from
// their json tags, money in integer cents (names ending in _cents), times
// in RFC 3339 UTC and left out when zero. Lists come as an
// object with the rows and "next", the token of the following page (pass
// it back as ?before=), empty on the last page. docs/web.md has examples.

// maxImportBytes bounds the body of POST /api/claims.
const maxImportBytes = 32 << 20

func (s *Server) apiDashboard(w http.ResponseWriter, r *http.Request, p *who) {
	d, err := s.store.GetDashboard(r.Context(), s.opts.Now())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiClaims(w http.ResponseWriter, r *http.Request, p *who) {
	f, err := parseFilters(r.URL.Query(), s.opts.Now())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	page, err := s.store.ListClaimViews(r.Context(), store.ClaimViewQuery{
		Statuses: f.Statuses, StuckOnly: f.Stuck, PayerID: f.Payer,
		Connection: f.Connection, Since: f.Since, Before: f.Before, Offset: f.Offset,
		Limit: f.Limit})
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

// claimJSON is a claim's timeline with its document as JSON rather than
// bytes.
type claimJSON struct {
	store.ClaimTimeline
	Document json.RawMessage `json:"document"`
}

func (s *Server) apiClaim(w http.ResponseWriter, r *http.Request, p *who) {
	id := r.PathValue("id")
	t, err := s.store.GetClaimTimeline(r.Context(), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.audit(r.Context(), p, store.ActionView, "claim", id, ""); err != nil {
		s.apiFail(w, r, err)
		return
	}
	doc := json.RawMessage(t.Current.Document)
	t.Current.Document = nil
	writeJSON(w, http.StatusOK, claimJSON{ClaimTimeline: t, Document: doc})
}

// apiImport stores the claims of the body and answers with what became
// of each, whatever went wrong, so that a client always learns which
// claims were stored:
//
//   - 201 when every claim read was stored (ready, or invalid with its
//     findings);
//   - 207 when some were stored and some refused, or the body broke off
//     after some were stored;
//   - 422 when claims were read and none was stored;
//   - 400 (413 when too large) when the body holds no claim that could be
//     read;
//   - 500 when storing failed, with the claims stored before.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request, p *who) {
	if s.opts.Intake == nil {
		writeJSONError(w, http.StatusServiceUnavailable, "claim intake is not configured")
		return
	}
	body := http.MaxBytesReader(w, r.Body, maxImportBytes)
	res, err := s.opts.Intake.Import(r.Context(), body)
	if res.Claims == nil {
		res.Claims = []ImportedClaim{}
	}
	var tooBig *http.MaxBytesError
	status := http.StatusCreated
	switch {
	case errors.As(err, &tooBig):
		res.Error = "the body is larger than 32 MiB; the claims after that point were not read"
		status = http.StatusRequestEntityTooLarge
	case errors.Is(err, store.ErrInvalidInput):
		res.Error = err.Error()
		status = http.StatusBadRequest
	case err != nil:
		s.log.ErrorContext(r.Context(), "claim import failed", logKeyError, err,
			logKeyPath, r.URL.Path)
		res.Error = "internal error; the claims listed were handled, the rest were not read"
		status = http.StatusInternalServerError
	case res.Read == 0:
		res.Error = "the body holds no claims"
		status = http.StatusBadRequest
	}
	switch {
	case status == http.StatusInternalServerError:
	case res.Stored > 0 && (res.Refused > 0 || err != nil):
		status = http.StatusMultiStatus
	case res.Stored == 0 && res.Read > 0:
		if err == nil {
			status = http.StatusUnprocessableEntity
		}
	}
	if res.Read > 0 {
		if aerr := s.audit(r.Context(), p, store.ActionImport, "claims", "",
			importSummary(res)); aerr != nil {
			// The claims are stored, but their numbers are not shown
			// without an entry in the access log: the counts only.
			s.log.ErrorContext(r.Context(), "claim import not logged", logKeyError, aerr,
				logKeyPath, r.URL.Path)
			writeJSON(w, http.StatusInternalServerError, ImportResult{
				Read: res.Read, Stored: res.Stored, Ready: res.Ready, Invalid: res.Invalid,
				Refused: res.Refused, Claims: []ImportedClaim{},
				Error: "internal error: the access log could not record the import"})
			return
		}
	}
	writeJSON(w, status, res)
}

// importSummary counts an import's claims by status, for the access log.
func importSummary(res ImportResult) string {
	n := map[string]int{}
	for _, c := range res.Claims {
		n[c.Status]++
	}
	b, _ := json.Marshal(n)
	return string(b)
}

func (s *Server) apiBatches(w http.ResponseWriter, r *http.Request, p *who) {
	f, err := parseFilters(r.URL.Query(), s.opts.Now())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	page, err := s.store.ListBatches(r.Context(), store.BatchQuery{Connection: f.Connection,
		State: store.BatchState(r.URL.Query().Get("state")), Since: f.Since,
		Before: f.Before, Offset: f.Offset, Limit: f.Limit})
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiBatch(w http.ResponseWriter, r *http.Request, p *who) {
	f, err := parseFilters(r.URL.Query(), s.opts.Now())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	d, err := s.store.GetBatchDetail(r.Context(), r.PathValue("id"), f.Offset, 1000)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiFiles(w http.ResponseWriter, r *http.Request, p *who) {
	q := r.URL.Query()
	f, err := parseFilters(q, s.opts.Now())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	page, err := s.store.ListFiles(r.Context(), store.FileQuery{
		Direction: store.Direction(q.Get("direction")), Type: q.Get("type"),
		State: q.Get("state"), Connection: f.Connection, Since: f.Since, Before: f.Before,
		Offset: f.Offset, Limit: f.Limit})
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

// fileJSON is a file with its segments, when asked for with ?raw=1.
type fileJSON struct {
	store.FileDetail
	Segments []RawSegment `json:"segments,omitzero"`
}

func (s *Server) apiFile(w http.ResponseWriter, r *http.Request, p *who) {
	id := r.PathValue("id")
	d, err := s.store.GetFileDetail(r.Context(), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := fileJSON{FileDetail: d}
	if r.URL.Query().Get("raw") != "" {
		content, err := s.store.FileContent(r.Context(), id)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		if err := s.audit(r.Context(), p, store.ActionView, "file", id, ""); err != nil {
			s.apiFail(w, r, err)
			return
		}
		out.Segments, _, _ = RawSegments(content, d.Findings, 0)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiRemittances(w http.ResponseWriter, r *http.Request, p *who) {
	q, f, err := s.remitQuery(r)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	q.Offset = f.Offset
	page, err := s.store.ListRemittances(r.Context(), q)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiRemittance(w http.ResponseWriter, r *http.Request, p *who) {
	id := r.PathValue("id")
	d, err := s.store.GetRemittance(r.Context(), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	if err := s.audit(r.Context(), p, store.ActionView, "remittance", id, ""); err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiWorklist(w http.ResponseWriter, r *http.Request, p *who) {
	q := r.URL.Query()
	f, err := parseFilters(q, s.opts.Now())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	wq := store.WorklistQuery{PayerID: f.Payer, Connection: f.Connection, Offset: f.Offset,
		Limit: f.Limit}
	if k := q.Get("kind"); k != "" {
		wq.Kinds = []store.WorkKind{store.WorkKind(k)}
	}
	wl, err := s.store.GetWorklist(r.Context(), wq)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, wl)
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request, p *who) {
	f, err := parseFilters(r.URL.Query(), s.opts.Now())
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	q := store.ReportQuery{PayerID: f.Payer, Connection: f.Connection, Since: f.Since}
	var out any
	switch r.PathValue("name") {
	case "aging":
		out, err = s.store.Aging(r.Context(), q, s.opts.Now())
	case "denials":
		out, err = s.store.Denials(r.Context(), q, 10)
	case "acceptance":
		out, err = s.store.Acceptance(r.Context(), q)
	default:
		writeJSONError(w, http.StatusNotFound, "reports are aging, denials and acceptance")
		return
	}
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request, p *who) {
	res, err := s.store.Search(r.Context(), r.URL.Query().Get("q"))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}
