package sim

import (
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/pkg/sftp"
)

// handler serves one SFTP session of one user. Every path it is given is
// cleaned against the user's root, checked against what the user may do
// there, and then used through the user's os.Root only.
//
// What users may do:
//   - read, stat and list anything in their tree;
//   - write files only under the upload folder;
//   - create folders, remove, rename and change times and modes of what
//     lies under the upload or download folder, renaming only within the
//     same one of the two;
//   - nothing that changes the root or the two folders themselves;
//   - no links: symlink and hardlink are not supported.
type handler struct {
	s    *Server
	acct *account
	log  *slog.Logger
}

// Fileread opens a file for reading.
func (h *handler) Fileread(r *sftp.Request) (io.ReaderAt, error) {
	p, err := clean(r.Filepath)
	if err != nil {
		return nil, err
	}
	f, err := h.acct.root.Open(rel(p))
	if err != nil {
		return nil, status(err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, status(err)
	}
	if info.IsDir() {
		f.Close()
		return nil, errIsDir
	}
	return readHandle{f}, nil
}

// Filewrite opens a file for writing.
func (h *handler) Filewrite(r *sftp.Request) (io.WriterAt, error) {
	return h.openWrite(r)
}

// OpenFile opens a file for reading and writing through one handle.
func (h *handler) OpenFile(r *sftp.Request) (sftp.WriterAtReaderAt, error) {
	return h.openWrite(r)
}

func (h *handler) openWrite(r *sftp.Request) (*writeHandle, error) {
	p, err := clean(r.Filepath)
	if err != nil {
		return nil, err
	}
	if ar, ok := h.acct.inside(p); !ok || ar != areaUpload {
		return nil, errDenied
	}

	// The file is always opened for reading too, so that closing it can
	// read back what landed. O_APPEND is left out: writes carry offsets.
	flags := r.Pflags()
	mode := os.O_RDWR
	if flags.Creat {
		mode |= os.O_CREATE
	}
	if flags.Trunc {
		mode |= os.O_TRUNC
	}
	if flags.Excl {
		mode |= os.O_EXCL
	}
	f, err := h.acct.root.OpenFile(rel(p), mode, 0o644)
	if err != nil {
		return nil, status(err)
	}
	w := &writeHandle{s: h.s, acct: h.acct, f: f, max: h.s.cfg.MaxUploadBytes, name: p}
	h.acct.mu.Lock()
	h.acct.writers[w] = struct{}{}
	h.acct.mu.Unlock()
	return w, nil
}

// Filecmd changes the tree: Setstat, Rename, Remove, Mkdir, Rmdir.
func (h *handler) Filecmd(r *sftp.Request) error {
	if r.Method == "Symlink" || r.Method == "Link" {
		return errUnsupported
	}
	p, err := clean(r.Filepath)
	if err != nil {
		return err
	}
	switch r.Method {
	case "Setstat":
		return h.setstat(p, r)
	case "Rename":
		return h.rename(p, r.Target, false)
	case "Remove":
		return h.remove(p)
	case "Mkdir":
		return h.mkdir(p)
	case "Rmdir":
		return h.rmdir(p)
	}
	return errUnsupported
}

// PosixRename renames, replacing the target if it exists
// (posix-rename@openssh.com).
func (h *handler) PosixRename(r *sftp.Request) error {
	p, err := clean(r.Filepath)
	if err != nil {
		return err
	}
	return h.rename(p, r.Target, true)
}

// setstat applies times and permissions and truncates. Owner and group
// are ignored. The root and the two folders accept any change and keep
// their attributes.
func (h *handler) setstat(p string, r *sftp.Request) error {
	a := h.acct
	info, err := a.root.Lstat(rel(p))
	if err != nil {
		return status(err)
	}
	ar, inside := a.inside(p)
	if !inside {
		if ar == areaOther && p != "/" {
			return errDenied
		}
		return nil
	}

	flags, attrs := r.AttrFlags(), r.Attributes()
	if flags.Size {
		if ar != areaUpload || !info.Mode().IsRegular() {
			return errDenied
		}
		if int64(attrs.Size) > h.s.cfg.MaxUploadBytes {
			return errTooLarge
		}
		if err := truncate(a.root, rel(p), int64(attrs.Size)); err != nil {
			return status(err)
		}
	}
	if flags.Permissions {
		// The owner keeps access, or the simulator could not read the file.
		perm := os.FileMode(attrs.Mode).Perm() | 0o600
		if info.IsDir() {
			perm |= 0o700
		}
		if err := a.root.Chmod(rel(p), perm); err != nil {
			return status(err)
		}
	}
	if flags.Acmodtime {
		atime := time.Unix(int64(attrs.Atime), 0)
		mtime := time.Unix(int64(attrs.Mtime), 0)
		if err := a.root.Chtimes(rel(p), atime, mtime); err != nil {
			return status(err)
		}
	}
	return nil
}

func truncate(root *os.Root, name string, size int64) error {
	f, err := root.OpenFile(name, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	err = f.Truncate(size)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// rename moves a file or folder within the upload folder or within the
// download folder. Without replace an existing target is refused, as
// SSH_FXP_RENAME requires. Renaming a temporary name to a final one in
// the upload folder completes an upload, unless the file is still open
// for writing: then closing it does.
func (h *handler) rename(from, target string, replace bool) error {
	a := h.acct
	to, err := clean(target)
	if err != nil {
		return err
	}
	fromArea, ok1 := a.inside(from)
	toArea, ok2 := a.inside(to)
	if !ok1 || !ok2 || fromArea != toArea {
		return errDenied
	}

	a.mu.Lock()
	defer a.mu.Unlock()
	if !replace && from != to {
		if _, err := a.root.Lstat(rel(to)); err == nil {
			return errExists
		}
	}
	if err := a.root.Rename(rel(from), rel(to)); err != nil {
		return status(err)
	}
	open := false
	for w := range a.writers {
		switch {
		case w.name == from:
			w.name, open = to, true
		case within(w.name, from):
			w.name = to + strings.TrimPrefix(w.name, from)
		}
	}

	temp := h.s.cfg.TempNames
	if fromArea != areaUpload || open || !temp.IsTemp(from) || temp.IsTemp(to) {
		return nil
	}
	info, err := a.root.Lstat(rel(to))
	if err != nil || !info.Mode().IsRegular() {
		return nil
	}
	data, err := a.root.ReadFile(rel(to))
	if err != nil {
		h.log.Error("read renamed upload", slog.String(keyFile, to), slog.Any(keyError, err))
		return errFailed
	}
	h.s.arrive(a, to, data)
	return nil
}

// remove deletes a file. A file removed while open for writing no longer
// completes an upload when it is closed.
func (h *handler) remove(p string) error {
	a := h.acct
	if _, ok := a.inside(p); !ok {
		return errDenied
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	info, err := a.root.Lstat(rel(p))
	if err != nil {
		return status(err)
	}
	if info.IsDir() {
		return errIsDir
	}
	if err := a.root.Remove(rel(p)); err != nil {
		return status(err)
	}
	for w := range a.writers {
		if w.name == p {
			w.name = ""
		}
	}
	return nil
}

// mkdir creates a folder under the upload or download folder. Elsewhere
// an existing folder is reported as existing, so that clients creating
// their path step by step get past the folders that are already there.
func (h *handler) mkdir(p string) error {
	a := h.acct
	if _, ok := a.inside(p); !ok {
		if _, err := a.root.Lstat(rel(p)); err == nil {
			return errExists
		}
		return errDenied
	}
	return status(a.root.Mkdir(rel(p), 0o755))
}

// rmdir removes an empty folder under the upload or download folder.
func (h *handler) rmdir(p string) error {
	a := h.acct
	if _, ok := a.inside(p); !ok {
		return errDenied
	}
	info, err := a.root.Lstat(rel(p))
	if err != nil {
		return status(err)
	}
	if !info.IsDir() {
		return errNotDir
	}
	return status(a.root.Remove(rel(p)))
}

// Filelist answers List and Stat.
func (h *handler) Filelist(r *sftp.Request) (sftp.ListerAt, error) {
	p, err := clean(r.Filepath)
	if err != nil {
		return nil, err
	}
	switch r.Method {
	case "List":
		return h.list(p)
	case "Stat":
		info, err := h.acct.root.Stat(rel(p))
		if err != nil {
			return nil, status(err)
		}
		return listerAt{info}, nil
	}
	return nil, errUnsupported
}

// Lstat answers Lstat: a symbolic link is described, not followed.
func (h *handler) Lstat(r *sftp.Request) (sftp.ListerAt, error) {
	p, err := clean(r.Filepath)
	if err != nil {
		return nil, err
	}
	info, err := h.acct.root.Lstat(rel(p))
	if err != nil {
		return nil, status(err)
	}
	return listerAt{info}, nil
}

// Readlink is refused: link targets would describe the local disk.
func (h *handler) Readlink(string) (string, error) {
	return "", errUnsupported
}

func (h *handler) list(p string) (sftp.ListerAt, error) {
	f, err := h.acct.root.Open(rel(p))
	if err != nil {
		return nil, status(err)
	}
	defer f.Close()
	infos, err := f.Readdir(-1)
	if err != nil {
		return nil, status(err)
	}
	slices.SortFunc(infos, func(x, y os.FileInfo) int { return strings.Compare(x.Name(), y.Name()) })
	return listerAt(infos), nil
}

// listerAt serves a listing read in full.
type listerAt []os.FileInfo

// ListAt copies the entries from off on into dst.
func (l listerAt) ListAt(dst []os.FileInfo, off int64) (int, error) {
	if off >= int64(len(l)) {
		return 0, io.EOF
	}
	n := copy(dst, l[off:])
	if n < len(dst) {
		return n, io.EOF
	}
	return n, nil
}

// readHandle is a file open for reading; its errors carry no local path.
type readHandle struct{ f *os.File }

// ReadAt reads from the file.
func (r readHandle) ReadAt(p []byte, off int64) (int, error) {
	n, err := r.f.ReadAt(p, off)
	if err == io.EOF {
		return n, err
	}
	return n, status(err)
}

// Close closes the file.
func (r readHandle) Close() error { return status(r.f.Close()) }
