package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/claimflow/claimflow/pipeline/store"
)

// Cookie names.
const (
	sessionCookie = "cf_session"
	loginCookie   = "cf_login" // the login form's CSRF token, before a session exists
)

// Who may do what; docs/web.md has the table.
var (
	anyRole       = []store.Role{store.RoleAdmin, store.RoleOps, store.RoleBiller}
	pipelineRoles = []store.Role{store.RoleAdmin, store.RoleOps}
	exportRoles   = []store.Role{store.RoleAdmin, store.RoleBiller}
	intakeRoles   = []store.Role{store.RoleAdmin, store.RoleBiller}
	adminRoles    = []store.Role{store.RoleAdmin}
)

// who is the person behind a request: a session's user (pages) or a
// token's (API).
type who struct {
	user    store.User
	session *store.Session // nil for API calls
	via     string
	addr    string
}

// Name is the person's username, for templates.
func (w *who) Name() string { return w.user.Username }

// Role is the person's role, for templates.
func (w *who) Role() store.Role { return w.user.Role }

// can reports whether the person's role may see pages for roles.
func (w *who) can(roles []store.Role) bool { return slices.Contains(roles, w.user.Role) }

// pageHandler serves a page for a logged-in person.
type pageHandler func(http.ResponseWriter, *http.Request, *who)

// page wraps a page: without a valid session it sends the browser to
// /login; with a role not in roles it answers 403; a POST without the
// session's CSRF token is refused with 403.
func (s *Server) page(roles []store.Role, h pageHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || c.Value == "" {
			s.toLogin(w, r)
			return
		}
		sess, err := s.store.Session(r.Context(), c.Value, s.opts.Sessions)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrSessionExpired) {
			s.clearCookie(w, r, sessionCookie)
			s.toLogin(w, r)
			return
		}
		if err != nil {
			s.fail(w, r, nil, err)
			return
		}
		p := &who{user: sess.User, session: &sess, via: store.ViaWeb, addr: remoteIP(r)}
		if r.Method == http.MethodPost && !sameToken(r.PostFormValue("csrf"), sess.CSRFToken) {
			s.errorPage(w, r, p, http.StatusForbidden,
				"This form has expired or did not come from claimflow. Go back, reload "+
					"the page and try again.")
			return
		}
		if !p.can(roles) {
			s.errorPage(w, r, p, http.StatusForbidden,
				"Your role ("+string(p.user.Role)+") may not open this page.")
			return
		}
		h(w, r, p)
	})
}

// api wraps an API endpoint: it needs an active bearer token, answers 401
// in JSON without one and 403 when the token's role may not call it.
func (s *Server) api(roles []store.Role, h pageHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		secret, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || secret == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="claimflow"`)
			writeJSONError(w, http.StatusUnauthorized, "a bearer token is required")
			return
		}
		tok, err := s.store.TokenBySecret(r.Context(), strings.TrimSpace(secret))
		if errors.Is(err, store.ErrNotFound) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="claimflow", error="invalid_token"`)
			writeJSONError(w, http.StatusUnauthorized, "the token is unknown, revoked or expired")
			return
		}
		if err != nil {
			s.log.ErrorContext(r.Context(), "read token", logKeyError, err)
			writeJSONError(w, http.StatusInternalServerError, "internal error")
			return
		}
		p := &who{user: store.User{ID: tok.UserID, Username: tok.Username, Role: tok.Role},
			via: store.ViaAPI, addr: remoteIP(r)}
		if !p.can(roles) {
			writeJSONError(w, http.StatusForbidden, "the token's role ("+string(tok.Role)+
				") may not call this endpoint")
			return
		}
		h(w, r, p)
	})
}

// toLogin sends a browser without a session to the login page, keeping
// where it wanted to go.
func (s *Server) toLogin(w http.ResponseWriter, r *http.Request) {
	target := "/login"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// safeNext returns next when it is a path on this server, else "/".
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}

// sameToken compares two tokens in constant time; empty never matches.
func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) //nolint:errcheck // never fails
	return base64.RawURLEncoding.EncodeToString(b)
}

// remoteIP is the address of the client that connected; forwarded headers
// are not trusted.
func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) secure(r *http.Request) bool { return r.TLS != nil || s.opts.SecureCookies }

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string,
	maxAge int) {

	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	s.setCookie(w, r, name, "", -1)
}

// audit writes an entry to the access log. Pages that show protected
// health information call it before they render, and fail when it fails:
// nothing is shown that the log does not record.
func (s *Server) audit(ctx context.Context, p *who, action, kind, id, detail string) error {
	a := store.Access{Via: p.via, Action: action, ObjectKind: kind, ObjectID: id,
		RemoteAddr: p.addr, Detail: detail, UserID: p.user.ID, Username: p.user.Username}
	_, err := s.store.LogAccess(ctx, a)
	return err
}
