package web

import (
	"bytes"
	"net/http"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/web/present"
)

func (s *Server) remitQuery(r *http.Request) (store.RemitQuery, filters, error) {
	f, err := parseFilters(r.URL.Query(), s.opts.Now())
	if err != nil {
		return store.RemitQuery{}, f, err
	}
	return store.RemitQuery{PayerID: f.Payer, Connection: f.Connection,
		Trace: r.URL.Query().Get("trace"), Since: f.Since, Before: f.Before,
		Limit: f.Limit}, f, nil
}

func (s *Server) remitList(w http.ResponseWriter, r *http.Request, p *who) {
	q, _, err := s.remitQuery(r)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	page, err := s.store.ListRemittances(r.Context(), q)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "remittances", p, "Remittances", page)
}

func (s *Server) remitPage(w http.ResponseWriter, r *http.Request, p *who) {
	id := r.PathValue("id")
	d, err := s.store.GetRemittance(r.Context(), id)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	if err := s.audit(r.Context(), p, store.ActionView, "remittance", id, ""); err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "remittance", p, "Payment "+d.TraceNumber, d)
}

func (s *Server) remitCSV(w http.ResponseWriter, r *http.Request, p *who) {
	q, _, err := s.remitQuery(r)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	rows, err := s.store.ExportRemittances(r.Context(), q)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	var buf bytes.Buffer
	if err := present.WriteRemitCSV(&buf, rows); err != nil {
		s.fail(w, r, p, err)
		return
	}
	if err := s.audit(r.Context(), p, store.ActionExport, "remittances", "",
		r.URL.RawQuery); err != nil {
		s.fail(w, r, p, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="remittances.csv"`)
	w.Write(buf.Bytes()) //nolint:errcheck // the client went away
}
