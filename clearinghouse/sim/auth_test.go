package sim

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/ssh"
)

func TestPublicKeyAuth(t *testing.T) {
	e := newEnv(t, nil)
	stranger := newSigner(t)
	cases := []struct {
		name string
		user string
		key  ssh.Signer
		ok   bool
	}{
		{"own key", "alice", e.keys["alice"], true},
		{"unknown key", "alice", stranger, false},
		{"another user's key", "alice", e.keys["bob"], false},
		{"unknown user", "mallory", e.keys["alice"], false},
	}
	for _, tc := range cases {
		_, _, err := e.dial(tc.user, ssh.PublicKeys(tc.key))
		if tc.ok && err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if !tc.ok && (err == nil || !strings.Contains(err.Error(), "unable to authenticate")) {
			t.Errorf("%s: err = %v, want refused", tc.name, err)
		}
	}
}

func TestPasswordAuth(t *testing.T) {
	e := newEnv(t, nil)
	cases := []struct {
		name     string
		user     string
		password string
		ok       bool
	}{
		{"right password", "bob", "bob-secret", true},
		{"wrong password", "bob", "bob-secreT", false},
		{"empty password", "bob", "", false},
		{"user without a password", "alice", "", false},
		{"user without a password, other's password", "alice", "bob-secret", false},
		{"unknown user", "mallory", "bob-secret", false},
	}
	for _, tc := range cases {
		c, _, err := e.dial(tc.user, ssh.Password(tc.password))
		if tc.ok {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			put(t, c, "/inbound/pw.837", []byte(claimFile))
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
			t.Errorf("%s: err = %v, want refused", tc.name, err)
		}
	}
	if got := e.uploadNames(); len(got) != 1 || got[0] != "bob:/inbound/pw.837" {
		t.Errorf("uploads = %q, want bob's one", got)
	}
}

func TestNoPasswordAuthWithoutPasswords(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Users[1].Password = "" })
	_, _, err := e.dial("bob", ssh.Password(""))
	want := "ssh: unable to authenticate, attempted methods [none], " +
		"no supported methods remain"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("err = %v, want to end with %q", err, want)
	}
}

func TestHostKeyIsKeptAcrossRestarts(t *testing.T) {
	e := newEnv(t, nil)
	first := e.s.HostKeyFingerprint()
	if first != ssh.FingerprintSHA256(e.s.HostPublicKey()) {
		t.Fatalf("fingerprint %s does not match the public key", first)
	}
	if !strings.HasPrefix(first, "SHA256:") || len(first) != len("SHA256:")+43 {
		t.Fatalf("fingerprint = %q, want SHA256: and 43 base64 characters", first)
	}
	if got := e.s.HostPublicKey().Type(); got != ssh.KeyAlgoED25519 {
		t.Errorf("host key type = %s, want %s", got, ssh.KeyAlgoED25519)
	}
	keyFile := filepath.Join(e.cfg.Dir, "ssh_host_ed25519_key")
	info, err := os.Stat(keyFile)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("host key file: %v, %v; want mode 0600", info, err)
	}
	pub, err := os.ReadFile(keyFile + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	if string(pub) != string(ssh.MarshalAuthorizedKey(e.s.HostPublicKey())) {
		t.Errorf("host key .pub = %q", pub)
	}
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}

	again, err := Start(t.Context(), e.cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if got := again.HostKeyFingerprint(); got != first {
		t.Errorf("fingerprint after restart = %s, want %s", got, first)
	}
}

func TestClientPinningAnotherKeyIsRefused(t *testing.T) {
	e := newEnv(t, nil)
	cfg := &ssh.ClientConfig{
		User:            "alice",
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(e.keys["alice"])},
		HostKeyCallback: ssh.FixedHostKey(newSigner(t).PublicKey()),
	}
	_, err := ssh.Dial("tcp", e.s.Addr(), cfg)
	if err == nil || !strings.Contains(err.Error(), "host key mismatch") {
		t.Fatalf("dial = %v, want a host key mismatch", err)
	}
}

func TestOnlySFTPIsServed(t *testing.T) {
	e := newEnv(t, nil)
	cfg := &ssh.ClientConfig{
		User:            "alice",
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(e.keys["alice"])},
		HostKeyCallback: ssh.FixedHostKey(e.s.HostPublicKey()),
	}
	sc, err := ssh.Dial("tcp", e.s.Addr(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	sess, err := sc.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.Run("ls /"); err == nil {
		t.Fatal("exec ran, want refused")
	}
	if _, _, err := sc.OpenChannel("direct-tcpip", nil); err == nil {
		t.Fatal("direct-tcpip channel opened, want refused")
	} else {
		var oce *ssh.OpenChannelError
		if !errors.As(err, &oce) || oce.Reason != ssh.UnknownChannelType {
			t.Fatalf("direct-tcpip: %v, want unknown channel type", err)
		}
	}
}

func TestLoadOrCreateKeyAndAuthorizedKeys(t *testing.T) {
	p := filepath.Join(t.TempDir(), "id_ed25519")
	k1, err := LoadOrCreateKey(p)
	if err != nil {
		t.Fatal(err)
	}
	k2, err := LoadOrCreateKey(p)
	if err != nil {
		t.Fatal(err)
	}
	if ssh.FingerprintSHA256(k1.PublicKey()) != ssh.FingerprintSHA256(k2.PublicKey()) {
		t.Fatal("second load made a new key")
	}
	pub, err := os.ReadFile(p + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	other := ssh.MarshalAuthorizedKey(newSigner(t).PublicKey())
	file := "# keys\n\n" + string(pub) + `no-pty ` + string(other)
	keys, err := ParseAuthorizedKeys([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 2 || string(keys[0].Marshal()) != string(k1.PublicKey().Marshal()) ||
		string(ssh.MarshalAuthorizedKey(keys[1])) != string(other) {
		t.Fatalf("parsed %d keys, want the two written", len(keys))
	}
	if _, err := ParseAuthorizedKeys([]byte("# nothing\n")); err == nil {
		t.Error("no keys parsed without error")
	}
	if err := os.WriteFile(p, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOrCreateKey(p); err == nil {
		t.Error("a broken key file was accepted")
	}
}
