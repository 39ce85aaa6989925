package clearinghouse_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse"
	"github.com/claimflow/claimflow/clearinghouse/sshdtest"
)

// gateReader serves its content and, once it has served half, stops until
// released, so that a test can look at the server in mid-transfer.
type gateReader struct {
	data    []byte
	off     int
	passed  bool
	reached chan struct{}
	release chan struct{}
}

func newGateReader(data []byte) *gateReader {
	return &gateReader{data: data, reached: make(chan struct{}), release: make(chan struct{})}
}

func (g *gateReader) Read(b []byte) (int, error) {
	if g.off >= len(g.data)/2 && !g.passed {
		g.passed = true
		close(g.reached)
		<-g.release
	}
	if g.off == len(g.data) {
		return 0, io.EOF
	}
	n := copy(b, g.data[g.off:])
	g.off += n
	return n, nil
}

func TestUploadModes(t *testing.T) {
	const name = "claims-0001.837"
	tests := []struct {
		label    string
		mode     clearinghouse.UploadMode
		tempName string
		midway   []string // the upload folder while the transfer is under way
	}{
		{"temp-rename default", "", "", []string{".claims-0001.837.part"}},
		{"temp-rename suffix", clearinghouse.UploadTempRename, "{name}.uploading",
			[]string{"claims-0001.837.uploading"}},
		{"direct", clearinghouse.UploadDirect, "", []string{name}},
	}
	srv := startServer(t)
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			dir := uploadDir + "/" + t.Name()[len("TestUploadModes/"):]
			srv.Mkdir(t, dir)
			cfg := config(t, srv, nil)
			cfg.Upload = clearinghouse.UploadOptions{Dir: dir, Mode: tt.mode, TempName: tt.tempName}
			c := newClient(t, cfg)
			content := randomBytes(t, 2<<20)
			src := newGateReader(content)

			type result struct {
				u   clearinghouse.Uploaded
				err error
			}
			done := make(chan result, 1)
			go func() {
				u, err := c.UploadFrom(testContext(t), name, src)
				done <- result{u, err}
			}()
			select {
			case <-src.reached:
			case r := <-done:
				t.Fatalf("upload ended before the midpoint: %v", r.err)
			}
			if got := dirNames(t, srv.Path(dir)); !slices.Equal(got, tt.midway) {
				t.Errorf("midway the folder holds %q, want %q", got, tt.midway)
			}
			close(src.release)
			r := <-done

			if r.err != nil {
				t.Fatalf("UploadFrom: %v", r.err)
			}
			want := clearinghouse.Uploaded{Path: dir + "/" + name, Size: int64(len(content)),
				SHA256: sha256Hex(content), Attempts: 1}
			if r.u != want {
				t.Errorf("UploadFrom = %+v, want %+v", r.u, want)
			}
			wantFile(t, srv.Path(dir+"/"+name), content)
			if got := dirNames(t, srv.Path(dir)); !slices.Equal(got, []string{name}) {
				t.Errorf("after the upload the folder holds %q, want only %s", got, name)
			}
		})
	}
}

func TestUploadRefusesExistingName(t *testing.T) {
	srv := startServer(t)
	for _, mode := range []clearinghouse.UploadMode{
		clearinghouse.UploadTempRename, clearinghouse.UploadDirect,
	} {
		t.Run(string(mode), func(t *testing.T) {
			dir := uploadDir + "/" + string(mode)
			srv.Mkdir(t, dir)
			old := []byte("ISA*00*earlier batch")
			srv.WriteFile(t, dir+"/b.837", old, time.Time{})
			cfg := config(t, srv, nil)
			cfg.Upload.Dir, cfg.Upload.Mode = dir, mode
			c := newClient(t, cfg)

			_, err := c.Upload(testContext(t), "b.837", []byte("ISA*00*new batch"))
			if !errors.Is(err, fs.ErrExist) {
				t.Fatalf("Upload over an existing file: %v, want fs.ErrExist", err)
			}
			if clearinghouse.IsRetryable(err) {
				t.Errorf("IsRetryable(%v) = true", err)
			}
			wantFile(t, srv.Path(dir+"/b.837"), old)
			if got := dirNames(t, srv.Path(dir)); !slices.Equal(got, []string{"b.837"}) {
				t.Errorf("folder holds %q, want only b.837", got)
			}
		})
	}
}

func TestUploadPermissionDenied(t *testing.T) {
	srv := startServer(t)
	srv.MkdirReadOnly(t, "sealed")
	for _, mode := range []clearinghouse.UploadMode{
		clearinghouse.UploadTempRename, clearinghouse.UploadDirect,
	} {
		t.Run(string(mode), func(t *testing.T) {
			proxy := sshdtest.NewProxy(t, srv.Addr())
			cfg := config(t, srv, proxy)
			cfg.Upload.Dir, cfg.Upload.Mode = "sealed", mode
			c := newClient(t, cfg)

			_, err := c.Upload(testContext(t), "b.837", []byte("ISA*00*"))
			if !errors.Is(err, fs.ErrPermission) {
				t.Fatalf("Upload into a read-only folder: %v, want fs.ErrPermission", err)
			}
			if clearinghouse.IsRetryable(err) {
				t.Errorf("IsRetryable(%v) = true", err)
			}
			if n := proxy.Conns(); n != 1 {
				t.Errorf("%d connections, want 1", n)
			}
			if got := dirNames(t, srv.Path("sealed")); len(got) != 0 {
				t.Errorf("read-only folder holds %q", got)
			}
		})
	}
}

func TestUploadRetriesAfterConnectionCut(t *testing.T) {
	srv := startServer(t)
	for _, mode := range []clearinghouse.UploadMode{
		clearinghouse.UploadTempRename, clearinghouse.UploadDirect,
	} {
		t.Run(string(mode), func(t *testing.T) {
			dir := uploadDir + "/" + string(mode)
			srv.Mkdir(t, dir)
			proxy := sshdtest.NewProxy(t, srv.Addr())
			proxy.Arm(sshdtest.Cut, 1<<20)
			cfg := config(t, srv, proxy)
			cfg.Upload.Dir, cfg.Upload.Mode = dir, mode
			c := newClient(t, cfg)
			content := randomBytes(t, 6<<20)

			u, err := c.Upload(testContext(t), "b.837", content)
			if err != nil {
				t.Fatalf("Upload: %v", err)
			}
			if u.Attempts != 2 || proxy.Conns() != 2 {
				t.Errorf("%d attempts over %d connections, want 2 and 2", u.Attempts, proxy.Conns())
			}
			wantFile(t, srv.Path(dir+"/b.837"), content)
			if got := dirNames(t, srv.Path(dir)); !slices.Equal(got, []string{"b.837"}) {
				t.Errorf("folder holds %q, want only b.837", got)
			}
		})
	}
}

func TestUploadCutWithoutRetryLeavesNoFinalFile(t *testing.T) {
	srv := startServer(t)
	proxy := sshdtest.NewProxy(t, srv.Addr())
	proxy.Arm(sshdtest.Cut, 1<<20)
	cfg := config(t, srv, proxy)
	cfg.Retry.Attempts = 1
	c := newClient(t, cfg)
	content := randomBytes(t, 6<<20)

	_, err := c.Upload(testContext(t), "b.837", content)
	if err == nil {
		t.Fatal("Upload through a cut connection succeeded")
	}
	if !clearinghouse.IsRetryable(err) || !errors.Is(err, clearinghouse.ErrConnection) {
		t.Errorf("error %v: want a retryable ErrConnection", err)
	}
	wantNoFile(t, srv.Path(uploadDir+"/b.837"))

	// The caller's own retry overwrites the temporary file left behind.
	if _, err := c.Upload(testContext(t), "b.837", content); err != nil {
		t.Fatalf("second Upload: %v", err)
	}
	wantFile(t, srv.Path(uploadDir+"/b.837"), content)
	if got := dirNames(t, srv.Path(uploadDir)); !slices.Equal(got, []string{"b.837"}) {
		t.Errorf("folder holds %q, want only b.837", got)
	}
}

func TestUploadRetriesAfterStall(t *testing.T) {
	srv := startServer(t)
	proxy := sshdtest.NewProxy(t, srv.Addr())
	proxy.Arm(sshdtest.Stall, 1<<20)
	cfg := config(t, srv, proxy)
	// Long enough for a busy machine not to stall the second attempt.
	cfg.Timeouts.Operation = 2 * time.Second
	c := newClient(t, cfg)
	content := randomBytes(t, 4<<20)

	u, err := c.Upload(testContext(t), "b.837", content)
	if err != nil {
		t.Fatalf("Upload: %v", err)
	}
	if u.Attempts != 2 || proxy.Conns() != 2 {
		t.Errorf("%d attempts over %d connections, want 2 and 2", u.Attempts, proxy.Conns())
	}
	wantFile(t, srv.Path(uploadDir+"/b.837"), content)
}

func TestUploadCancelled(t *testing.T) {
	srv := startServer(t)
	proxy := sshdtest.NewProxy(t, srv.Addr())
	proxy.Arm(sshdtest.Stall, 1<<20)
	c := newClient(t, config(t, srv, proxy))
	ctx, cancel := context.WithCancel(testContext(t))
	time.AfterFunc(300*time.Millisecond, cancel)

	_, err := c.Upload(ctx, "b.837", randomBytes(t, 4<<20))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Upload: %v, want context.Canceled", err)
	}
	if clearinghouse.IsRetryable(err) {
		t.Errorf("IsRetryable(%v) = true", err)
	}
	if n := proxy.Conns(); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
	wantNoFile(t, srv.Path(uploadDir+"/b.837"))
}

func TestUploadFromSeekerRetriesFromItsPosition(t *testing.T) {
	srv := startServer(t)
	proxy := sshdtest.NewProxy(t, srv.Addr())
	proxy.Arm(sshdtest.Cut, 1<<20)
	c := newClient(t, config(t, srv, proxy))
	content := randomBytes(t, 4<<20)
	r := bytes.NewReader(content)
	if _, err := r.Seek(100, io.SeekStart); err != nil {
		t.Fatal(err)
	}

	u, err := c.UploadFrom(testContext(t), "b.837", r)
	if err != nil {
		t.Fatalf("UploadFrom: %v", err)
	}
	if u.Attempts != 2 {
		t.Errorf("%d attempts, want 2", u.Attempts)
	}
	wantFile(t, srv.Path(uploadDir+"/b.837"), content[100:])
}

func TestStatAndExists(t *testing.T) {
	srv := startServer(t)
	c := newClient(t, config(t, srv, nil))
	ctx := testContext(t)
	content := []byte("ISA*00*          *00*          *ZZ*SUBMITTER")
	before := time.Now().Add(-time.Second).Truncate(time.Second)
	if _, err := c.Upload(ctx, "b.837", content); err != nil {
		t.Fatal(err)
	}

	f, err := c.Stat(ctx, "b.837")
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if f.Path != uploadDir+"/b.837" || f.Name != "b.837" || f.Size != int64(len(content)) {
		t.Errorf("Stat = %+v", f)
	}
	if f.ModTime.Before(before) || f.ModTime.After(time.Now().Add(time.Second)) {
		t.Errorf("ModTime %v, want about now", f.ModTime)
	}
	if ok, err := c.Exists(ctx, "b.837"); !ok || err != nil {
		t.Errorf("Exists(b.837) = %v, %v", ok, err)
	}
	if ok, err := c.Exists(ctx, "none.837"); ok || err != nil {
		t.Errorf("Exists(none.837) = %v, %v", ok, err)
	}
	if _, err := c.Stat(ctx, "none.837"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Stat(none.837): %v, want fs.ErrNotExist", err)
	}
	for _, bad := range []string{"", "..", "../etc/passwd", "sub/b.837"} {
		if _, err := c.Stat(ctx, bad); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("Stat(%q): %v, want fs.ErrInvalid", bad, err)
		}
		if _, err := c.Upload(ctx, bad, content); !errors.Is(err, fs.ErrInvalid) {
			t.Errorf("Upload(%q): %v, want fs.ErrInvalid", bad, err)
		}
	}
	if _, err := os.Stat(srv.Path("etc")); err == nil {
		t.Error("a bad name reached the server")
	}
}
