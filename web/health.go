package web

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/claimflow/claimflow/pipeline/store"
)

// healthz answers 200 while the process serves requests.
func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "alive"})
}

// readyz answers 200 when the database answers and its schema is the one
// this binary knows, 503 otherwise, with the reason.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	err := s.store.CheckSchema(ctx)
	var se *store.SchemaError
	switch {
	case err == nil:
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
	case errors.As(err, &se):
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{
			"status": "schema", "error": se.Error()})
	default:
		s.log.WarnContext(ctx, "readiness check failed", logKeyError, err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{
			"status": "database", "error": "the database does not answer"})
	}
}
