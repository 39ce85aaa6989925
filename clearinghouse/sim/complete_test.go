package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"slices"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

const claimFile = "ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       " +
	"*260302*0900*^*00501*000000001*0*T*:~GS*HC*SUB*REC*20260302*0900*1*X*005010X222A1~"

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestTempThenRenameLandsOnce(t *testing.T) {
	cases := []struct {
		name  string
		temp  string
		posix bool
	}{
		{"dot prefix", "/inbound/.batch.837", false},
		{"tmp suffix", "/inbound/batch.837.tmp", false},
		{"part suffix", "/inbound/batch.837.part", false},
		{"suffix in capitals", "/inbound/batch.837.TMP", false},
		{"posix rename", "/inbound/.batch.837", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, nil)
			c := e.client("alice")
			put(t, c, tc.temp, []byte(claimFile))
			e.flush()
			if got := e.uploadNames(); len(got) != 0 {
				t.Fatalf("uploads before rename = %q, want none", got)
			}

			var err error
			if tc.posix {
				err = c.PosixRename(tc.temp, "/inbound/batch.837")
			} else {
				err = c.Rename(tc.temp, "/inbound/batch.837")
			}
			if err != nil {
				t.Fatalf("rename: %v", err)
			}
			e.flush()

			ups := e.s.Uploads()
			want := []Entry{{Kind: KindUpload, Seq: 1, Time: t0, User: "alice",
				Name: "/inbound/batch.837", Size: int64(len(claimFile)), SHA256: sha(claimFile)}}
			if !slices.Equal(ups, want) {
				t.Fatalf("uploads = %+v, want %+v", ups, want)
			}
			if got := string(e.stub.uploads()[0].Data); got != claimFile {
				t.Errorf("responder got %q, want the uploaded file", got)
			}
			if got := list(t, c, "/outbound"); !slices.Equal(got, []string{"batch.837.ack"}) {
				t.Errorf("outbound = %q", got)
			}
			if got := get(t, c, "/outbound/batch.837.ack"); got != "ACK" {
				t.Errorf("response = %q, want ACK", got)
			}
		})
	}
}

func TestDirectWriteLandsOnClose(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client("alice")
	f, err := c.Create("/inbound/direct.837")
	if err != nil {
		t.Fatal(err)
	}
	half := len(claimFile) / 2
	if _, err := f.Write([]byte(claimFile[:half])); err != nil {
		t.Fatal(err)
	}
	if got := e.uploadNames(); len(got) != 0 {
		t.Fatalf("uploads while open = %q, want none", got)
	}
	if _, err := f.Write([]byte(claimFile[half:])); err != nil {
		t.Fatal(err)
	}
	if got := e.uploadNames(); len(got) != 0 {
		t.Fatalf("uploads while open = %q, want none", got)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got := e.uploadNames(); !slices.Equal(got, []string{"alice:/inbound/direct.837"}) {
		t.Fatalf("uploads after close = %q", got)
	}
	e.flush()
	ups := e.stub.uploads()
	if len(ups) != 1 || string(ups[0].Data) != claimFile || ups[0].SHA256 != sha(claimFile) {
		t.Fatalf("responder got %+v", ups)
	}
}

func TestFinalNameCanBeAnyDepthUnderUpload(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client("alice")
	if err := c.Mkdir("/inbound/prod"); err != nil {
		t.Fatal(err)
	}
	put(t, c, "/inbound/prod/deep.837", []byte(claimFile))
	if got := e.uploadNames(); !slices.Equal(got, []string{"alice:/inbound/prod/deep.837"}) {
		t.Fatalf("uploads = %q", got)
	}
}

func TestRenameWhileOpenLandsOnClose(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client("alice")
	f, err := c.Create("/inbound/.open.837")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte(claimFile[:10])); err != nil {
		t.Fatal(err)
	}
	if err := c.Rename("/inbound/.open.837", "/inbound/open.837"); err != nil {
		t.Fatal(err)
	}
	if got := e.uploadNames(); len(got) != 0 {
		t.Fatalf("uploads after rename of an open file = %q, want none", got)
	}
	if _, err := f.Write([]byte(claimFile[10:])); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got := e.uploadNames(); !slices.Equal(got, []string{"alice:/inbound/open.837"}) {
		t.Fatalf("uploads = %q", got)
	}
	if got := e.s.Uploads()[0].SHA256; got != sha(claimFile) {
		t.Errorf("sha256 = %s, want that of the whole file", got)
	}
}

func TestOnlyTheRenameToAFinalNameCounts(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client("alice")
	put(t, c, "/inbound/a.837", []byte(claimFile))
	steps := []struct{ from, to string }{
		{"/inbound/a.837", "/inbound/b.837"},  // final to final: already landed
		{"/inbound/b.837", "/inbound/.b.837"}, // final to temporary
		{"/inbound/.b.837", "/inbound/b.tmp"}, // temporary to temporary
	}
	for _, st := range steps {
		if err := c.Rename(st.from, st.to); err != nil {
			t.Fatalf("rename %s: %v", st.from, err)
		}
	}
	if got := e.uploadNames(); !slices.Equal(got, []string{"alice:/inbound/a.837"}) {
		t.Fatalf("uploads = %q, want only the first close", got)
	}
	if err := c.Rename("/inbound/b.tmp", "/inbound/c.837"); err != nil {
		t.Fatal(err)
	}
	want := []string{"alice:/inbound/a.837", "alice:/inbound/c.837"}
	if got := e.uploadNames(); !slices.Equal(got, want) {
		t.Fatalf("uploads = %q, want %q", got, want)
	}
}

func TestTempFileNeverRenamedNeverLands(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client("alice")
	put(t, c, "/inbound/.stays.837", []byte(claimFile))
	put(t, c, "/inbound/stays.837.part", []byte(claimFile))
	e.flush()
	if got := e.uploadNames(); len(got) != 0 {
		t.Fatalf("uploads = %q, want none", got)
	}
	if got := list(t, c, "/outbound"); len(got) != 0 {
		t.Fatalf("outbound = %q, want empty", got)
	}
}

func TestWritesOutsideUploadNeverLand(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client("alice")
	if err := c.Mkdir("/outbound/archive"); err != nil {
		t.Fatal(err)
	}
	put(t, c, "/inbound/.x.837", []byte(claimFile))
	// Moving out of the upload folder is refused, so nothing can land
	// by way of another folder.
	if err := c.Rename("/inbound/.x.837", "/outbound/archive/x.837"); code(err) != codePermission {
		t.Fatalf("rename out of upload: code %d (%v), want %d", code(err), err, codePermission)
	}
	if got := e.uploadNames(); len(got) != 0 {
		t.Fatalf("uploads = %q, want none", got)
	}
}

func TestConfiguredTempNames(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.TempNames = TempNames{Prefixes: []string{"~"}, Suffixes: []string{".uploading"}}
	})
	c := e.client("alice")
	put(t, c, "/inbound/x.837.uploading", []byte(claimFile))
	put(t, c, "/inbound/~y.837", []byte(claimFile))
	if got := e.uploadNames(); len(got) != 0 {
		t.Fatalf("uploads of temporary names = %q, want none", got)
	}
	put(t, c, "/inbound/.z.837", []byte(claimFile)) // a dot is final here
	if err := c.Rename("/inbound/x.837.uploading", "/inbound/x.837"); err != nil {
		t.Fatal(err)
	}
	want := []string{"alice:/inbound/.z.837", "alice:/inbound/x.837"}
	if got := e.uploadNames(); !slices.Equal(got, want) {
		t.Fatalf("uploads = %q, want %q", got, want)
	}
}

func TestInterruptedUploadNeverLands(t *testing.T) {
	for _, name := range []string{"/inbound/cut.837", "/inbound/.cut.837"} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, nil)
			c, nc, err := e.dial("alice", ssh.PublicKeys(e.keys["alice"]))
			if err != nil {
				t.Fatal(err)
			}
			f, err := c.Create(name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.Write([]byte(claimFile[:40])); err != nil {
				t.Fatal(err)
			}
			// The client dies: the TCP connection goes, the file is never
			// closed.
			nc.Close()
			e.waitUntil("the server to see the cut", func() bool { return e.s.interrupts == 1 })
			e.flush()

			if got := e.uploadNames(); len(got) != 0 {
				t.Fatalf("uploads = %q, want none", got)
			}
			if got := e.stub.uploads(); len(got) != 0 {
				t.Fatalf("responder called %d times", len(got))
			}
			c2 := e.client("alice")
			info, err := c2.Stat(name)
			if err != nil {
				t.Fatalf("partial file: %v", err)
			}
			if info.Size() != 40 {
				t.Errorf("partial file size = %d, want 40", info.Size())
			}
			if got := list(t, c2, "/outbound"); len(got) != 0 {
				t.Errorf("outbound = %q, want empty", got)
			}
		})
	}
}

func TestRemovedWhileOpenNeverLands(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client("alice")
	f, err := c.Create("/inbound/gone.837")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte(claimFile)); err != nil {
		t.Fatal(err)
	}
	if err := c.Remove("/inbound/gone.837"); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if got := e.uploadNames(); len(got) != 0 {
		t.Fatalf("uploads = %q, want none", got)
	}
}

func TestUploadSnapshotIgnoresLaterChanges(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Responder = &stubResponder{replies: []stubReply{{".ack", "ACK", time.Hour}}}
	})
	c := e.client("alice")
	put(t, c, "/inbound/snap.837", []byte(claimFile))
	if err := c.Remove("/inbound/snap.837"); err != nil {
		t.Fatal(err)
	}
	e.flush()
	st := e.cfg.Responder.(*stubResponder)
	if ups := st.uploads(); len(ups) != 1 || string(ups[0].Data) != claimFile {
		t.Fatalf("responder got %d uploads, want 1 with the landed content", len(ups))
	}
}

func TestLocalFileMatchesUpload(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client("alice")
	put(t, c, "/inbound/disk.837", []byte(claimFile))
	data, err := os.ReadFile(e.s.UserRoot("alice") + "/inbound/disk.837")
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != claimFile {
		t.Fatalf("file on disk = %q", data)
	}
}
