package sim

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"path"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

// t0 is where every test's ManualClock starts.
var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// SFTP status codes, as the client sees them.
const (
	codeOK          = 0
	codeNoSuchFile  = 2
	codePermission  = 3
	codeFailure     = 4
	codeUnsupported = 8
)

// stubResponder is a test double standing in for the X12 responder: it
// answers every upload with one file per reply, named after the upload
// with the reply's suffix, holding the reply's fixed content.
type stubResponder struct {
	replies []stubReply

	mu  sync.Mutex
	got []Upload
}

type stubReply struct {
	suffix string
	data   string
	delay  time.Duration
}

func (r *stubResponder) Respond(_ context.Context, up Upload) ([]Response, error) {
	r.mu.Lock()
	r.got = append(r.got, up)
	r.mu.Unlock()
	var out []Response
	for _, rp := range r.replies {
		out = append(out, Response{
			Name:  path.Base(up.Name) + rp.suffix,
			Data:  []byte(rp.data),
			Delay: rp.delay,
		})
	}
	return out, nil
}

func (r *stubResponder) uploads() []Upload {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got)
}

// syncBuffer collects log output from several goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// env is a running simulator with two users: alice (key only) and bob
// (key and password "bob-secret"), a ManualClock at t0, and a
// stubResponder answering "ACK" at once.
type env struct {
	t     *testing.T
	s     *Server
	cfg   Config
	clock *ManualClock
	stub  *stubResponder
	keys  map[string]ssh.Signer
	logs  *syncBuffer
}

func newEnv(t *testing.T, modify func(*Config)) *env {
	t.Helper()
	e := &env{
		t:     t,
		clock: NewManualClock(t0),
		stub:  &stubResponder{replies: []stubReply{{suffix: ".ack", data: "ACK"}}},
		keys:  map[string]ssh.Signer{"alice": newSigner(t), "bob": newSigner(t)},
		logs:  &syncBuffer{},
	}
	e.cfg = Config{
		Dir: t.TempDir(),
		Users: []User{
			{Name: "alice", AuthorizedKeys: []ssh.PublicKey{e.keys["alice"].PublicKey()}},
			{Name: "bob", AuthorizedKeys: []ssh.PublicKey{e.keys["bob"].PublicKey()},
				Password: "bob-secret"},
		},
		Responder: e.stub,
		Clock:     e.clock,
		Logger: slog.New(slog.NewTextHandler(e.logs,
			&slog.HandlerOptions{Level: slog.LevelDebug})),
	}
	if modify != nil {
		modify(&e.cfg)
	}
	s, err := Start(t.Context(), e.cfg)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	e.s = s
	return e
}

func newSigner(t *testing.T) ssh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer
}

// dial logs in and opens an SFTP session. The returned net.Conn lets a
// test cut the connection the way a killed client would.
func (e *env) dial(user string, auth ...ssh.AuthMethod) (*sftp.Client, net.Conn, error) {
	nc, err := net.DialTimeout("tcp", e.s.Addr(), 5*time.Second)
	if err != nil {
		return nil, nil, err
	}
	cfg := &ssh.ClientConfig{
		User:            user,
		Auth:            auth,
		HostKeyCallback: ssh.FixedHostKey(e.s.HostPublicKey()),
	}
	cc, chans, reqs, err := ssh.NewClientConn(nc, e.s.Addr(), cfg)
	if err != nil {
		nc.Close()
		return nil, nil, err
	}
	sc := ssh.NewClient(cc, chans, reqs)
	c, err := sftp.NewClient(sc)
	if err != nil {
		sc.Close()
		return nil, nil, err
	}
	e.t.Cleanup(func() {
		c.Close()
		sc.Close()
	})
	return c, nc, nil
}

// client logs user in with their key.
func (e *env) client(user string) *sftp.Client {
	e.t.Helper()
	c, _, err := e.dial(user, ssh.PublicKeys(e.keys[user]))
	if err != nil {
		e.t.Fatalf("log in as %s: %v", user, err)
	}
	return c
}

// flush answers every upload so far and writes every response.
func (e *env) flush() {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.t.Context(), 10*time.Second)
	defer cancel()
	if err := e.s.Flush(ctx); err != nil {
		e.t.Fatalf("Flush: %v", err)
	}
}

// advance moves the clock to t and writes what is due.
func (e *env) advance(t time.Time) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.t.Context(), 10*time.Second)
	defer cancel()
	if err := e.s.AdvanceTo(ctx, t); err != nil {
		e.t.Fatalf("AdvanceTo(%s): %v", t, err)
	}
}

// uploadNames returns the names of the uploads that landed.
func (e *env) uploadNames() []string {
	var names []string
	for _, u := range e.s.Uploads() {
		names = append(names, u.User+":"+u.Name)
	}
	return names
}

// put writes data to name and closes it.
func put(t *testing.T, c *sftp.Client, name string, data []byte) {
	t.Helper()
	f, err := c.Create(name)
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	if _, err := f.Write(data); err != nil {
		t.Fatalf("write %s: %v", name, err)
	}
	if err := f.Close(); err != nil {
		t.Fatalf("close %s: %v", name, err)
	}
}

// get reads a whole file.
func get(t *testing.T, c *sftp.Client, name string) string {
	t.Helper()
	f, err := c.Open(name)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return string(data)
}

// list returns the sorted names in dir.
func list(t *testing.T, c *sftp.Client, dir string) []string {
	t.Helper()
	infos, err := c.ReadDir(dir)
	if err != nil {
		t.Fatalf("list %s: %v", dir, err)
	}
	names := []string{}
	for _, fi := range infos {
		names = append(names, fi.Name())
	}
	slices.Sort(names)
	return names
}

// code returns the SFTP status code behind a client error.
func code(err error) uint32 {
	if err == nil {
		return codeOK
	}
	var se *sftp.StatusError
	switch {
	case errors.As(err, &se):
		return se.Code
	case errors.Is(err, fs.ErrNotExist):
		return codeNoSuchFile
	case errors.Is(err, fs.ErrPermission):
		return codePermission
	}
	return 1000
}

// waitUntil waits, up to a few seconds, for cond to hold under the
// server's lock.
func (e *env) waitUntil(what string, cond func() bool) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.t.Context(), 5*time.Second)
	defer cancel()
	if err := e.s.waitFor(ctx, cond); err != nil {
		e.t.Fatalf("waiting for %s: %v", what, err)
	}
}
