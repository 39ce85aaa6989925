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
	cfg, unknown, err := decode(raw, base)
	if err != nil {
		return nil, err
	}
	errs := unknown
	if err := cfg.readSecrets(); err != nil {
		errs = append(errs, err)
	}
	if err := cfg.Validate(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return cfg, nil
}

// ParseIdentifiers reads the configuration as Parse does, defaults
// included, but neither reads the secrets nor validates: for commands
// that only need its identifiers (x12 build). Unknown keys are still
// refused.
func ParseIdentifiers(raw []byte, base string) (*Config, error) {
	cfg, unknown, err := decode(raw, base)
	if err != nil {
		return nil, err
	}
	if len(unknown) > 0 {
		return nil, errors.Join(unknown...)
	}
	return cfg, nil
}

// decode expands and decodes the configuration and applies the defaults.
// Keys that match no field are returned apart, each by its path, so that
// the caller can report them beside the other problems.
func decode(raw []byte, base string) (*Config, []error, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		return nil, nil, fmt.Errorf("decoding: %w", err)
	}
	if err := expandEnv(&doc); err != nil {
		return nil, nil, err
	}
	var cfg Config
	var unknown []error
	if len(doc.Content) > 0 {
		// Re-encode the expanded tree so that KnownFields can refuse
		// misspelt keys; Node.Decode does not offer it.
		expanded, err := yaml.Marshal(&doc)
		if err != nil {
			return nil, nil, fmt.Errorf("decoding: %w", err)
		}
		var tree yaml.Node
		if err := yaml.Unmarshal(expanded, &tree); err != nil {
			return nil, nil, fmt.Errorf("decoding: %w", err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(expanded))
		dec.KnownFields(true)
		err = dec.Decode(&cfg)
		var te *yaml.TypeError
		switch {
		case errors.As(err, &te):
			// The decoder goes on past what it refuses: the rest is read.
			for _, msg := range te.Errors {
				unknown = append(unknown, unknownKey(&tree, &doc, msg))
			}
		case err != nil && !errors.Is(err, io.EOF):
			return nil, nil, fmt.Errorf("decoding: %w", err)
		}
	}
	cfg.defaults()
	cfg.resolve(base)
	return &cfg, unknown, nil
}

// unknownField is how the YAML decoder says that a key matches no field.
var unknownField = regexp.MustCompile(`^line (\d+): field (\S+) not found in type \S+$`)

// unknownKey turns the decoder's message about a key into one naming its
// path ("connections[0].sftp.hots: unknown key (line 12)"); the line is
// that of the file as written. Other messages pass as they are.
func unknownKey(expanded, written *yaml.Node, msg string) error {
	m := unknownField.FindStringSubmatch(msg)
	if m == nil {
		return errors.New(msg)
	}
	line, _ := strconv.Atoi(m[1])
	path, node := findKey(expanded, "", line, m[2])
	if node == nil {
		return fmt.Errorf("%s: unknown key (line %d)", m[2], line)
	}
	if n := findPath(written, "", path); n != nil {
		line = n.Line
	}
	return fmt.Errorf("%s: unknown key (line %d)", path, line)
}

// findKey finds the mapping key named key on line, and its path.
func findKey(n *yaml.Node, prefix string, line int, key string) (string, *yaml.Node) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			if p, k := findKey(c, prefix, line, key); k != nil {
				return p, k
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := joinPath(prefix, k.Value)
			if k.Line == line && k.Value == key {
				return p, k
			}
			if found, kn := findKey(v, p, line, key); kn != nil {
				return found, kn
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if p, k := findKey(c, fmt.Sprintf("%s[%d]", prefix, i), line, key); k != nil {
				return p, k
			}
		}
	}
	return "", nil
}

// findPath finds the key at path in the tree as written.
func findPath(n *yaml.Node, prefix, path string) *yaml.Node {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			if k := findPath(c, prefix, path); k != nil {
				return k
			}
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := joinPath(prefix, n.Content[i].Value)
			if p == path {
				return n.Content[i]
			}
			if k := findPath(n.Content[i+1], p, path); k != nil {
				return k
			}
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if k := findPath(c, fmt.Sprintf("%s[%d]", prefix, i), path); k != nil {
				return k
			}
		}
	}
	return nil
}

func joinPath(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
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
