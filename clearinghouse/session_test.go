package clearinghouse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse/sshdtest"
)

// openSession starts sshd and a client connected to it, and returns the
// client's session.
func openSession(t *testing.T) (*sshdtest.Server, *Client, *session) {
	t.Helper()
	srv := sshdtest.Start(t)
	srv.Mkdir(t, "upload")
	c, err := New(Config{
		Host: srv.Host, Port: srv.Port, User: srv.User,
		Auth:     Auth{PrivateKey: srv.UserKeys["ed25519"]},
		HostKey:  HostKey{Fingerprints: []string{srv.Fingerprint()}},
		Timeouts: Timeouts{Operation: 5 * time.Second},
		Upload:   UploadOptions{Dir: "upload"},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	t.Cleanup(cancel)
	if _, err := c.Exists(ctx, "none"); err != nil {
		t.Fatal(err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return srv, c, c.sess
}

func TestOpenSSHExtensionsDetected(t *testing.T) {
	_, _, s := openSession(t)
	if !s.posixRename || !s.fsync {
		t.Errorf("posix-rename %v, fsync %v: OpenSSH offers both", s.posixRename, s.fsync)
	}
}

// pausingReader serves data and waits once, half-way, for resume.
type pausingReader struct {
	data    []byte
	off     int
	paused  chan struct{}
	resume  chan struct{}
	stopped bool
}

func (r *pausingReader) Read(b []byte) (int, error) {
	if !r.stopped && r.off >= len(r.data)/2 {
		r.stopped = true
		close(r.paused)
		<-r.resume
	}
	if r.off == len(r.data) {
		return 0, io.EOF
	}
	n := copy(b, r.data[r.off:])
	r.off += n
	return n, nil
}

func TestUploadNeverReplacesAFileThatAppearsMeanwhile(t *testing.T) {
	for _, posix := range []bool{true, false} {
		t.Run(fmt.Sprintf("posix-rename %v", posix), func(t *testing.T) {
			srv, c, s := openSession(t)
			s.posixRename = posix
			src := &pausingReader{data: make([]byte, 1<<20),
				paused: make(chan struct{}), resume: make(chan struct{})}
			done := make(chan error, 1)
			go func() {
				_, err := c.UploadFrom(t.Context(), "b.837", src)
				done <- err
			}()
			<-src.paused
			other := []byte("ISA*00*placed by someone else~")
			srv.WriteFile(t, "upload/b.837", other, time.Time{})
			close(src.resume)

			if err := <-done; !errors.Is(err, fs.ErrExist) {
				t.Fatalf("Upload: %v, want fs.ErrExist", err)
			}
			got, err := os.ReadFile(srv.Path("upload/b.837"))
			if err != nil || !bytes.Equal(got, other) {
				t.Errorf("b.837 = %q, %v; want it untouched", got, err)
			}
			entries, err := os.ReadDir(srv.Path("upload"))
			if err != nil || len(entries) != 1 {
				t.Errorf("upload folder holds %d entries, %v; want b.837 alone", len(entries), err)
			}
		})
	}
}
