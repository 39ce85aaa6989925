package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/robfig/cron/v3"
)

// cronParser reads five-field expressions and descriptors, with an
// optional CRON_TZ= or TZ= prefix.
var cronParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month |
	cron.Dow | cron.Descriptor)

// ParseSchedule reads a cron expression as the configuration accepts it.
func ParseSchedule(expr string) (cron.Schedule, error) { return cronParser.Parse(expr) }

// Validate checks every field and returns all problems at once, each naming
// the field's path and the refused value. Secrets are never quoted.
func (c *Config) Validate() error {
	var v validator
	if !strings.HasPrefix(c.Database, "postgres://") &&
		!strings.HasPrefix(c.Database, "postgresql://") &&
		!strings.HasPrefix(c.Database, "sqlite:") {
		v.add("database", c.Database, "must start with postgres://, postgresql:// or sqlite:")
	}
	v.oneOf("log.format", c.Log.Format, "text", "json")
	v.oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error")
	if c.Web.Listen != "" {
		if _, _, err := net.SplitHostPort(c.Web.Listen); err != nil {
			v.add("web.listen", c.Web.Listen, "must be host:port")
		}
	}
	if (c.Web.TLSCert == "") != (c.Web.TLSKey == "") {
		v.add("web.tls_cert", c.Web.TLSCert, "tls_cert and tls_key go together")
	}
	if c.ShutdownTimeout < 0 {
		v.add("shutdown_timeout", c.ShutdownTimeout.String(), "must not be negative")
	}
	if len(c.Connections) > 0 {
		v.required("submitter.name", c.Submitter.Name)
		v.required("submitter.id", c.Submitter.ID)
		if c.Submitter.ContactPhone == "" && c.Submitter.ContactEmail == "" {
			v.add("submitter.contact_phone", "", "a phone number or an email is needed (837 PER)")
		}
	}

	names := map[string]bool{}
	payers := map[string]string{}
	defaults := 0
	for i := range c.Connections {
		cn := &c.Connections[i]
		p := fmt.Sprintf("connections[%d]", i)
		if cn.Name == "" || strings.ContainsAny(cn.Name, " /\\") {
			v.add(p+".name", cn.Name, "must be set, without spaces or slashes")
		} else if names[cn.Name] {
			v.add(p+".name", cn.Name, "is used by another connection")
		}
		names[cn.Name] = true
		for j, payer := range cn.Payers {
			if payer == "*" {
				defaults++
				continue
			}
			if other, ok := payers[payer]; ok {
				v.add(fmt.Sprintf("%s.payers[%d]", p, j), payer,
					"is routed to connection "+other+" already")
			}
			payers[payer] = cn.Name
		}
		if len(cn.Payers) == 0 {
			v.add(p+".payers", "", `list payer IDs, or "*" for every other payer`)
		}
		if cn.MaxBatch < 1 || cn.MaxBatch > 100000 {
			v.add(p+".max_batch", fmt.Sprint(cn.MaxBatch), "must be 1 to 100000")
		}
		cn.validateSFTP(&v, p+".sftp")
		cn.validateTransfer(&v, p)
		cn.validateInterchange(&v, p+".interchange")
		for field, expr := range map[string]string{"submit": cn.Schedules.Submit,
			"poll": cn.Schedules.Poll, "follow_up": cn.Schedules.FollowUp} {
			if _, err := ParseSchedule(expr); err != nil {
				v.add(p+".schedules."+field, expr, err.Error())
			}
		}
		for field, d := range map[string]Duration{"no_999_after": cn.FollowUp.No999After,
			"no_277_after": cn.FollowUp.No277After, "no_835_after": cn.FollowUp.No835After} {
			if d <= 0 {
				v.add(p+".follow_up."+field, d.String(), "must be positive")
			}
		}
	}
	if defaults > 1 {
		v.add("connections", "", `only one connection may take "*" (every other payer)`)
	}
	return v.err()
}

func (cn *Connection) validateSFTP(v *validator, p string) {
	s := &cn.SFTP
	v.required(p+".host", s.Host)
	v.required(p+".user", s.User)
	if s.Port < 1 || s.Port > 65535 {
		v.add(p+".port", fmt.Sprint(s.Port), "must be 1 to 65535")
	}
	switch {
	case s.PrivateKeyFile == "" && s.Password == "":
		v.add(p+".private_key_file", "", "set a private key file or a password")
	case s.PrivateKeyFile != "" && s.Password != "":
		v.add(p+".password", "(hidden)", "set a private key file or a password, not both")
	}
	for field, path := range map[string]string{"private_key_file": s.PrivateKeyFile,
		"known_hosts_file": s.KnownHostsFile} {
		if path == "" {
			continue
		}
		if f, err := os.Open(path); err != nil {
			v.add(p+"."+field, path, "cannot be read: "+errText(err))
		} else {
			f.Close()
		}
	}
	if s.KnownHostsFile == "" && s.HostKeyFingerprint == "" {
		v.add(p+".host_key_fingerprint", "",
			"pin the server's host key with known_hosts_file or host_key_fingerprint")
	}
	if f := s.HostKeyFingerprint; f != "" && !strings.HasPrefix(f, "SHA256:") {
		v.add(p+".host_key_fingerprint", f, `must be "SHA256:" and the base64 digest`)
	}
	if s.DialTimeout <= 0 || s.OpTimeout <= 0 {
		v.add(p+".dial_timeout", s.DialTimeout.String(), "timeouts must be positive")
	}
	if s.Retries < 0 || s.Retries > 20 {
		v.add(p+".retries", fmt.Sprint(s.Retries), "must be 0 to 20")
	}
}

func (cn *Connection) validateTransfer(v *validator, p string) {
	u := &cn.Upload
	v.required(p+".upload.dir", u.Dir)
	v.oneOf(p+".upload.mode", u.Mode, "rename", "direct")
	if strings.ContainsAny(u.TempPrefix+u.TempSuffix, "/\\") {
		v.add(p+".upload.temp_prefix", u.TempPrefix+u.TempSuffix, "must not hold a slash")
	}
	if err := CheckNameTemplate(u.NameTemplate); err != nil {
		v.add(p+".upload.name_template", u.NameTemplate, err.Error())
	}
	d := &cn.Download
	if len(d.Dirs) == 0 {
		v.add(p+".download.dirs", "", "list at least one folder to fetch answers from")
	}
	for j, pat := range d.Patterns {
		if _, err := path.Match(pat, ""); err != nil {
			v.add(fmt.Sprintf("%s.download.patterns[%d]", p, j), pat, "is not a valid glob")
		}
	}
	v.oneOf(p+".download.after", d.After, "delete", "archive", "leave")
	if d.After == "archive" && d.ArchiveDir == "" {
		v.add(p+".download.archive_dir", "", "needed when after is archive")
	}
	if d.MinAge < 0 {
		v.add(p+".download.min_age", d.MinAge.String(), "must not be negative")
	}
}

func (cn *Connection) validateInterchange(v *validator, p string) {
	it := &cn.Interchange
	for field, val := range map[string]string{"sender_qualifier": it.SenderQualifier,
		"receiver_qualifier": it.ReceiverQualifier} {
		if len(val) != 2 {
			v.add(p+"."+field, val, "must be two characters, e.g. ZZ")
		}
	}
	for field, val := range map[string]string{"sender_id": it.SenderID,
		"receiver_id": it.ReceiverID} {
		if val == "" || len(val) > 15 {
			v.add(p+"."+field, val, "must be 1 to 15 characters")
		}
	}
	for field, val := range map[string]string{"group_sender": it.GroupSender,
		"group_receiver": it.GroupReceiver} {
		if len(val) < 2 || len(val) > 15 {
			v.add(p+"."+field, val, "must be 2 to 15 characters")
		}
	}
	v.oneOf(p+".usage", it.Usage, "T", "P")
}

// AckWanted reports whether ISA14 asks for a TA1.
func (it Interchange) AckWanted() bool { return it.AckRequested == nil || *it.AckRequested }

// CheckNameTemplate reports unknown placeholders in a file-name template.
func CheckNameTemplate(t string) error {
	if t == "" {
		return errors.New("must not be empty")
	}
	if strings.ContainsAny(t, "/\\") {
		return errors.New("must not hold a slash")
	}
	rest := t
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return errors.New("has an unclosed {")
		}
		if !templateFields[rest[i+1:i+j]] {
			return fmt.Errorf("has the unknown placeholder {%s}", rest[i+1:i+j])
		}
		rest = rest[i+j+1:]
	}
	if !strings.Contains(t, "{isa}") && !strings.Contains(t, "{batch}") {
		return errors.New("must contain {isa} or {batch} so that names never repeat")
	}
	return nil
}

var templateFields = map[string]bool{"connection": true, "date": true, "time": true,
	"isa": true, "batch": true, "usage": true}

// errText is what an error from the file system says, without the path
// it repeats.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

type validator struct{ errs []error }

func (v *validator) add(field, value, msg string) {
	if value == "" {
		v.errs = append(v.errs, fmt.Errorf("%s: %s", field, msg))
		return
	}
	v.errs = append(v.errs, fmt.Errorf("%s: %q %s", field, value, msg))
}

func (v *validator) required(field, value string) {
	if strings.TrimSpace(value) == "" {
		v.add(field, "", "is required")
	}
}

func (v *validator) oneOf(field, value string, allowed ...string) {
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	v.add(field, value, "must be one of "+strings.Join(allowed, ", "))
}

// err returns the problems sorted by field, so that output is stable.
func (v *validator) err() error {
	if len(v.errs) == 0 {
		return nil
	}
	sort.Slice(v.errs, func(i, j int) bool { return v.errs[i].Error() < v.errs[j].Error() })
	return errors.Join(v.errs...)
}
