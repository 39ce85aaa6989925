package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

func TestUsersAndSessions(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storetest.Open(t, url)

		pw := store.GeneratePassword()
		if len(pw) != 20 {
			t.Fatalf("generated password has %d characters", len(pw))
		}
		u, err := s.CreateUser(ctx, "ana", store.RoleBiller, pw)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateUser(ctx, "ana", store.RoleOps, pw); !errors.Is(err,
			store.ErrDuplicateUser) {
			t.Errorf("duplicate user: %v", err)
		}
		for _, bad := range []struct{ name, role, pw string }{
			{"Ana Smith", "biller", pw}, {"bob", "root", pw}, {"bob", "ops", "short"},
		} {
			_, err := s.CreateUser(ctx, bad.name, store.Role(bad.role), bad.pw)
			if !errors.Is(err, store.ErrInvalidInput) {
				t.Errorf("CreateUser(%q, %q) = %v", bad.name, bad.role, err)
			}
		}

		if _, err := s.Authenticate(ctx, "ana", pw); err != nil {
			t.Errorf("right password: %v", err)
		}
		for _, c := range [][2]string{{"ana", pw + "x"}, {"nobody", pw}} {
			if _, err := s.Authenticate(ctx, c[0], c[1]); !errors.Is(err,
				store.ErrBadCredentials) {
				t.Errorf("Authenticate(%q) = %v", c[0], err)
			}
		}

		secret, sess, err := s.CreateSession(ctx, u, store.SessionPolicy{}, "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if sess.ID == secret || len(sess.CSRFToken) != 43 {
			t.Errorf("session keeps its secret or a short CSRF token: %+v", sess)
		}
		got, err := s.Session(ctx, secret, store.SessionPolicy{})
		if err != nil || got.User.Username != "ana" || got.CSRFToken != sess.CSRFToken {
			t.Fatalf("Session = %+v, %v", got, err)
		}
		if _, err := s.Session(ctx, "wrong", store.SessionPolicy{}); !errors.Is(err,
			store.ErrNotFound) {
			t.Errorf("unknown session: %v", err)
		}
		// An idle limit shorter than the session's age ends it.
		time.Sleep(5 * time.Millisecond)
		if _, err := s.Session(ctx, secret, store.SessionPolicy{
			Idle: time.Millisecond}); !errors.Is(err, store.ErrSessionExpired) {
			t.Errorf("idle session: %v", err)
		}
		if _, err := s.Session(ctx, secret, store.SessionPolicy{}); !errors.Is(err,
			store.ErrNotFound) {
			t.Errorf("expired session was not deleted: %v", err)
		}

		// Disabling ends sessions, revokes tokens and refuses logins.
		secret, _, err = s.CreateSession(ctx, u, store.SessionPolicy{}, "")
		if err != nil {
			t.Fatal(err)
		}
		tokSecret, tok, err := s.CreateToken(ctx, "ana", "nightly export", 0)
		if err != nil || !strings.HasPrefix(tokSecret, "cft_") || tok.Prefix != tokSecret[:10] {
			t.Fatalf("CreateToken = %q, %+v, %v", tokSecret, tok, err)
		}
		if got, err := s.TokenBySecret(ctx, tokSecret); err != nil || got.Role != "biller" {
			t.Errorf("TokenBySecret = %+v, %v", got, err)
		}
		if _, err := s.DisableUser(ctx, "ana"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Authenticate(ctx, "ana", pw); !errors.Is(err, store.ErrBadCredentials) {
			t.Errorf("disabled user logged in: %v", err)
		}
		if _, err := s.Session(ctx, secret, store.SessionPolicy{}); !errors.Is(err,
			store.ErrNotFound) {
			t.Errorf("disabled user's session: %v", err)
		}
		if _, err := s.TokenBySecret(ctx, tokSecret); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("disabled user's token: %v", err)
		}
		users, err := s.ListUsers(ctx)
		if err != nil || len(users) != 1 || !users[0].Disabled() {
			t.Errorf("ListUsers = %+v, %v", users, err)
		}
	})
}

func TestTokensAndAccessLog(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storetest.Open(t, url)
		if _, err := s.CreateUser(ctx, "ops1", store.RoleOps, store.GeneratePassword()); err != nil {
			t.Fatal(err)
		}
		secret, tok, err := s.CreateToken(ctx, "ops1", "metrics", time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		list, err := s.ListTokens(ctx, "")
		if err != nil || len(list) != 1 || list[0].ID != tok.ID || list[0].Name != "metrics" {
			t.Fatalf("ListTokens = %+v, %v", list, err)
		}
		if _, err := s.RevokeToken(ctx, tok.Prefix); err != nil {
			t.Fatal(err)
		}
		if _, err := s.TokenBySecret(ctx, secret); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoked token: %v", err)
		}

		for i, a := range []store.Access{
			{Username: "ops1", Via: store.ViaWeb, Action: store.ActionLogin},
			{Username: "ops1", Via: store.ViaWeb, Action: store.ActionView, ObjectKind: "claim",
				ObjectID: "c1"},
			{Username: strings.Repeat("x", 100), Via: store.ViaWeb,
				Action: store.ActionLoginFailed},
		} {
			if _, err := s.LogAccess(ctx, a); err != nil {
				t.Fatalf("entry %d: %v", i, err)
			}
		}
		page, err := s.ListAccess(ctx, store.AccessQuery{Limit: 2})
		if err != nil || len(page.Entries) != 2 || page.Next == "" {
			t.Fatalf("first page = %+v, %v", page, err)
		}
		if page.Entries[0].Action != "login_failed" || len(page.Entries[0].Username) != 64 {
			t.Errorf("newest entry = %+v", page.Entries[0])
		}
		rest, err := s.ListAccess(ctx, store.AccessQuery{Limit: 2, Before: page.Next})
		if err != nil || len(rest.Entries) != 1 || rest.Entries[0].Action != "login" ||
			rest.Next != "" {
			t.Errorf("second page = %+v, %v", rest, err)
		}
		views, err := s.ListAccess(ctx, store.AccessQuery{ObjectKind: "claim", ObjectID: "c1"})
		if err != nil || len(views.Entries) != 1 || views.Entries[0].Username != "ops1" {
			t.Errorf("views of c1 = %+v, %v", views, err)
		}
	})
}
