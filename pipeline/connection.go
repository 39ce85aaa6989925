package pipeline

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/claimflow/claimflow/clearinghouse"
	"github.com/claimflow/claimflow/pipeline/config"
	"github.com/claimflow/claimflow/pipeline/store"
	"golang.org/x/crypto/ssh"
)

// Transport is what the jobs need from a clearinghouse connection.
// *clearinghouse.Client implements it; tests may use another.
type Transport interface {
	Upload(ctx context.Context, name string, content []byte) (clearinghouse.Uploaded, error)
	Stat(ctx context.Context, name string) (clearinghouse.RemoteFile, error)
	Fetch(ctx context.Context) ([]clearinghouse.Fetched, error)
	Done(ctx context.Context, f clearinghouse.Fetched) error
	Release(f clearinghouse.Fetched) error
	Close() error
}

// Connection is one configured clearinghouse connection with its
// transport.
type Connection struct {
	Config    config.Connection
	Submitter config.Submitter
	Transport Transport
	Routing   store.Routing
}

// NewConnections builds every connection of cfg with an SFTP client. The
// spool folder for downloads is <data_dir>/spool/<connection>.
func NewConnections(cfg *config.Config) ([]*Connection, error) {
	routes := Routes(cfg.Connections)
	var out []*Connection
	for i, cc := range cfg.Connections {
		tc, err := ClientConfig(cc, filepath.Join(cfg.DataDir, "spool", cc.Name))
		if err != nil {
			closeAll(out)
			return nil, fmt.Errorf("connection %s: %w", cc.Name, err)
		}
		client, err := clearinghouse.New(tc)
		if err != nil {
			closeAll(out)
			return nil, fmt.Errorf("connection %s: %w", cc.Name, err)
		}
		out = append(out, &Connection{Config: cc, Submitter: cfg.Submitter,
			Transport: client, Routing: routes[i]})
	}
	return out, nil
}

func closeAll(cs []*Connection) {
	for _, c := range cs {
		c.Transport.Close()
	}
}

// Routes returns each connection's routing: the payers it lists, and for
// the one that takes "*", every payer the others do not list.
func Routes(conns []config.Connection) []store.Routing {
	listed := map[string]string{}
	for _, c := range conns {
		for _, p := range c.Payers {
			if p != "*" {
				listed[p] = c.Name
			}
		}
	}
	out := make([]store.Routing, len(conns))
	for i, c := range conns {
		r := store.Routing{Connection: c.Name}
		for _, p := range c.Payers {
			if p == "*" {
				r.Default = true
			} else {
				r.Payers = append(r.Payers, p)
			}
		}
		if r.Default {
			for p, owner := range listed {
				if owner != c.Name {
					r.Elsewhere = append(r.Elsewhere, p)
				}
			}
		}
		out[i] = r
	}
	return out
}

// ClientConfig turns a connection's settings into the SFTP client's,
// reading the private key file.
func ClientConfig(cc config.Connection, spool string) (clearinghouse.Config, error) {
	s := cc.SFTP
	cfg := clearinghouse.Config{
		Host: s.Host,
		Port: s.Port,
		User: s.User,
		Timeouts: clearinghouse.Timeouts{
			Dial:      s.DialTimeout.D(),
			Operation: s.OpTimeout.D(),
		},
		Retry: clearinghouse.RetryPolicy{Attempts: s.Retries + 1},
		Upload: clearinghouse.UploadOptions{
			Dir:  cc.Upload.Dir,
			Mode: clearinghouse.UploadTempRename,
		},
		Download: clearinghouse.DownloadOptions{
			Dirs:       cc.Download.Dirs,
			Patterns:   cc.Download.Patterns,
			SpoolDir:   spool,
			MinAge:     cc.Download.MinAge.D(),
			After:      clearinghouse.AfterDownload(cc.Download.After),
			ArchiveDir: cc.Download.ArchiveDir,
		},
	}
	if cc.Upload.Mode == "direct" {
		cfg.Upload.Mode = clearinghouse.UploadDirect
	} else {
		cfg.Upload.TempName = cc.Upload.TempPrefix + "{name}" + cc.Upload.TempSuffix
	}
	if s.PrivateKeyFile != "" {
		key, err := os.ReadFile(s.PrivateKeyFile)
		if err != nil {
			return cfg, fmt.Errorf("sftp.private_key_file: %w", err)
		}
		if err := checkKey(key, s.Passphrase.Reveal()); err != nil {
			return cfg, fmt.Errorf("sftp.private_key_file %s: %w", s.PrivateKeyFile, err)
		}
		cfg.Auth.PrivateKey = clearinghouse.Secret(key)
		cfg.Auth.Passphrase = clearinghouse.Secret(s.Passphrase.Reveal())
	}
	cfg.Auth.Password = clearinghouse.Secret(s.Password.Reveal())
	if s.KnownHostsFile != "" {
		cfg.HostKey.KnownHostsFile = s.KnownHostsFile
	} else {
		cfg.HostKey.Fingerprints = []string{s.HostKeyFingerprint}
	}
	if err := os.MkdirAll(spool, 0o700); err != nil {
		return cfg, fmt.Errorf("spool folder: %w", err)
	}
	return cfg, nil
}

// remoteName fills a connection's file-name template.
func remoteName(tmpl, connection, batchID, usage string, isa13 int64, t time.Time) string {
	return strings.NewReplacer(
		"{connection}", connection,
		"{date}", t.UTC().Format("20060102"),
		"{time}", t.UTC().Format("150405"),
		"{isa}", fmt.Sprintf("%09d", isa13),
		"{batch}", batchID,
		"{usage}", usage,
	).Replace(tmpl)
}

// CheckCredentials reads a connection's private key, if it has one, and
// tells whether it is a usable key, without connecting anywhere.
func CheckCredentials(cc config.Connection) error {
	if cc.SFTP.PrivateKeyFile == "" {
		return nil
	}
	key, err := os.ReadFile(cc.SFTP.PrivateKeyFile)
	if err != nil {
		return fmt.Errorf("sftp.private_key_file: %w", err)
	}
	if err := checkKey(key, cc.SFTP.Passphrase.Reveal()); err != nil {
		return fmt.Errorf("sftp.private_key_file %s: %w", cc.SFTP.PrivateKeyFile, err)
	}
	return nil
}

// checkKey tells early, and in words, when a private key file holds no key
// or its passphrase does not open it.
func checkKey(key []byte, passphrase string) error {
	var err error
	if passphrase != "" {
		_, err = ssh.ParseRawPrivateKeyWithPassphrase(key, []byte(passphrase))
	} else {
		_, err = ssh.ParseRawPrivateKey(key)
	}
	var missing *ssh.PassphraseMissingError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &missing):
		return errors.New("the key is protected: set sftp.passphrase or sftp.passphrase_file")
	case errors.Is(err, x509.IncorrectPasswordError):
		return errors.New("the passphrase does not open the key")
	}
	return errors.New("not a private key in OpenSSH or PEM form")
}
