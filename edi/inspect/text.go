package inspect

import (
	"fmt"
	"io"
	"strings"
)

// kindNames say in words what each file type is.
var kindNames = map[string]string{
	"ta1": "interchange acknowledgment", "999": "implementation acknowledgment",
	"997": "functional acknowledgment", "277ca": "claim acknowledgment",
	"277": "claim status", "835": "remittance advice", "837p": "professional claims",
	"837i": "institutional claims", "276": "claim status inquiry",
	"270": "eligibility inquiry", "271": "eligibility answer",
	"other-x12": "X12 of a kind inspect does not read", "unknown": "not X12",
}

// usageNames say what ISA15 means.
var usageNames = map[string]string{"P": "production", "T": "test"}

// labelWidth bounds the first column of a table with amounts, so that the
// amounts stay within a line of 100 characters.
const labelWidth = 52

// noteWidth bounds the text of a row without amounts.
const noteWidth = 88

// printer writes indented lines and keeps the first error.
type printer struct {
	w   io.Writer
	err error
}

func (p *printer) line(indent int, format string, args ...any) {
	if p.err != nil {
		return
	}
	s := format
	if len(args) > 0 {
		s = fmt.Sprintf(format, args...)
	}
	_, p.err = fmt.Fprintf(p.w, "%s%s\n", strings.Repeat("  ", indent), s)
}

func (p *printer) blank() {
	if p.err == nil {
		_, p.err = io.WriteString(p.w, "\n")
	}
}

// table writes a table indented as a line would be.
func (p *printer) table(indent int, t *table) {
	for _, l := range t.lines(strings.Repeat("  ", indent)) {
		p.line(0, "%s", l)
	}
}

// WriteText writes the document as a summary for people: the file, each
// interchange, group and set with what it says, then the findings.
func (d *Document) WriteText(w io.Writer) error {
	p := &printer{w: w}
	p.line(0, "File     %s", d.File.Name)
	p.line(0, "Type     %s (%s)", d.Type, kindNames[d.Type])
	p.line(0, "Size     %d bytes", d.File.Size)
	p.line(0, "SHA-256  %s", d.File.SHA256)
	if d.Content != "" {
		p.line(0, "Content  %s", d.Content)
	}
	if d.Preview != "" {
		p.line(0, "Preview")
		for _, l := range strings.Split(d.Preview, "\n") {
			p.line(1, "%s", strings.TrimRight("| "+l, " "))
		}
	}
	for i := range d.Interchanges {
		p.blank()
		p.interchange(&d.Interchanges[i])
	}
	p.blank()
	p.findings(d.Findings)
	return p.err
}

func (p *printer) interchange(ic *Interchange) {
	p.line(0, "Interchange %s from %s to %s, %s, %s", orNone(ic.ControlNumber),
		party(ic.Sender), party(ic.Receiver), when(ic.Date, ic.Time), usage(ic.Usage))
	for _, a := range ic.Acknowledgments {
		p.ta1(a)
	}
	for i := range ic.Groups {
		g := &ic.Groups[i]
		p.line(1, "Group %s: %s %s, %s", orNone(g.ControlNumber), orNone(g.FunctionalID),
			orNone(g.Version), orNone(g.Date))
		for j := range g.Sets {
			p.set(&g.Sets[j])
		}
	}
}

func (p *printer) set(s *Set) {
	head := fmt.Sprintf("Set %s: %s", orNone(s.ControlNumber), orNone(s.ID))
	if s.Version != "" {
		head += " " + s.Version
	}
	p.line(2, "%s", head)
	switch {
	case s.Remittance != nil:
		p.remittance(s.Remittance)
	case s.Acknowledgment != nil:
		p.acknowledgment(s.Acknowledgment)
	case s.StatusReport != nil:
		p.statusReport(s.StatusReport)
	case s.Submission != nil:
		p.submission(s.Submission)
	}
}

func (p *printer) findings(fs []Finding) {
	if len(fs) == 0 {
		p.line(0, "No findings.")
		return
	}
	n := map[string]int{}
	for _, f := range fs {
		n[f.Severity]++
	}
	var parts []string
	for _, sev := range []string{"error", "warning", "info"} {
		if n[sev] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[sev], plural(n[sev], sev)))
		}
	}
	p.line(0, "Findings: %s", strings.Join(parts, ", "))
	for _, f := range fs {
		p.line(1, "%s", f.String())
	}
}

func party(pt Party) string {
	if pt.Qualifier == "" {
		return orNone(pt.ID)
	}
	return pt.Qualifier + " " + orNone(pt.ID)
}

func when(date, clock string) string {
	if date == "" {
		return "no valid date"
	}
	if clock == "" {
		return date
	}
	return date + " " + clock
}

func usage(u string) string {
	if name, ok := usageNames[u]; ok {
		return name
	}
	return "usage " + orNone(u)
}

// span shows a date or a range of dates.
func span(start, end string) string {
	if end == "" || end == start {
		return start
	}
	return start + " to " + end
}

// orNone shows an empty value as a dash.
func orNone(v string) string {
	if v == "" {
		return "-"
	}
	return v
}

// plural returns word for one, and word with an s otherwise.
func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// count returns "1 claim" or "3 claims".
func count(n int, word string) string { return fmt.Sprintf("%d %s", n, plural(n, word)) }

// procedure shows a procedure as "HC 99213-25-59".
func procedure(qualifier, code string, mods []string) string {
	s := strings.Join(append([]string{orNone(code)}, mods...), "-")
	if qualifier != "" {
		s = qualifier + " " + s
	}
	return s
}
