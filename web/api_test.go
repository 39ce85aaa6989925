package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/pipeline/store"
)

// decode parses an API answer that must have the given status.
func decode(t *testing.T, resp *http.Response, body string, status int, v any) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s %s: %s, want %d\n%s", resp.Request.Method, resp.Request.URL.Path,
			resp.Status, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("decode: %v\n%s", err, body)
	}
}

func TestAPINeedsAToken(t *testing.T) {
	e := newEnv(t, Options{})
	for _, path := range []string{"/api/claims", "/api/remittances", "/api/nothing"} {
		resp, body := e.apiGet("", path)
		var got map[string]string
		decode(t, resp, body, http.StatusUnauthorized, &got)
		if got["error"] != "a bearer token is required" ||
			resp.Header.Get("WWW-Authenticate") != `Bearer realm="claimflow"` {
			t.Errorf("GET %s: %v", path, got)
		}
	}
	req, _ := http.NewRequest("GET", e.ts.URL+"/api/claims", nil)
	req.Header.Set("Authorization", "Bearer cft_made_up")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("made-up token: %s", resp.Status)
	}
	// A session cookie is not a token.
	c := e.login(store.RoleAdmin)
	if resp, _ := e.get(c, "/api/claims"); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("session on the API: %s", resp.Status)
	}
}

func TestAPIReads(t *testing.T) {
	e := newEnv(t, Options{})

	var claims store.ClaimViewPage
	resp, body := e.apiGet(store.RoleBiller, "/api/claims?status=denied")
	decode(t, resp, body, 200, &claims)
	if len(claims.Claims) != 1 || claims.Claims[0].PCN != "PCN1003" ||
		claims.Claims[0].TotalCents != 30000 {
		t.Errorf("denied claims = %+v", claims)
	}

	var claim struct {
		Claim    store.ClaimView
		Events   []store.TimelineEvent
		Document map[string]any
		Payments []store.ClaimPayment
	}
	resp, body = e.apiGet(store.RoleBiller, "/api/claims/"+e.fx.Claims["PCN1001"])
	decode(t, resp, body, 200, &claim)
	if claim.Claim.PaidCents != 18000 || len(claim.Events) != 7 ||
		claim.Document["claimInformation"] == nil || len(claim.Payments) != 1 ||
		claim.Payments[0].TraceNumber != "EFT0320" {
		t.Errorf("claim = %+v", claim)
	}
	page, err := e.store.ListAccess(context.Background(), store.AccessQuery{})
	if err != nil || page.Entries[0].Via != "api" || page.Entries[0].ObjectKind != "claim" {
		t.Errorf("the API view was not logged: %+v, %v", page.Entries, err)
	}

	var batches store.BatchPage
	resp, body = e.apiGet(store.RoleOps, "/api/batches?limit=1")
	decode(t, resp, body, 200, &batches)
	if len(batches.Batches) != 1 || batches.Batches[0].ISA13 != 2 || batches.Next == "" {
		t.Fatalf("batches = %+v", batches)
	}
	resp, body = e.apiGet(store.RoleOps, "/api/batches?limit=1&before="+batches.Next)
	decode(t, resp, body, 200, &batches)
	if len(batches.Batches) != 1 || batches.Batches[0].ISA13 != 1 || batches.Next != "" {
		t.Errorf("second page = %+v", batches)
	}

	var batch store.BatchDetail
	resp, body = e.apiGet(store.RoleOps, "/api/batches/"+e.fx.Batch1)
	decode(t, resp, body, 200, &batch)
	if len(batch.Claims) != 4 || batch.ClaimsAccepted != 3 || batch.TotalCents != 75000 {
		t.Errorf("batch = %+v", batch)
	}

	var files store.FilePage
	resp, body = e.apiGet(store.RoleOps, "/api/files?direction=out")
	decode(t, resp, body, 200, &files)
	if len(files.Files) != 2 || files.Files[0].Type != "837P" {
		t.Errorf("outbound files = %+v", files)
	}
	var file struct {
		store.FileDetail
		Segments []RawSegment
	}
	resp, body = e.apiGet(store.RoleOps, "/api/files/"+e.fx.File2+"?raw=1")
	decode(t, resp, body, 200, &file)
	if len(file.Segments) != 7 || file.Segments[3].Text != "CLM*PCN1007*1234.56~" {
		t.Errorf("segments = %+v", file.Segments)
	}

	var remits store.RemitPage
	resp, body = e.apiGet(store.RoleBiller, "/api/remittances?payer=87726")
	decode(t, resp, body, 200, &remits)
	if len(remits.Remittances) != 1 || remits.Remittances[0].ImbalanceCents != 800 {
		t.Errorf("remittances = %+v", remits)
	}
	var remit store.RemitDetail
	resp, body = e.apiGet(store.RoleBiller, "/api/remittances/"+e.fx.Remit1)
	decode(t, resp, body, 200, &remit)
	if remit.AmountCents != 15000 || len(remit.Claims) != 1 ||
		remit.Claims[0].Adjustments[0].ReasonText == "" {
		t.Errorf("remittance = %+v", remit)
	}

	var wl store.Worklist
	resp, body = e.apiGet(store.RoleBiller, "/api/worklist?kind=stuck")
	decode(t, resp, body, 200, &wl)
	if wl.Total != 1 || wl.Items[0].PCN != "PCN1004" || wl.Items[0].NextStep == "" {
		t.Errorf("worklist = %+v", wl)
	}

	var aging store.AgingReport
	resp, body = e.apiGet(store.RoleBiller, "/api/reports/aging")
	decode(t, resp, body, 200, &aging)
	if aging.Total.Cents != [4]int64{0, 22000, 0, 123456} || aging.Total.PatientCents != 2000 {
		t.Errorf("aging = %+v", aging.Total)
	}
	var den store.DenialReport
	resp, body = e.apiGet(store.RoleBiller, "/api/reports/denials")
	decode(t, resp, body, 200, &den)
	if den.Total.Denied != 1 || den.TopReasons[0].Reason != "50" {
		t.Errorf("denials = %+v", den)
	}
	var acc store.AcceptanceReport
	resp, body = e.apiGet(store.RoleBiller, "/api/reports/acceptance")
	decode(t, resp, body, 200, &acc)
	if acc.Total.Submitted != 5 || acc.Total.FirstPass != 3 || acc.Total.DaysToPay != 19 {
		t.Errorf("acceptance = %+v", acc.Total)
	}
	var dash store.Dashboard
	resp, body = e.apiGet(store.RoleBiller, "/api/dashboard")
	decode(t, resp, body, 200, &dash)
	if dash.NeedsAction.Cents != 178006 || dash.Paid.Cents != 18000 {
		t.Errorf("dashboard = %+v", dash)
	}
	var found store.SearchResult
	resp, body = e.apiGet(store.RoleBiller, "/api/search?q=CHK7788")
	decode(t, resp, body, 200, &found)
	if len(found.Remittances) != 1 || found.Remittances[0].ID != e.fx.Remit2 {
		t.Errorf("search = %+v", found)
	}

	var bad map[string]string
	resp, body = e.apiGet(store.RoleBiller, "/api/claims?status=lost")
	decode(t, resp, body, 400, &bad)
	if bad["error"] != `invalid input: status="lost"` {
		t.Errorf("bad status: %v", bad)
	}
	resp, body = e.apiGet(store.RoleBiller, "/api/claims/nothing")
	decode(t, resp, body, 404, &bad)
}

// fakeIntake stores nothing and says what it read.
type fakeIntake struct {
	got  string
	fail error // returned with the claims, as when storing fails half-way
}

func (f *fakeIntake) Import(_ context.Context, r io.Reader) (ImportResult, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return ImportResult{}, err
	}
	f.got = string(b)
	if !json.Valid(b) {
		return ImportResult{}, fmt.Errorf("%w: the body is not JSON", store.ErrInvalidInput)
	}
	var res ImportResult
	res.add(ImportedClaim{Index: 0, ID: "c1", PCN: "A1", Status: ImportReady})
	res.add(ImportedClaim{Index: 1, ID: "c2", PCN: "A2", Status: ImportInvalid,
		Findings: []ImportFinding{{Severity: "error", Code: "E001",
			Path: "$.subscriber.memberId", Message: "member ID is missing"}}})
	return res, f.fail
}

func post(t *testing.T, e *env, role store.Role, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", e.ts.URL+"/api/claims", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestAPIImport(t *testing.T) {
	intake := &fakeIntake{}
	e := newEnv(t, Options{Intake: intake})
	resp, body := post(t, e, store.RoleBiller, `{"claims": []}`)
	var res ImportResult
	decode(t, resp, body, http.StatusCreated, &res)
	if intake.got != `{"claims": []}` || len(res.Claims) != 2 ||
		res.Claims[1].Findings[0].Code != "E001" {
		t.Errorf("import = %+v, intake read %q", res, intake.got)
	}
	page, err := e.store.ListAccess(context.Background(), store.AccessQuery{
		Action: store.ActionImport})
	if err != nil || len(page.Entries) != 1 ||
		page.Entries[0].Detail != `{"invalid":1,"ready":1}` {
		t.Errorf("import not logged: %+v, %v", page.Entries, err)
	}

	var bad ImportResult
	resp, body = post(t, e, store.RoleBiller, `not json`)
	decode(t, resp, body, http.StatusBadRequest, &bad)
	if bad.Error != "invalid input: the body is not JSON" || bad.Read != 0 ||
		len(bad.Claims) != 0 {
		t.Errorf("not JSON: %s", body)
	}
	var denied map[string]string
	resp, body = post(t, e, store.RoleOps, `{}`)
	decode(t, resp, body, http.StatusForbidden, &denied)

	// Storing failed half-way: a 500 that still lists what was stored.
	intake.fail = errors.New("the disk is full")
	resp, body = post(t, e, store.RoleBiller, `{}`)
	decode(t, resp, body, http.StatusInternalServerError, &bad)
	if bad.Stored != 2 || len(bad.Claims) != 2 || bad.Claims[0].ID != "c1" ||
		bad.Error != "internal error; the claims listed were handled, the rest were not read" {
		t.Errorf("failed import = %s", body)
	}

	none := newEnv(t, Options{})
	resp, body = post(t, none, store.RoleAdmin, `{}`)
	decode(t, resp, body, http.StatusServiceUnavailable, &denied)
	if denied["error"] != "claim intake is not configured" {
		t.Errorf("no intake: %v", denied)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	resp, body := e.get(c, "/healthz")
	if resp.StatusCode != 200 || !strings.Contains(body, `"alive"`) {
		t.Errorf("healthz: %s %s", resp.Status, body)
	}
	resp, body = e.get(c, "/readyz")
	if resp.StatusCode != 200 || !strings.Contains(body, `"ready"`) {
		t.Errorf("readyz: %s %s", resp.Status, body)
	}
	e.srv.Metrics().JobRun("poll", "mainclear", 0, nil)
	resp, body = e.get(c, "/metrics")
	for _, want := range []string{
		`claimflow_claims{status="paid"} 1`, `claimflow_claims{status="invalid"} 1`,
		`claimflow_batches{state="uploaded"} 2`,
		`claimflow_job_runs_total{connection="mainclear",job="poll",result="ok"} 1`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("metrics lack %q", want)
		}
	}
	// No label carries a claim number.
	if strings.Contains(body, "PCN1") {
		t.Error("metrics name a claim")
	}

	e.store.Close()
	resp, body = e.get(c, "/readyz")
	if resp.StatusCode != 503 || !strings.Contains(body, `"database"`) {
		t.Errorf("readyz with the store closed: %s %s", resp.Status, body)
	}
}

func TestAPIImportWithPosting(t *testing.T) {
	e := newEnv(t, Options{})
	e.srv.opts.Intake = PostingIntake(e.store)
	doc, err := os.ReadFile("../testdata/claims/837p-simple.json")
	if err != nil {
		t.Fatal(err)
	}
	resp, body := post(t, e, store.RoleBiller, string(doc))
	var res ImportResult
	decode(t, resp, body, http.StatusCreated, &res)
	if len(res.Claims) != 1 || res.Claims[0].Status != "ready" || res.Claims[0].ID == "" {
		t.Fatalf("import = %s", body)
	}
	c, err := e.store.GetClaim(context.Background(), res.Claims[0].ID)
	if err != nil || c.Claim.PCN != res.Claims[0].PCN || c.Claim.Status != "ready" {
		t.Errorf("stored claim = %+v, %v", c.Claim, err)
	}
	// The same claim again: its number is held by a live claim.
	resp, body = post(t, e, store.RoleBiller, string(doc))
	decode(t, resp, body, http.StatusUnprocessableEntity, &res)
	if len(res.Claims) != 1 || res.Claims[0].Status != "refused" || res.Claims[0].Error == "" {
		t.Errorf("second import = %s", body)
	}
}

// batchLines returns the five claims of testdata/claims/837p-batch.jsonl,
// one a line.
func batchLines(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../testdata/claims/837p-batch.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

func TestAPIImportBrokenLines(t *testing.T) {
	e := newEnv(t, Options{})
	e.srv.opts.Intake = PostingIntake(e.store)
	ctx := context.Background()
	lines := batchLines(t)
	lines[1] = `{"claimInformation": {`     // cut short
	lines[3] = `{"claimInformation": oops}` // not JSON
	body := strings.Join(lines, "\n") + "\n"

	// The good claims are stored; the answer says so and names each
	// broken line.
	resp, text := post(t, e, store.RoleBiller, body)
	var res ImportResult
	decode(t, resp, text, http.StatusMultiStatus, &res)
	if res.Read != 5 || res.Stored != 3 || res.Ready != 3 || res.Invalid != 0 ||
		res.Refused != 2 || res.Error != "" || len(res.Claims) != 5 {
		t.Fatalf("import = %s", text)
	}
	want := []ImportedClaim{
		{Index: 0, Line: 1, PCN: "JFM2026000201", Status: "ready"},
		{Index: 1, Line: 2, Status: "refused",
			Error: "incomplete JSON: the claim ends before its object closes"},
		{Index: 2, Line: 3, PCN: "JFM2026000203", Status: "ready"},
		{Index: 3, Line: 4, Status: "refused", Error: "invalid JSON at byte 4575"},
		{Index: 4, Line: 5, PCN: "JFM2026000205", Status: "ready"},
	}
	for i, c := range res.Claims {
		w := want[i]
		if c.Index != w.Index || c.Line != w.Line || c.PCN != w.PCN ||
			c.Status != w.Status || c.Error != w.Error || (c.ID == "") != (w.Status == "refused") {
			t.Errorf("claim %d = %+v, want %+v", i, c, w)
		}
		if c.ID == "" {
			continue
		}
		got, err := e.store.GetClaim(ctx, c.ID)
		if err != nil || got.Claim.PCN != w.PCN || got.Claim.Status != "ready" {
			t.Errorf("claim %d stored as %+v, %v", i, got.Claim, err)
		}
	}
	// The broken lines are named by number, never by content.
	if strings.Contains(text, "oops") {
		t.Errorf("the answer quotes the body: %s", text)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(text), &raw); err != nil {
		t.Fatal(err)
	}
	first := raw["claims"].([]any)[1].(map[string]any)
	if len(first) != 4 || first["index"] != 1.0 || first["line"] != 2.0 ||
		first["status"] != "refused" {
		t.Errorf("a broken line = %v", first)
	}
	page, err := e.store.ListAccess(ctx, store.AccessQuery{Action: store.ActionImport})
	if err != nil || len(page.Entries) != 1 ||
		page.Entries[0].Detail != `{"ready":3,"refused":2}` {
		t.Errorf("import not logged: %+v, %v", page.Entries, err)
	}

	// Nothing stored: every good claim's number is now held.
	resp, text = post(t, e, store.RoleBiller, body)
	decode(t, resp, text, http.StatusUnprocessableEntity, &res)
	if res.Read != 5 || res.Stored != 0 || res.Refused != 5 ||
		!strings.HasPrefix(res.Claims[0].Error, "patient control number already held") {
		t.Errorf("second import = %s", text)
	}

	// The rest, alone: every claim stored.
	resp, text = post(t, e, store.RoleBiller, batchLines(t)[1]+"\n")
	decode(t, resp, text, http.StatusCreated, &res)
	if res.Read != 1 || res.Stored != 1 || res.Ready != 1 || res.Refused != 0 ||
		res.Claims[0].PCN != "JFM2026000202" {
		t.Errorf("third import = %s", text)
	}

	// No claims at all.
	resp, text = post(t, e, store.RoleBiller, "\n\n")
	decode(t, resp, text, http.StatusBadRequest, &res)
	if res.Error != "the body holds no claims" || res.Read != 0 || len(res.Claims) != 0 {
		t.Errorf("empty body = %s", text)
	}
}

func TestAPIImportBrokenArray(t *testing.T) {
	e := newEnv(t, Options{})
	e.srv.opts.Intake = PostingIntake(e.store)
	lines := batchLines(t)
	// An array cannot be read past a syntax error: the claims before it
	// are stored and listed, and the error says where reading stopped.
	body := "[" + lines[0] + ",\n" + lines[1] + ",\n{\"claimInformation\": ]"
	resp, text := post(t, e, store.RoleBiller, body)
	var res ImportResult
	decode(t, resp, text, http.StatusMultiStatus, &res)
	if res.Read != 2 || res.Stored != 2 || res.Ready != 2 || res.Refused != 0 ||
		res.Error != "invalid input: read claims: cannot decode claims: claim 2: "+
			"invalid JSON near byte 3958 (line 3)" ||
		res.Claims[0].PCN != "JFM2026000201" || res.Claims[1].PCN != "JFM2026000202" ||
		res.Claims[1].Index != 1 || res.Claims[1].Line != 0 {
		t.Errorf("import = %s", text)
	}

	// Broken before its first claim: nothing read, nothing stored.
	resp, text = post(t, e, store.RoleBiller, "[{\"claimInformation\": ]")
	decode(t, resp, text, http.StatusBadRequest, &res)
	if res.Read != 0 || len(res.Claims) != 0 || !strings.Contains(res.Error, "claim 0") {
		t.Errorf("broken array = %s", text)
	}
}

// keys returns the names of a JSON object's members, sorted.
func keys(t *testing.T, v any) string {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("not an object: %v", v)
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// getRaw fetches an endpoint as generic JSON.
func getRaw(t *testing.T, e *env, role store.Role, path string) map[string]any {
	t.Helper()
	resp, body := e.apiGet(role, path)
	var v map[string]any
	decode(t, resp, body, http.StatusOK, &v)
	return v
}

func TestAPIFieldNames(t *testing.T) {
	e := newEnv(t, Options{})
	claimKeys := "adjusted_cents billing_npi connection created_at denied_cents id kind " +
		"paid_cents patient_cents payer_id pcn status total_cents updated_at version"

	page := getRaw(t, e, store.RoleBiller, "/api/claims?status=denied")
	if got := keys(t, page); got != "claims next" {
		t.Errorf("claim page = %s", got)
	}
	denied := page["claims"].([]any)[0].(map[string]any)
	if got := keys(t, denied); got != claimKeys {
		t.Errorf("a claim that is not stuck = %s", got)
	}
	if denied["pcn"] != "PCN1003" || denied["total_cents"] != 30000.0 ||
		denied["payer_id"] != "87726" || denied["status"] != "denied" {
		t.Errorf("denied claim = %v", denied)
	}
	stuck := getRaw(t, e, store.RoleBiller, "/api/claims?stuck=1")["claims"].([]any)[0]
	if got := keys(t, stuck); got != strings.Replace(claimKeys, "status", "status stuck_since", 1) ||
		stuck.(map[string]any)["stuck_since"] != "2025-04-01T09:00:00Z" {
		t.Errorf("a stuck claim = %v", stuck)
	}

	claim := getRaw(t, e, store.RoleBiller, "/api/claims/"+e.fx.Claims["PCN1001"])
	if got := keys(t, claim); got != "acks batches claim current document events money "+
		"payments versions" {
		t.Errorf("claim = %s", got)
	}
	if _, ok := claim["current"].(map[string]any)["document"]; ok {
		t.Error("the version carries its document")
	}
	pay := claim["payments"].([]any)[0].(map[string]any)
	if pay["trace_number"] != "EFT0320" || pay["remittance_id"] != e.fx.Remit1 {
		t.Errorf("payment = %v", pay)
	}

	dash := getRaw(t, e, store.RoleBiller, "/api/dashboard")
	if got := keys(t, dash["paid"]); got != "cents count" {
		t.Errorf("dashboard tally = %s", got)
	}
	if _, ok := dash["needs_action"]; !ok {
		t.Errorf("dashboard = %s", keys(t, dash))
	}

	wl := getRaw(t, e, store.RoleBiller, "/api/worklist?kind=denied")
	if got := keys(t, wl); got != "amounts counts items total" {
		t.Errorf("worklist = %s", got)
	}
	item := wl["items"].([]any)[0].(map[string]any)
	if item["kind"] != "denied" || item["pcn"] != "PCN1003" || item["amount_cents"] != 30000.0 ||
		item["next_step"] == nil {
		t.Errorf("work item = %v", item)
	}

	batch := getRaw(t, e, store.RoleOps, "/api/batches?limit=1")["batches"].([]any)[0]
	if b := batch.(map[string]any); b["isa13"] != 2.0 || b["claim_count"] != 1.0 ||
		b["st02_first"] != 2.0 || b["file_name"] != "mainclear_000000002.837" {
		t.Errorf("batch = %v", b)
	}
}
