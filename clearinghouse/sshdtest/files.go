package sshdtest

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Path returns the local path of rel, a path relative to the SFTP start
// folder.
func (s *Server) Path(rel string) string { return filepath.Join(s.Root, filepath.FromSlash(rel)) }

// Mkdir creates folder rel, owned by the login user.
func (s *Server) Mkdir(t testing.TB, rel string) {
	t.Helper()
	p := s.Path(rel)
	if err := os.MkdirAll(p, 0o755); err != nil {
		t.Fatal(err)
	}
	s.chown(t, p)
}

// MkdirReadOnly creates folder rel, in which the login user can list and
// read but not create, rename or delete.
func (s *Server) MkdirReadOnly(t testing.TB, rel string) {
	t.Helper()
	s.Mkdir(t, rel)
	s.MakeReadOnly(t, rel)
}

// MakeReadOnly takes from the login user the right to create, rename or
// delete in folder rel: the folder goes to root when sshd runs as root,
// and to mode 0555 otherwise (restored at cleanup).
func (s *Server) MakeReadOnly(t testing.TB, rel string) {
	t.Helper()
	p := s.Path(rel)
	if s.asRoot {
		if err := os.Lchown(p, 0, 0); err != nil {
			t.Fatal(err)
		}
		return
	}
	if err := os.Chmod(p, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.Chmod(p, 0o755) })
}

// MkdirUnreadable creates folder rel, which the login user cannot list:
// owned by root with mode 0700 when sshd runs as root, mode 0 otherwise.
func (s *Server) MkdirUnreadable(t testing.TB, rel string) {
	t.Helper()
	p := s.Path(rel)
	if err := os.MkdirAll(p, 0o700); err != nil {
		t.Fatal(err)
	}
	if !s.asRoot {
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(p, 0o755) })
	}
}

// WriteFile writes a file at rel, owned by the login user, with the given
// modification time unless it is zero.
func (s *Server) WriteFile(t testing.TB, rel string, data []byte, mtime time.Time) {
	t.Helper()
	p := s.Path(rel)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	s.chown(t, p)
	if !mtime.IsZero() {
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}
}

// chown gives p to the login user when running as root.
func (s *Server) chown(t testing.TB, p string) {
	t.Helper()
	if !s.asRoot {
		return
	}
	if err := os.Lchown(p, s.uid, s.gid); err != nil {
		t.Fatal(err)
	}
}
