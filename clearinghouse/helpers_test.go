package clearinghouse_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse"
	"github.com/claimflow/claimflow/clearinghouse/sshdtest"
)

// Remote folders every test server has.
const (
	uploadDir   = "upload"
	inboxDir    = "inbox"
	archiveDir  = "archive"
	testTimeout = 30 * time.Second
)

// startServer starts sshd with the test folders in its home.
func startServer(t testing.TB) *sshdtest.Server {
	t.Helper()
	srv := sshdtest.Start(t)
	for _, d := range []string{uploadDir, inboxDir, archiveDir} {
		srv.Mkdir(t, d)
	}
	return srv
}

// config returns a connection to srv (or to a proxy in front of it, when
// proxy is not nil) with short timeouts and delays for tests.
func config(t testing.TB, srv *sshdtest.Server, proxy *sshdtest.Proxy) clearinghouse.Config {
	t.Helper()
	host, port := srv.Host, srv.Port
	if proxy != nil {
		host, port = proxy.Host, proxy.Port
	}
	return clearinghouse.Config{
		Host:    host,
		Port:    port,
		User:    srv.User,
		Auth:    clearinghouse.Auth{PrivateKey: srv.UserKeys["ed25519"]},
		HostKey: clearinghouse.HostKey{Fingerprints: []string{srv.Fingerprint()}},
		Timeouts: clearinghouse.Timeouts{
			Dial: 5 * time.Second, Handshake: 10 * time.Second, Operation: 5 * time.Second,
		},
		Retry: clearinghouse.RetryPolicy{
			Attempts: 3, InitialDelay: 10 * time.Millisecond, MaxDelay: 50 * time.Millisecond,
		},
		Upload: clearinghouse.UploadOptions{Dir: uploadDir},
		Download: clearinghouse.DownloadOptions{
			Dirs:           []string{inboxDir},
			SpoolDir:       t.TempDir(),
			StableInterval: 200 * time.Millisecond,
			After:          clearinghouse.AfterDelete,
		},
	}
}

// newClient returns a client for cfg, closed at cleanup.
func newClient(t testing.TB, cfg clearinghouse.Config) *clearinghouse.Client {
	t.Helper()
	c, err := clearinghouse.New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// testContext returns a context that ends with the test, or after
// testTimeout so that a hung call fails instead of hanging.
func testContext(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), testTimeout)
	t.Cleanup(cancel)
	return ctx
}

// randomBytes returns n random bytes.
func randomBytes(t testing.TB, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// dirNames lists a local folder's entries, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	return names
}

// wantFile fails unless the local file p holds exactly want.
func wantFile(t *testing.T, p string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("read %s: %v", p, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s holds %d bytes (sha256 %s), want %d bytes (sha256 %s)",
			p, len(got), sha256Hex(got), len(want), sha256Hex(want))
	}
}

// wantNoFile fails if the local path p exists.
func wantNoFile(t *testing.T, p string) {
	t.Helper()
	if _, err := os.Lstat(p); err == nil {
		t.Fatalf("%s exists, want none", p)
	}
}
