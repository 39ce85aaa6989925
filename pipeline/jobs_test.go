package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse"
	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline/config"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

// harness is a store, an in-process simulated clearinghouse and a
// connection to it.
type harness struct {
	t     *testing.T
	store *store.Store
	sim   *sim.Server
	conn  *Connection
	jobs  *Jobs
	logs  *bytes.Buffer
	now   time.Time
}

const password = "practice-secret"

func newHarness(t *testing.T, url string) *harness {
	t.Helper()
	ctx := context.Background()
	srv, err := sim.Start(ctx, sim.Config{Dir: t.TempDir(),
		Users: []sim.User{{Name: "practice", Password: password}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	host, port := splitAddr(t, srv.Addr())

	cc := testConnection(host, port, srv.HostKeyFingerprint())
	tc, err := ClientConfig(cc, filepath.Join(t.TempDir(), "spool"))
	if err != nil {
		t.Fatal(err)
	}
	tc.Download.StableInterval = time.Millisecond
	tc.Retry = clearinghouse.RetryPolicy{Attempts: 1}
	client, err := clearinghouse.New(tc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })

	h := &harness{t: t, store: storetest.Open(t, url), sim: srv, logs: &bytes.Buffer{},
		now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	h.conn = &Connection{Config: cc, Submitter: config.Submitter{Name: "NORTHWIND BILLING",
		ID: "NWBILL01"}, Transport: client, Routing: Routes([]config.Connection{cc})[0]}
	h.jobs = &Jobs{Store: h.store, Log: slog.New(slog.NewTextHandler(&lockedWriter{w: h.logs},
		nil)), Metrics: NopMetrics{}, Now: func() time.Time { return h.now }}
	return h
}

// testConnection is a connection as Load would leave it, with defaults.
func testConnection(host string, port int, fingerprint string) config.Connection {
	in := []byte(`
submitter: {name: NORTHWIND BILLING, id: NWBILL01, contact_phone: "5555550100"}
connections:
  - name: simclear
    payers: ["*"]
    max_batch: 2
    sftp: {host: "` + host + `", port: ` + itoa(port) + `, user: practice,
           password: "` + password + `", host_key_fingerprint: "` + fingerprint + `"}
    upload: {dir: /inbound}
    download: {dirs: [/outbound], min_age: 1s}
    interchange: {receiver_id: SIMCLEAR, usage: T}
`)
	cfg, err := config.Parse(in, "/tmp")
	if err != nil {
		panic(err)
	}
	return cfg.Connections[0]
}

// addClaim stores a ready claim read from a testdata file, under its own
// patient control number.
func (h *harness) addClaim(file, pcn string) store.Claim {
	h.t.Helper()
	return h.addClaimWith(file, pcn, nil)
}

// addClaimWith is addClaim with the document changed by edit first.
func (h *harness) addClaimWith(file, pcn string, edit func(doc map[string]any)) store.Claim {
	h.t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "claims", file))
	if err != nil {
		h.t.Fatal(err)
	}
	var doc map[string]any
	if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) {
		var docs []json.RawMessage
		if err := json.Unmarshal(raw, &docs); err != nil {
			h.t.Fatal(err)
		}
		raw = docs[0]
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		h.t.Fatal(err)
	}
	doc["claimInformation"].(map[string]any)["patientControlNumber"] = pcn
	if edit != nil {
		edit(doc)
	}
	raw, _ = json.Marshal(doc)
	c, err := x837.DecodeClaim(raw, x837.UnknownKind)
	if err != nil {
		h.t.Fatal(err)
	}
	if fs := x837.Check(c, x837.Options{Today: h.now, Usage: 'T'}); fs.HasError() {
		h.t.Fatalf("%s: %v", file, fs)
	}
	kind := store.Professional
	if c.Kind == x837.Institutional {
		kind = store.Institutional
	}
	charge, _ := edi.ParseAmount([]byte(c.ClaimInformation.ClaimChargeAmount.String()))
	cl, err := h.store.InsertClaim(context.Background(), store.ClaimInput{PCN: pcn, Kind: kind,
		PayerID: c.TradingPartnerServiceID, BillingNPI: c.Billing.NPI,
		TotalCents: int64(charge), Document: raw})
	if err != nil {
		h.t.Fatal(err)
	}
	return cl
}

func (h *harness) status(id string) lifecycle.Status {
	h.t.Helper()
	d, err := h.store.GetClaim(context.Background(), id)
	if err != nil {
		h.t.Fatal(err)
	}
	return d.Claim.Status
}

func TestSubmitBuildsUploadsAndMarks(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		h := newHarness(t, url)
		ctx := context.Background()
		a := h.addClaim("837p-simple.json", "SUBA1")
		b := h.addClaim("837p-dependent.json", "SUBB2")
		c := h.addClaim("837p-twelve-diagnoses.json", "SUBC3")
		i := h.addClaim("837i-outpatient.json", "SUBI4")

		res, err := h.jobs.Submit(ctx, h.conn)
		if err != nil {
			t.Fatal(err)
		}
		// max_batch is 2: three professional claims make two batches, the
		// institutional claim a third.
		if res != (SubmitResult{Batches: 3, Claims: 4}) {
			t.Fatalf("result %+v", res)
		}
		for _, cl := range []store.Claim{a, b, c, i} {
			if got := h.status(cl.ID); got != lifecycle.Submitted {
				t.Errorf("claim %s is %s", cl.ID, got)
			}
		}
		ups := h.sim.Uploads()
		if len(ups) != 3 {
			t.Fatalf("%d uploads", len(ups))
		}
		// Each file reads back as an 837 with its claims and no finding.
		claims := 0
		for _, u := range ups {
			data, err := os.ReadFile(filepath.Join(h.sim.UserRoot("practice"), u.Name))
			if err != nil {
				t.Fatal(err)
			}
			fs, stats, err := x837.Validate(bytes.NewReader(data), u.Name)
			if err != nil || len(fs) != 0 {
				t.Fatalf("%s: %v %v", u.Name, err, fs)
			}
			claims += stats.Claims
			if !strings.HasPrefix(u.Name, "/inbound/simclear_20261102_090000_") ||
				!strings.HasSuffix(u.Name, ".837") {
				t.Errorf("remote name %s", u.Name)
			}
		}
		if claims != 4 {
			t.Fatalf("%d claims in the files", claims)
		}

		// A second run has nothing to send.
		res, err = h.jobs.Submit(ctx, h.conn)
		if err != nil || res != (SubmitResult{}) {
			t.Fatalf("second run %+v %v", res, err)
		}
	})
}

func TestSubmitReconcilesAfterACrash(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		h := newHarness(t, url)
		ctx := context.Background()
		a := h.addClaim("837p-simple.json", "RECA1")
		b := h.addClaim("837p-dependent.json", "RECB2")

		// Two batches built, as if the daemon died before uploading: the
		// first reached the server whole, the second never left.
		var names []string
		for _, cl := range []store.Claim{a, b} {
			bt, name, err := h.jobs.build(ctx, h.conn, store.Professional, []string{cl.ID})
			if err != nil {
				t.Fatal(err)
			}
			names = append(names, name)
			if cl.ID == a.ID {
				content, _ := h.store.FileContent(ctx, bt.FileID)
				if _, err := h.conn.Transport.Upload(ctx, name, content); err != nil {
					t.Fatal(err)
				}
			}
		}
		if names[0] == names[1] {
			t.Fatal("two batches share a name")
		}
		res, err := h.jobs.Submit(ctx, h.conn)
		if err != nil {
			t.Fatal(err)
		}
		if res != (SubmitResult{Reconciled: 1, Reuploaded: 1}) {
			t.Fatalf("result %+v", res)
		}
		if h.status(a.ID) != lifecycle.Submitted || h.status(b.ID) != lifecycle.Submitted {
			t.Fatal("claims not submitted")
		}
		// Each batch went up exactly once, under the name it was built with.
		ups := h.sim.Uploads()
		if len(ups) != 2 || ups[0].Name != "/inbound/"+names[0] ||
			ups[1].Name != "/inbound/"+names[1] {
			t.Fatalf("uploads %+v", ups)
		}
	})
}

func TestSubmitHoldsClaimsTheChecksRefuse(t *testing.T) {
	h := newHarness(t, storetest.SQLiteURL(t))
	ctx := context.Background()
	good := h.addClaim("837p-simple.json", "HOLD1")
	bad := h.addClaim("837p-dependent.json", "HOLD2")

	// The connection is a test one: a corrected version marked for
	// production is ready by itself, but held when the batch is built.
	v, err := h.store.GetVersion(ctx, bad.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	doc := strings.Replace(string(v.Document), `"usageIndicator":"T"`, `"usageIndicator":"P"`, 1)
	if doc == string(v.Document) {
		t.Fatal("the testdata claim has no usageIndicator T")
	}
	if _, err := h.store.AddVersion(ctx, bad.ID, store.ClaimInput{PCN: bad.PCN, Kind: bad.Kind,
		PayerID: bad.PayerID, BillingNPI: bad.BillingNPI, TotalCents: bad.TotalCents,
		Document: []byte(doc)}); err != nil {
		t.Fatal(err)
	}
	res, err := h.jobs.Submit(ctx, h.conn)
	if err != nil {
		t.Fatal(err)
	}
	if res != (SubmitResult{Batches: 1, Claims: 1, Held: 1}) {
		t.Fatalf("result %+v", res)
	}
	if h.status(good.ID) != lifecycle.Submitted || h.status(bad.ID) != lifecycle.Invalid {
		t.Fatalf("statuses %s %s", h.status(good.ID), h.status(bad.ID))
	}
	d, _ := h.store.GetClaim(ctx, bad.ID)
	if last := d.Timeline[len(d.Timeline)-1]; last.Detail !=
		"held by the checks at batch time: usage.mismatch" {
		t.Fatalf("last event %+v", last)
	}
	wl, err := h.store.GetWorklist(ctx, store.WorklistQuery{
		Kinds: []store.WorkKind{store.WorkInvalid}})
	if err != nil {
		t.Fatal(err)
	}
	if len(wl.Items) != 1 || strings.Join(wl.Items[0].Codes, ",") != "usage.mismatch" {
		t.Fatalf("work list %+v", wl.Items)
	}
}

func TestFollowUpFlagsQuietClaims(t *testing.T) {
	h := newHarness(t, storetest.SQLiteURL(t))
	ctx := context.Background()
	real := time.Now()
	h.now = real
	a := h.addClaim("837p-simple.json", "FUA1")
	if _, err := h.jobs.Submit(ctx, h.conn); err != nil {
		t.Fatal(err)
	}
	h.now = real.Add(3 * time.Hour)
	res, err := h.jobs.FollowUp(ctx, h.conn)
	if err != nil || res != (FollowUpResult{}) {
		t.Fatalf("at 3h: %+v %v", res, err)
	}
	h.now = real.Add(5 * time.Hour)
	res, err = h.jobs.FollowUp(ctx, h.conn)
	if err != nil || res != (FollowUpResult{No999: 1}) {
		t.Fatalf("at 5h: %+v %v", res, err)
	}
	d, _ := h.store.GetClaim(ctx, a.ID)
	last := d.Timeline[len(d.Timeline)-1]
	if !d.Claim.Stuck() || last.Kind != lifecycle.KindStuck ||
		last.Detail != "no 999 within 4 hours of being submitted" {
		t.Fatalf("claim %+v, last event %+v", d.Claim, last)
	}
	// Flagged once only.
	res, _ = h.jobs.FollowUp(ctx, h.conn)
	if res != (FollowUpResult{}) {
		t.Fatalf("flagged twice: %+v", res)
	}
}

// recorder is an Applier that keeps what it was given.
type recorder struct {
	mu    sync.Mutex
	files []Inbound
	seen  map[string]bool
	fail  bool
}

func (r *recorder) Apply(_ context.Context, f Inbound) (Applied, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail {
		return Applied{}, io.ErrUnexpectedEOF
	}
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	dup := r.seen[string(f.Content)]
	r.seen[string(f.Content)] = true
	r.files = append(r.files, f)
	return Applied{Type: string(edi.DetectBytes(f.Content).Kind), Duplicate: dup}, nil
}

func TestPollStoresBeforeRemoving(t *testing.T) {
	h := newHarness(t, storetest.SQLiteURL(t))
	ctx := context.Background()
	out := filepath.Join(h.sim.UserRoot("practice"), "outbound")
	old := time.Now().Add(-time.Hour)
	for name, content := range map[string]string{"a.999": "ISA*first", "b.999": "ISA*second"} {
		p := filepath.Join(out, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
	}

	// The applier fails: nothing is removed, both stay for the next run.
	rec := &recorder{fail: true}
	h.jobs.Applier = rec
	res, err := h.jobs.Poll(ctx, h.conn)
	if err != nil || res != (PollResult{Fetched: 2, Failed: 2}) {
		t.Fatalf("failing run %+v %v", res, err)
	}
	if left, _ := filepath.Glob(filepath.Join(out, "*.999")); len(left) != 2 {
		t.Fatalf("remote files after a failed apply: %v", left)
	}

	rec.fail = false
	res, err = h.jobs.Poll(ctx, h.conn)
	if err != nil || res != (PollResult{Fetched: 2, Applied: 2}) {
		t.Fatalf("run %+v %v", res, err)
	}
	if left, _ := filepath.Glob(filepath.Join(out, "*.999")); len(left) != 0 {
		t.Fatalf("remote files left: %v\n%s", left, h.logs)
	}
	archived, _ := filepath.Glob(filepath.Join(out, "archive", "*.999"))
	if len(archived) != 2 || len(rec.files) != 2 || rec.files[0].Connection != "simclear" {
		t.Fatalf("archived %v, applied %+v", archived, rec.files)
	}
}

func splitAddr(t *testing.T, addr string) (string, int) {
	t.Helper()
	i := strings.LastIndexByte(addr, ':')
	port, err := strconv.Atoi(addr[i+1:])
	if err != nil {
		t.Fatal(err)
	}
	return addr[:i], port
}

func itoa(n int) string { return strconv.Itoa(n) }

// lockedWriter lets several goroutines log into one buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestJobLabelsOfAScheduledJob(t *testing.T) {
	for _, c := range []struct{ job, connection string }{
		{"submit", "mainclear"}, {"poll", "main/clear"}, {"follow_up", "x"}} {
		job, conn := jobLabels(scheduleName(c.job, c.connection))
		if job != c.job || conn != c.connection {
			t.Errorf("labels of %s: job %q connection %q", scheduleName(c.job, c.connection),
				job, conn)
		}
	}
}
