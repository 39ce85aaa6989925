package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run executes claimflow with args and returns its output and exit code.
func run(t *testing.T, args ...string) (string, int) {
	t.Helper()
	var out bytes.Buffer
	cmd := newRootCmd()
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs(args)
	err := cmd.Execute()
	var ex *exitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &ex):
		return out.String(), ex.code
	}
	t.Fatalf("claimflow %v: %v", args, err)
	return "", 0
}

const claimsDir = "../../testdata/claims"

func TestClaimsCheck(t *testing.T) {
	out, code := run(t, "claims", "check", filepath.Join(claimsDir, "defects.jsonl"))
	if code != 1 || !strings.HasSuffix(out, "14 claims checked, 14 held\n") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	out, code = run(t, "claims", "check", "--json", filepath.Join(claimsDir, "837p-batch.jsonl"))
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 5 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	want := `{"index":4,"line":5,"kind":"837p","held":false,"findings":[` +
		`{"code":"text.transliterated","path":"subscriber.firstName","severity":"info",` +
		`"message":"Accented letters will be sent as plain capitals (for example é as E)."},`
	if !strings.HasPrefix(lines[4], want) {
		t.Fatalf("last line %s", lines[4])
	}
	if _, code = run(t, "claims", "check", "no-such-file.json"); code != 2 {
		t.Fatalf("missing file: exit %d", code)
	}
}

func TestX12BuildAndValidate(t *testing.T) {
	dir := t.TempDir()
	out837 := filepath.Join(dir, "batch.837")
	cfg := filepath.Join(dir, "build.yaml")
	os.WriteFile(cfg, []byte("interchange:\n  sender_qualifier: ZZ\n  sender_id: BRIGHTWATER\n"+
		"  receiver_qualifier: ZZ\n  receiver_id: CASCADECH\n  usage: T\n"+
		"control:\n  interchange: 42\n  group: 7\n  first_set: 12\n"), 0o644)
	out, code := run(t, "x12", "build", "--claims", filepath.Join(claimsDir, "837p-batch.jsonl"),
		"--out", out837, "--config", cfg)
	if code != 0 || !strings.Contains(out, "5 claims read, 5 written as 837p in 1 transaction "+
		"sets (ST02 0012 to 0012), 0 held") {
		t.Fatalf("build: exit %d\n%s", code, out)
	}
	data, _ := os.ReadFile(out837)
	if !bytes.Contains(data, []byte("*000000042*1*T*:~GS*HC*BRIGHTWATER*CASCADECH*")) {
		t.Fatalf("envelope: %.200s", data)
	}
	out, code = run(t, "x12", "validate", out837)
	if code != 0 || !strings.HasPrefix(out, "103 segments, 1 interchanges, 1 groups, "+
		"1 transaction sets, 5 claims, 7 service lines, 0 findings") {
		t.Fatalf("validate: exit %d\n%s", code, out)
	}

	// Held claims are listed and make the exit status 1.
	out, code = run(t, "x12", "build", "--claims", filepath.Join(claimsDir, "defects.jsonl"),
		"--out", filepath.Join(dir, "none.837"))
	if code != 1 || !strings.HasPrefix(out, "claim 0: error npi.check_digit billing.npi: ") ||
		!strings.HasSuffix(out, "14 claims read, none written; "+filepath.Join(dir, "none.837")+
			" not created\n") {
		t.Fatalf("defects: exit %d\n%s", code, out)
	}

	// A file that is not X12 is unreadable; one with findings exits 1.
	os.WriteFile(filepath.Join(dir, "junk"), []byte("hello"), 0o644)
	if _, code = run(t, "x12", "validate", filepath.Join(dir, "junk")); code != 2 {
		t.Fatalf("junk: exit %d", code)
	}
	bad := bytes.Replace(data, []byte("SE*99*0012"), []byte("SE*98*0012"), 1)
	os.WriteFile(filepath.Join(dir, "bad.837"), bad, 0o644)
	out, code = run(t, "x12", "validate", filepath.Join(dir, "bad.837"))
	if code != 1 || !strings.Contains(out, "SE01: the count of segments in the set says 98, "+
		"but there are 99") {
		t.Fatalf("bad count: exit %d\n%s", code, out)
	}
}

func TestX12BuildConfigErrors(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "build.yaml")
	os.WriteFile(cfg, []byte("interchange:\n  usage: X\n"), 0o644)
	out, code := run(t, "x12", "build", "--claims", filepath.Join(claimsDir, "837p-simple.json"),
		"--out", filepath.Join(dir, "x.837"), "--config", cfg)
	if code != 2 {
		t.Fatalf("exit %d\n%s", code, out)
	}
}

// brokenLines writes a JSON Lines file of the first two claims of
// 837p-batch.jsonl with a line that is not JSON and one cut short between
// them, and returns its path.
func brokenLines(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(claimsDir, "837p-batch.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	cut := lines[2][:len(lines[2])/2]
	file := filepath.Join(t.TempDir(), "claims.jsonl")
	content := lines[0] + "\n" + `{"usageIndicator": "T", oops}` + "\n" + cut + "\n" +
		lines[1] + "\n"
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// A broken line of a JSON Lines file is shown with its line number; the
// good lines around it are still checked and imported, and the exit
// status says something was wrong.
func TestClaimsBrokenLine(t *testing.T) {
	file := brokenLines(t)
	out, code := run(t, "claims", "check", file)
	if code != 1 || !strings.Contains(out, "1      error     claim.decode         "+
		"line 2: invalid JSON at byte 1992\n") || !strings.Contains(out,
		"2      error     claim.decode         line 3: incomplete JSON: the claim ends "+
			"before its object closes\n") || !strings.HasSuffix(out,
		"4 claims checked, 2 held\n") {
		t.Errorf("check: exit %d\n%s", code, out)
	}
	out, code = run(t, "claims", "check", "--json", file)
	if code != 1 || !strings.Contains(out, `{"index":1,"line":2,"kind":"unknown","held":true,`+
		`"error":"invalid JSON at byte 1992","findings":[]}`) ||
		!strings.Contains(out, `{"index":3,"line":4,"kind":"837p","held":false,`) {
		t.Errorf("check --json: exit %d\n%s", code, out)
	}

	db := tempDB(t)
	run(t, "migrate", db)
	out, code = run(t, "claims", "import", db, file)
	want := "claim 1 (line 2): refused: invalid JSON at byte 1992\n" +
		"claim 2 (line 3): refused: incomplete JSON: the claim ends before its object " +
		"closes\n" +
		"4 claims read: 2 ready, 0 invalid, 0 duplicates refused, 2 refused\n"
	if code != 1 || out != want {
		t.Errorf("import: exit %d\n%s\nwant\n%s", code, out, want)
	}
	out, _ = run(t, "claims", "list", db, "--status", "ready", "--json")
	if n := strings.Count(strings.TrimSpace(out), "\n") + 1; n != 2 {
		t.Errorf("%d claims stored\n%s", n, out)
	}
}

func TestX12BuildTakesTheDaemonConfiguration(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "a.837")
	example := filepath.Join("..", "..", "docs", "claimflow.example.yaml")
	claims := filepath.Join(claimsDir, "837p-simple.json")
	mustRun(t, "x12", "build", "--claims", claims, "--out", out, "--config", example)
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	isa := strings.Split(string(data[:106]), "*")
	if isa[6] != "NWBILL01       " || isa[8] != "MAINCLEAR      " || isa[15] != "T" {
		t.Errorf("ISA %q", data[:106])
	}
	_, err = runCLI(t, "", "x12", "build", "--claims", claims, "--out", out, "--config",
		example, "--connection", "nope")
	want := "exit status 2: " + example + ": give --connection, one of mainclear"
	if err == nil || err.Error() != want {
		t.Errorf("unknown connection: %v, want %s", err, want)
	}
}
