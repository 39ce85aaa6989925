// Package config reads claimflow's one configuration file: the database,
// logging, the web server, and every clearinghouse connection with its
// SFTP settings, X12 identifiers, routing and schedules.
//
// The file is YAML. Any value may name an environment variable as ${NAME};
// secrets may instead be read from a file with the matching *_file key
// (password_file, passphrase_file), so they never sit in the file itself.
// Load validates everything once and reports every problem with the path of
// the field and the value that was refused.
package config

import (
	"time"
)

// Config is the whole configuration, built once by Load and passed
// explicitly to what needs it.
type Config struct {
	// Database is a URL: postgres://... for PostgreSQL, sqlite:PATH for an
	// embedded SQLite file. Empty means sqlite:<data_dir>/claimflow.db.
	Database string `yaml:"database"`
	// DataDir holds the SQLite file and the download spool.
	DataDir string `yaml:"data_dir"`
	// ShutdownTimeout is how long a stopping daemon waits for jobs in flight.
	ShutdownTimeout Duration `yaml:"shutdown_timeout"`

	Log       Log       `yaml:"log"`
	Web       Web       `yaml:"web"`
	Submitter Submitter `yaml:"submitter"`

	Connections []Connection `yaml:"connections"`
}

// Log chooses the log format and level.
type Log struct {
	Format string `yaml:"format"` // "text" (default) or "json"
	Level  string `yaml:"level"`  // "debug", "info" (default), "warn", "error"
}

// Web configures the pages and the API. An empty Listen turns them off.
type Web struct {
	Listen  string `yaml:"listen"` // default 127.0.0.1:8080
	TLSCert string `yaml:"tls_cert"`
	TLSKey  string `yaml:"tls_key"`
}

// Submitter is who sends the claims: loop 1000A of every 837, and the
// default for each connection's interchange sender.
type Submitter struct {
	Name         string `yaml:"name"`
	ID           string `yaml:"id"` // NM109, usually the clearinghouse's ID for the submitter
	ContactName  string `yaml:"contact_name"`
	ContactPhone string `yaml:"contact_phone"`
	ContactEmail string `yaml:"contact_email"`
}

// Connection is one clearinghouse account: where files go and come from,
// which claims it takes, how its envelopes are addressed and when it runs.
type Connection struct {
	Name string `yaml:"name"`
	// Payers lists the payer IDs (tradingPartnerServiceId) routed here; "*"
	// takes every claim that no other connection names.
	Payers []string `yaml:"payers"`
	// MaxBatch caps the claims in one 837 file.
	MaxBatch int `yaml:"max_batch"`

	SFTP        SFTP        `yaml:"sftp"`
	Upload      Upload      `yaml:"upload"`
	Download    Download    `yaml:"download"`
	Interchange Interchange `yaml:"interchange"`
	Receiver    Receiver    `yaml:"receiver"`
	Schedules   Schedules   `yaml:"schedules"`
	FollowUp    FollowUp    `yaml:"follow_up"`
}

// SFTP is how to reach the clearinghouse's server. Exactly one of a private
// key and a password authenticates; the server's host key is always
// pinned, by a known_hosts file or a SHA256 fingerprint.
type SFTP struct {
	Host               string   `yaml:"host"`
	Port               int      `yaml:"port"`
	User               string   `yaml:"user"`
	PrivateKeyFile     string   `yaml:"private_key_file"`
	Passphrase         Secret   `yaml:"passphrase"`
	PassphraseFile     string   `yaml:"passphrase_file"`
	Password           Secret   `yaml:"password"`
	PasswordFile       string   `yaml:"password_file"`
	KnownHostsFile     string   `yaml:"known_hosts_file"`
	HostKeyFingerprint string   `yaml:"host_key_fingerprint"`
	DialTimeout        Duration `yaml:"dial_timeout"`
	OpTimeout          Duration `yaml:"op_timeout"`
	Retries            int      `yaml:"retries"`
}

// Upload says where and how 837 files are written.
type Upload struct {
	Dir string `yaml:"dir"`
	// Mode is "rename" (write a temporary name, then rename; the default) or
	// "direct" for servers that take a file once it is closed.
	Mode string `yaml:"mode"`
	// TempPrefix and TempSuffix make the temporary name in rename mode.
	TempPrefix string `yaml:"temp_prefix"`
	TempSuffix string `yaml:"temp_suffix"`
	// NameTemplate names the file: {connection}, {date} (YYYYMMDD), {time}
	// (HHMMSS), {isa} (ISA13), {batch} (our batch ID), {usage} (T or P).
	NameTemplate string `yaml:"name_template"`
}

// Download says which answers to fetch and what to do with them after.
type Download struct {
	Dirs     []string `yaml:"dirs"`
	Patterns []string `yaml:"patterns"` // shell globs; empty takes every file
	// After is "delete", "archive" (move to ArchiveDir) or "leave".
	After      string `yaml:"after"`
	ArchiveDir string `yaml:"archive_dir"`
	// MinAge skips files modified more recently than this, which may still
	// be being written.
	MinAge Duration `yaml:"min_age"`
}

// Interchange holds the ISA and GS identifiers of the files sent on this
// connection.
type Interchange struct {
	SenderQualifier   string `yaml:"sender_qualifier"`
	SenderID          string `yaml:"sender_id"`
	ReceiverQualifier string `yaml:"receiver_qualifier"`
	ReceiverID        string `yaml:"receiver_id"`
	GroupSender       string `yaml:"group_sender"`   // GS02, ISA06 when empty
	GroupReceiver     string `yaml:"group_receiver"` // GS03, ISA08 when empty
	Usage             string `yaml:"usage"`          // "T" or "P"
	AckRequested      *bool  `yaml:"ack_requested"`  // ISA14; true when absent
}

// Receiver is loop 1000B of every 837: the clearinghouse taking the file.
type Receiver struct {
	Name string `yaml:"name"`
	ID   string `yaml:"id"`
}

// Schedules are cron expressions, five fields or a descriptor such as
// @every 5m, optionally led by CRON_TZ=Zone.
type Schedules struct {
	Submit   string `yaml:"submit"`
	Poll     string `yaml:"poll"`
	FollowUp string `yaml:"follow_up"`
}

// FollowUp sets when a claim without an answer counts as stuck.
type FollowUp struct {
	No999After Duration `yaml:"no_999_after"` // after upload, no 999
	No277After Duration `yaml:"no_277_after"` // after a 999 acceptance, no 277CA
	No835After Duration `yaml:"no_835_after"` // after payer acceptance, no 835
}

// Secret is a string that prints as a mask.
type Secret string

// String hides the value.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "********"
}

// MarshalText hides the value wherever configuration is printed.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Reveal returns the secret itself, for the one place that uses it.
func (s Secret) Reveal() string { return string(s) }

// Duration is a time.Duration written as "90s", "4h" or "2d" in the file.
type Duration time.Duration

// D returns the duration as a time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// String renders the duration, in days when it is a whole number of them.
func (d Duration) String() string {
	td := time.Duration(d)
	if td != 0 && td%(24*time.Hour) == 0 {
		return formatInt(int64(td/(24*time.Hour))) + "d"
	}
	return td.String()
}
