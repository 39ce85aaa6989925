package sim

import (
	"crypto/subtle"
	"fmt"
	"os"
	"path"
	"strings"
	"sync"

	"golang.org/x/crypto/ssh"
)

// usersDir holds one folder per user inside Config.Dir.
const usersDir = "users"

// area is the part of a user's tree a path falls in; it decides what the
// user may do there.
type area int

const (
	areaOther    area = iota // anything but the two folders below
	areaUpload               // the upload folder and everything under it
	areaDownload             // the download folder and everything under it
)

// account is one user's state, shared by all of the user's connections.
type account struct {
	user User
	root *os.Root // the user's folder; nothing outside it is reachable

	mu      sync.Mutex
	writers map[*writeHandle]struct{} // files open for writing
}

// openAccount creates the user's folders when missing and opens the root.
func openAccount(dir *os.Root, u User) (*account, error) {
	home := path.Join(usersDir, u.Name)
	for _, d := range []string{u.UploadDir, u.DownloadDir} {
		if err := dir.MkdirAll(path.Join(home, d[1:]), 0o755); err != nil {
			return nil, fmt.Errorf("create folders of user %s: %w", u.Name, err)
		}
	}
	root, err := dir.OpenRoot(home)
	if err != nil {
		return nil, fmt.Errorf("open folder of user %s: %w", u.Name, err)
	}
	return &account{user: u, root: root, writers: map[*writeHandle]struct{}{}}, nil
}

// hasKey reports whether key may log in as this user.
func (a *account) hasKey(key ssh.PublicKey) bool {
	want := key.Marshal()
	for _, k := range a.user.AuthorizedKeys {
		if subtle.ConstantTimeCompare(k.Marshal(), want) == 1 {
			return true
		}
	}
	return false
}

// hasPassword reports whether password is this user's password.
func (a *account) hasPassword(password []byte) bool {
	if a.user.Password == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(a.user.Password), password) == 1
}

// clean turns a path sent by a client into an absolute slash path inside
// the user's tree: every "..", ".", repeated or trailing slash is resolved
// lexically against "/", so no name can climb above the root. Symbolic
// links are left to os.Root, which refuses those that lead outside.
func clean(p string) (string, error) {
	if strings.ContainsRune(p, 0) {
		return "", errDenied
	}
	return path.Clean("/" + p), nil
}

// rel turns a clean absolute path into a name relative to the root.
func rel(p string) string {
	if p == "/" {
		return "."
	}
	return p[1:]
}

// areaOf says which area p falls in and whether p is that area's folder
// itself, which the user may not remove, rename or write over.
func (a *account) areaOf(p string) (area, bool) {
	switch {
	case within(p, a.user.UploadDir):
		return areaUpload, p == a.user.UploadDir
	case within(p, a.user.DownloadDir):
		return areaDownload, p == a.user.DownloadDir
	}
	return areaOther, false
}

// inside reports whether p lies strictly inside an upload or download
// folder, where files and folders may be changed.
func (a *account) inside(p string) (area, bool) {
	ar, top := a.areaOf(p)
	return ar, ar != areaOther && !top
}
