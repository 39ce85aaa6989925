package clearinghouse_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse"
)

// fetchedNames returns the remote paths of fetched files, in order.
func fetchedNames(fs []clearinghouse.Fetched) []string {
	var names []string
	for _, f := range fs {
		names = append(names, f.Path)
	}
	return names
}

func TestFetchOldFilesAtOnce(t *testing.T) {
	srv := startServer(t)
	srv.Mkdir(t, "inbox2")
	cfg := config(t, srv, nil)
	cfg.Download.Dirs = []string{inboxDir, "inbox2"}
	cfg.Download.Patterns = []string{"*.999", "*.835"}
	cfg.Download.MinAge = time.Minute
	cfg.Download.StableInterval = time.Hour // a second listing would time the test out
	c := newClient(t, cfg)
	ack := []byte("ISA*00*ack~")
	remit := []byte("ISA*00*remittance~")
	ackTime := time.Now().Add(-2 * time.Hour).Truncate(time.Second)
	srv.WriteFile(t, inboxDir+"/x.999", ack, ackTime)
	srv.WriteFile(t, "inbox2/y.835", remit, time.Now().Add(-time.Hour))
	srv.WriteFile(t, inboxDir+"/notes.txt", []byte("other"), time.Now().Add(-time.Hour))

	got, err := c.Fetch(testContext(t))
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if names := fetchedNames(got); !slices.Equal(names, []string{"inbox/x.999", "inbox2/y.835"}) {
		t.Fatalf("fetched %q, want the two matching files, oldest first", names)
	}
	f := got[0]
	if f.Name != "x.999" || f.Size != int64(len(ack)) || !f.ModTime.Equal(ackTime) ||
		f.SHA256 != sha256Hex(ack) {
		t.Errorf("fetched %+v", f)
	}
	if dir, base := filepath.Split(f.LocalPath); filepath.Clean(dir) != cfg.Download.SpoolDir ||
		!strings.HasPrefix(base, sha256Hex(ack)+"-") {
		t.Errorf("LocalPath %s, want the hash in the spool folder", f.LocalPath)
	}
	wantFile(t, f.LocalPath, ack)
	wantFile(t, got[1].LocalPath, remit)

	// Nothing is removed before Done.
	wantFile(t, srv.Path(inboxDir+"/x.999"), ack)
	if err := c.Done(testContext(t), f); err != nil {
		t.Fatalf("Done: %v", err)
	}
	wantNoFile(t, srv.Path(inboxDir+"/x.999"))
	wantNoFile(t, f.LocalPath)
	wantFile(t, srv.Path("inbox2/y.835"), remit)
	wantFile(t, srv.Path(inboxDir+"/notes.txt"), []byte("other"))
}

func TestFetchWaitsForSecondListing(t *testing.T) {
	srv := startServer(t)
	cfg := config(t, srv, nil)
	cfg.Download.StableInterval = 400 * time.Millisecond
	c := newClient(t, cfg)
	content := []byte("ISA*00*fresh~")
	srv.WriteFile(t, inboxDir+"/fresh.999", content, time.Time{})

	start := time.Now()
	got, err := c.Fetch(testContext(t))
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if len(got) != 1 || got[0].SHA256 != sha256Hex(content) {
		t.Fatalf("fetched %q, want fresh.999", fetchedNames(got))
	}
	if waited := time.Since(start); waited < cfg.Download.StableInterval {
		t.Errorf("fetched after %v, before the second listing was due", waited)
	}
}

func TestFetchSkipsFileBeingWritten(t *testing.T) {
	srv := startServer(t)
	cfg := config(t, srv, nil)
	cfg.Download.StableInterval = 500 * time.Millisecond
	cfg.Download.MinAge = time.Hour
	c := newClient(t, cfg)
	p := srv.Path(inboxDir + "/growing.835")
	srv.WriteFile(t, inboxDir+"/growing.835", []byte("ISA*00*"), time.Time{})

	// A writer appends a segment every 10ms until stopped.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		f, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			t.Error(err)
			return
		}
		defer f.Close()
		for {
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
				if _, err := f.WriteString("CLP*A*1*100*80~"); err != nil {
					t.Error(err)
					return
				}
			}
		}
	}()

	got, err := c.Fetch(testContext(t))
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if len(got) != 0 {
		t.Fatalf("fetched %q while it was being written", fetchedNames(got))
	}
	if left := dirNames(t, cfg.Download.SpoolDir); len(left) != 0 {
		t.Errorf("spool folder holds %q", left)
	}

	// Once the writer is done, the file is fetched whole.
	whole, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err = c.Fetch(testContext(t))
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if len(got) != 1 || got[0].Size != int64(len(whole)) {
		t.Fatalf("fetched %+v, want the whole file of %d bytes", got, len(whole))
	}
	wantFile(t, got[0].LocalPath, whole)
}

func TestFetchHandsContentOverOnce(t *testing.T) {
	srv := startServer(t)
	cfg := config(t, srv, nil)
	cfg.Download.MinAge = time.Minute
	c := newClient(t, cfg)
	ctx := testContext(t)
	old := time.Now().Add(-time.Hour)
	same := []byte("ISA*00*the same answer~")
	srv.WriteFile(t, inboxDir+"/a.999", same, old)
	srv.WriteFile(t, inboxDir+"/b.999", same, old.Add(time.Second))

	got, err := c.Fetch(ctx)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if names := fetchedNames(got); !slices.Equal(names, []string{"inbox/a.999"}) {
		t.Fatalf("fetched %q, want a.999 alone", names)
	}

	// While pending, neither file is fetched again.
	if again, err := c.Fetch(ctx); err != nil || len(again) != 0 {
		t.Fatalf("Fetch while pending = %q, %v; want nothing", fetchedNames(again), err)
	}

	// Done settles the copy too.
	if err := c.Done(ctx, got[0]); err != nil {
		t.Fatalf("Done: %v", err)
	}
	if left := dirNames(t, srv.Path(inboxDir)); len(left) != 0 {
		t.Fatalf("inbox holds %q after Done", left)
	}

	// The same content arriving later is settled without a hand-over.
	srv.WriteFile(t, inboxDir+"/c.999", same, old)
	if again, err := c.Fetch(ctx); err != nil || len(again) != 0 {
		t.Fatalf("Fetch of a stored content = %q, %v; want nothing", fetchedNames(again), err)
	}
	wantNoFile(t, srv.Path(inboxDir+"/c.999"))

	// A reused name with new content is new.
	other := []byte("ISA*00*another answer~")
	srv.WriteFile(t, inboxDir+"/a.999", other, old)
	got, err = c.Fetch(ctx)
	if err != nil {
		t.Fatalf("Fetch: %v", err)
	}
	if len(got) != 1 || got[0].SHA256 != sha256Hex(other) {
		t.Fatalf("fetched %+v, want the new content of a.999", got)
	}
	if left := dirNames(t, cfg.Download.SpoolDir); len(left) != 1 ||
		!strings.HasPrefix(left[0], sha256Hex(other)) {
		t.Errorf("spool folder holds %q, want the new content alone", left)
	}
}

func TestReleaseFetchesAgain(t *testing.T) {
	srv := startServer(t)
	cfg := config(t, srv, nil)
	cfg.Download.MinAge = time.Minute
	c := newClient(t, cfg)
	ctx := testContext(t)
	content := []byte("ISA*00*277CA~")
	srv.WriteFile(t, inboxDir+"/r.277", content, time.Now().Add(-time.Hour))

	got, err := c.Fetch(ctx)
	if err != nil || len(got) != 1 {
		t.Fatalf("Fetch = %q, %v", fetchedNames(got), err)
	}
	if err := c.Release(got[0]); err != nil {
		t.Fatalf("Release: %v", err)
	}
	wantNoFile(t, got[0].LocalPath)
	wantFile(t, srv.Path(inboxDir+"/r.277"), content)

	again, err := c.Fetch(ctx)
	if err != nil || len(again) != 1 || again[0].SHA256 != sha256Hex(content) {
		t.Fatalf("Fetch after Release = %q, %v; want r.277 again", fetchedNames(again), err)
	}
	if err := c.Done(ctx, again[0]); err != nil {
		t.Fatalf("Done: %v", err)
	}
	wantNoFile(t, srv.Path(inboxDir+"/r.277"))
}

func TestDoneArchives(t *testing.T) {
	srv := startServer(t)
	cfg := config(t, srv, nil)
	cfg.Download.MinAge = time.Minute
	cfg.Download.After = clearinghouse.AfterArchive
	cfg.Download.ArchiveDir = archiveDir
	c := newClient(t, cfg)
	ctx := testContext(t)
	first := []byte("ISA*00*first~")
	second := []byte("ISA*00*second~")

	for _, content := range [][]byte{first, second} {
		srv.WriteFile(t, inboxDir+"/r.999", content, time.Now().Add(-time.Hour))
		got, err := c.Fetch(ctx)
		if err != nil || len(got) != 1 {
			t.Fatalf("Fetch = %q, %v", fetchedNames(got), err)
		}
		if err := c.Done(ctx, got[0]); err != nil {
			t.Fatalf("Done: %v", err)
		}
	}

	// The second file of the same name keeps the first, and gets the hash.
	wantFile(t, srv.Path(archiveDir+"/r.999"), first)
	wantFile(t, srv.Path(archiveDir+"/r.999."+sha256Hex(second)[:12]), second)
	if left := dirNames(t, srv.Path(inboxDir)); len(left) != 0 {
		t.Errorf("inbox holds %q", left)
	}
}

func TestDoneLeaves(t *testing.T) {
	srv := startServer(t)
	cfg := config(t, srv, nil)
	cfg.Download.MinAge = time.Minute
	cfg.Download.After = clearinghouse.AfterLeave
	c := newClient(t, cfg)
	ctx := testContext(t)
	content := []byte("ISA*00*kept~")
	srv.WriteFile(t, inboxDir+"/k.999", content, time.Now().Add(-time.Hour))

	got, err := c.Fetch(ctx)
	if err != nil || len(got) != 1 {
		t.Fatalf("Fetch = %q, %v", fetchedNames(got), err)
	}
	if err := c.Done(ctx, got[0]); err != nil {
		t.Fatalf("Done: %v", err)
	}
	wantFile(t, srv.Path(inboxDir+"/k.999"), content)
	if again, err := c.Fetch(ctx); err != nil || len(again) != 0 {
		t.Fatalf("Fetch of a file left in place = %q, %v; want nothing", fetchedNames(again), err)
	}
}

func TestDoneSparesNewContentUnderTheSameName(t *testing.T) {
	srv := startServer(t)
	cfg := config(t, srv, nil)
	cfg.Download.MinAge = time.Minute
	c := newClient(t, cfg)
	ctx := testContext(t)
	srv.WriteFile(t, inboxDir+"/r.999", []byte("ISA*00*first~"), time.Now().Add(-time.Hour))

	got, err := c.Fetch(ctx)
	if err != nil || len(got) != 1 {
		t.Fatalf("Fetch = %q, %v", fetchedNames(got), err)
	}
	replaced := []byte("ISA*00*replaced meanwhile~")
	srv.WriteFile(t, inboxDir+"/r.999", replaced, time.Now().Add(-30*time.Minute))
	if err := c.Done(ctx, got[0]); err != nil {
		t.Fatalf("Done: %v", err)
	}
	wantFile(t, srv.Path(inboxDir+"/r.999"), replaced)

	again, err := c.Fetch(ctx)
	if err != nil || len(again) != 1 || again[0].SHA256 != sha256Hex(replaced) {
		t.Fatalf("Fetch = %q, %v; want the replaced r.999", fetchedNames(again), err)
	}
}

func TestFetchReportsFolderErrorsAndGoesOn(t *testing.T) {
	srv := startServer(t)
	srv.MkdirUnreadable(t, "private")
	cfg := config(t, srv, nil)
	cfg.Download.Dirs = []string{"missing", "private", inboxDir}
	cfg.Download.MinAge = time.Minute
	c := newClient(t, cfg)
	ctx := testContext(t)
	content := []byte("ISA*00*answer~")
	srv.WriteFile(t, inboxDir+"/ok.999", content, time.Now().Add(-time.Hour))

	got, err := c.Fetch(ctx)
	if !errors.Is(err, fs.ErrNotExist) || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Fetch with a missing and a private folder: %v, "+
			"want fs.ErrNotExist and fs.ErrPermission", err)
	}
	if names := fetchedNames(got); !slices.Equal(names, []string{"inbox/ok.999"}) {
		t.Fatalf("fetched %q, want ok.999 from the folder that exists", names)
	}
}

func TestDonePermissionDenied(t *testing.T) {
	srv := startServer(t)
	srv.Mkdir(t, "sealed")
	srv.WriteFile(t, "sealed/r.999", []byte("ISA*00*~"), time.Now().Add(-time.Hour))
	srv.MakeReadOnly(t, "sealed")
	cfg := config(t, srv, nil)
	cfg.Download.Dirs = []string{"sealed"}
	cfg.Download.MinAge = time.Minute
	c := newClient(t, cfg)
	ctx := testContext(t)

	got, err := c.Fetch(ctx)
	if err != nil || len(got) != 1 {
		t.Fatalf("Fetch = %q, %v", fetchedNames(got), err)
	}
	err = c.Done(ctx, got[0])
	if !errors.Is(err, fs.ErrPermission) || clearinghouse.IsRetryable(err) {
		t.Fatalf("Done in a read-only folder: %v, want a final fs.ErrPermission", err)
	}
	if _, err := os.Stat(srv.Path("sealed/r.999")); err != nil {
		t.Errorf("remote file: %v", err)
	}
}

func TestDoneRefusesUnknownFile(t *testing.T) {
	srv := startServer(t)
	c := newClient(t, config(t, srv, nil))
	err := c.Done(testContext(t), clearinghouse.Fetched{
		RemoteFile: clearinghouse.RemoteFile{Path: "inbox/r.999"}, SHA256: sha256Hex(nil)})
	if !errors.Is(err, fs.ErrInvalid) {
		t.Fatalf("Done of a file never fetched: %v, want fs.ErrInvalid", err)
	}
}
