package codes

import (
	"fmt"
	"strings"
	"sync"
	"time"
)

// Entry is one code of a list, as its data file gives it.
type Entry struct {
	Code        string
	Description string    // one line, written for a biller
	Start       time.Time // first day the code may be used; zero when not recorded
	Stop        time.Time // first day the code may no longer be used; zero when none or not recorded
	Retired     bool      // the list marks the code deactivated as of its publication date
	Note        string    // usage limits or the code to use instead; may be empty
}

// ActiveOn reports whether the code may be used on day t according to the
// list: on or after Start, before Stop, and not retired without a date.
func (e Entry) ActiveOn(t time.Time) bool {
	if !e.Start.IsZero() && t.Before(e.Start) {
		return false
	}
	if !e.Stop.IsZero() {
		return t.Before(e.Stop)
	}
	return !e.Retired
}

// List is one code list, read from its embedded data file on first use.
// A List is safe for concurrent use.
type List struct {
	file string // name under data/
	name string // short name used in messages, e.g. "CARC"

	once    sync.Once
	err     error
	meta    meta
	entries map[string]Entry
	order   []string
}

// meta is the header of a data file.
type meta struct {
	title   string
	element string
	version string
	asOf    time.Time
	source  string
}

func newList(name, file string) *List {
	return &List{name: name, file: file}
}

func (l *List) load() {
	l.once.Do(func() {
		b, err := dataFS.ReadFile("data/" + l.file)
		if err != nil {
			l.err = fmt.Errorf("read %s: %w", l.file, err)
			return
		}
		m, entries, order, err := parse(l.file, b)
		if err != nil {
			l.err = err
			return
		}
		l.meta, l.entries, l.order = m, entries, order
	})
}

// Err reports whether the list's data file failed to parse. It is nil for
// every list of a well-formed build; the package tests prove that.
func (l *List) Err() error {
	l.load()
	return l.err
}

// Name is the list's short name, such as "CARC" or "IK403".
func (l *List) Name() string { return l.name }

// Title is the list's full name, such as "Claim adjustment reason codes".
func (l *List) Title() string {
	l.load()
	return l.meta.title
}

// Element names the X12 elements whose values the list gives meaning to,
// such as "CAS02, CAS05, CAS08, CAS11, CAS14, CAS17".
func (l *List) Element() string {
	l.load()
	return l.meta.element
}

// Version names the published version of the list that the data file
// reflects, in the publisher's terms.
func (l *List) Version() string {
	l.load()
	return l.meta.version
}

// AsOf is the date of the published version that the data file reflects.
func (l *List) AsOf() time.Time {
	l.load()
	return l.meta.asOf
}

// Source says who publishes the list and where.
func (l *List) Source() string {
	l.load()
	return l.meta.source
}

// Len is the number of codes in the list, retired ones included.
func (l *List) Len() int {
	l.load()
	return len(l.order)
}

// Codes returns the list's codes in the order of its data file.
func (l *List) Codes() []string {
	l.load()
	return append([]string(nil), l.order...)
}

// Lookup returns the entry for code. Surrounding spaces are ignored and
// letters are matched without regard to case.
func (l *List) Lookup(code string) (Entry, bool) {
	l.load()
	e, ok := l.entries[normalize(code)]
	return e, ok
}

// Describe returns the description of code, with "(retired)" appended when
// the list marks it deactivated. An unknown code yields a sentence naming
// the list and the code, never an empty string.
func (l *List) Describe(code string) string {
	e, ok := l.Lookup(code)
	if !ok {
		c := strings.TrimSpace(code)
		if c == "" {
			return fmt.Sprintf("no %s code given", l.name)
		}
		return fmt.Sprintf("unknown %s code %q", l.name, c)
	}
	if e.Retired {
		return e.Description + " (retired)"
	}
	return e.Description
}

func normalize(code string) string {
	return strings.ToUpper(strings.TrimSpace(code))
}
