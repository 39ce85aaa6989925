// Package web serves claimflow's pages and JSON API to ops staff and
// billers: the dashboard, the batch log, claim timelines, remittances, the
// work list, reports and search, behind logins with roles, and Prometheus
// metrics and health checks beside them.
//
// Pages are rendered on the server with html/template; they need no
// script, and the style sheet and every chart come from this package, so
// that they work offline. Every page shows protected health information:
// nothing is served without a session (pages) or a bearer token (API),
// and every login and every view of a claim, remittance or raw file is
// written to the access log. docs/web.md lists the pages, roles and
// endpoints.
package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/claimflow/claimflow/pipeline/metrics"
	"github.com/claimflow/claimflow/pipeline/store"
)

// Intake takes claims in the JSON claim format, checks them and stores
// them. The daemon's wiring implements it over edi/x837 and the store.
//
// Import stores what it can and says what became of each claim it read,
// also when it returns an error: the claims before the error stay
// stored. The error wraps store.ErrInvalidInput when the body cannot be
// read on as claims, and is any other error when storing failed.
type Intake interface {
	Import(ctx context.Context, r io.Reader) (ImportResult, error)
}

// ImportResult is what an import did with each claim it read.
type ImportResult struct {
	Read    int `json:"read"`    // claims read, broken ones included
	Stored  int `json:"stored"`  // ready plus invalid
	Ready   int `json:"ready"`   // stored and ready to send
	Invalid int `json:"invalid"` // stored, held back by their findings
	Refused int `json:"refused"` // not stored
	// Error says why the body could not be read to its end (or storing
	// failed); the claims after that point were not read.
	Error  string          `json:"error,omitzero"`
	Claims []ImportedClaim `json:"claims"`
}

// add counts c and appends it.
func (r *ImportResult) add(c ImportedClaim) {
	r.Read++
	switch c.Status {
	case ImportReady:
		r.Ready++
		r.Stored++
	case ImportInvalid:
		r.Invalid++
		r.Stored++
	default:
		r.Refused++
	}
	r.Claims = append(r.Claims, c)
}

// The statuses of an imported claim.
const (
	ImportReady   = "ready"   // stored, waiting for the next batch
	ImportInvalid = "invalid" // stored, held back by its findings
	ImportRefused = "refused" // not stored; Error says why
)

// ImportedClaim is one claim of an import.
type ImportedClaim struct {
	Index    int             `json:"index"`         // 0-based position in the body
	Line     int             `json:"line,omitzero"` // 1-based line it begins on, in JSON Lines
	ID       string          `json:"id,omitzero"`   // "" when it was not stored
	PCN      string          `json:"pcn,omitzero"`
	Status   string          `json:"status"`         // ready, invalid or refused
	Error    string          `json:"error,omitzero"` // why it was refused
	Findings []ImportFinding `json:"findings,omitzero"`
}

// ImportFinding is what a check found in a claim.
type ImportFinding struct {
	Severity string `json:"severity"`
	Code     string `json:"code"`
	Path     string `json:"path"`
	Message  string `json:"message"`
}

// Options tune a Server. The zero value serves with the defaults.
type Options struct {
	// Sessions sets how long a login lasts.
	Sessions store.SessionPolicy
	// Intake handles POST /api/claims; nil answers 503.
	Intake Intake
	// Metrics is served at /metrics; nil makes one that reads claims and
	// batches from the store.
	Metrics *metrics.Metrics
	// SecureCookies marks cookies Secure even on plain HTTP, for a server
	// behind a proxy that ends TLS. Under TLS they are always Secure.
	SecureCookies bool
	// LoginLimit is how many failed logins a user, and four times as many
	// an address, may make per LoginWindow before being refused for the
	// rest of it. 0 means 5 and 15 minutes.
	LoginLimit  int
	LoginWindow time.Duration
	// Now is the clock of the dashboard and reports; nil means time.Now.
	Now func() time.Time
}

// Server is the pages and the API as one http.Handler.
type Server struct {
	store   *store.Store
	log     *slog.Logger
	opts    Options
	pages   *pages
	limiter *limiter
	metrics *metrics.Metrics
	mux     *http.ServeMux
}

// New returns a Server over the store. It serves nothing without a login
// except /login, /static/, /healthz, /readyz and /metrics.
func New(s *store.Store, log *slog.Logger, opts Options) (*Server, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.LoginLimit <= 0 {
		opts.LoginLimit = 5
	}
	if opts.LoginWindow <= 0 {
		opts.LoginWindow = 15 * time.Minute
	}
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	srv := &Server{store: s, log: log, opts: opts, pages: p,
		limiter: newLimiter(opts.LoginLimit, opts.LoginWindow), metrics: opts.Metrics,
		mux: http.NewServeMux()}
	if srv.metrics == nil {
		srv.metrics = metrics.New(s, 5*time.Second)
	}
	srv.routes()
	return srv, nil
}

// ServeHTTP adds the security headers and serves the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; "+
		"img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	if r.TLS != nil {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	s.mux.ServeHTTP(w, r)
}

// Metrics returns the metrics the server exposes, for the daemon's jobs.
func (s *Server) Metrics() *metrics.Metrics { return s.metrics }

// Log keys, constant so that log lines can be searched.
const (
	logKeyError  = "error"
	logKeyPath   = "path"
	logKeyUser   = "user"
	logKeyStatus = "status"
)

func (s *Server) routes() {
	m := s.mux
	m.Handle("GET /static/", http.StripPrefix("/static/", staticHandler()))
	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("GET /readyz", s.readyz)
	m.Handle("GET /metrics", s.metrics.Handler())
	m.HandleFunc("GET /login", s.loginPage)
	m.HandleFunc("POST /login", s.login)
	m.Handle("POST /logout", s.page(anyRole, s.logout))

	m.Handle("GET /{$}", s.page(anyRole, s.dashboard))
	m.Handle("GET /claims", s.page(anyRole, s.claimList))
	m.Handle("GET /claims/{id}", s.page(anyRole, s.claimPage))
	m.Handle("GET /batches", s.page(pipelineRoles, s.batchList))
	m.Handle("GET /batches/{id}", s.page(pipelineRoles, s.batchPage))
	m.Handle("GET /files", s.page(pipelineRoles, s.fileList))
	m.Handle("GET /files/{id}", s.page(pipelineRoles, s.filePage))
	m.Handle("GET /remittances", s.page(anyRole, s.remitList))
	m.Handle("GET /remittances/{id}", s.page(anyRole, s.remitPage))
	m.Handle("GET /remittances.csv", s.page(exportRoles, s.remitCSV))
	m.Handle("GET /worklist", s.page(anyRole, s.worklistPage))
	m.Handle("POST /worklist/attach", s.page(exportRoles, s.attachAnswer))
	m.Handle("GET /reports", s.page(anyRole, s.reportsPage))
	m.Handle("GET /search", s.page(anyRole, s.searchPage))
	m.Handle("GET /admin/users", s.page(adminRoles, s.usersPage))
	m.Handle("POST /admin/users", s.page(adminRoles, s.createUser))
	m.Handle("POST /admin/users/{name}/disable", s.page(adminRoles, s.disableUser))
	m.Handle("GET /admin/access", s.page(adminRoles, s.accessPage))

	m.Handle("GET /api/dashboard", s.api(anyRole, s.apiDashboard))
	m.Handle("GET /api/claims", s.api(anyRole, s.apiClaims))
	m.Handle("POST /api/claims", s.api(intakeRoles, s.apiImport))
	m.Handle("GET /api/claims/{id}", s.api(anyRole, s.apiClaim))
	m.Handle("GET /api/batches", s.api(pipelineRoles, s.apiBatches))
	m.Handle("GET /api/batches/{id}", s.api(pipelineRoles, s.apiBatch))
	m.Handle("GET /api/files", s.api(pipelineRoles, s.apiFiles))
	m.Handle("GET /api/files/{id}", s.api(pipelineRoles, s.apiFile))
	m.Handle("GET /api/remittances", s.api(anyRole, s.apiRemittances))
	m.Handle("GET /api/remittances/{id}", s.api(anyRole, s.apiRemittance))
	m.Handle("GET /api/worklist", s.api(anyRole, s.apiWorklist))
	m.Handle("GET /api/reports/{name}", s.api(anyRole, s.apiReport))
	m.Handle("GET /api/search", s.api(anyRole, s.apiSearch))
	m.Handle("/api/", s.api(anyRole, func(w http.ResponseWriter, r *http.Request, _ *who) {
		writeJSONError(w, http.StatusNotFound, "no such endpoint")
	}))
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		http.NotFound(w, r)
	})
}
