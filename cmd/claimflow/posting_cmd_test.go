package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// tempDB returns a --db flag for a new SQLite file.
func tempDB(t *testing.T) string {
	return "--db=sqlite:" + filepath.Join(t.TempDir(), "claimflow.db")
}

func TestCommandsRefuseAnOldSchema(t *testing.T) {
	db := tempDB(t)
	// An empty file is a database of no schema; a missing one is refused
	// before (see TestDefaultDatabase).
	if err := os.WriteFile(strings.TrimPrefix(db, "--db=sqlite:"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"claims", "list", db},
		{"claims", "import", db, filepath.Join(claimsDir, "837p-simple.json")},
		{"files", "ingest", db, "root.go"},
	} {
		var out strings.Builder
		cmd := newRootCmd()
		cmd.SetOut(&out)
		cmd.SetErr(&out)
		cmd.SetArgs(args)
		err := cmd.Execute()
		if err == nil || !strings.Contains(err.Error(), "lacks migrations [1 2 3 20 21 22]") {
			t.Errorf("%v: %v", args, err)
		}
	}
	out, code := run(t, "migrate", "status", db)
	if code != 0 || !strings.Contains(out, "00003    00003_posting.sql               pending") {
		t.Errorf("status exit %d\n%s", code, out)
	}
	out, code = run(t, "migrate", "up", db)
	if code != 0 || out != "applied 00001 00001_claims_batches_files.sql\n"+
		"applied 00002 00002_answers.sql\napplied 00003 00003_posting.sql\n"+
		"applied 00020 00020_web_access.sql\napplied 00021 00021_view_indexes.sql\n"+
		"applied 00022 00022_claim_money.sql\n" {
		t.Errorf("up exit %d\n%s", code, out)
	}
	out, code = run(t, "migrate", db)
	if code != 0 || out != "the schema is up to date\n" {
		t.Errorf("second up exit %d\n%s", code, out)
	}
	if _, code := run(t, "migrate", "down", db); code != 2 {
		t.Errorf("migrate down: exit %d", code)
	}
}

func TestClaimsCommands(t *testing.T) {
	db := tempDB(t)
	run(t, "migrate", db)

	out, code := run(t, "claims", "import", db, filepath.Join(claimsDir, "837p-batch.jsonl"))
	if code != 0 || !strings.HasSuffix(out, "5 claims read: 5 ready, 0 invalid, "+
		"0 duplicates refused, 0 refused\n") {
		t.Fatalf("import exit %d\n%s", code, out)
	}
	out, code = run(t, "claims", "import", db, filepath.Join(claimsDir, "837p-batch.jsonl"))
	if code != 1 || !strings.HasSuffix(out, "5 claims read: 0 ready, 0 invalid, "+
		"5 duplicates refused, 0 refused\n") || !strings.Contains(out,
		"claim 0 (JFM2026000201): refused: patient control number already held by live claim") {
		t.Fatalf("import again exit %d\n%s", code, out)
	}
	out, code = run(t, "claims", "import", db, filepath.Join(claimsDir, "defects.jsonl"))
	if code != 1 || !strings.Contains(out, " error ") {
		t.Fatalf("defects exit %d\n%s", code, out)
	}

	out, code = run(t, "claims", "list", db, "--status", "ready", "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var first claimJSON
	if code != 0 || len(lines) != 5 || json.Unmarshal([]byte(lines[0]), &first) != nil ||
		first.PCN != "JFM2026000201" || first.Status != "ready" || first.TotalCents != 12500 {
		t.Fatalf("list exit %d\n%s", code, out)
	}
	if _, code := run(t, "claims", "list", db, "--status", "lost"); code != 2 {
		t.Errorf("unknown status: exit %d", code)
	}

	out, code = run(t, "claims", "show", db, "JFM2026000201", "--json")
	var shown struct {
		Claim    claimJSON
		Balance  balanceJSON
		Timeline []eventJSON
	}
	if code != 0 || json.Unmarshal([]byte(out), &shown) != nil ||
		shown.Claim.ID != first.ID || shown.Balance.OpenCents != 12500 ||
		len(shown.Timeline) != 2 || shown.Timeline[1].StatusAfter != "ready" {
		t.Fatalf("show exit %d\n%s", code, out)
	}
	out, code = run(t, "claims", "show", db, first.ID)
	if code != 0 || !strings.Contains(out, "status ready, version 1") ||
		!strings.Contains(out, "checked   1  received -> ready  findings: 0, errors: 0") {
		t.Errorf("show exit %d\n%s", code, out)
	}
	if _, code := run(t, "claims", "show", db, "NOSUCHCLAIM"); code != 1 {
		t.Errorf("show of nothing: exit %d", code)
	}

	// A correction from a file, then a void of the claim never sent.
	out, code = run(t, "claims", "correct", db, first.ID,
		filepath.Join(claimsDir, "837p-simple.json"))
	if code != 0 || !strings.HasSuffix(out, "claim "+first.ID+" version 2: ready\n") {
		t.Errorf("correct exit %d\n%s", code, out)
	}
	out, code = run(t, "claims", "void", db, first.ID)
	if code != 0 || out != "claim "+first.ID+" withdrawn: void\n" {
		t.Errorf("void exit %d\n%s", code, out)
	}
}

func TestFilesIngest(t *testing.T) {
	dir := t.TempDir()
	db := "--db=sqlite:" + filepath.Join(dir, "claimflow.db")
	run(t, "migrate", db)
	report := filepath.Join(dir, "report.txt")
	os.WriteFile(report, []byte("Daily report\nAccepted: 3\n"), 0o600)
	ta1 := filepath.Join("..", "..", "edi", "ta1", "testdata", "accepted.edi")
	out, code := run(t, "files", "ingest", db, "--connection", "cascade", report, ta1, ta1)
	want := report + ": not X12: kept as a report, file "
	if code != 0 || !strings.HasPrefix(out, want) ||
		!strings.Contains(out, ta1+": TA1 applied as file ") ||
		!strings.Contains(out, "0 claims, 0 events (0 moved a claim), 1 unmatched") ||
		!strings.Contains(out, ": nothing changed") {
		t.Fatalf("ingest exit %d\n%s", code, out)
	}
	out, code = run(t, "files", "unmatched", db)
	if code != 0 || !strings.Contains(out, "TA1   ISA13 ") {
		t.Errorf("unmatched exit %d\n%s", code, out)
	}
	broken := filepath.Join(dir, "broken.x12")
	content, _ := os.ReadFile(ta1)
	os.WriteFile(broken, append(content, "ISA*00*BROKEN~"...), 0o600)
	out, code = run(t, "files", "ingest", db, broken)
	if code != 1 || !strings.Contains(out, "TA1, unreadable: kept as file") {
		t.Errorf("ingest of a broken file: exit %d\n%s", code, out)
	}

	// The unreadable file waits on the work list until a person closes it.
	id := strings.Fields(out[strings.Index(out, "kept as file")+len("kept as file"):])[0]
	id = strings.TrimRight(id, ":,")
	if out, _ := run(t, "worklist", db, "--status", "file"); !strings.Contains(out, id) {
		t.Fatalf("worklist lacks %s\n%s", id, out)
	}
	if _, err := runCLI(t, "", "files", "close", db, id); err == nil ||
		!strings.Contains(err.Error(), "say why it is closed") {
		t.Errorf("close without a reason: %v", err)
	}
	if out := mustRun(t, "files", "close", db, id, "--reason", "sent again as ta1-0502"); out !=
		"closed: kept, and off the work list\n" {
		t.Errorf("close: %q", out)
	}
	if out, _ := run(t, "worklist", db, "--status", "file"); strings.Contains(out, id) {
		t.Errorf("worklist after close\n%s", out)
	}
	if out, _ := run(t, "files", "show", db, id); !strings.Contains(out, "State:         closed") ||
		!strings.Contains(out, "info: closed by a person: sent again as ta1-0502") {
		t.Errorf("files show after close\n%s", out)
	}
	if _, err := runCLI(t, "", "files", "close", db, id, "--reason", "again"); err == nil ||
		!strings.Contains(err.Error(), "is closed") {
		t.Errorf("close twice: %v", err)
	}
}

func TestDatabaseFromEnvironmentAndConfig(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(databaseEnv, "sqlite:"+filepath.Join(dir, "env.db"))
	if out, code := run(t, "migrate"); code != 0 || !strings.Contains(out, "applied 00003") {
		t.Fatalf("migrate with the variable: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "env.db")); err != nil {
		t.Errorf("the variable's database was not used: %v", err)
	}
	var f dbFlags
	f.url = "sqlite:flag.db"
	if u, _, _ := f.resolve(); u != "sqlite:flag.db" {
		t.Errorf("--db gives %q", u)
	}
	f = dbFlags{}
	if u, _, _ := f.resolve(); u != "sqlite:"+filepath.Join(dir, "env.db") {
		t.Errorf("the variable gives %q", u)
	}
	// A configuration file named on the command line wins over the
	// variable.
	f.config = filepath.Join(dir, "conf", "claimflow.yaml")
	os.MkdirAll(filepath.Dir(f.config), 0o700)
	if err := os.WriteFile(f.config, []byte("data_dir: data\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if u, _, err := f.resolve(); err != nil || !strings.HasSuffix(u, "conf/data/claimflow.db") {
		t.Errorf("--config gives %q, %v", u, err)
	}
	t.Setenv(databaseEnv, "")
	f = dbFlags{}
	if u, _, _ := f.resolve(); u != "sqlite:data/claimflow.db" {
		t.Errorf("the default is %q", u)
	}
}

// The same 835 in a new envelope is ingested without posting again, and
// files show says which file it repeats; a copy cut short is kept as
// incomplete and waits in the work list.
func TestFilesRepeatAndCut(t *testing.T) {
	dir := t.TempDir()
	db := "--db=sqlite:" + filepath.Join(dir, "claimflow.db")
	run(t, "migrate", db)
	content, err := os.ReadFile(filepath.Join("..", "..", "edi", "x835", "testdata",
		"claims.835"))
	if err != nil {
		t.Fatal(err)
	}
	first := filepath.Join(dir, "remit-0501.835")
	os.WriteFile(first, content, 0o600)
	again := strings.NewReplacer("*260501*0900*", "*260503*1130*", "*000000102*",
		"*000000777*", "*20260501*0900*102*", "*20260503*1130*777*", "GE*1*102~",
		"GE*1*777~", "ST*835*0001*", "ST*835*0009*", "SE*65*0001~", "SE*65*0009~",
		"IEA*1*000000102~", "IEA*1*000000777~").
		Replace(string(content))
	resent := filepath.Join(dir, "remit-0503.835")
	os.WriteFile(resent, []byte(again), 0o600)
	cut := filepath.Join(dir, "remit-cut.835")
	os.WriteFile(cut, []byte(again[:strings.Index(again, "SE*65")]), 0o600)

	out, code := run(t, "files", "ingest", db, cut)
	if code != 1 || !strings.Contains(out, "835, incomplete: kept as file") {
		t.Fatalf("ingest exit %d\n%s", code, out)
	}
	out, _ = run(t, "worklist", db, "--status", "file")
	if !strings.Contains(out, "Why:  The file remit-cut.835 stops after segment 66 (REF)") ||
		!strings.Contains(out, "Next: Ask the clearinghouse to send the file again") {
		t.Errorf("worklist\n%s", out)
	}
	out, code = run(t, "files", "ingest", db, first, resent)
	if code != 0 || !strings.Contains(out, "5 unmatched, 1 findings") ||
		!strings.Contains(out, "0 unmatched, 1 findings") {
		t.Fatalf("ingest exit %d\n%s", code, out)
	}
	out, _ = run(t, "files", "list", db, "--json")
	var page struct {
		Files []struct{ ID, Name, State string }
	}
	if err := json.Unmarshal([]byte(out), &page); err != nil || len(page.Files) != 3 {
		t.Fatalf("list %v\n%s", err, out)
	}
	byName := map[string]string{}
	for _, f := range page.Files {
		byName[f.Name] = f.ID
	}
	out, _ = run(t, "files", "show", db, byName["remit-0503.835"])
	if !strings.Contains(out, "0 payments, 0 claim events, 0 unmatched") || !strings.Contains(out,
		"warning: segment 3 835 set 0009 repeats the payment of set 0001 in file "+
			byName["remit-0501.835"]+" (remit-0501.835): trace CHK00042817 from payer "+
			"1512345678, 510.00, the same 5 claims; nothing in it was posted again") {
		t.Errorf("show the repeat\n%s", out)
	}
	out, _ = run(t, "files", "show", db, byName["remit-cut.835"])
	if !strings.Contains(out, "State:         replaced") || !strings.Contains(out,
		"error: segment 66 the file remit-cut.835 stops after segment 66 (REF): the SE of "+
			"transaction set 0009, the GE of group 777 and the IEA of interchange "+
			"000000777 are missing; a file cut short is not applied") {
		t.Errorf("show the cut file\n%s", out)
	}
	out, _ = run(t, "worklist", db, "--status", "file")
	if strings.Contains(out, "remit-cut.835") {
		t.Errorf("worklist after the complete file\n%s", out)
	}
}

// Without --connection, ingest takes the configuration's only connection,
// refuses to guess among several, and says so when there is none.
func TestIngestConnection(t *testing.T) {
	dir := t.TempDir()
	conn := func(name, payer string) string {
		return "  - name: " + name + "\n    payers: [\"" + payer + "\"]\n" +
			"    sftp: {host: 127.0.0.1, port: 2222, user: practice, password: pw, " +
			"host_key_fingerprint: \"SHA256:VClCOz7OuL9ftvaX1HeGVCfZIvyfIh5ophSBoTk/lXE\"}\n" +
			"    upload: {dir: /inbound}\n    download: {dirs: [/outbound]}\n" +
			"    interchange: {receiver_id: CLEARINGHOUSE, usage: T}\n"
	}
	head := "database: sqlite:" + filepath.Join(dir, "practice.db") + "\ndata_dir: " + dir +
		"\nsubmitter: {name: BRIGHTWATER BILLING CO, id: BWB0042, contact_phone: \"5035550100\"}\n" +
		"connections:\n"
	one, two := filepath.Join(dir, "one.yaml"), filepath.Join(dir, "two.yaml")
	os.WriteFile(one, []byte(head+conn("c1", "*")), 0o600)
	os.WriteFile(two, []byte(head+conn("c1", "*")+conn("c2", "60054")), 0o600)
	ta1 := filepath.Join(dir, "a.ta1")
	os.WriteFile(ta1, []byte("ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*BWB0042        "+
		"*260501*0900*^*00501*000000101*0*T*:~TA1*000000042*260501*0900*A*000~IEA*0*000000101~"),
		0o600)

	if _, err := runCLI(t, "", "files", "ingest", "--config", two, ta1); err == nil ||
		err.Error() != "exit status 2: give --connection, one of c1, c2" {
		t.Errorf("two connections: %v", err)
	}
	mustRun(t, "migrate", "--config", one)
	mustRun(t, "files", "ingest", "--config", one, ta1)
	out := mustRun(t, "files", "list", "--config", one)
	if !strings.Contains(out, "  TA1   applied ") || !strings.Contains(out, "  c1  ") {
		t.Errorf("files list:\n%s", out)
	}
	db := "--db=sqlite:" + filepath.Join(dir, "practice.db")
	out, code := run(t, "files", "ingest", db, ta1)
	if code != 0 || !strings.HasPrefix(out, "no --connection and no configured connection: "+
		"the files are kept under none and matched to the claims of any connection\n") {
		t.Errorf("no configuration: exit %d\n%s", code, out)
	}
}

// import takes several files, each summed up under its name; one with
// claims refused makes the status 1 and the next file is still read.
func TestClaimsImportSeveralFiles(t *testing.T) {
	db := tempDB(t)
	run(t, "migrate", db)
	batch := filepath.Join(claimsDir, "837p-batch.jsonl")
	simple := filepath.Join(claimsDir, "837p-simple.json")
	out, code := run(t, "claims", "import", db, batch, batch, simple)
	want := []string{
		batch + ": 5 claims read: 5 ready, 0 invalid, 0 duplicates refused, 0 refused\n",
		batch + ": claim 0 (JFM2026000201): refused: patient control number already held",
		batch + ": 5 claims read: 0 ready, 0 invalid, 5 duplicates refused, 0 refused\n",
		simple + ": 1 claims read: 1 ready, 0 invalid, 0 duplicates refused, 0 refused\n",
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("lacks %q", w)
		}
	}
	if code != 1 {
		t.Errorf("exit %d\n%s", code, out)
	}
}
