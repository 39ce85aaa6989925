package web

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

// env is a seeded store behind a test server, with a user of each role.
type env struct {
	t         *testing.T
	store     *store.Store
	fx        storetest.Fixture
	srv       *Server
	ts        *httptest.Server
	passwords map[store.Role]string
	tokens    map[store.Role]string
}

// usernames of the test users, by role.
var usernames = map[store.Role]string{store.RoleAdmin: "alice", store.RoleOps: "oscar",
	store.RoleBiller: "bella"}

// newEnv seeds the scenario on SQLite and starts a server over it.
func newEnv(t *testing.T, opts Options) *env {
	t.Helper()
	url := storetest.SQLiteURL(t)
	return newEnvAt(t, url, opts)
}

func newEnvAt(t *testing.T, url string, opts Options) *env {
	t.Helper()
	ctx := context.Background()
	s := storetest.Open(t, url)
	e := &env{t: t, store: s, fx: storetest.Seed(t, s, url),
		passwords: map[store.Role]string{}, tokens: map[store.Role]string{}}
	for role, name := range usernames {
		pw, err := CreateDemoUser(ctx, s, name, role)
		if err != nil {
			t.Fatal(err)
		}
		e.passwords[role] = pw
		secret, _, err := s.CreateToken(ctx, name, "tests", 0)
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[role] = secret
	}
	if opts.Now == nil {
		opts.Now = func() time.Time { return storetest.AsOf }
	}
	srv, err := New(s, slog.New(slog.NewTextHandler(testWriter{t}, nil)), opts)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	e.ts = httptest.NewServer(srv)
	t.Cleanup(e.ts.Close)
	return e
}

// client returns an HTTP client with a cookie jar that does not follow
// redirects.
func (e *env) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfOf finds the CSRF token in a page.
func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token in the page:\n%s", body)
	}
	return m[1]
}

// tryLogin posts the login form and returns the response.
func (e *env) tryLogin(c *http.Client, user, password string) *http.Response {
	e.t.Helper()
	_, body := e.get(c, "/login")
	resp, err := c.PostForm(e.ts.URL+"/login", url.Values{"csrf": {csrfOf(e.t, body)},
		"username": {user}, "password": {password}, "next": {"/"}})
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// login returns a client logged in with the given role.
func (e *env) login(role store.Role) *http.Client {
	e.t.Helper()
	c := e.client()
	resp := e.tryLogin(c, usernames[role], e.passwords[role])
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		e.t.Fatalf("login as %s: %s to %q", role, resp.Status, resp.Header.Get("Location"))
	}
	return c
}

// get fetches a path and returns the response and its body.
func (e *env) get(c *http.Client, path string) (*http.Response, string) {
	e.t.Helper()
	resp, err := c.Get(e.ts.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp, string(b)
}

// page fetches a page that must answer 200.
func (e *env) page(c *http.Client, path string) string {
	e.t.Helper()
	resp, body := e.get(c, path)
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("GET %s: %s\n%s", path, resp.Status, body)
	}
	return body
}

// apiGet calls the API with a role's token.
func (e *env) apiGet(role store.Role, path string) (*http.Response, string) {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.ts.URL+path, nil)
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// text reduces HTML to its words, one space apart, for matching figures.
func text(page string) string {
	noTags := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, " ")
	noTags = html.UnescapeString(noTags)
	return strings.Join(strings.Fields(noTags), " ")
}

// contains fails the test for each want that the page's text lacks.
func contains(t *testing.T, page string, wants ...string) {
	t.Helper()
	txt := text(page)
	for _, w := range wants {
		if !strings.Contains(txt, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("page text: %s", txt)
	}
}

// testWriter sends log lines to the test's log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
