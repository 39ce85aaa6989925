package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/web/present"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages holds one template set per page, each with the layout.
type pages struct{ sets map[string]*template.Template }

// funcs are the helpers templates may call: formatting only.
var funcs = template.FuncMap{
	"money":      present.Money,
	"dollars":    present.Dollars,
	"day":        present.Day,
	"date":       present.Date,
	"datetime":   present.DateTime,
	"status":     present.Status,
	"event":      present.Event,
	"batchState": present.BatchState,
	"ack":        present.Ack,
	"workKind":   present.WorkKind,
	"percent":    present.Percent,
	"size":       present.Size,
	"direction":  present.Direction,
	"isa":        func(n int64) string { return fmt.Sprintf("%09d", n) },
	"st":         func(n int64) string { return fmt.Sprintf("%04d", n) },
	"days":       func(f float64) string { return fmt.Sprintf("%.1f", f) },
	"negative":   func(c int64) bool { return c < 0 },
	"join":       strings.Join,
	"add":        func(a, b int) int { return a + b },
	"param":      withParam,
	"statuses":   lifecycle.Statuses,
	"list":       func(s ...string) []string { return s },
	"plural":     present.Plural,
	"frequency":  frequency,
	"posting":    present.Posting,
	"findings":   func(raw []byte) int { return len(store.ParseFileFindings(raw)) },
}

// frequency says what a claim frequency code (CLM05-3) means.
func frequency(code string) string {
	switch code {
	case "1":
		return "1 original"
	case "7":
		return "7 replacement"
	case "8":
		return "8 void"
	}
	return code
}

// withParam returns the request's query with one parameter set (or
// removed when value is ""), for pagination and filter links.
func withParam(q url.Values, key, value string) string {
	c := url.Values{}
	for k, v := range q {
		c[k] = append([]string(nil), v...)
	}
	if value == "" {
		c.Del(key)
	} else {
		c.Set(key, value)
	}
	if len(c) == 0 {
		return "?"
	}
	return "?" + c.Encode()
}

func loadPages() (*pages, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{sets: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || base == "partials" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html",
			"templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", base, err)
		}
		p.sets[base] = t
	}
	return p, nil
}

func staticHandler() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the folder is embedded at build time
	}
	fileServer := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r) // no folder listings
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		fileServer.ServeHTTP(w, r)
	})
}

// view is what every page template gets.
type view struct {
	Title string
	Who   *who
	CSRF  string
	Query url.Values
	Path  string
	Data  any
}

// Nav reports which sections the person may open.
func (v view) Nav() map[string]bool {
	if v.Who == nil {
		return nil
	}
	return map[string]bool{
		"pipeline": v.Who.can(pipelineRoles),
		"export":   v.Who.can(exportRoles),
		"attach":   v.Who.can(exportRoles),
		"admin":    v.Who.can(adminRoles),
	}
}

// render writes a page. The page is rendered into memory first, so that a
// template error becomes a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string,
	p *who, title string, data any) {

	t, ok := s.pages.sets[name]
	if !ok {
		s.fail(w, r, p, fmt.Errorf("no template %q", name))
		return
	}
	v := view{Title: title, Who: p, Query: r.URL.Query(), Path: r.URL.Path, Data: data}
	if p != nil && p.session != nil {
		v.CSRF = p.session.CSRFToken
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.ErrorContext(r.Context(), "render page", logKeyError, err, logKeyPath,
			r.URL.Path)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes()) //nolint:errcheck // the client went away
}

// errorPage shows a message with a status.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, p *who, status int,
	msg string) {
	s.render(w, r, status, "error", p, http.StatusText(status), msg)
}

// fail answers a request that went wrong: 404 for what does not exist,
// 400 for bad input, 500 (logged, without the details) for the rest.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, p *who, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		s.errorPage(w, r, p, http.StatusNotFound, "Nothing here: it may have been removed, "+
			"or the link is wrong.")
	case errors.Is(err, store.ErrInvalidInput):
		s.errorPage(w, r, p, http.StatusBadRequest, err.Error())
	default:
		s.log.ErrorContext(r.Context(), "page failed", logKeyError, err, logKeyPath,
			r.URL.Path)
		s.errorPage(w, r, p, http.StatusInternalServerError,
			"Something went wrong on the server. It has been logged.")
	}
}

// writeJSON writes v as indented JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v) //nolint:errcheck // the client went away
}

func writeJSONError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// apiFail answers an API call that went wrong, as fail does for pages.
func (s *Server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeJSONError(w, http.StatusNotFound, "not found")
	case errors.Is(err, store.ErrInvalidInput):
		writeJSONError(w, http.StatusBadRequest, err.Error())
	default:
		s.log.ErrorContext(r.Context(), "api call failed", logKeyError, err, logKeyPath,
			r.URL.Path)
		writeJSONError(w, http.StatusInternalServerError, "internal error")
	}
}
