package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/claimflow/claimflow/pipeline/store"
)

// usersData is what the users page shows.
type usersData struct {
	Users    []store.User
	Tokens   []store.APIToken
	Created  string // the name of a user just created
	Password string // their generated password, shown once
	Message  string
}

func (s *Server) showUsers(w http.ResponseWriter, r *http.Request, p *who, status int,
	d usersData) {

	var err error
	if d.Users, err = s.store.ListUsers(r.Context()); err == nil {
		d.Tokens, err = s.store.ListTokens(r.Context(), "")
	}
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, status, "users", p, "Users", d)
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, p *who) {
	s.showUsers(w, r, p, http.StatusOK, usersData{})
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, p *who) {
	name := strings.ToLower(strings.TrimSpace(r.PostFormValue("username")))
	role := store.Role(r.PostFormValue("role"))
	pw := store.GeneratePassword()
	_, err := s.store.CreateUser(r.Context(), name, role, pw)
	if errors.Is(err, store.ErrInvalidInput) || errors.Is(err, store.ErrDuplicateUser) {
		s.showUsers(w, r, p, http.StatusBadRequest, usersData{Message: err.Error()})
		return
	}
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.log.InfoContext(r.Context(), "user created", logKeyUser, p.user.Username)
	s.showUsers(w, r, p, http.StatusOK, usersData{Created: name, Password: pw})
}

func (s *Server) disableUser(w http.ResponseWriter, r *http.Request, p *who) {
	name := r.PathValue("name")
	if name == p.user.Username {
		s.showUsers(w, r, p, http.StatusBadRequest,
			usersData{Message: "You cannot disable yourself."})
		return
	}
	if _, err := s.store.DisableUser(r.Context(), name); err != nil {
		s.fail(w, r, p, err)
		return
	}
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
}

func (s *Server) accessPage(w http.ResponseWriter, r *http.Request, p *who) {
	q := r.URL.Query()
	f, err := parseFilters(q, s.opts.Now())
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	page, err := s.store.ListAccess(r.Context(), store.AccessQuery{Username: q.Get("user"),
		Action: q.Get("action"), ObjectKind: q.Get("kind"), ObjectID: q.Get("object"),
		Since: f.Since, Before: f.Before, Limit: f.Limit})
	if err != nil {
		s.fail(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "access", p, "Access log", page)
}
