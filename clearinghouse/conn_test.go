package clearinghouse_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/claimflow/claimflow/clearinghouse"
	"github.com/claimflow/claimflow/clearinghouse/sshdtest"
)

// newEd25519 returns a fresh ed25519 key, private in OpenSSH encoding.
func newEd25519(t *testing.T) (ssh.PublicKey, []byte) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	block, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return sshPub, pem.EncodeToMemory(block)
}

// connect makes a call that needs a connection and reports its error.
func connect(t *testing.T, c *clearinghouse.Client) error {
	t.Helper()
	_, err := c.Exists(testContext(t), "nothing.837")
	return err
}

func TestAuthKeyTypes(t *testing.T) {
	srv := startServer(t)
	// The server's log names the type of the key it accepted. OpenSSH 8.8
	// and later refuse SHA-1 RSA signatures, so RSA succeeds with SHA-2.
	for name, logged := range map[string]string{
		"ed25519": "ED25519", "ecdsa": "ECDSA", "rsa": "RSA",
	} {
		t.Run(name, func(t *testing.T) {
			cfg := config(t, srv, nil)
			cfg.Auth.PrivateKey = srv.UserKeys[name]
			if err := connect(t, newClient(t, cfg)); err != nil {
				t.Fatalf("connect with the %s key: %v", name, err)
			}
			accepted := fmt.Sprintf("Accepted publickey for %s from 127.0.0.1 port \\d+ ssh2: %s ",
				srv.User, logged)
			if !regexp.MustCompile(accepted).MatchString(srv.Log()) {
				t.Errorf("sshd log lacks %q", accepted)
			}
		})
	}
}

func TestAuthPassphraseProtectedKey(t *testing.T) {
	srv := startServer(t)
	raw, err := ssh.ParseRawPrivateKey(srv.UserKeys["ed25519"])
	if err != nil {
		t.Fatal(err)
	}
	const passphrase = "correct horse battery"
	block, err := ssh.MarshalPrivateKeyWithPassphrase(raw, "", []byte(passphrase))
	if err != nil {
		t.Fatal(err)
	}
	protected := pem.EncodeToMemory(block)

	cfg := config(t, srv, nil)
	cfg.Auth = clearinghouse.Auth{PrivateKey: protected, Passphrase: []byte(passphrase)}
	if err := connect(t, newClient(t, cfg)); err != nil {
		t.Fatalf("connect with the protected key: %v", err)
	}

	for _, tt := range []struct {
		passphrase string
		want       string
	}{
		{"wrong horse battery", "passphrase is wrong"},
		{"", "no passphrase is set"},
	} {
		cfg.Auth.Passphrase = []byte(tt.passphrase)
		_, err := clearinghouse.New(cfg)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New with passphrase %q: %v, want %q", tt.passphrase, err, tt.want)
		}
		if tt.passphrase != "" && strings.Contains(err.Error(), tt.passphrase) {
			t.Errorf("error %q shows the passphrase", err)
		}
	}
}

func TestAuthFailureIsNotRetried(t *testing.T) {
	srv := startServer(t)
	_, strangerKey := newEd25519(t)
	const password = "s3cret-Pa55word"
	for _, tt := range []struct {
		label string
		auth  clearinghouse.Auth
	}{
		{"unknown key", clearinghouse.Auth{PrivateKey: strangerKey}},
		{"wrong password", clearinghouse.Auth{Password: []byte(password)}},
	} {
		t.Run(tt.label, func(t *testing.T) {
			proxy := sshdtest.NewProxy(t, srv.Addr())
			cfg := config(t, srv, proxy)
			cfg.Auth = tt.auth
			cfg.Retry.Attempts = 5
			c := newClient(t, cfg)

			err := connect(t, c)
			if !errors.Is(err, clearinghouse.ErrAuth) {
				t.Fatalf("connect: %v, want ErrAuth", err)
			}
			if clearinghouse.IsRetryable(err) {
				t.Errorf("IsRetryable(%v) = true", err)
			}
			if strings.Contains(err.Error(), password) {
				t.Errorf("error %q shows the password", err)
			}

			// Later calls, even one listing several folders, do not try again.
			cfg.Download.Dirs = []string{inboxDir, uploadDir, archiveDir}
			if err := connect(t, c); !errors.Is(err, clearinghouse.ErrAuth) {
				t.Errorf("second call: %v, want ErrAuth", err)
			}
			if _, err := c.Fetch(testContext(t)); !errors.Is(err, clearinghouse.ErrAuth) {
				t.Errorf("Fetch: %v, want ErrAuth", err)
			}
			c2 := newClient(t, cfg)
			if _, err := c2.Fetch(testContext(t)); !errors.Is(err, clearinghouse.ErrAuth) {
				t.Errorf("Fetch of a new client: %v, want ErrAuth", err)
			}
			if n := proxy.Conns(); n != 2 {
				t.Errorf("%d connections for two clients, want 2: "+
					"an auth failure must not be retried", n)
			}
		})
	}
}

func TestHostKeyMismatchIsRefused(t *testing.T) {
	srv := startServer(t)
	other, _ := newEd25519(t)
	want := ssh.FingerprintSHA256(other)
	proxy := sshdtest.NewProxy(t, srv.Addr())
	cfg := config(t, srv, proxy)
	cfg.HostKey.Fingerprints = []string{want}
	cfg.Retry.Attempts = 5

	err := connect(t, newClient(t, cfg))
	if !errors.Is(err, clearinghouse.ErrHostKeyMismatch) {
		t.Fatalf("connect: %v, want ErrHostKeyMismatch", err)
	}
	if clearinghouse.IsRetryable(err) {
		t.Errorf("IsRetryable(%v) = true", err)
	}
	if n := proxy.Conns(); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
	var hk *clearinghouse.HostKeyError
	if !errors.As(err, &hk) {
		t.Fatalf("%v holds no *HostKeyError", err)
	}
	if hk.Presented != srv.Fingerprint() || hk.PresentedType != ssh.KeyAlgoED25519 {
		t.Errorf("presented %s %s, want the server's ed25519 key %s",
			hk.PresentedType, hk.Presented, srv.Fingerprint())
	}
	for _, fp := range []string{srv.Fingerprint(), want} {
		if !strings.Contains(err.Error(), fp) {
			t.Errorf("error %q lacks %s", err, fp)
		}
	}
	if strings.Contains(srv.Log(), "Accepted publickey") {
		t.Error("the client authenticated to a server it did not trust")
	}
}

func TestFingerprintOfAnotherKeyType(t *testing.T) {
	srv := startServer(t)
	ecdsaPin := ssh.FingerprintSHA256(srv.HostKeys[1])

	// By default the ed25519 key is negotiated, so an ECDSA pin fails...
	cfg := config(t, srv, nil)
	cfg.HostKey.Fingerprints = []string{ecdsaPin}
	var hk *clearinghouse.HostKeyError
	if err := connect(t, newClient(t, cfg)); !errors.As(err, &hk) ||
		hk.PresentedType != ssh.KeyAlgoED25519 {
		t.Fatalf("connect with an ECDSA pin: %v, want the ed25519 key refused", err)
	}

	// ...unless the algorithms say otherwise.
	cfg.HostKey.Algorithms = []string{ssh.KeyAlgoECDSA256}
	if err := connect(t, newClient(t, cfg)); err != nil {
		t.Fatalf("connect with an ECDSA pin and algorithm: %v", err)
	}
}

func TestKnownHosts(t *testing.T) {
	srv := startServer(t)
	other, _ := newEd25519(t)
	edLine := sshdtest.KnownHostsLine(srv.Addr(), srv.HostKeys[0])
	ecLine := sshdtest.KnownHostsLine(srv.Addr(), srv.HostKeys[1])
	tests := []struct {
		label   string
		content string
		wantErr string // empty for success
		revoked bool
	}{
		{"both keys", edLine + ecLine, "", false},
		{"ECDSA key only", ecLine, "", false},
		{"another key", sshdtest.KnownHostsLine(srv.Addr(), other),
			"expected ssh-ed25519 " + ssh.FingerprintSHA256(other), false},
		{"another host", sshdtest.KnownHostsLine("127.0.0.2:22", srv.HostKeys[0]),
			"unknown", false},
		{"revoked", edLine + "@revoked * " + string(ssh.MarshalAuthorizedKey(srv.HostKeys[0])),
			"revoked", true},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "known_hosts")
			if err := os.WriteFile(file, []byte(tt.content), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg := config(t, srv, nil)
			cfg.HostKey = clearinghouse.HostKey{KnownHostsFile: file}
			err := connect(t, newClient(t, cfg))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("connect: %v", err)
				}
				return
			}
			var hk *clearinghouse.HostKeyError
			if !errors.As(err, &hk) || hk.Revoked != tt.revoked {
				t.Fatalf("connect: %v, want a host key refusal (revoked %v)", err, tt.revoked)
			}
			for _, want := range []string{tt.wantErr, srv.Fingerprint()} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q lacks %q", err, want)
				}
			}
		})
	}
}

func TestConnectFailureIsRetried(t *testing.T) {
	// A proxy in front of a closed port accepts, then hangs up.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	srv := startServer(t)
	proxy := sshdtest.NewProxy(t, closed)
	cfg := config(t, srv, proxy)
	cfg.Retry.Attempts = 3

	err = connect(t, newClient(t, cfg))
	if !errors.Is(err, clearinghouse.ErrConnection) || !clearinghouse.IsRetryable(err) {
		t.Fatalf("connect: %v, want a retryable ErrConnection", err)
	}
	if n := proxy.Conns(); n != 3 {
		t.Errorf("%d connections, want 3", n)
	}
}

func TestConnectionReusedThenClosedWhenIdle(t *testing.T) {
	srv := startServer(t)
	proxy := sshdtest.NewProxy(t, srv.Addr())
	cfg := config(t, srv, proxy)
	cfg.Timeouts.Idle = 500 * time.Millisecond
	c := newClient(t, cfg)

	for range 3 {
		if err := connect(t, c); err != nil {
			t.Fatal(err)
		}
	}
	if n := proxy.Conns(); n != 1 {
		t.Fatalf("%d connections for three calls in a row, want 1", n)
	}
	time.Sleep(1500 * time.Millisecond)
	if err := connect(t, c); err != nil {
		t.Fatal(err)
	}
	if n := proxy.Conns(); n != 2 {
		t.Errorf("%d connections after idling, want 2", n)
	}
}

func TestClosedClientRefusesCalls(t *testing.T) {
	srv := startServer(t)
	c := newClient(t, config(t, srv, nil))
	if err := connect(t, c); err != nil {
		t.Fatal(err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	err := connect(t, c)
	if err == nil || clearinghouse.IsRetryable(err) || !strings.Contains(err.Error(), "closed") {
		t.Fatalf("call after Close: %v, want a final error", err)
	}
}
