package sim

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
)

// Defaults applied by Start to fields left empty.
const (
	DefaultAddr           = "127.0.0.1:0"
	DefaultUploadDir      = "/inbound"
	DefaultDownloadDir    = "/outbound"
	DefaultMaxUploadBytes = 64 << 20
)

// Config is everything the simulator needs. Start validates it once and
// fills in the defaults; the caller's value is not changed.
type Config struct {
	// Addr is the TCP address to listen on; empty means DefaultAddr, an
	// ephemeral port on the loopback interface.
	Addr string
	// Dir is the simulator's folder. It holds the host key, one folder
	// per user under users/, a spool for responses being written and the
	// journal. It is created when missing.
	Dir string
	// Users are the accounts that may log in. At least one is required.
	Users []User
	// TempNames says which uploaded names are still being written. The
	// zero value means DefaultTempNames().
	TempNames TempNames
	// Seed makes the delay jitter repeatable.
	Seed uint64
	// Delays stretches or shrinks the delays the Responder asks for.
	Delays Delays
	// MaxUploadBytes caps the size of one uploaded file; writes beyond it
	// fail. Zero means DefaultMaxUploadBytes.
	MaxUploadBytes int64
	// Responder answers each complete upload. Nil records uploads and
	// answers nothing.
	Responder Responder
	// Clock is the simulator's time. Nil means the system clock; tests
	// pass a *ManualClock and move it with Server.AdvanceTo.
	Clock Clock
	// Logger receives the simulator's log. Nil discards it.
	Logger *slog.Logger

	// staged, when set by tests, is called after a response has been
	// fully written to the spool and before it is renamed into place.
	staged func(spoolName, finalName string)
}

// User is one SFTP account, confined to its own folder.
type User struct {
	// Name is the login name: letters, digits, '.', '_' and '-', not
	// starting with '.'.
	Name string
	// AuthorizedKeys are the public keys that may log in as this user.
	AuthorizedKeys []ssh.PublicKey
	// Password, when not empty, also lets the user log in with it.
	Password string
	// UploadDir is where the user puts files, as the user sees it;
	// empty means DefaultUploadDir.
	UploadDir string
	// DownloadDir is where responses appear; empty means
	// DefaultDownloadDir.
	DownloadDir string
}

// TempNames tells a file still being written (a temporary name) from a
// final one, by the base name's prefix or suffix. Suffixes match without
// regard to case.
type TempNames struct {
	Prefixes []string
	Suffixes []string
}

// DefaultTempNames returns the rules used when Config.TempNames is empty:
// dot files and the .tmp, .part and .filepart suffixes are temporary.
func DefaultTempNames() TempNames {
	return TempNames{
		Prefixes: []string{"."},
		Suffixes: []string{".tmp", ".part", ".filepart"},
	}
}

// IsTemp reports whether the base name of name is a temporary name.
func (t TempNames) IsTemp(name string) bool {
	base := path.Base(name)
	for _, p := range t.Prefixes {
		if strings.HasPrefix(base, p) {
			return true
		}
	}
	lower := strings.ToLower(base)
	for _, s := range t.Suffixes {
		if strings.HasSuffix(lower, strings.ToLower(s)) {
			return true
		}
	}
	return false
}

// Delays changes when responses appear. A response is due at the upload's
// arrival plus its Delay times Scale, plus a random jitter below Jitter
// drawn from the configured Seed.
type Delays struct {
	// Scale multiplies each response's delay; zero means 1. A demo might
	// use 1.0/3600 to turn an hour into a second.
	Scale float64
	// Jitter adds up to this much to each delay.
	Jitter time.Duration
}

// withDefaults returns a copy of c with empty fields filled in.
func (c Config) withDefaults() Config {
	if c.Addr == "" {
		c.Addr = DefaultAddr
	}
	if len(c.TempNames.Prefixes) == 0 && len(c.TempNames.Suffixes) == 0 {
		c.TempNames = DefaultTempNames()
	}
	if c.Delays.Scale == 0 {
		c.Delays.Scale = 1
	}
	if c.MaxUploadBytes == 0 {
		c.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if c.Clock == nil {
		c.Clock = systemClock{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	users := make([]User, len(c.Users))
	for i, u := range c.Users {
		if u.UploadDir == "" {
			u.UploadDir = DefaultUploadDir
		}
		if u.DownloadDir == "" {
			u.DownloadDir = DefaultDownloadDir
		}
		users[i] = u
	}
	c.Users = users
	return c
}

// ErrConfig is wrapped by every configuration error.
var ErrConfig = errors.New("invalid simulator configuration")

// validate reports every problem of a defaulted configuration at once.
func (c Config) validate() error {
	var errs []error
	bad := func(field string, value any, why string) {
		errs = append(errs, fmt.Errorf("%w: %s: %q: %s", ErrConfig, field, fmt.Sprint(value), why))
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		bad("Addr", c.Addr, "not host:port")
	}
	if c.Dir == "" {
		bad("Dir", c.Dir, "required")
	}
	if len(c.Users) == 0 {
		bad("Users", "", "at least one user is required")
	}
	if c.Delays.Scale < 0 {
		bad("Delays.Scale", c.Delays.Scale, "negative")
	}
	if c.Delays.Jitter < 0 {
		bad("Delays.Jitter", c.Delays.Jitter, "negative")
	}
	if c.MaxUploadBytes < 0 {
		bad("MaxUploadBytes", c.MaxUploadBytes, "negative")
	}
	for i, p := range c.TempNames.Prefixes {
		if p == "" {
			bad(fmt.Sprintf("TempNames.Prefixes[%d]", i), p, "empty")
		}
	}
	for i, s := range c.TempNames.Suffixes {
		if s == "" {
			bad(fmt.Sprintf("TempNames.Suffixes[%d]", i), s, "empty")
		}
	}
	seen := map[string]bool{}
	for i, u := range c.Users {
		field := fmt.Sprintf("Users[%d]", i)
		if !validUserName(u.Name) {
			bad(field+".Name", u.Name, "use letters, digits, '.', '_', '-', not a leading '.'")
		} else if seen[u.Name] {
			bad(field+".Name", u.Name, "duplicate")
		}
		seen[u.Name] = true
		if len(u.AuthorizedKeys) == 0 && u.Password == "" {
			bad(field, u.Name, "needs an authorized key or a password")
		}
		up, upErr := checkAreaDir(u.UploadDir)
		if upErr != "" {
			bad(field+".UploadDir", u.UploadDir, upErr)
		}
		down, downErr := checkAreaDir(u.DownloadDir)
		if downErr != "" {
			bad(field+".DownloadDir", u.DownloadDir, downErr)
		}
		if upErr == "" && downErr == "" && (within(up, down) || within(down, up)) {
			bad(field+".DownloadDir", u.DownloadDir, "overlaps UploadDir")
		}
	}
	return errors.Join(errs...)
}

// checkAreaDir says what is wrong with an upload or download folder, or
// returns its clean form.
func checkAreaDir(dir string) (string, string) {
	switch {
	case !strings.HasPrefix(dir, "/"):
		return "", "must start with /"
	case path.Clean(dir) != dir:
		return "", "must be a clean path"
	case dir == "/":
		return "", "must not be the user's root"
	}
	for _, part := range strings.Split(dir[1:], "/") {
		if strings.HasPrefix(part, ".") {
			return "", "must not contain hidden folders"
		}
	}
	return dir, ""
}

// validUserName reports whether name can be a login and a folder name.
func validUserName(name string) bool {
	if name == "" || len(name) > 64 || name[0] == '.' {
		return false
	}
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			r == '.' || r == '_' || r == '-'
		if !ok {
			return false
		}
	}
	return true
}

// within reports whether the clean slash path p is dir or lies under it.
func within(p, dir string) bool {
	return p == dir || strings.HasPrefix(p, dir+"/")
}
