package codes

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrFormat is the error every malformed data file unwraps to.
var ErrFormat = errors.New("malformed code list")

// header is the column row every data file carries before its codes.
const header = "code\tdescription\tstart\tstop\tnote"

// retiredWord in the stop column marks a code deactivated on a date the
// file does not record.
const retiredWord = "retired"

const dateLayout = "2006-01-02"

// parse reads one data file. Its shape is documented in docs/codes.md:
// "# key: value" lines, then the header row, then one tab-separated row per
// code; other lines starting with '#' and blank lines are ignored.
func parse(name string, b []byte) (meta, map[string]Entry, []string, error) {
	var (
		m       meta
		entries = map[string]Entry{}
		order   []string
		seen    = map[string]bool{}
		inBody  bool
		lineNo  int
	)
	fail := func(format string, args ...any) error {
		msg := fmt.Sprintf(format, args...)
		return fmt.Errorf("%s line %d: %s: %w", name, lineNo, msg, ErrFormat)
	}

	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		lineNo++
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if strings.HasPrefix(line, "#") {
			if inBody {
				continue
			}
			key, value, ok := strings.Cut(strings.TrimPrefix(line, "#"), ":")
			key = strings.TrimSpace(key)
			if !ok || !isKey(key) {
				continue // a free comment
			}
			if seen[key] {
				return m, nil, nil, fail("header %q given twice", key)
			}
			seen[key] = true
			if err := m.set(key, strings.TrimSpace(value)); err != nil {
				return m, nil, nil, fail("%v", err)
			}
			continue
		}
		if !inBody {
			if line != header {
				return m, nil, nil, fail("want the column row %q", header)
			}
			if err := m.check(); err != nil {
				return m, nil, nil, fail("%v", err)
			}
			inBody = true
			continue
		}

		e, err := parseRow(line, m.asOf)
		if err != nil {
			return m, nil, nil, fail("%v", err)
		}
		if _, dup := entries[e.Code]; dup {
			return m, nil, nil, fail("code %q listed twice", e.Code)
		}
		entries[e.Code] = e
		order = append(order, e.Code)
	}
	if err := sc.Err(); err != nil {
		return m, nil, nil, fmt.Errorf("%s: %w", name, err)
	}
	if !inBody {
		return m, nil, nil, fail("no column row")
	}
	if len(order) == 0 {
		return m, nil, nil, fail("no codes")
	}
	return m, entries, order, nil
}

// set stores one header value.
func (m *meta) set(key, value string) error {
	switch key {
	case "list":
		// The short name lives in Go; the file repeats it for readers.
	case "title":
		m.title = value
	case "element":
		m.element = value
	case "version":
		m.version = value
	case "as-of":
		t, err := time.Parse(dateLayout, value)
		if err != nil {
			return fmt.Errorf("as-of %q is not a YYYY-MM-DD date", value)
		}
		m.asOf = t
	case "source":
		m.source = value
	default:
		// Other keys are notes for the people who update the file.
	}
	return nil
}

// check reports a header that lacks a required value.
func (m *meta) check() error {
	switch {
	case m.title == "":
		return errors.New("header has no title")
	case m.version == "":
		return errors.New("header has no version")
	case m.asOf.IsZero():
		return errors.New("header has no as-of date")
	case m.source == "":
		return errors.New("header has no source")
	}
	return nil
}

// parseRow reads one code row: code and description are required, start,
// stop and note may be left empty or left off.
func parseRow(line string, asOf time.Time) (Entry, error) {
	f := strings.Split(line, "\t")
	if len(f) < 2 || len(f) > 5 {
		return Entry{}, fmt.Errorf("want 2 to 5 tab-separated fields, have %d", len(f))
	}
	for len(f) < 5 {
		f = append(f, "")
	}
	for i, v := range f {
		if v != strings.TrimSpace(v) {
			return Entry{}, fmt.Errorf("field %d has surrounding spaces", i+1)
		}
	}

	e := Entry{Code: f[0], Description: f[1], Note: f[4]}
	if !validCode(e.Code) {
		return Entry{}, fmt.Errorf("code %q is not upper-case letters and digits", e.Code)
	}
	if e.Description == "" {
		return Entry{}, fmt.Errorf("code %s has no description", e.Code)
	}

	if f[2] != "" {
		t, err := time.Parse(dateLayout, f[2])
		if err != nil {
			return Entry{}, fmt.Errorf("code %s: start %q is not a YYYY-MM-DD date", e.Code, f[2])
		}
		e.Start = t
	}
	switch {
	case f[3] == retiredWord:
		e.Retired = true
	case f[3] != "":
		t, err := time.Parse(dateLayout, f[3])
		if err != nil {
			return Entry{}, fmt.Errorf("code %s: stop %q is neither a date nor %q",
				e.Code, f[3], retiredWord)
		}
		e.Stop = t
		e.Retired = !t.After(asOf)
	}
	if !e.Start.IsZero() && !e.Stop.IsZero() && !e.Stop.After(e.Start) {
		return Entry{}, fmt.Errorf("code %s stops before it starts", e.Code)
	}
	return e, nil
}

func validCode(c string) bool {
	if c == "" || len(c) > 8 {
		return false
	}
	for _, r := range c {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// isKey reports whether k can be a header key: lower-case letters and '-'.
func isKey(k string) bool {
	if k == "" {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r == '-') {
			return false
		}
	}
	return true
}
