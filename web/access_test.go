package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline/store"
)

func TestNoSessionRedirectsToLogin(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	for path, want := range map[string]string{
		"/":                                 "/login",
		"/claims/" + e.fx.Claims["PCN1001"]: "/login?next=%2Fclaims%2F" + e.fx.Claims["PCN1001"],
		"/worklist?kind=denied":             "/login?next=%2Fworklist%3Fkind%3Ddenied",
		"/admin/access":                     "/login?next=%2Fadmin%2Faccess",
	} {
		resp, _ := e.get(c, path)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("GET %s: %s to %q, want 303 to %q", path, resp.Status,
				resp.Header.Get("Location"), want)
		}
	}
	// A made-up cookie is no session.
	u, _ := url.Parse(e.ts.URL)
	c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: "forged"}})
	if resp, _ := e.get(c, "/claims"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("forged session: %s", resp.Status)
	}
	if resp, _ := e.get(c, "/static/"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /static/: %s, want no listing", resp.Status)
	}
	// The open endpoints answer without a login.
	for _, p := range []string{"/login", "/healthz", "/readyz", "/metrics", "/static/app.css"} {
		if resp, _ := e.get(c, p); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", p, resp.Status)
		}
	}
}

func TestLoginAndLogout(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	resp := e.tryLogin(c, "bella", "wrong password!")
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong password: %s", resp.Status)
	}
	c = e.login(store.RoleBiller)
	u, _ := url.Parse(e.ts.URL)
	var session *http.Cookie
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			session = ck
		}
	}
	if session == nil {
		t.Fatal("no session cookie")
	}
	// The cookie's attributes, as the server set them.
	resp, _ = e.get(e.client(), "/login")
	setCookie := strings.Join(resp.Header.Values("Set-Cookie"), "\n")
	if !strings.Contains(setCookie, "HttpOnly") || !strings.Contains(setCookie, "SameSite=Lax") {
		t.Errorf("login cookie = %s", setCookie)
	}

	body := e.page(c, "/")
	resp, err := c.PostForm(e.ts.URL+"/logout", url.Values{"csrf": {csrfOf(t, body)}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
		t.Errorf("logout: %s to %q", resp.Status, resp.Header.Get("Location"))
	}
	// The old cookie no longer opens anything.
	old := e.client()
	old.Jar.SetCookies(u, []*http.Cookie{session})
	if resp, _ := e.get(old, "/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after logout: %s", resp.Status)
	}

	page, err := e.store.ListAccess(context.Background(), store.AccessQuery{Username: "bella"})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range page.Entries {
		actions = append(actions, a.Action)
	}
	if got := strings.Join(actions, ","); got != "logout,login,login_failed" {
		t.Errorf("access log of bella = %s", got)
	}
}

func TestLoginRedirectStaysOnSite(t *testing.T) {
	for next, want := range map[string]string{
		"/claims?status=paid": "/claims?status=paid", "//evil.example/": "/",
		"https://evil.example/": "/", "/\\evil": "/", "": "/",
	} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", next, got, want)
		}
	}
}

func TestExpiredSession(t *testing.T) {
	e := newEnv(t, Options{Sessions: store.SessionPolicy{Idle: 500 * time.Millisecond}})
	c := e.login(store.RoleOps)
	e.page(c, "/")
	time.Sleep(600 * time.Millisecond)
	resp, _ := e.get(c, "/claims")
	if resp.StatusCode != http.StatusSeeOther ||
		resp.Header.Get("Location") != "/login?next=%2Fclaims" {
		t.Errorf("idle session: %s to %q", resp.Status, resp.Header.Get("Location"))
	}
}

func TestRolesAreEnforced(t *testing.T) {
	e := newEnv(t, Options{})
	biller, ops := e.login(store.RoleBiller), e.login(store.RoleOps)
	for _, c := range []struct {
		client *http.Client
		path   string
	}{
		{biller, "/batches"}, {biller, "/files/" + e.fx.File1}, {biller, "/admin/users"},
		{ops, "/admin/access"}, {ops, "/remittances.csv"},
	} {
		resp, body := e.get(c.client, c.path)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "may not open") {
			t.Errorf("GET %s: %s", c.path, resp.Status)
		}
	}
	for role, path := range map[store.Role]string{store.RoleBiller: "/api/batches",
		store.RoleOps: "/api/reports/nope"} {
		resp, _ := e.apiGet(role, path)
		want := http.StatusForbidden
		if role == store.RoleOps {
			want = http.StatusNotFound
		}
		if resp.StatusCode != want {
			t.Errorf("%s GET %s: %s", role, path, resp.Status)
		}
	}
}

func TestCSRF(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.login(store.RoleAdmin)
	for _, form := range []url.Values{
		{"username": {"mallory"}, "role": {"admin"}},
		{"username": {"mallory"}, "role": {"admin"}, "csrf": {"guessed"}},
	} {
		resp, err := c.PostForm(e.ts.URL+"/admin/users", form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST without a valid token: %s", resp.Status)
		}
	}
	if _, err := e.store.GetUser(context.Background(), "mallory"); err == nil {
		t.Error("a forged form created a user")
	}
	// The login form has its own token.
	resp, err := e.client().PostForm(e.ts.URL+"/login", url.Values{
		"username": {"alice"}, "password": {e.passwords[store.RoleAdmin]}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("login without its token: %s", resp.Status)
	}
}

func TestLoginRateLimit(t *testing.T) {
	e := newEnv(t, Options{LoginLimit: 2, LoginWindow: time.Hour})
	c := e.client()
	var got []int
	for range 3 {
		got = append(got, e.tryLogin(c, "oscar", "not the password").StatusCode)
	}
	// Even the right password is refused while the user is throttled.
	got = append(got, e.tryLogin(c, "oscar", e.passwords[store.RoleOps]).StatusCode)
	want := []int{401, 401, 429, 429}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("statuses = %v, want %v", got, want)
		}
	}
	// Another user from the same address is not yet limited (8 per address).
	if code := e.tryLogin(c, "bella", e.passwords[store.RoleBiller]).StatusCode; code != 303 {
		t.Errorf("another user: %d", code)
	}
	// Guessing through many usernames trips the address's limit.
	for i := range 6 {
		e.tryLogin(c, fmt.Sprintf("nobody%d", i), "guess guess guess")
	}
	if code := e.tryLogin(c, "alice", e.passwords[store.RoleAdmin]).StatusCode; code != 429 {
		t.Errorf("after 8 failures from one address: %d, want 429", code)
	}
	page, err := e.store.ListAccess(context.Background(), store.AccessQuery{
		Action: store.ActionLoginThrottled})
	if err != nil || len(page.Entries) != 3 {
		t.Errorf("throttled logins logged = %d, %v; want 3", len(page.Entries), err)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, Options{})
	resp, _ := e.get(e.client(), "/login")
	for h, want := range map[string]string{
		"Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; " +
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "no-referrer",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if strings.Contains(e.page(e.login(store.RoleAdmin), "/"), "<script") {
		t.Error("a page carries a script")
	}
}

func TestTLSCookies(t *testing.T) {
	e := newEnv(t, Options{SecureCookies: true})
	resp, _ := e.get(e.client(), "/login")
	if !strings.Contains(resp.Header.Get("Set-Cookie"), "Secure") {
		t.Errorf("cookie without Secure: %s", resp.Header.Get("Set-Cookie"))
	}
}
