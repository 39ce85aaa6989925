package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

// The crash tests run this test binary as the claimflow command: with
// claimflowAsMain set, TestMain runs main instead of the tests.
const claimflowAsMain = "CLAIMFLOW_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(claimflowAsMain) == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// crashRig is a simulated clearinghouse, a configuration for it and an
// SQLite store with the demo claims, driven through real claimflow
// processes.
type crashRig struct {
	t   *testing.T
	dir string
	cfg string
	db  string // the database URL
	sim *sim.Server
	// now is the simulator's clock, moved on by answerAll.
	now time.Time
}

func newCrashRig(t *testing.T) *crashRig {
	return newRig(t, "")
}

// newRig makes a rig on the database at dbURL, or on an SQLite file in the
// rig's folder when dbURL is empty.
func newRig(t *testing.T, dbURL string) *crashRig {
	t.Helper()
	dir := t.TempDir()
	sc := respond.DefaultScenario()
	sc.ClaimAck.InvalidMemberIDs = []string{"LKS31015838"}
	responder, err := respond.New(sc, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock := sim.NewManualClock(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	srv, err := sim.Start(context.Background(), sim.Config{Dir: filepath.Join(dir, "sim"),
		Users:     []sim.User{{Name: "practice", Password: "crash-test-pw"}},
		Responder: responder, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	host, port, _ := strings.Cut(srv.Addr(), ":")
	cfg := filepath.Join(dir, "claimflow.yaml")
	if dbURL == "" {
		dbURL = "sqlite:" + filepath.Join(dir, "claimflow.db")
	}
	text := "database: \"" + dbURL + "\"\ndata_dir: .\nshutdown_timeout: 5s\n" +

		"submitter: {name: BRIGHTWATER BILLING CO, id: BWB0042, contact_phone: \"5035550100\"}\n" +
		"connections:\n  - name: simclear\n    payers: [\"*\"]\n    max_batch: 20\n" +
		"    sftp: {host: " + host + ", port: " + port + ", user: practice, " +
		"password: crash-test-pw, host_key_fingerprint: \"" + srv.HostKeyFingerprint() +
		"\", retries: 1}\n" +
		"    upload: {dir: /inbound}\n    download: {dirs: [/outbound], min_age: 1ms}\n" +
		"    interchange: {receiver_id: CLEARINGHOUSE, usage: T}\n" +
		"    schedules: {submit: \"@every 1s\", poll: \"@every 1s\"}\n"
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	r := &crashRig{t: t, dir: dir, cfg: cfg, db: dbURL, sim: srv,
		now: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}
	r.must("migrate", "up", "--config", cfg)
	claims, err := filepath.Abs(filepath.Join("..", "..", "testdata", "claims", "demo.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	// Six demo claims are held by the checks, which import reports with
	// exit status 1.
	out, err := r.command("", "claims", "import", "--config", cfg, claims).CombinedOutput()
	if !strings.Contains(string(out), "60 claims read: 54 ready, 6 invalid") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	return r
}

// command returns a claimflow process, crashing at step when not empty.
func (r *crashRig) command(step string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), claimflowAsMain+"=1")
	if step != "" {
		cmd.Env = append(cmd.Env, pipeline.CrashEnv+"="+step)
	}
	cmd.Dir = r.dir
	return cmd
}

func (r *crashRig) must(args ...string) string {
	r.t.Helper()
	out, err := r.command("", args...).CombinedOutput()
	if err != nil {
		r.t.Fatalf("claimflow %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// crash runs a job that must die by SIGKILL at step.
func (r *crashRig) crash(step string, args ...string) {
	r.t.Helper()
	out, err := r.command(step, args...).CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		r.t.Fatalf("claimflow %s did not die at %s: %v\n%s", args[0], step, err, out)
	}
}

// answerAll lets ten simulated days pass, so that every answer to what has
// been uploaded so far is written.
func (r *crashRig) answerAll() {
	r.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	r.now = r.now.Add(10 * 24 * time.Hour)
	if err := r.sim.AdvanceTo(ctx, r.now); err != nil {
		r.t.Fatal(err)
	}
}

// audit checks the invariants a crash must never break: each ready claim
// went out in exactly one file, no ISA13 was used twice, no batch is left
// unsent, every answer was applied once and the server kept nothing, and
// every claim reached its final status with one posting.
func (r *crashRig) audit() {
	t := r.t
	t.Helper()
	seenPCN := map[string]string{}
	seenISA := map[string]bool{}
	for _, u := range r.sim.Uploads() {
		data, err := os.ReadFile(filepath.Join(r.sim.UserRoot("practice"), u.Name))
		if err != nil {
			t.Fatal(err)
		}
		isa := edi.DetectBytes(data).Control
		if seenISA[isa] {
			t.Errorf("ISA13 %s sent twice", isa)
		}
		seenISA[isa] = true
		rd := x837.NewReader(bytes.NewReader(data))
		for {
			c, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			pcn := c.ClaimInformation.PatientControlNumber
			if prev, ok := seenPCN[pcn]; ok {
				t.Errorf("claim %s sent in %s and again in %s", pcn, prev, u.Name)
			}
			seenPCN[pcn] = u.Name
		}
	}
	if len(seenPCN) != 54 {
		t.Errorf("%d claims sent, want the 54 ready ones", len(seenPCN))
	}
	left, _ := filepath.Glob(filepath.Join(r.sim.UserRoot("practice"), "outbound", "*.*"))
	if len(left) != 0 {
		t.Errorf("answers left on the server: %v", left)
	}

	ctx := context.Background()
	st, err := store.Open(ctx, r.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	built, err := st.BatchesInState(ctx, "simclear", store.BatchBuilt)
	if err != nil || len(built) != 0 {
		t.Errorf("batches never marked uploaded: %d %v", len(built), err)
	}
	page, err := st.ListClaims(ctx, store.ClaimQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[lifecycle.Status]int{}
	for _, c := range page.Claims {
		counts[c.Status]++
	}
	if counts[lifecycle.Invalid] != 6 || counts[lifecycle.RejectedPayer] != 1 ||
		counts[lifecycle.Paid]+counts[lifecycle.PartiallyPaid]+counts[lifecycle.Denied] != 53 {
		t.Errorf("statuses %v", counts)
	}
	if n := r.count("SELECT COUNT(*) FROM remit_claims"); n != 53 {
		t.Errorf("%d claim payments posted, want 53, one per paid claim", n)
	}
	files := r.count("SELECT COUNT(*) FROM files WHERE direction = 'in'")
	if answers := len(r.sim.Responses()); files != answers {
		t.Errorf("%d answer files stored, the server wrote %d", files, answers)
	}
	if uploaded := r.count("SELECT COUNT(*) FROM batches WHERE state <> 'built'"); uploaded !=
		len(r.sim.Uploads()) {
		t.Errorf("%d batches uploaded, the server took %d files", uploaded,
			len(r.sim.Uploads()))
	}
}

// TestCrashAtEachStep kills a real claimflow process at each step where a
// crash could lose a claim, send one twice, reuse a control number or
// apply an answer twice, then lets a new process finish, and audits.
func TestCrashAtEachStep(t *testing.T) {
	if testing.Short() {
		t.Skip("starts many processes")
	}
	for _, step := range []string{pipeline.CrashAfterBuild, pipeline.CrashAfterUpload,
		pipeline.CrashAfterFetch, pipeline.CrashAfterApply} {
		t.Run(step, func(t *testing.T) {
			r := newCrashRig(t)
			if strings.HasPrefix(step, "submit.") {
				r.crash(step, "submit", "--config", r.cfg)
			}
			r.must("submit", "--config", r.cfg)
			r.answerAll()
			if strings.HasPrefix(step, "poll.") {
				r.crash(step, "poll", "--config", r.cfg)
			}
			for i := 0; i < 3; i++ {
				r.must("poll", "--config", r.cfg)
			}
			r.audit()
		})
	}
}

// TestKillTheDaemonAtRandom runs the daemon and kills it with SIGKILL at
// random moments while it submits and polls, restarting it each time, then
// lets it finish and audits.
func TestKillTheDaemonAtRandom(t *testing.T) {
	if testing.Short() {
		t.Skip("starts many processes")
	}
	r := newCrashRig(t)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	for round := 0; round < 4; round++ {
		cmd := r.command("", "serve", "--config", r.cfg)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(200+rng.IntN(1500)) * time.Millisecond)
		if round == 1 {
			r.answerAll() // answers arrive while daemons come and go
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
	}
	// A last daemon runs until everything is in, then stops on SIGTERM.
	r.answerAll()
	cmd := r.command("", "serve", "--config", r.cfg)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(time.Second)
		r.answerAll()
		if settled(t, r) {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("daemon after SIGTERM: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), `msg="daemon stopped"`) {
		t.Errorf("no clean stop in the log:\n%s", out.String())
	}
	r.audit()
}

// settled reports whether no claim waits for an answer any more.
func settled(t *testing.T, r *crashRig) bool {
	ctx := context.Background()
	st, err := store.Open(ctx, r.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	page, err := st.ListClaims(ctx, store.ClaimQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range page.Claims {
		switch c.Status {
		case lifecycle.Ready, lifecycle.Batched, lifecycle.Submitted, lifecycle.Accepted,
			lifecycle.Acknowledged:
			return false
		}
	}
	return len(r.sim.Pending()) == 0
}

// count runs a COUNT query on the rig's database.
func (r *crashRig) count(query string) int {
	r.t.Helper()
	driver, dsn := "postgres", r.db
	if path, ok := strings.CutPrefix(r.db, "sqlite:"); ok {
		driver, dsn = "sqlite", path+"?_pragma=query_only(1)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		r.t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		r.t.Fatal(err)
	}
	return n
}

// TestTwoDaemonsOnOnePostgres runs two daemons on one PostgreSQL database
// and one connection: each job runs on one of them at a time, so every
// claim is sent once and no control number is used twice.
func TestTwoDaemonsOnOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts many processes")
	}
	r := newRig(t, storetest.PostgresURL(t))
	var daemons []*exec.Cmd
	var outs []*bytes.Buffer
	for i := 0; i < 2; i++ {
		cmd := r.command("", "serve", "--config", r.cfg)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		daemons, outs = append(daemons, cmd), append(outs, &out)
	}
	deadline := time.Now().Add(40 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(time.Second)
		r.answerAll()
		if settled(t, r) {
			break
		}
	}
	for i, cmd := range daemons {
		cmd.Process.Signal(syscall.SIGTERM)
		if err := cmd.Wait(); err != nil {
			t.Errorf("daemon %d: %v\n%s", i, err, outs[i])
		}
	}
	r.audit()
	if t.Failed() {
		for i, out := range outs {
			t.Logf("daemon %d:\n%s", i, out)
		}
	}
	// Both ran side by side the whole time.
	for i, out := range outs {
		if !strings.Contains(out.String(), `msg="daemon started"`) {
			t.Errorf("daemon %d never started:\n%s", i, out)
		}
	}
}

// TestSecondDaemonOnSQLiteIsRefused starts two daemons on one SQLite file:
// the second says why it will not run, and exits.
func TestSecondDaemonOnSQLiteIsRefused(t *testing.T) {
	r := newCrashRig(t)
	first := r.command("", "serve", "--config", r.cfg)
	var out bytes.Buffer
	first.Stdout, first.Stderr = &out, &out
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		first.Process.Signal(syscall.SIGTERM)
		first.Wait()
	}()
	for i := 0; i < 100 && !strings.Contains(out.String(), "daemon started"); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	second, err := r.command("", "serve", "--config", r.cfg).CombinedOutput()
	if err == nil || !strings.Contains(string(second),
		"another claimflow daemon is using this SQLite database") {
		t.Fatalf("second daemon: %v\n%s", err, second)
	}
}
