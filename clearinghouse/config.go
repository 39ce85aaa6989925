package clearinghouse

import (
	"errors"
	"fmt"
	"log/slog"
	"path"
	"strings"
	"time"
)

// Config describes one clearinghouse connection. The configuration layer
// fills it (secrets already read from their files or the environment); New
// validates it once and keeps a copy. Zero durations and counts take the
// defaults documented on each field.
type Config struct {
	Host string // host name or IP address
	Port int    // 0 means 22
	User string

	Auth    Auth
	HostKey HostKey

	Timeouts Timeouts
	Retry    RetryPolicy

	Upload   UploadOptions
	Download DownloadOptions

	// Logger receives one record per retried attempt. Nil discards them.
	// Records name files by their remote name only.
	Logger *slog.Logger
}

// Auth holds the credentials of a connection: a private key (OpenSSH or
// PEM encoding, optionally protected by Passphrase), a password, or both,
// in which case the key is offered first.
type Auth struct {
	PrivateKey Secret
	Passphrase Secret
	Password   Secret
}

// HostKey pins the server's host key. Exactly one of KnownHostsFile and
// Fingerprints is set; there is no way to accept an unknown key.
type HostKey struct {
	// KnownHostsFile is the path of a known_hosts file holding the keys of
	// this server. The client then only negotiates the key types listed
	// there for the host.
	KnownHostsFile string

	// Fingerprints are SHA-256 fingerprints as ssh-keygen -l prints them
	// ("SHA256:" and unpadded base64). Any of them is accepted, which lets
	// a key rotation be prepared ahead.
	Fingerprints []string

	// Algorithms, when set with Fingerprints, lists the host key algorithms
	// to negotiate, in order of preference. The default order is OpenSSH's:
	// ssh-ed25519, then ECDSA, then RSA with SHA-2, so the fingerprint of
	// the server's ed25519 key is the one to pin when it has one.
	Algorithms []string
}

// Timeouts bound each phase of a connection.
type Timeouts struct {
	Dial      time.Duration // TCP connect; default 15s
	Handshake time.Duration // SSH handshake, authentication, SFTP start; default 30s
	// Operation bounds each SFTP request, and each transfer's time without
	// progress, so that a large file on a slow link is not cut short;
	// default 60s.
	Operation time.Duration
	// Idle closes a connection unused for this long; the next call
	// reconnects. Default 2m.
	Idle time.Duration
}

// RetryPolicy says how often and how patiently a transient failure (a
// network error, a lost connection, a timeout) is retried. Authentication
// failures, host key mismatches and errors the server reported are never
// retried.
type RetryPolicy struct {
	Attempts     int           // total attempts per operation; default 4, 1 disables retries
	InitialDelay time.Duration // delay before the second attempt; default 1s
	MaxDelay     time.Duration // cap of the doubling delay; default 30s
}

// UploadMode says how a file reaches its final remote name.
type UploadMode string

const (
	// UploadTempRename writes the file under a temporary name in the same
	// folder, checks its size, and renames it: the other side never sees a
	// partial file under the final name. It is the default.
	UploadTempRename UploadMode = "temp-rename"

	// UploadDirect writes the final name directly, for servers that take a
	// file once it is closed and offer no rename. A transfer cut short may
	// leave a partial file there that the server has already taken.
	UploadDirect UploadMode = "direct"
)

// UploadOptions configure Upload.
type UploadOptions struct {
	Dir  string     // remote folder; empty means the login folder
	Mode UploadMode // empty means UploadTempRename

	// TempName is the temporary name's template, where "{name}" stands for
	// the final name; default ".{name}.part". It stays in Dir.
	TempName string

	// Concurrency is the number of write requests in flight; 0 means 64,
	// and 1 writes strictly in order for servers that need it.
	Concurrency int
}

// AfterDownload says what becomes of a remote file once the caller has
// stored its content and called Done.
type AfterDownload string

// The actions after a download. The archive folder must exist; a name
// already taken there gets the start of the content's hash appended.
const (
	AfterDelete  AfterDownload = "delete"  // remove the remote file
	AfterArchive AfterDownload = "archive" // move it into DownloadOptions.ArchiveDir
	AfterLeave   AfterDownload = "leave"   // leave it where it is
)

// DownloadOptions configure Fetch.
type DownloadOptions struct {
	Dirs     []string // remote folders to list
	Patterns []string // path.Match globs on the file name; none means every file
	SpoolDir string   // local folder receiving downloads

	// StableInterval separates the two listings between which a file's size
	// and modification time must not change before it is fetched; default 3s.
	StableInterval time.Duration

	// MinAge, when positive, lets a file whose modification time is at least
	// this old be fetched without a second listing. It compares the server's
	// clock with ours.
	MinAge time.Duration

	After      AfterDownload // required when Dirs is set
	ArchiveDir string        // remote folder for AfterArchive
}

// Defaults applied by New.
const (
	defaultPort           = 22
	defaultDialTimeout    = 15 * time.Second
	defaultHandshake      = 30 * time.Second
	defaultOperation      = 60 * time.Second
	defaultIdle           = 2 * time.Minute
	defaultAttempts       = 4
	defaultInitialDelay   = time.Second
	defaultMaxDelay       = 30 * time.Second
	defaultTempName       = ".{name}.part"
	defaultConcurrency    = 64
	defaultStableInterval = 3 * time.Second
	nameMarker            = "{name}"
)

// withDefaults returns a copy of c with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	setDur := func(d *time.Duration, def time.Duration) {
		if *d == 0 {
			*d = def
		}
	}
	if c.Port == 0 {
		c.Port = defaultPort
	}
	setDur(&c.Timeouts.Dial, defaultDialTimeout)
	setDur(&c.Timeouts.Handshake, defaultHandshake)
	setDur(&c.Timeouts.Operation, defaultOperation)
	setDur(&c.Timeouts.Idle, defaultIdle)
	if c.Retry.Attempts == 0 {
		c.Retry.Attempts = defaultAttempts
	}
	setDur(&c.Retry.InitialDelay, defaultInitialDelay)
	setDur(&c.Retry.MaxDelay, defaultMaxDelay)
	if c.Upload.Dir == "" {
		c.Upload.Dir = "."
	}
	if c.Upload.Mode == "" {
		c.Upload.Mode = UploadTempRename
	}
	if c.Upload.TempName == "" {
		c.Upload.TempName = defaultTempName
	}
	if c.Upload.Concurrency == 0 {
		c.Upload.Concurrency = defaultConcurrency
	}
	setDur(&c.Download.StableInterval, defaultStableInterval)
	c.HostKey.Fingerprints = append([]string(nil), c.HostKey.Fingerprints...)
	c.HostKey.Algorithms = append([]string(nil), c.HostKey.Algorithms...)
	c.Download.Dirs = append([]string(nil), c.Download.Dirs...)
	c.Download.Patterns = append([]string(nil), c.Download.Patterns...)
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

// validate reports every defect of a configuration with defaults applied.
// Messages name the field and, except for secrets, the bad value.
func (c Config) validate() error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf(format, args...))
	}

	if c.Host == "" {
		bad("Host is empty")
	}
	if c.Port < 1 || c.Port > 65535 {
		bad("Port %d is out of range", c.Port)
	}
	if c.User == "" {
		bad("User is empty")
	}
	if !c.Auth.PrivateKey.IsSet() && !c.Auth.Password.IsSet() {
		bad("Auth needs a PrivateKey or a Password")
	}
	if c.Auth.Passphrase.IsSet() && !c.Auth.PrivateKey.IsSet() {
		bad("Auth.Passphrase is set without a PrivateKey")
	}
	errs = append(errs, c.HostKey.validate()...)

	durations := []struct {
		name string
		d    time.Duration
	}{
		{"Timeouts.Dial", c.Timeouts.Dial},
		{"Timeouts.Handshake", c.Timeouts.Handshake},
		{"Timeouts.Operation", c.Timeouts.Operation},
		{"Timeouts.Idle", c.Timeouts.Idle},
		{"Retry.InitialDelay", c.Retry.InitialDelay},
		{"Retry.MaxDelay", c.Retry.MaxDelay},
		{"Download.StableInterval", c.Download.StableInterval},
		{"Download.MinAge", c.Download.MinAge},
	}
	for _, f := range durations {
		if f.d < 0 {
			bad("%s %v is negative", f.name, f.d)
		}
	}
	if c.Retry.Attempts < 1 {
		bad("Retry.Attempts %d is below 1", c.Retry.Attempts)
	}

	errs = append(errs, c.Upload.validate()...)
	errs = append(errs, c.Download.validate()...)
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("clearinghouse config: %w", err)
	}
	return nil
}

func (h HostKey) validate() []error {
	var errs []error
	switch {
	case h.KnownHostsFile == "" && len(h.Fingerprints) == 0:
		errs = append(errs, errors.New("HostKey needs a KnownHostsFile or Fingerprints"))
	case h.KnownHostsFile != "" && len(h.Fingerprints) > 0:
		errs = append(errs, errors.New("HostKey sets both KnownHostsFile and Fingerprints"))
	}
	for _, fp := range h.Fingerprints {
		if err := checkFingerprint(fp); err != nil {
			errs = append(errs, fmt.Errorf("HostKey.Fingerprints %q: %w", fp, err))
		}
	}
	if len(h.Algorithms) > 0 && h.KnownHostsFile != "" {
		errs = append(errs, errors.New("HostKey.Algorithms applies to Fingerprints only"))
	}
	return errs
}

func (u UploadOptions) validate() []error {
	var errs []error
	switch u.Mode {
	case UploadTempRename, UploadDirect:
	default:
		errs = append(errs, fmt.Errorf("Upload.Mode %q is not %q or %q",
			u.Mode, UploadTempRename, UploadDirect))
	}
	t := u.TempName
	switch {
	case strings.Count(t, nameMarker) != 1:
		errs = append(errs, fmt.Errorf("Upload.TempName %q must hold %s once", t, nameMarker))
	case t == nameMarker:
		errs = append(errs, fmt.Errorf("Upload.TempName %q equals the final name", t))
	case strings.Contains(t, "/"):
		errs = append(errs, fmt.Errorf("Upload.TempName %q must not hold a slash", t))
	}
	if u.Concurrency < 0 {
		errs = append(errs, fmt.Errorf("Upload.Concurrency %d is negative", u.Concurrency))
	}
	return errs
}

func (d DownloadOptions) validate() []error {
	var errs []error
	for _, p := range d.Patterns {
		if _, err := path.Match(p, ""); err != nil {
			errs = append(errs, fmt.Errorf("Download.Patterns %q: %w", p, err))
		}
	}
	if len(d.Dirs) == 0 {
		return errs
	}
	if d.SpoolDir == "" {
		errs = append(errs, errors.New("Download.SpoolDir is empty"))
	}
	switch d.After {
	case AfterDelete, AfterLeave:
	case AfterArchive:
		if d.ArchiveDir == "" {
			errs = append(errs, errors.New("Download.ArchiveDir is empty"))
		}
	default:
		errs = append(errs, fmt.Errorf("Download.After %q is not %q, %q or %q",
			d.After, AfterDelete, AfterArchive, AfterLeave))
	}
	return errs
}

// tempName returns the temporary name under which name is uploaded.
func (u UploadOptions) tempName(name string) string {
	return strings.Replace(u.TempName, nameMarker, name, 1)
}
