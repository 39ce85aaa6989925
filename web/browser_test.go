package web

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
	"github.com/claimflow/claimflow/web/present"
)

// chromiumEnv names the browser the browser tests drive; without it they
// use /usr/bin/chromium when it exists and skip otherwise.
const chromiumEnv = "CLAIMFLOW_TEST_CHROMIUM"

// screenshotsEnv names a folder for the screenshots; without it they go
// to the test's temporary folder.
const screenshotsEnv = "CLAIMFLOW_SCREENSHOTS"

// browser starts a headless Chromium for the test, with a profile of its
// own and nothing that reaches the network by itself.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv(chromiumEnv)
	if path == "" {
		if _, err := os.Stat("/usr/bin/chromium"); err != nil {
			t.Skipf("no browser: set %s to Chromium's path, or install Debian's chromium "+
				"package (/usr/bin/chromium)", chromiumEnv)
		}
		path = "/usr/bin/chromium"
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first run starts the browser; it gets no deadline of its own.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// shots returns the folder for screenshots.
func shots(t *testing.T) string {
	dir := os.Getenv(screenshotsEnv)
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// step runs browser actions with a deadline.
func step(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(c, actions...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// textOf reads an element's text.
func textOf(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(c, chromedp.Text(chromedp.ID(id)))
	if err != nil {
		t.Fatalf("read #%s: %v", id, err)
	}
	return strings.Join(strings.Fields(s), " ")
}

// screenshot saves the whole page as a PNG.
func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(c, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s (%d bytes)", path, len(png))
}

// TestInBrowser logs in as a person would, opens the dashboard, a batch, a
// claim's timeline and a payment, and compares what the pages show with
// what the database holds.
func TestInBrowser(t *testing.T) {
	ctx := browser(t)
	e := newEnv(t, Options{})
	dir := shots(t)
	bg := context.Background()

	// Without a session the browser lands on the login form.
	step(t, ctx, chromedp.Navigate(e.ts.URL+"/claims/"+e.fx.Claims["PCN1001"]),
		chromedp.WaitVisible(chromedp.ID("username")))
	screenshot(t, ctx, dir, "01-login")
	step(t, ctx,
		chromedp.SendKeys(chromedp.ID("username"), "alice"),
		chromedp.SendKeys(chromedp.ID("password"), e.passwords[store.RoleAdmin]),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.ID("timeline")))
	// After the login it is sent where it wanted to go.
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || loc != e.ts.URL+"/claims/"+e.fx.Claims["PCN1001"] {
		t.Errorf("after login at %q, %v", loc, err)
	}

	// Dashboard.
	step(t, ctx, chromedp.Navigate(e.ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("by-status")))
	dash, err := e.store.GetDashboard(bg, storetest.AsOf)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		"paid-amount":     present.Dollars(dash.Paid.Cents),
		"pending-amount":  present.Dollars(dash.Pending.Cents),
		"action-amount":   present.Dollars(dash.NeedsAction.Cents),
		"received-amount": present.Dollars(dash.Received.Cents),
		"aging-total":     present.Dollars(dash.Aging.Total.TotalCents()),
		"action-count":    present.Plural(dash.NeedsAction.Count, "claim"),
		"received-claims": present.Dollars(dash.Received.ClaimPaymentCents),
		"received-plb":    present.Dollars(dash.Received.ProviderAdjCents),
		"aging-patient":   present.Dollars(dash.Aging.Total.PatientCents),
	} {
		if got := textOf(t, ctx, id); got != want {
			t.Errorf("dashboard #%s = %q, the database says %q", id, got, want)
		}
	}
	if got := textOf(t, ctx, "action-amount"); got != "$1,780.06" {
		t.Errorf("needs action = %q", got)
	}
	screenshot(t, ctx, dir, "02-dashboard")

	// A batch.
	step(t, ctx, chromedp.Navigate(e.ts.URL+"/batches/"+e.fx.Batch1),
		chromedp.WaitVisible(chromedp.ID("batch-claims")))
	b, _, err := e.store.GetBatch(bg, e.fx.Batch1)
	if err != nil {
		t.Fatal(err)
	}
	if got := textOf(t, ctx, "batch-total"); got != present.Dollars(b.TotalCents) {
		t.Errorf("batch total = %q, the database says %d cents", got, b.TotalCents)
	}
	if got := textOf(t, ctx, "batch-count"); got != "4" || b.ClaimCount != 4 {
		t.Errorf("batch claims = %q, the database says %d", got, b.ClaimCount)
	}
	screenshot(t, ctx, dir, "03-batch")

	// A claim's timeline.
	step(t, ctx, chromedp.Navigate(e.ts.URL+"/claims/"+e.fx.Claims["PCN1001"]),
		chromedp.WaitVisible(chromedp.ID("timeline")))
	tl, err := e.store.GetClaimTimeline(bg, e.fx.Claims["PCN1001"])
	if err != nil {
		t.Fatal(err)
	}
	if got := textOf(t, ctx, "claim-status"); got != present.Status(tl.Claim.Status) {
		t.Errorf("claim status = %q, the database says %s", got, tl.Claim.Status)
	}
	if got := textOf(t, ctx, "claim-paid"); got != present.Dollars(tl.Claim.PaidCents) {
		t.Errorf("claim paid = %q, the database says %d cents", got, tl.Claim.PaidCents)
	}
	events, err := chromedp.Run(ctx, chromedp.Evaluate[int](
		`document.querySelectorAll("#timeline > li").length`))
	if err != nil || events != len(tl.Events) {
		t.Errorf("timeline shows %d events, the database has %d (%v)", events,
			len(tl.Events), err)
	}
	screenshot(t, ctx, dir, "04-claim")

	// A payment.
	step(t, ctx, chromedp.Navigate(e.ts.URL+"/remittances/"+e.fx.Remit2),
		chromedp.WaitVisible(chromedp.ID("remit-amount")))
	r, err := e.store.GetRemittance(bg, e.fx.Remit2)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		"remit-amount": present.Dollars(r.AmountCents),
		"remit-trace":  r.TraceNumber,
		"remit-claims": "2",
	} {
		if got := textOf(t, ctx, id); got != want {
			t.Errorf("payment #%s = %q, the database says %q", id, got, want)
		}
	}
	screenshot(t, ctx, dir, "05-remittance")

	// The reports and the work list, for the record.
	step(t, ctx, chromedp.Navigate(e.ts.URL+"/reports"),
		chromedp.WaitVisible(chromedp.ID("acceptance")))
	screenshot(t, ctx, dir, "06-reports")
	step(t, ctx, chromedp.Navigate(e.ts.URL+"/worklist"),
		chromedp.WaitVisible(chromedp.ID("worklist")))
	screenshot(t, ctx, dir, "07-worklist")
}
