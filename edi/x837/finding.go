package x837

import (
	"strconv"
	"strings"

	"github.com/claimflow/claimflow/edi"
)

// Finding is one defect of a claim found by Check. Code is stable and
// meant for programs ("npi.check_digit"); Path is the JSON path of the
// field at fault in the claim as it was given; Message is a sentence for a
// biller that never quotes patient data.
type Finding struct {
	Code     string       `json:"code"`
	Path     string       `json:"path"`
	Severity edi.Severity `json:"severity"`
	Message  string       `json:"message"`
}

// String renders the finding as "error npi.check_digit billing.npi: ...".
func (f Finding) String() string {
	return f.Severity.String() + " " + f.Code + " " + f.Path + ": " + f.Message
}

// Findings is the list Check returns.
type Findings []Finding

// HasError reports whether any finding is an error: the claim is held.
func (fs Findings) HasError() bool {
	for _, f := range fs {
		if f.Severity >= edi.Error {
			return true
		}
	}
	return false
}

// Codes returns the codes of the findings, in order.
func (fs Findings) Codes() []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Code
	}
	return out
}

// jpath is a JSON path template: dotted parts whose "[]" are filled with
// indexes only when a finding needs the text, so that checking a clean
// claim formats no path and allocates nothing for it.
type jpath struct {
	parts [5]string
	n     int
	idx   [2]int
	field string // the last field name, without indexes
}

func pathOf(t string, idx ...int) jpath {
	p := jpath{n: 1}
	p.parts[0] = t
	copy(p.idx[:], idx)
	p.field = strings.TrimSuffix(t[strings.LastIndexByte(t, '.')+1:], "[]")
	return p
}

// sub appends a field to the path: pathOf("a[]", 1).sub("b") is "a[1].b".
func (p jpath) sub(field string) jpath {
	p.field = strings.TrimSuffix(field, "[]")
	if p.n == len(p.parts) {
		p.parts[p.n-1] += "." + field
		return p
	}
	p.parts[p.n] = field
	p.n++
	return p
}

// last returns the last field name of the path, without indexes.
func (p jpath) last() string { return p.field }

func (p jpath) String() string {
	t := strings.Join(p.parts[:p.n], ".")
	if !strings.Contains(t, "[]") {
		return t
	}
	var b strings.Builder
	rest, n := t, 0
	for {
		i := strings.Index(rest, "[]")
		if i < 0 || n == len(p.idx) {
			b.WriteString(rest)
			return b.String()
		}
		b.WriteString(rest[:i+1])
		b.WriteString(strconv.Itoa(p.idx[n]))
		b.WriteByte(']')
		rest, n = rest[i+2:], n+1
	}
}
