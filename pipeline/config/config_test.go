package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestExampleIsValid(t *testing.T) {
	// The example names a key file beside it; give it one.
	example, err := os.ReadFile("../../docs/claimflow.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "docs")
	if err := os.MkdirAll(filepath.Join(dir, "keys"), 0o700); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "keys", "mainclear_ed25519"), []byte("key"), 0o600)
	os.WriteFile(filepath.Join(dir, "claimflow.example.yaml"), example, 0o600)
	cfg, err := Load(filepath.Join(dir, "claimflow.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cn := cfg.Connections[0]
	if cn.Name != "mainclear" || cn.FollowUp.No277After.D() != 72*time.Hour ||
		cn.SFTP.OpTimeout.D() != 2*time.Minute || !cn.Interchange.AckWanted() ||
		!filepath.IsAbs(cn.SFTP.PrivateKeyFile) || !strings.HasSuffix(cfg.Database,
		"docs/data/claimflow.db") {
		t.Fatalf("unexpected values: %+v", cn)
	}
}

const minimal = `
submitter: {name: NORTHWIND BILLING, id: NWBILL01, contact_phone: "5555550100"}
connections:
  - name: sim
    payers: ["*"]
    sftp: {host: 127.0.0.1, port: 2022, user: practice, password: "${TEST_SFTP_PASSWORD}",
           host_key_fingerprint: "SHA256:abc"}
    upload: {dir: /in}
    download: {dirs: [/out]}
    interchange: {receiver_id: SIMCLEAR, usage: T}
`

func TestDefaults(t *testing.T) {
	t.Setenv("TEST_SFTP_PASSWORD", "s3cret")
	cfg, err := Parse([]byte(minimal), "/etc/claimflow")
	if err != nil {
		t.Fatal(err)
	}
	cn := cfg.Connections[0]
	for _, c := range []struct{ name, got, want string }{
		{"database", cfg.Database, "sqlite:/etc/claimflow/data/claimflow.db"},
		{"password", cn.SFTP.Password.Reveal(), "s3cret"},
		{"password shown", cn.SFTP.Password.String(), "********"},
		{"sender", cn.Interchange.SenderID, "NWBILL01"},
		{"gs receiver", cn.Interchange.GroupReceiver, "SIMCLEAR"},
		{"receiver id", cn.Receiver.ID, "SIMCLEAR"},
		{"archive", cn.Download.ArchiveDir, "/out/archive"},
		{"temp prefix", cn.Upload.TempPrefix, "."},
		{"no 835", cn.FollowUp.No835After.String(), "30d"},
		{"submit", cn.Schedules.Submit, DefaultSubmitSchedule},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestSecretFromFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "pw"), []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	in := strings.Replace(minimal, `password: "${TEST_SFTP_PASSWORD}"`, "password_file: pw", 1)
	cfg, err := Parse([]byte(in), dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Connections[0].SFTP.Password.Reveal(); got != "from-file" {
		t.Fatalf("password %q", got)
	}
}

func TestErrorsNameFieldAndValue(t *testing.T) {
	in := strings.NewReplacer(
		`password: "${TEST_SFTP_PASSWORD}"`, "password: x",
		"usage: T", "usage: X",
		"port: 2022", "port: 70000",
		"upload: {dir: /in}", `upload: {dir: /in, mode: copy, name_template: "{date}.837"}`,
		`host_key_fingerprint: "SHA256:abc"`, `host_key_fingerprint: "abc"`,
	).Replace(minimal) + `    schedules: {poll: "61 * * * *"}` + "\n"
	_, err := Parse([]byte(in), "/tmp")
	if err == nil {
		t.Fatal("no error")
	}
	want := []string{
		`connections[0].interchange.usage: "X" must be one of T, P`,
		`connections[0].schedules.poll: "61 * * * *" end of range (61) above maximum (59): 61`,
		`connections[0].sftp.host_key_fingerprint: "abc" must be "SHA256:" and the base64 digest`,
		`connections[0].sftp.port: "70000" must be 1 to 65535`,
		`connections[0].upload.mode: "copy" must be one of rename, direct`,
		`connections[0].upload.name_template: "{date}.837" must contain {isa} or {batch} ` +
			`so that names never repeat`,
	}
	if got := err.Error(); got != strings.Join(want, "\n") {
		t.Fatalf("got\n%s\nwant\n%s", got, strings.Join(want, "\n"))
	}
}

func TestUnknownKeyAndMissingVariable(t *testing.T) {
	_, err := Parse([]byte("databse: sqlite:x.db\n"), "/tmp")
	if err == nil || err.Error() != "databse: unknown key (line 1)" {
		t.Fatalf("unknown key: %v", err)
	}

	// Unknown keys, by their paths, beside every other problem.
	in := "database: mysql://x\nbogus_key: 1\nlog:\n  levle: debug\n" +
		"connections:\n  - name: a\n    sftp: {host: h, user: u, password: p, hots: x}\n"
	_, err = Parse([]byte(in), "/tmp")
	want := []string{
		"bogus_key: unknown key (line 2)",
		"log.levle: unknown key (line 4)",
		"connections[0].sftp.hots: unknown key (line 7)",
	}
	if err == nil || !strings.HasPrefix(err.Error(), strings.Join(want, "\n")+"\n") ||
		!strings.Contains(err.Error(), "\ndatabase: \"mysql://x\" must start with ") {
		t.Fatalf("unknown keys and others:\n%v", err)
	}
	os.Unsetenv("TEST_SFTP_PASSWORD")
	_, err = Parse([]byte(minimal), "/tmp")
	if err == nil || err.Error() != "environment variables not set: TEST_SFTP_PASSWORD" {
		t.Fatalf("missing variable: %v", err)
	}
}

func TestParseDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"90s": 90 * time.Second, "3d": 72 * time.Hour,
		"45": 45 * time.Second, "1h30m": 90 * time.Minute} {
		got, err := ParseDuration(in)
		if err != nil || got.D() != want {
			t.Errorf("%s: %v %v", in, got, err)
		}
	}
	if _, err := ParseDuration("soon"); err == nil {
		t.Error("soon parsed")
	}
}

func TestKeyFileMustBeReadable(t *testing.T) {
	in := strings.Replace(minimal, `password: "${TEST_SFTP_PASSWORD}"`,
		"private_key_file: keys/absent", 1)
	_, err := Parse([]byte(in), "/nonexistent")
	want := `connections[0].sftp.private_key_file: "/nonexistent/keys/absent" cannot be read: ` +
		"no such file or directory"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v", err)
	}
}
