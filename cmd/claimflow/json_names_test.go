package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
	"github.com/claimflow/claimflow/web"
)

// TestJSONSameAsAPI holds the commands' --json to the API's answers for
// the same data, byte for byte, and to snake_case names.
func TestJSONSameAsAPI(t *testing.T) {
	url, fx := seeded(t)
	s := storetest.Open(t, url)
	if _, err := web.CreateDemoUser(t.Context(), s, "olga", store.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	token, _, err := s.CreateToken(t.Context(), "olga", "tests", 0)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)),
		web.Options{Now: func() time.Time { return storetest.AsOf }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	api := func(path string) string {
		req, _ := http.NewRequest("GET", ts.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %s\n%s", path, resp.Status, b)
		}
		return string(b)
	}

	for _, c := range []struct {
		path string
		args []string
		keys string // of the answer's top object
	}{
		{"/api/worklist", []string{"worklist"}, "amounts counts items total"},
		{"/api/batches", []string{"batches", "list"}, "batches next"},
		{"/api/batches/" + fx.Batch1, []string{"batches", "show", fx.Batch1}, ""},
		{"/api/files?direction=in", []string{"files", "list", "--direction", "in"},
			"files next"},
		{"/api/remittances/" + fx.Remit1, []string{"remit", "show", fx.Remit1}, ""},
		{"/api/reports/aging", []string{"report", "aging"}, "as_of rows total"},
		{"/api/reports/denials", []string{"report", "denials"}, "rows top_reasons total"},
	} {
		want := api(c.path)
		got := mustRun(t, append(c.args, "--db", url, "--json")...)
		if got != want {
			t.Errorf("%s --json differs from GET %s:\n%s\nwant:\n%s",
				strings.Join(c.args, " "), c.path, got, want)
		}
		if c.keys == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(got), &m); err != nil {
			t.Fatal(err)
		}
		var names []string
		for k := range m {
			names = append(names, k)
		}
		slices.Sort(names)
		if strings.Join(names, " ") != c.keys {
			t.Errorf("%s --json names %v, want %s", strings.Join(c.args, " "), names, c.keys)
		}
	}

	var remit map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, "remit", "show", fx.Remit1, "--db", url,
		"--json")), &remit); err != nil {
		t.Fatal(err)
	}
	claim := remit["claims"].([]any)[0].(map[string]any)
	if remit["trace_number"] != "EFT0320" || claim["pcn"] != "PCN1001" ||
		claim["paid_cents"] != 18000.0 || claim["charge_cents"] != 25000.0 {
		t.Errorf("remit show --json = %v", remit)
	}
}
