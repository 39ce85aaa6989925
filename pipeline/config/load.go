package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Defaults applied by Load to fields left empty.
const (
	DefaultListen          = "127.0.0.1:8080"
	DefaultMaxBatch        = 5000
	DefaultPort            = 22
	DefaultNameTemplate    = "{connection}_{date}_{time}_{isa}.837"
	DefaultSubmitSchedule  = "*/15 * * * *"
	DefaultPollSchedule    = "*/5 * * * *"
	DefaultFollowUpSched   = "@every 1h"
	DefaultShutdownTimeout = Duration(30 * time.Second)
)

// Load reads, expands, decodes and validates the configuration file at
// path. Relative paths inside the file are taken relative to the file's
// folder.
func Load(path string) (*Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	base, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	cfg, err := Parse(raw, base)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return cfg, nil
}

// Parse decodes and validates a configuration held in memory. base is the
// folder relative paths are resolved against.
func Parse(raw []byte, base string) (*Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("decoding: %w", err)
	}
	if err := expandEnv(&doc); err != nil {
		return nil, err
	}
	var cfg Config
	if len(doc.Content) > 0 {
		// Re-encode the expanded tree so that KnownFields can refuse
		// misspelt keys; Node.Decode does not offer it.
		expanded, err := yaml.Marshal(&doc)
		if err != nil {
			return nil, fmt.Errorf("decoding: %w", err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(expanded))
		dec.KnownFields(true)
		if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("decoding: %w", err)
		}
	}
	cfg.defaults()
	cfg.resolve(base)
	if err := cfg.readSecrets(); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &cfg, nil
}

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// expandEnv replaces ${NAME} in every scalar value with the variable's
// value; comments and keys are left alone. A variable that is not set is an
// error rather than a silent empty value.
func expandEnv(doc *yaml.Node) error {
	var missing []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode {
			n.Value = envRef.ReplaceAllStringFunc(n.Value, func(m string) string {
				v, ok := os.LookupEnv(m[2 : len(m)-1])
				if !ok {
					missing = append(missing, m[2:len(m)-1])
				}
				return v
			})
			return
		}
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 {
				continue // a key
			}
			walk(c)
		}
	}
	walk(doc)
	if len(missing) > 0 {
		return fmt.Errorf("environment variables not set: %s", strings.Join(missing, ", "))
	}
	return nil
}

// resolve makes file paths relative to the configuration's folder.
func (c *Config) resolve(base string) {
	abs := func(p *string) {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(base, *p)
		}
	}
	abs(&c.DataDir)
	abs(&c.Web.TLSCert)
	abs(&c.Web.TLSKey)
	if strings.HasPrefix(c.Database, "sqlite:") {
		p := strings.TrimPrefix(strings.TrimPrefix(c.Database, "sqlite:"), "//")
		if p != "" && p != ":memory:" && !filepath.IsAbs(p) {
			c.Database = "sqlite:" + filepath.Join(base, p)
		}
	}
	for i := range c.Connections {
		s := &c.Connections[i].SFTP
		abs(&s.PrivateKeyFile)
		abs(&s.PassphraseFile)
		abs(&s.PasswordFile)
		abs(&s.KnownHostsFile)
	}
}

func (c *Config) defaults() {
	if c.DataDir == "" {
		c.DataDir = "data"
	}
	if c.Database == "" {
		c.Database = "sqlite:" + filepath.Join(c.DataDir, "claimflow.db")
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = DefaultShutdownTimeout
	}
	if c.Log.Format == "" {
		c.Log.Format = "text"
	}
	if c.Log.Level == "" {
		c.Log.Level = "info"
	}
	for i := range c.Connections {
		cn := &c.Connections[i]
		if cn.MaxBatch == 0 {
			cn.MaxBatch = DefaultMaxBatch
		}
		if cn.SFTP.Port == 0 {
			cn.SFTP.Port = DefaultPort
		}
		if cn.SFTP.DialTimeout == 0 {
			cn.SFTP.DialTimeout = Duration(15 * time.Second)
		}
		if cn.SFTP.OpTimeout == 0 {
			cn.SFTP.OpTimeout = Duration(2 * time.Minute)
		}
		if cn.SFTP.Retries == 0 {
			cn.SFTP.Retries = 3
		}
		if cn.Upload.Mode == "" {
			cn.Upload.Mode = "rename"
		}
		if cn.Upload.Mode == "rename" && cn.Upload.TempPrefix == "" && cn.Upload.TempSuffix == "" {
			cn.Upload.TempPrefix = "."
		}
		if cn.Upload.NameTemplate == "" {
			cn.Upload.NameTemplate = DefaultNameTemplate
		}
		if cn.Download.After == "" {
			cn.Download.After = "archive"
		}
		if cn.Download.After == "archive" && cn.Download.ArchiveDir == "" && len(cn.Download.Dirs) > 0 {
			cn.Download.ArchiveDir = pathJoin(cn.Download.Dirs[0], "archive")
		}
		if cn.Download.MinAge == 0 {
			cn.Download.MinAge = Duration(30 * time.Second)
		}
		it := &cn.Interchange
		if it.SenderQualifier == "" {
			it.SenderQualifier = "ZZ"
		}
		if it.ReceiverQualifier == "" {
			it.ReceiverQualifier = "ZZ"
		}
		if it.SenderID == "" {
			it.SenderID = c.Submitter.ID
		}
		if it.GroupSender == "" {
			it.GroupSender = it.SenderID
		}
		if it.GroupReceiver == "" {
			it.GroupReceiver = it.ReceiverID
		}
		if cn.Receiver.ID == "" {
			cn.Receiver.ID = it.ReceiverID
		}
		if cn.Schedules.Submit == "" {
			cn.Schedules.Submit = DefaultSubmitSchedule
		}
		if cn.Schedules.Poll == "" {
			cn.Schedules.Poll = DefaultPollSchedule
		}
		if cn.Schedules.FollowUp == "" {
			cn.Schedules.FollowUp = DefaultFollowUpSched
		}
		f := &cn.FollowUp
		if f.No999After == 0 {
			f.No999After = Duration(4 * time.Hour)
		}
		if f.No277After == 0 {
			f.No277After = Duration(3 * 24 * time.Hour)
		}
		if f.No835After == 0 {
			f.No835After = Duration(30 * 24 * time.Hour)
		}
	}
}

// readSecrets fills passwords and passphrases from their *_file keys.
func (c *Config) readSecrets() error {
	var errs []error
	for i := range c.Connections {
		s := &c.Connections[i].SFTP
		for _, sec := range []struct {
			field string
			file  string
			dst   *Secret
		}{
			{"password", s.PasswordFile, &s.Password},
			{"passphrase", s.PassphraseFile, &s.Passphrase},
		} {
			if sec.file == "" {
				continue
			}
			path := fmt.Sprintf("connections[%d].sftp.%s_file", i, sec.field)
			if *sec.dst != "" {
				errs = append(errs, fmt.Errorf("%s: set both %s and %s_file; keep one",
					path, sec.field, sec.field))
				continue
			}
			b, err := os.ReadFile(sec.file)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", path, err))
				continue
			}
			*sec.dst = Secret(strings.TrimRight(string(b), "\r\n"))
		}
	}
	return errors.Join(errs...)
}

func pathJoin(dir, name string) string {
	return strings.TrimRight(dir, "/") + "/" + name
}

func formatInt(v int64) string { return strconv.FormatInt(v, 10) }

// UnmarshalYAML reads "90s", "4h", "2d" or a plain number of seconds.
func (d *Duration) UnmarshalYAML(n *yaml.Node) error {
	v, err := ParseDuration(n.Value)
	if err != nil {
		return fmt.Errorf("line %d: %w", n.Line, err)
	}
	*d = v
	return nil
}

// MarshalYAML writes the duration back in the form it is read.
func (d Duration) MarshalYAML() (any, error) { return d.String(), nil }

// ParseDuration reads a Go duration, a whole number of days such as "3d",
// or a plain number of seconds.
func ParseDuration(s string) (Duration, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return Duration(time.Duration(n) * time.Second), nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseInt(days, 10, 64)
		if err == nil && n >= 0 {
			return Duration(time.Duration(n) * 24 * time.Hour), nil
		}
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration (use 90s, 4h or 3d)", s)
	}
	return Duration(v), nil
}
