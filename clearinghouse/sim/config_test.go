package sim

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/ssh"
)

func TestConfigValidation(t *testing.T) {
	key := newSigner(t).PublicKey()
	good := func() Config {
		return Config{Dir: t.TempDir(), Users: []User{
			{Name: "alice", AuthorizedKeys: []ssh.PublicKey{key}},
		}}
	}
	cases := []struct {
		name   string
		modify func(*Config)
		want   []string
	}{
		{"no folder", func(c *Config) { c.Dir = "" }, []string{`Dir: "": required`}},
		{"no users", func(c *Config) { c.Users = nil },
			[]string{`Users: "": at least one user is required`}},
		{"bad address", func(c *Config) { c.Addr = "localhost" },
			[]string{`Addr: "localhost": not host:port`}},
		{"bad names and duplicates", func(c *Config) {
			c.Users = append(c.Users,
				User{Name: "alice", Password: "x"},
				User{Name: ".hidden", Password: "x"},
				User{Name: "a/b", Password: "x"})
		}, []string{
			`Users[1].Name: "alice": duplicate`,
			`Users[2].Name: ".hidden": use letters`,
			`Users[3].Name: "a/b": use letters`,
		}},
		{"no way to log in", func(c *Config) { c.Users[0].AuthorizedKeys = nil },
			[]string{`Users[0]: "alice": needs an authorized key or a password`}},
		{"bad folders", func(c *Config) {
			c.Users[0].UploadDir = "inbound"
			c.Users[0].DownloadDir = "/out/../x"
		}, []string{
			`Users[0].UploadDir: "inbound": must start with /`,
			`Users[0].DownloadDir: "/out/../x": must be a clean path`,
		}},
		{"root and hidden folders", func(c *Config) {
			c.Users[0].UploadDir = "/"
			c.Users[0].DownloadDir = "/.out"
		}, []string{
			`Users[0].UploadDir: "/": must not be the user's root`,
			`Users[0].DownloadDir: "/.out": must not contain hidden folders`,
		}},
		{"overlapping folders", func(c *Config) {
			c.Users[0].UploadDir = "/x"
			c.Users[0].DownloadDir = "/x/out"
		}, []string{`Users[0].DownloadDir: "/x/out": overlaps UploadDir`}},
		{"negative numbers", func(c *Config) {
			c.Delays = Delays{Scale: -1, Jitter: -time.Second}
			c.MaxUploadBytes = -1
		}, []string{
			`Delays.Scale: "-1": negative`,
			`Delays.Jitter: "-1s": negative`,
			`MaxUploadBytes: "-1": negative`,
		}},
		{"empty temp rule", func(c *Config) {
			c.TempNames = TempNames{Prefixes: []string{""}, Suffixes: []string{".tmp", ""}}
		}, []string{`TempNames.Prefixes[0]: "": empty`, `TempNames.Suffixes[1]: "": empty`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good()
			tc.modify(&cfg)
			s, err := Start(t.Context(), cfg)
			if err == nil {
				s.Close()
				t.Fatal("Start accepted the configuration")
			}
			if !errors.Is(err, ErrConfig) {
				t.Errorf("err %v does not wrap ErrConfig", err)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tc.want) {
				t.Fatalf("got %d errors, want %d:\n%s", len(lines), len(tc.want), err)
			}
			for i, w := range tc.want {
				prefix := "invalid simulator configuration: " + w
				if !strings.HasPrefix(lines[i], prefix) {
					t.Errorf("error %d = %q, want it to start with %q", i, lines[i], prefix)
				}
			}
		})
	}
}

func TestConfigErrorsNeverShowPasswords(t *testing.T) {
	_, err := Start(t.Context(), Config{Dir: t.TempDir(), Users: []User{
		{Name: "bad name", Password: "hunter2", UploadDir: "x"},
	}})
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("err = %v", err)
	}
}

func TestDefaults(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.TempNames = TempNames{} })
	if got := e.s.cfg.TempNames; !slices.Equal(got.Prefixes, []string{"."}) ||
		!slices.Equal(got.Suffixes, []string{".tmp", ".part", ".filepart"}) {
		t.Errorf("temp names = %+v", got)
	}
	if !strings.HasPrefix(e.s.Addr(), "127.0.0.1:") || e.s.Addr() == "127.0.0.1:0" {
		t.Errorf("Addr = %s, want an ephemeral loopback port", e.s.Addr())
	}
	u := e.s.cfg.Users[0]
	if u.UploadDir != "/inbound" || u.DownloadDir != "/outbound" {
		t.Errorf("folders = %s, %s", u.UploadDir, u.DownloadDir)
	}
	if e.s.cfg.MaxUploadBytes != 64<<20 || e.s.cfg.Delays.Scale != 1 {
		t.Errorf("MaxUploadBytes %d, Scale %v", e.s.cfg.MaxUploadBytes, e.s.cfg.Delays.Scale)
	}
	if e.s.UserRoot("nobody") != "" {
		t.Error("UserRoot of an unknown user is not empty")
	}
}

func TestCustomFolders(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Users[0].UploadDir = "/to-payer/claims"
		c.Users[0].DownloadDir = "/from-payer"
	})
	c := e.client("alice")
	put(t, c, "/to-payer/claims/x.837", []byte(claimFile))
	e.flush()
	if got := list(t, c, "/"); !slices.Equal(got, []string{"from-payer", "to-payer"}) {
		t.Errorf("root = %q", got)
	}
	if got := get(t, c, "/from-payer/x.837.ack"); got != "ACK" {
		t.Errorf("response = %q", got)
	}
	if _, err := c.Create("/to-payer/x.837"); code(err) != codePermission {
		t.Errorf("write above the upload folder: code %d, want %d", code(err), codePermission)
	}
}

func TestIsTemp(t *testing.T) {
	cases := map[string]bool{
		"/inbound/.a.837":         true,
		"/inbound/a.837.tmp":      true,
		"/inbound/a.837.PART":     true,
		"/inbound/a.837.filepart": true,
		"/inbound/a.837":          false,
		"/inbound/.dir/a.837":     false,
		"/inbound/tmp":            false,
		"a.tmp.837":               false,
	}
	for name, want := range cases {
		if got := DefaultTempNames().IsTemp(name); got != want {
			t.Errorf("IsTemp(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestManualClock(t *testing.T) {
	c := NewManualClock(t0)
	now := c.After(0)
	soon := c.After(time.Minute)
	later := c.After(time.Hour)
	if got := <-now; !got.Equal(t0) {
		t.Errorf("After(0) = %v, want %v", got, t0)
	}
	c.Advance(59 * time.Second)
	select {
	case <-soon:
		t.Fatal("fired 1s early")
	default:
	}
	c.Set(t0) // backwards: ignored
	if !c.Now().Equal(t0.Add(59 * time.Second)) {
		t.Fatalf("Now = %v after a backwards Set", c.Now())
	}
	c.Advance(time.Second)
	if got := <-soon; !got.Equal(t0.Add(time.Minute)) {
		t.Errorf("soon fired at %v", got)
	}
	select {
	case <-later:
		t.Fatal("later fired early")
	default:
	}
	c.Set(t0.Add(2 * time.Hour))
	if got := <-later; !got.Equal(t0.Add(2 * time.Hour)) {
		t.Errorf("later fired at %v", got)
	}
}
