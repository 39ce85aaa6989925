package clearinghouse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"
)

// validConfig is a configuration that passes validation.
func validConfig() Config {
	return Config{
		Host:    "sftp.example.test",
		User:    "practice01",
		Auth:    Auth{Password: Secret("pw")},
		HostKey: HostKey{Fingerprints: []string{"SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"}},
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		label  string
		change func(*Config)
		want   string // a fragment of the error; empty when valid
	}{
		{"valid", func(*Config) {}, ""},
		{"no host", func(c *Config) { c.Host = "" }, "Host is empty"},
		{"port", func(c *Config) { c.Port = 70000 }, "Port 70000 is out of range"},
		{"no user", func(c *Config) { c.User = "" }, "User is empty"},
		{"no credentials", func(c *Config) { c.Auth = Auth{} }, "needs a PrivateKey or a Password"},
		{"passphrase alone", func(c *Config) { c.Auth.Passphrase = Secret("x") },
			"Passphrase is set without a PrivateKey"},
		{"no host key", func(c *Config) { c.HostKey = HostKey{} },
			"needs a KnownHostsFile or Fingerprints"},
		{"both host keys", func(c *Config) { c.HostKey.KnownHostsFile = "/etc/ssh/known" },
			"sets both"},
		{"MD5 fingerprint", func(c *Config) {
			c.HostKey.Fingerprints = []string{"MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48"}
		}, `"MD5:16:27`},
		{"short fingerprint", func(c *Config) { c.HostKey.Fingerprints = []string{"SHA256:abcd"} },
			"not the base64 of a SHA-256 digest"},
		{"padded fingerprint", func(c *Config) {
			c.HostKey.Fingerprints = []string{"SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}
		}, ""},
		{"negative timeout", func(c *Config) { c.Timeouts.Operation = -time.Second },
			"Timeouts.Operation -1s is negative"},
		{"no attempts", func(c *Config) { c.Retry.Attempts = -1 }, "Retry.Attempts -1 is below 1"},
		{"mode", func(c *Config) { c.Upload.Mode = "append" }, `Upload.Mode "append"`},
		{"temp name without marker", func(c *Config) { c.Upload.TempName = "tmp" },
			`Upload.TempName "tmp" must hold {name} once`},
		{"temp name equal", func(c *Config) { c.Upload.TempName = "{name}" }, "equals the final"},
		{"temp name folder", func(c *Config) { c.Upload.TempName = "tmp/{name}" }, "slash"},
		{"pattern", func(c *Config) { c.Download.Patterns = []string{"[a-"} },
			`Download.Patterns "[a-"`},
		{"download without spool", func(c *Config) {
			c.Download.Dirs, c.Download.After = []string{"out"}, AfterDelete
		}, "Download.SpoolDir is empty"},
		{"download without after", func(c *Config) {
			c.Download.Dirs, c.Download.SpoolDir = []string{"out"}, "/var/spool/cf"
		}, `Download.After ""`},
		{"archive without folder", func(c *Config) {
			c.Download.Dirs, c.Download.SpoolDir = []string{"out"}, "/var/spool/cf"
			c.Download.After = AfterArchive
		}, "Download.ArchiveDir is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			cfg := validConfig()
			tt.change(&cfg)
			_, err := New(cfg)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("New: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("New: %v, want an error with %q", err, tt.want)
			}
		})
	}
}

func TestValidateReportsEveryDefect(t *testing.T) {
	_, err := New(Config{Port: -1, Retry: RetryPolicy{Attempts: -2}})
	if err == nil {
		t.Fatal("New accepted an empty configuration")
	}
	for _, want := range []string{"Host", "Port -1", "User", "Auth", "HostKey", "Attempts -2"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestDefaults(t *testing.T) {
	c, err := New(validConfig())
	if err != nil {
		t.Fatal(err)
	}
	got := c.cfg
	if got.Port != 22 || got.Timeouts.Operation != time.Minute || got.Retry.Attempts != 4 ||
		got.Upload.Mode != UploadTempRename || got.Upload.Dir != "." ||
		got.Upload.tempName("b.837") != ".b.837.part" ||
		got.Download.StableInterval != 3*time.Second {
		t.Errorf("defaults: %+v", got)
	}
}

func TestSecretNeverPrints(t *testing.T) {
	const value = "hunter2-very-secret"
	s := Secret(value)
	cfg := validConfig()
	cfg.Auth.Password = s

	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "password", s, "auth", cfg.Auth)
	js, err := json.Marshal(cfg.Auth)
	if err != nil {
		t.Fatal(err)
	}
	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", s), "%s": fmt.Sprintf("%s", s), "%x": fmt.Sprintf("%x", s),
		"%q": fmt.Sprintf("%q", s), "%#v": fmt.Sprintf("%#v", s),
		"struct %+v": fmt.Sprintf("%+v", cfg), "slog": logged.String(), "json": string(js),
	}
	for how, out := range outputs {
		if strings.Contains(out, value) || strings.Contains(out, fmt.Sprintf("%x", value)) {
			t.Errorf("%s shows the secret: %s", how, out)
		}
		if !strings.Contains(out, redacted) {
			t.Errorf("%s does not say redacted: %s", how, out)
		}
	}
}

func TestRetryDelay(t *testing.T) {
	r := RetryPolicy{InitialDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	for _, tt := range []struct {
		attempt  int
		min, max time.Duration
	}{
		{1, 50 * time.Millisecond, 100 * time.Millisecond},
		{2, 100 * time.Millisecond, 200 * time.Millisecond},
		{4, 400 * time.Millisecond, 800 * time.Millisecond},
		{5, 500 * time.Millisecond, time.Second},
		{80, 500 * time.Millisecond, time.Second},
	} {
		seen := map[time.Duration]bool{}
		for range 200 {
			d := r.delay(tt.attempt)
			if d < tt.min || d > tt.max {
				t.Fatalf("delay(%d) = %v, want within [%v, %v]", tt.attempt, d, tt.min, tt.max)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("delay(%d) took %d values in 200 draws: no jitter", tt.attempt, len(seen))
		}
	}
}

func TestHandshakeErrorClassification(t *testing.T) {
	refused := &HostKeyError{Addr: "h:22", PresentedType: "ssh-ed25519", Presented: "SHA256:a"}
	authErr := errors.New("ssh: unable to authenticate, attempted methods [none publickey]")
	tests := []struct {
		label            string
		err              error
		hostKeyOK, tried bool
		want             error
		retryable        bool
	}{
		{"host key", fmt.Errorf("ssh: handshake failed: %w", refused), false, false,
			ErrHostKeyMismatch, false},
		{"auth", authErr, true, true, ErrAuth, false},
		{"no method", authErr, true, false, ErrAuth, false},
		{"reset before kex", &net.OpError{Op: "read", Err: errors.New("reset")}, false, false,
			ErrConnection, true},
		{"EOF before kex", io.EOF, false, false, ErrConnection, true},
		{"EOF after credentials", io.EOF, true, true, ErrConnection, false},
		{"no common algorithm", errors.New("ssh: no common algorithm for host key"),
			false, false, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			err := handshakeError("u@h:22", tt.err, tt.hostKeyOK, tt.tried)
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("%v: want %v in the chain", err, tt.want)
			}
			if IsRetryable(err) != tt.retryable {
				t.Errorf("IsRetryable(%v) = %v", err, !tt.retryable)
			}
		})
	}
}
