package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/claimflow/claimflow/pipeline/store"
)

// loginData is what the login page shows.
type loginData struct {
	CSRF    string
	Next    string
	Message string
	User    string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	s.showLogin(w, r, http.StatusOK, loginData{Next: safeNext(r.URL.Query().Get("next"))})
}

// showLogin renders the login form with a fresh CSRF token, kept in a
// cookie until the form comes back.
func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, d loginData) {
	d.CSRF = newToken()
	s.setCookie(w, r, loginCookie, d.CSRF, 3600)
	s.render(w, r, status, "login", nil, "Log in", d)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	c, err := r.Cookie(loginCookie)
	if err != nil || !sameToken(r.PostFormValue("csrf"), c.Value) {
		s.showLogin(w, r, http.StatusForbidden, loginData{Next: "/",
			Message: "The login form had expired. Please try again."})
		return
	}
	username := strings.ToLower(strings.TrimSpace(r.PostFormValue("username")))
	password := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	ip := remoteIP(r)
	p := &who{user: store.User{Username: username}, via: store.ViaWeb, addr: ip}

	if !s.limiter.allow(username, ip) {
		_ = s.audit(r.Context(), p, store.ActionLoginThrottled, "", "", "")
		s.log.WarnContext(r.Context(), "login refused: too many failures", "ip", ip)
		s.showLogin(w, r, http.StatusTooManyRequests, loginData{Next: next, User: username,
			Message: "Too many failed logins. Wait a few minutes and try again."})
		return
	}
	u, err := s.store.Authenticate(r.Context(), username, password)
	if errors.Is(err, store.ErrBadCredentials) {
		s.limiter.fail(username, ip)
		if err := s.audit(r.Context(), p, store.ActionLoginFailed, "", "", ""); err != nil {
			s.fail(w, r, nil, err)
			return
		}
		s.showLogin(w, r, http.StatusUnauthorized, loginData{Next: next, User: username,
			Message: "Unknown user or wrong password."})
		return
	}
	if err != nil {
		s.fail(w, r, nil, err)
		return
	}
	// Each login sweeps away the sessions that ended without a logout.
	if _, err := s.store.DeleteExpiredSessions(r.Context(), s.opts.Sessions); err != nil {
		s.log.WarnContext(r.Context(), "delete expired sessions", logKeyError, err)
	}
	secret, _, err := s.store.CreateSession(r.Context(), u, s.opts.Sessions, ip)
	if err != nil {
		s.fail(w, r, nil, err)
		return
	}
	s.limiter.succeed(username)
	p.user = u
	if err := s.audit(r.Context(), p, store.ActionLogin, "", "", ""); err != nil {
		s.fail(w, r, nil, err)
		return
	}
	s.clearCookie(w, r, loginCookie)
	// The cookie ends with the browser; the server ends the session sooner
	// when it sits idle or outlives its lifetime.
	s.setCookie(w, r, sessionCookie, secret, 0)
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, p *who) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if err := s.store.DeleteSession(r.Context(), c.Value); err != nil {
			s.fail(w, r, p, err)
			return
		}
	}
	_ = s.audit(r.Context(), p, store.ActionLogout, "", "", "")
	s.clearCookie(w, r, sessionCookie)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
