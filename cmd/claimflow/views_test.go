package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

// seeded returns the URL of a database holding the test scenario.
func seeded(t *testing.T) (string, storetest.Fixture) {
	t.Helper()
	url := storetest.SQLiteURL(t)
	s := storetest.Open(t, url)
	fx := storetest.Seed(t, s, url)
	old := timeNow
	timeNow = func() time.Time { return storetest.AsOf }
	t.Cleanup(func() { timeNow = old })
	return url, fx
}

// runCLI runs claimflow with args and returns what it printed.
func runCLI(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	cmd := newRootCmd()
	var out bytes.Buffer
	cmd.SetArgs(args)
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetIn(strings.NewReader(stdin))
	err := cmd.ExecuteContext(t.Context())
	return out.String(), err
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := runCLI(t, "", args...)
	if err != nil {
		t.Fatalf("claimflow %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func TestReportCommands(t *testing.T) {
	url, _ := seeded(t)
	want := map[string]string{
		"aging": "Open balances as of Apr 15, 2025, by days since first sent: charge minus " +
			"what payers paid and adjusted (CO, OA, PI);\nwhat patients owe (PR) is part of " +
			"it and shown apart.\n\n" +
			"PAYER       NAME                   0-30   31-60  61-90       90+     TOTAL  " +
			"PATIENT  WITH PAYER  CLAIMS\n" +
			"87726       BLUE RIVER INSURANCE   0.00   80.00   0.00  1,234.56  1,314.56     " +
			"0.00    1,314.56       2\n" +
			"60054       NORTHWIND HEALTH PLAN  0.00  140.00   0.00      0.00    140.00    " +
			"20.00      120.00       2\n" +
			"All payers                         0.00  220.00   0.00  1,234.56  1,454.56    " +
			"20.00    1,434.56       4\n",
		"denials": "PAYER       NAME                   DECIDED  DENIED    RATE  DENIED CHARGES  " +
			"PAID WITH LINES DENIED  LINES  DENIED ON LINES  TOP REASON\n" +
			"87726       BLUE RIVER INSURANCE         1       1  100.0%          300.00  " +
			"                     0      0             0.00  " +
			"CO-50 Payer does not consider the service medically necessary\n" +
			"60054       NORTHWIND HEALTH PLAN        1       0    0.0%            0.00  " +
			"                     0      0             0.00\n" +
			"All payers                               2       1   50.0%          300.00  " +
			"                     0      0             0.00\n\n" +
			"Most frequent denial reasons:\n" +
			"CODE   CLAIMS DENIED  AMOUNT  PAID CLAIMS  LINES  LINES AMOUNT  REASON\n" +
			"CO-50              1  300.00            0      0          0.00  " +
			"Payer does not consider the service medically necessary\n",
		"acceptance": "PAYER       NAME                   SENT  ACCEPTED FIRST TIME  REJECTED   " +
			"RATE  WITH A PAYMENT  DAYS TO PAYMENT\n" +
			"87726       BLUE RIVER INSURANCE      3                    2         1  66.7%" +
			"               0                -\n" +
			"60054       NORTHWIND HEALTH PLAN     2                    1         1  50.0%" +
			"               1             19.0\n" +
			"All payers                            5                    3         2  60.0%" +
			"               1             19.0\n",
	}
	for name, w := range want {
		if got := mustRun(t, "report", name, "--db", url); got != w {
			t.Errorf("report %s:\n%s\nwant:\n%s", name, got, w)
		}
	}
	var aging store.AgingReport
	if err := json.Unmarshal([]byte(mustRun(t, "report", "aging", "--db", url, "--json",
		"--payer", "60054")), &aging); err != nil {
		t.Fatal(err)
	}
	if aging.Total.Cents != [4]int64{0, 14000, 0, 0} || aging.Total.PatientCents != 2000 {
		t.Errorf("aging of 60054 = %+v", aging.Total)
	}
}

func TestBatchAndFileCommands(t *testing.T) {
	url, fx := seeded(t)
	out := mustRun(t, "batches", "list", "--db", url, "--limit", "1", "--page", "2")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], fx.Batch1+"  mainclear") ||
		!strings.HasSuffix(lines[1], "000000001  1     0001       4  750.00  Accepted  "+
			"3 accepted, 1 rejected  Uploaded") {
		t.Errorf("second page of batches:\n%s", out)
	}
	out = mustRun(t, "batches", "show", fx.Batch2, "--db", url)
	for _, want := range []string{
		"Control numbers:  ISA13 000000002, GS06 2, ST02 0002\n",
		"999:              Rejected: 0 sets accepted, 1 rejected\n",
		"NM109 at position 8 in loop 2010BA: Segment has element errors",
		"PCN1007  87726  0002  No answer yet  Rejected by the clearinghouse  1,234.56\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("batches show lacks %q:\n%s", want, out)
		}
	}
	out = mustRun(t, "files", "raw", fx.Ack2, "--db", url)
	if !strings.Contains(out, " 2   GS*FA*NWBILL01*MAINCLEAR*20250301*1200*902*X*005010~\n"+
		" 3 ! ST*999*0001~\n"+
		"     ^ warning: segment 3 AK201 control number has leading zeros\n"+
		" 4   AK1*HC*2~\n") {
		t.Errorf("files raw:\n%s", out)
	}
	var page store.FilePage
	if err := json.Unmarshal([]byte(mustRun(t, "files", "list", "--db", url, "--json",
		"--direction", "out")), &page); err != nil || len(page.Files) != 2 {
		t.Errorf("outbound files = %+v, %v", page, err)
	}
	if _, err := runCLI(t, "", "batches", "show", "no-such-batch", "--db", url); err == nil ||
		!strings.Contains(err.Error(), "not found") {
		t.Errorf("missing batch: %v", err)
	}
}

func TestRemitCommands(t *testing.T) {
	url, fx := seeded(t)
	out := mustRun(t, "remit", "list", "--db", url)
	want := "PAYMENT DATE  PAYER                  TRACE    METHOD  CLAIMS  CLAIM PAYMENTS    PLB" +
		"  DEPOSIT  DEPOSIT = PAYMENTS - PLB\n"
	if !strings.Contains(out, want) ||
		!strings.Contains(out, "Mar 25, 2025  BLUE RIVER INSURANCE   CHK7788  CHK          2"+
			"           42.00   0.00    50.00  no, off by $8.00\n") ||
		!strings.Contains(out, "Mar 20, 2025  NORTHWIND HEALTH PLAN  EFT0320  ACH          1"+
			"          180.00  30.00   150.00  yes\n") {
		t.Errorf("remit list:\n%s", out)
	}
	out = mustRun(t, "remit", "show", fx.Remit1, "--db", url)
	for _, w := range []string{
		"PCN1001  Processed as primary  250.00  180.00    20.00       50.00  PAY1001",
		"PR-2   2      20.00  Coinsurance the patient owes\n",
		"WO      PAY0777    Dec 31, 2025   30.00  Overpayment recovery",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("remit show lacks %q:\n%s", w, out)
		}
	}
	out = mustRun(t, "remit", "export", "--csv", "--db", url, "--payer", "87726")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("export = %q, %v", out, err)
	}
	if got := strings.Join(rows[1][:14], "|"); got != "2025-03-25|87726|BLUE RIVER INSURANCE|"+
		"CHK7788|CHK|50.00|PCN1003|PAY1003|Denied|300.00|0.00|0.00|CO-50 300.00 Payer does "+
		"not consider the service medically necessary|N115 Decision based on a local coverage "+
		"determination (LCD)" {
		t.Errorf("row 1 = %s", got)
	}
	if _, err := runCLI(t, "", "remit", "export", "--db", url); err == nil {
		t.Error("export without --csv")
	}

	s := storetest.Open(t, url)
	page, err := s.ListAccess(t.Context(), store.AccessQuery{Via: store.ViaCLI})
	if err != nil || len(page.Entries) != 2 || page.Entries[0].Action != "export" ||
		page.Entries[1].ObjectID != fx.Remit1 {
		t.Errorf("CLI access log = %+v, %v", page.Entries, err)
	}
}

func TestWorklistCommand(t *testing.T) {
	url, fx := seeded(t)
	out := mustRun(t, "worklist", "--db", url, "--status", "rejected_payer")
	if !strings.HasPrefix(out, "1 item. All work: Rejected by the clearinghouse 1, Rejected "+
		"by the payer 1, Denied 1, Stuck: no answer in time 1, Held by the checks 1, Answer "+
		"matching no claim 1, 835 that does not balance 1.\n"+
		"Claims that need action: 5, with $1,780.06 at issue (denied, or still open with the "+
		"payer).\n\n") ||
		!strings.Contains(out, "Rejected by the payer  PCN1002 (claim "+fx.Claims["PCN1002"]+
			")  60054  $120.00 at issue\n"+
			"  Why:  Rejected by the payer: Rejected for invalid information; the status code "+
			"says what: Entity's National Provider Identifier (NPI) (billing provider) "+
			"(A7:562:85)\n"+
			"  Next: Correct the billing provider's NPI, tax ID or address and resubmit\n") {
		t.Errorf("worklist:\n%s", out)
	}
	var wl store.Worklist
	if err := json.Unmarshal([]byte(mustRun(t, "worklist", "--db", url, "--json")),
		&wl); err != nil || wl.Total != 7 || len(wl.Items) != 7 {
		t.Errorf("worklist --json = %+v, %v", wl, err)
	}
	if out := mustRun(t, "worklist", "--db", url, "--status", "overpaid"); out != "No work "+
		"items here; the work list holds 7 in all for the payer and connection asked.\n" {
		t.Errorf("worklist --status overpaid: %q", out)
	}
	if _, err := runCLI(t, "", "worklist", "--db", url, "--status", "lost"); err == nil {
		t.Error("an unknown kind was accepted")
	}
}

func TestUserCommands(t *testing.T) {
	url, _ := seeded(t)
	out := mustRun(t, "users", "add", "ana", "--role", "biller", "--db", url)
	lines := strings.Split(out, "\n")
	pw, ok := strings.CutPrefix(lines[1], "Password (shown only now): ")
	if lines[0] != "User ana added with role biller." || !ok || len(pw) != 20 {
		t.Fatalf("users add:\n%s", out)
	}
	out, err := runCLI(t, "a long enough secret\n", "users", "add", "ops1", "--role", "ops",
		"--password-stdin", "--db", url)
	if err != nil || out != "User ops1 added with role ops.\n" {
		t.Fatalf("users add --password-stdin: %q, %v", out, err)
	}
	s := storetest.Open(t, url)
	if _, err := s.Authenticate(t.Context(), "ops1", "a long enough secret"); err != nil {
		t.Errorf("the password from stdin does not log in: %v", err)
	}
	if _, err := s.Authenticate(t.Context(), "ana", pw); err != nil {
		t.Errorf("the printed password does not log in: %v", err)
	}
	if _, err := runCLI(t, "", "users", "add", "x", "--role", "root", "--db", url); err == nil {
		t.Error("a bad role was accepted")
	}

	out = mustRun(t, "tokens", "add", "ops1", "nightly", "--db", url)
	secret := out[strings.Index(out, "cft_"):]
	secret = strings.TrimSpace(secret)
	if _, err := s.TokenBySecret(t.Context(), secret); err != nil {
		t.Errorf("the printed token does not work: %v", err)
	}
	out = mustRun(t, "tokens", "list", "--db", url)
	if !strings.Contains(out, "nightly  ops1  ops") || !strings.Contains(out, "active") {
		t.Errorf("tokens list:\n%s", out)
	}
	mustRun(t, "tokens", "revoke", secret[:10], "--db", url)
	if _, err := s.TokenBySecret(t.Context(), secret); err == nil {
		t.Error("a revoked token still works")
	}

	out = mustRun(t, "users", "disable", "ana", "--db", url)
	if !strings.HasPrefix(out, "User ana disabled on ") {
		t.Errorf("users disable: %q", out)
	}
	out = mustRun(t, "users", "list", "--db", url)
	if !strings.Contains(out, "ana   biller") || !strings.Contains(out, "disabled") ||
		!strings.Contains(out, "ops1  ops") {
		t.Errorf("users list:\n%s", out)
	}

	if _, err := s.LogAccess(t.Context(), store.Access{Username: "ana", Via: "web",
		Action: "login", RemoteAddr: "10.0.0.9"}); err != nil {
		t.Fatal(err)
	}
	out = mustRun(t, "access-log", "--db", url, "--user", "ana")
	if !strings.Contains(out, "ana   web  login") || !strings.Contains(out, "10.0.0.9") {
		t.Errorf("access-log:\n%s", out)
	}
}

// TestDefaultDatabase checks that a command given no database uses the one
// serve would (claimflow.yaml's), and otherwise names the default file and
// refuses to make it, instead of leaving an empty database behind.
func TestDefaultDatabase(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	t.Setenv(databaseEnv, "")

	_, err := runCLI(t, "", "users", "add", "ana", "--role", "biller")
	if err == nil || !strings.Contains(err.Error(), "database data/claimflow.db (from the "+
		"default, as no --db, --config, $CLAIMFLOW_DATABASE_URL or claimflow.yaml names one) "+
		"does not exist") {
		t.Fatalf("users add without a database: %v", err)
	}
	for _, name := range []string{"claimflow.db", "data"} {
		if _, err := os.Stat(name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s was made: %v", name, err)
		}
	}

	// migrate makes the default file; the other commands then find it.
	mustRun(t, "migrate")
	if out := mustRun(t, "users", "add", "ana", "--role", "biller"); !strings.HasPrefix(out,
		"User ana added with role biller.") {
		t.Errorf("users add: %q", out)
	}

	// With a claimflow.yaml here, its database is the one, as for serve.
	text := "database: sqlite:practice.db\ndata_dir: .\n" +
		"submitter: {name: BRIGHTWATER BILLING CO, id: BWB0042, contact_phone: \"5035550100\"}\n" +
		"connections:\n  - name: c1\n    payers: [\"*\"]\n" +
		"    sftp: {host: 127.0.0.1, port: 2222, user: practice, password: pw, " +
		"host_key_fingerprint: \"SHA256:VClCOz7OuL9ftvaX1HeGVCfZIvyfIh5ophSBoTk/lXE\"}\n" +
		"    upload: {dir: /inbound}\n    download: {dirs: [/outbound]}\n" +
		"    interchange: {receiver_id: CLEARINGHOUSE, usage: T}\n"
	if err := os.WriteFile(defaultConfig, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = runCLI(t, "", "users", "list")
	if err == nil || !strings.Contains(err.Error(), "practice.db (from claimflow.yaml, the "+
		"configuration serve reads) does not exist") {
		t.Fatalf("users list before migrate: %v", err)
	}
	mustRun(t, "migrate")
	if _, err := os.Stat("practice.db"); err != nil {
		t.Fatalf("migrate did not use claimflow.yaml's database: %v", err)
	}
	if out := mustRun(t, "users", "list"); strings.Contains(out, "ana") {
		t.Errorf("users list read the default file, not claimflow.yaml's:\n%s", out)
	}
}
