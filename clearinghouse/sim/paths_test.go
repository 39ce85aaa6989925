package sim

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/pkg/sftp"
)

// plantOutside puts files beside and inside the simulator's folder that
// alice must never reach, and symbolic links in her tree that lead to
// them.
func plantOutside(t *testing.T, e *env) (outside string) {
	t.Helper()
	outside = filepath.Join(filepath.Dir(e.cfg.Dir), "outside.txt")
	files := map[string]string{
		outside:                                "outside",
		filepath.Join(e.cfg.Dir, "secret.txt"): "secret",
		filepath.Join(e.s.UserRoot("bob"), "inbound", "bob.837"): "bob",
	}
	for name, data := range files {
		if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	in := filepath.Join(e.s.UserRoot("alice"), "inbound")
	links := map[string]string{
		"abs-link":    filepath.Join(e.cfg.Dir, "secret.txt"),
		"rel-link":    "../../../secret.txt",
		"far-link":    "../../../../outside.txt",
		"dir-link":    "../../bob",
		"inside-link": "../outbound",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(in, name)); err != nil {
			t.Fatal(err)
		}
	}
	return outside
}

func TestEscapingTheRootIsRefused(t *testing.T) {
	e := newEnv(t, nil)
	outside := plantOutside(t, e)
	c := e.client("alice")

	reads := []struct {
		path string
		want uint32
	}{
		// ".." stops at the user's root: these name files inside it,
		// which do not exist.
		{"/../secret.txt", codeNoSuchFile},
		{"../../secret.txt", codeNoSuchFile},
		{"/inbound/../../../secret.txt", codeNoSuchFile},
		{"/../bob/inbound/bob.837", codeNoSuchFile},
		{"/../../outside.txt", codeNoSuchFile},
		// Symbolic links leading out are refused.
		{"/inbound/abs-link", codePermission},
		{"/inbound/rel-link", codePermission},
		{"/inbound/far-link", codePermission},
		{"/inbound/dir-link/inbound/bob.837", codePermission},
	}
	for _, r := range reads {
		_, err := c.Open(r.path)
		if got := code(err); got != r.want {
			t.Errorf("open %s: code %d (%v), want %d", r.path, got, err, r.want)
		}
		_, err = c.Stat(r.path)
		if got := code(err); got != r.want {
			t.Errorf("stat %s: code %d (%v), want %d", r.path, got, err, r.want)
		}
	}
	if _, err := c.ReadDir("/inbound/dir-link"); code(err) != codePermission {
		t.Errorf("list through dir-link: code %d (%v), want %d", code(err), err, codePermission)
	}
	if _, err := c.ReadDir("/../.."); err != nil {
		t.Errorf("list /../..: %v, want alice's root", err)
	}
	if got := list(t, c, "/../.."); !slices.Equal(got, []string{"inbound", "outbound"}) {
		t.Errorf("list /../.. = %q, want alice's root", got)
	}

	// A link inside the tree is followed.
	if _, err := c.Stat("/inbound/inside-link"); err != nil {
		t.Errorf("stat inside-link: %v", err)
	}
	info, err := c.Lstat("/inbound/rel-link")
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("lstat rel-link = %v, %v; want a symbolic link", info, err)
	}

	writes := []struct {
		path string
		want uint32
	}{
		{"/../../evil.837", codePermission},
		{"../evil.837", codePermission},
		{"/inbound/abs-link", codePermission},
		{"/inbound/far-link", codePermission},
		{"/inbound/dir-link/inbound/evil.837", codePermission},
	}
	for _, w := range writes {
		_, err := c.Create(w.path)
		if got := code(err); got != w.want {
			t.Errorf("create %s: code %d (%v), want %d", w.path, got, err, w.want)
		}
	}
	put(t, c, "/inbound/.a.837", []byte("x"))
	for _, target := range []string{"/../../a.837", "/inbound/dir-link/inbound/a.837"} {
		if err := c.Rename("/inbound/.a.837", target); code(err) != codePermission {
			t.Errorf("rename to %s: code %d (%v), want %d", target, code(err), err, codePermission)
		}
	}

	// Nothing changed outside alice's tree.
	for name, want := range map[string]string{
		outside:                                "outside",
		filepath.Join(e.cfg.Dir, "secret.txt"): "secret",
	} {
		if data, err := os.ReadFile(name); err != nil || string(data) != want {
			t.Errorf("%s = %q, %v; want %q", name, data, err, want)
		}
	}
	for _, name := range []string{
		filepath.Join(filepath.Dir(e.cfg.Dir), "evil.837"),
		filepath.Join(e.cfg.Dir, "evil.837"),
		filepath.Join(e.cfg.Dir, "a.837"),
		filepath.Join(e.s.UserRoot("alice"), "evil.837"),
		filepath.Join(e.s.UserRoot("bob"), "inbound", "evil.837"),
		filepath.Join(e.s.UserRoot("bob"), "inbound", "a.837"),
	} {
		if _, err := os.Lstat(name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s exists (%v)", name, err)
		}
	}
	if got := e.uploadNames(); len(got) != 0 {
		t.Errorf("uploads = %q, want none", got)
	}
}

func TestLinksAreNotSupported(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client("alice")
	put(t, c, "/inbound/a.837", []byte("x"))
	if err := c.Symlink("/inbound/a.837", "/inbound/s"); code(err) != codeUnsupported {
		t.Errorf("symlink: code %d (%v), want %d", code(err), err, codeUnsupported)
	}
	if err := c.Link("/inbound/a.837", "/inbound/h"); code(err) != codeUnsupported {
		t.Errorf("link: code %d (%v), want %d", code(err), err, codeUnsupported)
	}
	if _, err := c.ReadLink("/inbound/a.837"); code(err) != codeUnsupported {
		t.Errorf("readlink: code %d (%v), want %d", code(err), err, codeUnsupported)
	}
	got, err := c.RealPath("/inbound/../../..")
	if err != nil || got != "/" {
		t.Errorf("realpath = %q, %v; want /", got, err)
	}
}

func TestPermissionsAndStatusCodes(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxUploadBytes = 100 })
	c := e.client("alice")
	put(t, c, "/inbound/a.837", []byte("a"))
	put(t, c, "/inbound/b.837", []byte("b"))
	if err := c.Mkdir("/inbound/sub"); err != nil {
		t.Fatal(err)
	}
	put(t, c, "/inbound/sub/c.837", []byte("c"))
	if err := c.Mkdir("/outbound/archive"); err != nil {
		t.Fatal(err)
	}
	e.flush() // a.837.ack, b.837.ack and c.837.ack in /outbound

	ops := []struct {
		name string
		op   func() error
		want uint32
	}{
		{"create in download", func() error { _, err := c.Create("/outbound/x"); return err },
			codePermission},
		{"create at root", func() error { _, err := c.Create("/x.837"); return err },
			codePermission},
		{"create over upload folder", func() error { _, err := c.Create("/inbound"); return err },
			codePermission},
		{"open missing", func() error { _, err := c.Open("/inbound/none"); return err },
			codeNoSuchFile},
		{"open for write without create", func() error {
			_, err := c.OpenFile("/inbound/none", os.O_WRONLY)
			return err
		}, codeNoSuchFile},
		{"exclusive create of existing", func() error {
			_, err := c.OpenFile("/inbound/a.837", os.O_WRONLY|os.O_CREATE|os.O_EXCL)
			return err
		}, codeFailure},
		{"read a folder", func() error { _, err := c.Open("/inbound"); return err },
			codeFailure},
		{"stat missing", func() error { _, err := c.Stat("/nowhere"); return err },
			codeNoSuchFile},
		{"mkdir at root", func() error { return c.Mkdir("/new") }, codePermission},
		{"mkdir existing area", func() error { return c.Mkdir("/inbound") }, codeFailure},
		{"mkdir all existing", func() error { return c.MkdirAll("/inbound/sub") }, codeOK},
		{"rmdir upload folder", func() error { return c.RemoveDirectory("/inbound") },
			codePermission},
		{"rmdir not empty", func() error { return c.RemoveDirectory("/inbound/sub") },
			codeFailure},
		{"rmdir a file", func() error { return c.RemoveDirectory("/inbound/a.837") },
			codeFailure},
		{"remove missing", func() error { return c.Remove("/inbound/none") }, codeNoSuchFile},
		{"remove at root", func() error { return c.Remove("/outbound") }, codePermission},
		{"rename download folder", func() error { return c.Rename("/outbound", "/out2") },
			codePermission},
		{"rename download to upload", func() error {
			return c.Rename("/outbound/a.837.ack", "/inbound/a.837.ack")
		}, codePermission},
		{"rename onto existing", func() error {
			return c.Rename("/inbound/a.837", "/inbound/b.837")
		}, codeFailure},
		{"rename missing", func() error { return c.Rename("/inbound/none", "/inbound/n2") },
			codeNoSuchFile},
		{"archive a response", func() error {
			return c.Rename("/outbound/a.837.ack", "/outbound/archive/a.837.ack")
		}, codeOK},
		{"remove a response", func() error { return c.Remove("/outbound/b.837.ack") }, codeOK},
		{"truncate in download", func() error { return c.Truncate("/outbound/c.837.ack", 1) },
			codePermission},
		{"setstat outside areas", func() error {
			return c.Chtimes("/nowhere", t0, t0)
		}, codeNoSuchFile},
		{"setstat root ignored", func() error { return c.Chmod("/", 0o700) }, codeOK},
		{"setstat area ignored", func() error { return c.Chmod("/inbound", 0o000) }, codeOK},
	}
	for _, o := range ops {
		if got := code(o.op()); got != o.want {
			t.Errorf("%s: code %d, want %d", o.name, got, o.want)
		}
	}
	if got := list(t, c, "/outbound"); !slices.Equal(got, []string{"archive", "c.837.ack"}) {
		t.Errorf("outbound = %q", got)
	}
	if got := list(t, c, "/outbound/archive"); !slices.Equal(got, []string{"a.837.ack"}) {
		t.Errorf("archive = %q", got)
	}
	info, err := os.Stat(filepath.Join(e.s.UserRoot("alice"), "inbound"))
	if err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("upload folder mode = %v, %v; want 0755 kept", info.Mode(), err)
	}

	// Writing past MaxUploadBytes fails.
	f, err := c.Create("/inbound/big.837")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(make([]byte, 101)); code(err) != codeFailure {
		t.Errorf("write past the cap: code %d (%v), want %d", code(err), err, codeFailure)
	}
	f.Close()
}

func TestPosixRenameReplaces(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client("alice")
	put(t, c, "/inbound/.new.837", []byte("new"))
	put(t, c, "/inbound/old.837", []byte("old"))
	if err := c.PosixRename("/inbound/.new.837", "/inbound/old.837"); err != nil {
		t.Fatal(err)
	}
	if got := get(t, c, "/inbound/old.837"); got != "new" {
		t.Errorf("old.837 = %q, want new", got)
	}
	want := []string{"alice:/inbound/old.837", "alice:/inbound/old.837"}
	if got := e.uploadNames(); !slices.Equal(got, want) {
		t.Errorf("uploads = %q, want %q", got, want)
	}
	if got := e.s.Uploads()[1].SHA256; got != sha("new") {
		t.Errorf("second upload sha256 = %s, want that of %q", got, "new")
	}
}

func TestSetstatAppliesTimesModesAndSize(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client("alice")
	put(t, c, "/inbound/.a.837", []byte("0123456789"))
	if err := c.Truncate("/inbound/.a.837", 4); err != nil {
		t.Fatal(err)
	}
	if err := c.Chmod("/inbound/.a.837", 0o640); err != nil {
		t.Fatal(err)
	}
	mtime := time.Date(2025, 12, 31, 23, 59, 58, 0, time.UTC)
	if err := c.Chtimes("/inbound/.a.837", mtime, mtime); err != nil {
		t.Fatal(err)
	}
	info, err := c.Stat("/inbound/.a.837")
	if err != nil {
		t.Fatal(err)
	}
	if !info.ModTime().Equal(mtime) || info.Mode().Perm() != 0o640 || info.Size() != 4 {
		t.Errorf("stat = %v %v %d, want %v -rw-r----- 4",
			info.ModTime().UTC(), info.Mode(), info.Size(), mtime)
	}

	// The owner keeps read and write, so the file can still be read when
	// it lands.
	if err := c.Chmod("/inbound/.a.837", 0); err != nil {
		t.Fatal(err)
	}
	if info, err := c.Stat("/inbound/.a.837"); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("mode after chmod 0 = %v, %v; want 0600", info.Mode(), err)
	}
	if err := c.Rename("/inbound/.a.837", "/inbound/a.837"); err != nil {
		t.Fatal(err)
	}
	if ups := e.s.Uploads(); len(ups) != 1 || ups[0].Size != 4 || ups[0].SHA256 != sha("0123") {
		t.Errorf("uploads = %+v, want one of 4 bytes", ups)
	}
}

func TestStatusMessagesNameNoLocalPath(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client("alice")
	put(t, c, "/inbound/a.837", []byte("a"))
	put(t, c, "/inbound/b.837", []byte("b"))
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"read a folder", func() error { _, err := c.Open("/inbound"); return err }(),
			`sftp: "is a folder: failure" (SSH_FX_FAILURE)`},
		{"rename onto existing", c.Rename("/inbound/a.837", "/inbound/b.837"),
			`sftp: "already exists: failure" (SSH_FX_FAILURE)`},
		{"rmdir a file", c.RemoveDirectory("/inbound/a.837"),
			`sftp: "not a folder: failure" (SSH_FX_FAILURE)`},
	}
	for _, tc := range cases {
		var se *sftp.StatusError
		if !errors.As(tc.err, &se) {
			t.Errorf("%s: %v, want a status error", tc.name, tc.err)
			continue
		}
		if got := se.Error(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestClean(t *testing.T) {
	cases := map[string]string{
		"":                       "/",
		".":                      "/",
		"..":                     "/",
		"../../etc/passwd":       "/etc/passwd",
		"/inbound/../../x.837":   "/x.837",
		"inbound/./a//b/":        "/inbound/a/b",
		"/inbound/..hidden/../a": "/inbound/a",
	}
	for in, want := range cases {
		got, err := clean(in)
		if err != nil || got != want {
			t.Errorf("clean(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := clean("/inbound/a\x00b"); !errors.Is(err, errDenied) {
		t.Errorf("clean with NUL: %v, want errDenied", err)
	}
}

// TestHandlerCleansRawPaths calls the handler with paths the request
// server would have cleaned already, so that the handler's own cleaning
// is what keeps them inside.
func TestHandlerCleansRawPaths(t *testing.T) {
	e := newEnv(t, nil)
	plantOutside(t, e)
	h := &handler{s: e.s, acct: e.s.accounts["alice"], log: e.s.log}
	for _, p := range []string{"../secret.txt", "inbound/../../secret.txt", "../../outside.txt"} {
		_, err := h.Fileread(&sftp.Request{Method: "Get", Filepath: p})
		if !errors.Is(err, errNotFound) {
			t.Errorf("read %q: %v, want errNotFound", p, err)
		}
	}
	_, err := h.Filewrite(&sftp.Request{Method: "Put", Filepath: "../../x.837",
		Flags: 0x1a}) // write, create, truncate
	if !errors.Is(err, errDenied) {
		t.Errorf("write ../../x.837: %v, want errDenied", err)
	}
	w, err := h.Filewrite(&sftp.Request{Method: "Put", Filepath: "inbound/../inbound/y.837",
		Flags: 0x1a})
	if err != nil {
		t.Fatalf("write inbound/../inbound/y.837: %v", err)
	}
	w.(io.Closer).Close()
	if got := e.uploadNames(); !slices.Equal(got, []string{"alice:/inbound/y.837"}) {
		t.Errorf("uploads = %q", got)
	}
}
