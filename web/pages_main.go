package web

import (
	"net/http"

	"github.com/claimflow/claimflow/pipeline/store"
)

// dashboardData is what the dashboard shows.
type dashboardData struct {
	store.Dashboard
	AgingChart  barChart
	DenialChart barChart
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, p *who) {
	d, err := s.store.GetDashboard(r.Context(), s.opts.Now())
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "dashboard", p, "Dashboard", dashboardData{Dashboard: d,
		AgingChart: agingChart(d.Aging), DenialChart: denialChart(d.Denials)})
}

func (s *Server) claimList(w http.ResponseWriter, r *http.Request, p *who) {
	f, err := parseFilters(r.URL.Query(), s.opts.Now())
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	page, err := s.store.ListClaimViews(r.Context(), store.ClaimViewQuery{
		Statuses: f.Statuses, StuckOnly: f.Stuck, PayerID: f.Payer,
		Connection: f.Connection, Since: f.Since, Before: f.Before, Limit: f.Limit})
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "claims", p, "Claims", page)
}

func (s *Server) claimPage(w http.ResponseWriter, r *http.Request, p *who) {
	id := r.PathValue("id")
	t, err := s.store.GetClaimTimeline(r.Context(), id)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	if err := s.audit(r.Context(), p, store.ActionView, "claim", id, ""); err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "claim", p, "Claim "+t.Claim.PCN, t)
}

func (s *Server) worklistPage(w http.ResponseWriter, r *http.Request, p *who) {
	q := r.URL.Query()
	f, err := parseFilters(q, s.opts.Now())
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	wq := store.WorklistQuery{PayerID: f.Payer, Connection: f.Connection,
		Offset: f.Offset, Limit: f.Limit}
	if k := q.Get("kind"); k != "" {
		wq.Kinds = []store.WorkKind{store.WorkKind(k)}
	}
	wl, err := s.store.GetWorklist(r.Context(), wq)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "worklist", p, "Work list", worklistData{Worklist: wl,
		Kinds: store.WorkKinds(), Offset: f.Offset, Limit: f.Limit,
		More: f.Offset+len(wl.Items) < wl.Total})
}

// worklistData is what the work list page shows.
type worklistData struct {
	store.Worklist
	Kinds  []store.WorkKind
	Offset int
	Limit  int
	More   bool
}

// NextOffset is the offset of the following page.
func (d worklistData) NextOffset() int { return d.Offset + d.Limit }

func (s *Server) searchPage(w http.ResponseWriter, r *http.Request, p *who) {
	term := r.URL.Query().Get("q")
	res, err := s.store.Search(r.Context(), term)
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "search", p, "Search", searchData{Term: term, Result: res})
}

// searchData is what the search page shows.
type searchData struct {
	Term   string
	Result store.SearchResult
}

// reportsData is what the reports page shows.
type reportsData struct {
	Aging      store.AgingReport
	Denials    store.DenialReport
	Acceptance store.AcceptanceReport
	Buckets    [4]string
	Payer      string
}

func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request, p *who) {
	f, err := parseFilters(r.URL.Query(), s.opts.Now())
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	q := store.ReportQuery{PayerID: f.Payer, Connection: f.Connection, Since: f.Since}
	d := reportsData{Buckets: store.AgingBuckets, Payer: f.Payer}
	if d.Aging, err = s.store.Aging(r.Context(), q, s.opts.Now()); err == nil {
		if d.Denials, err = s.store.Denials(r.Context(), q, 10); err == nil {
			d.Acceptance, err = s.store.Acceptance(r.Context(), q)
		}
	}
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "reports", p, "Reports", d)
}
