package x835

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/claimflow/claimflow/edi"
)

// ErrBalance is what a balancing finding unwraps to: a line, a claim or a
// transaction whose amounts do not add up. It also unwraps to edi.ErrData.
var ErrBalance = fmt.Errorf("%w: amounts out of balance", edi.ErrData)

// ErrNotAmount is what a finding unwraps to when a monetary element holds a
// value that is not an amount. It also unwraps to edi.ErrData.
var ErrNotAmount = fmt.Errorf("%w: %w", edi.ErrData, edi.ErrAmount)

// findingList keeps findings up to a limit and counts the rest.
type findingList struct {
	list  edi.Findings
	max   int // <= 0 keeps all
	extra int
	last  edi.Finding
}

func (l *findingList) add(f edi.Finding) {
	if l.max > 0 && len(l.list) >= l.max {
		l.extra++
		l.last = f
		return
	}
	l.list = append(l.list, f)
}

// result returns the findings kept, with a last entry counting those that
// were not.
func (l *findingList) result() edi.Findings {
	out := l.list
	if l.extra > 0 {
		more := l.last
		more.Message = fmt.Sprintf("%d more findings were not kept; the last: %s",
			l.extra, l.last.Message)
		out = append(out[:len(out):len(out)], more)
	}
	return out
}

// take returns the result and empties the list.
func (l *findingList) take() edi.Findings {
	out := l.result()
	l.list, l.extra = nil, 0
	return out
}

// dateCache remembers dates found valid: a file repeats the same few.
type dateCache [256]uint64

func (c *dateCache) valid(b []byte) bool {
	if len(b) != 8 {
		return false
	}
	k := binary.LittleEndian.Uint64(b)
	e := &c[(k*0x9E3779B97F4A7C15)>>56]
	if *e == k && k != 0 { // no date packs to 0, an empty slot's value
		return true
	}
	if !validDate(b) {
		return false
	}
	*e = k
	return true
}

// strCache hands out short element values as strings without allocating
// for values seen recently: codes, qualifiers, dates and names repeat from
// claim to claim. It is two-way set-associative, so that two values in
// use that hash alike do not evict each other, and an entry keeps the
// value's bytes packed in two words, so a hit costs a few compares; a miss
// costs a copy into the cache's text.
type strCache struct {
	e    [1024]strEntry
	text strText
}

// strText hands out copies of values as strings cut from shared blocks, so
// that a value met for the first time costs a copy, not an allocation of
// its own. A block is only ever appended to: what a string handed out
// holds never changes. A string keeps its whole block alive, which for a
// block of a few kilobytes is a small price.
type strText struct{ b strings.Builder }

// textBlock is the size of a block; longer values get their own string.
const textBlock = 4096

func (t *strText) copy(v []byte) string {
	if len(v) > textBlock/16 {
		return string(v)
	}
	if t.b.Cap()-t.b.Len() < len(v) {
		t.b = strings.Builder{} // the old block stays with its strings
		t.b.Grow(textBlock)
	}
	n := t.b.Len()
	t.b.Write(v)
	return t.b.String()[n:]
}

// strEntry is 32 bytes, so that the cache fits a level-one data cache; the
// value's length is its string's.
type strEntry struct {
	lo, hi uint64 // the first and the last eight bytes, zero-padded
	s      string
}

const maxCached = 16

func (c *strCache) get(b []byte) string {
	n := len(b)
	if n == 0 {
		return ""
	}
	if n > maxCached {
		return c.text.copy(b)
	}
	var lo, hi uint64
	switch {
	case n >= 8:
		lo, hi = binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[n-8:])
	case cap(b) >= 8:
		// A value cut from the reader's buffer has room after it: load a
		// whole word and keep the value's bytes.
		lo = binary.LittleEndian.Uint64(b[:8]) & (1<<(8*n) - 1)
	default:
		for i := n - 1; i >= 0; i-- {
			lo = lo<<8 | uint64(b[i])
		}
	}
	h := (lo*0x9E3779B97F4A7C15 ^ hi*0xC2B2AE3D27D4EB4F ^ uint64(n)*0xD6E8FEB86659FD93) >>
		(64 - 9) << 1
	e0, e1 := &c.e[h], &c.e[h+1]
	if e0.lo == lo && e0.hi == hi && len(e0.s) == n {
		return e0.s
	}
	if e1.lo == lo && e1.hi == hi && len(e1.s) == n {
		return e1.s
	}
	*e1 = *e0 // the newer of the two stays
	*e0 = strEntry{lo: lo, hi: hi, s: c.text.copy(b)}
	return e0.s
}

// setPos copies the position of s into d field by field: a copy of the
// whole struct goes through the runtime's bulk write barrier while the
// collector runs, and that costs more than the fields one by one.
func setPos(d *edi.Position, s *edi.Segment) {
	d.Offset, d.Ordinal, d.SetPosition = s.Pos.Offset, s.Pos.Ordinal, s.Pos.SetPosition
	d.Interchange, d.Group, d.Set = s.Pos.Interchange, s.Pos.Group, s.Pos.Set
}

// finding records a finding about element el (0 for the whole segment) of
// s in the list of the item being built and in the reader's list.
func (r *Reader) finding(sev edi.Severity, s *edi.Segment, el, comp int, err error,
	format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	r.record(edi.Finding{Severity: sev, File: r.name, Pos: s.Pos, Segment: s.ID,
		Element: el, Component: comp, Err: err, Message: msg})
}

// record files f with the item being built and with the reader.
func (r *Reader) record(f edi.Finding) {
	if r.cur != nil {
		r.cur.add(f)
	}
	r.all.add(f)
}

// str returns element i of s as a string, "" when absent.
func (r *Reader) str(s *edi.Segment, i int) string {
	return r.cache.get(s.Bytes(i))
}

// compStr returns component j of b, split by sep, as a string.
func (r *Reader) compStr(b []byte, sep byte, j int) string {
	return r.cache.get(nthComponent(b, sep, j))
}

// required reports a missing element and returns whether it is present.
func (r *Reader) required(s *edi.Segment, i int, sev edi.Severity, what string) bool {
	if len(s.Bytes(i)) > 0 {
		return true
	}
	r.finding(sev, s, i, 0, edi.ErrStructure, "%s is missing", what)
	return false
}

// amount reads monetary element i of s. A value that is not an amount is
// an error finding and reads as 0; a missing required one is an error too.
func (r *Reader) amount(s *edi.Segment, i int, required bool, what string) edi.Amount {
	return r.amountOf(s, i, s.Bytes(i), required, what)
}

// amountOf is amount for element i's bytes b, already at hand.
func (r *Reader) amountOf(s *edi.Segment, i int, b []byte, required bool,
	what string) edi.Amount {
	if len(b) == 0 {
		if required {
			r.finding(edi.Error, s, i, 0, edi.ErrStructure, "%s is missing", what)
		}
		return 0
	}
	a, err := edi.ParseAmount(b)
	if err != nil {
		r.finding(edi.Error, s, i, 0, ErrNotAmount, "%s is not a monetary amount", what)
		return 0
	}
	return a
}

// decimal reads decimal element i of s; a value that is not a number is a
// warning and reads as absent.
func (r *Reader) decimal(s *edi.Segment, i int, what string) Decimal {
	return r.decimalBytes(s, s.Bytes(i), i, what)
}

func (r *Reader) decimalBytes(s *edi.Segment, b []byte, i int, what string) Decimal {
	if len(b) == 0 {
		return ""
	}
	if !validDecimal(b) {
		r.finding(edi.Warning, s, i, 0, edi.ErrData, "%s is not a number", what)
		return ""
	}
	return Decimal(r.cache.get(b))
}

// date reads date element i of s. Eight zeros is a placeholder kept as
// written; anything else that is not a calendar date is a warning, and the
// value is kept as written so that nothing is lost.
func (r *Reader) date(s *edi.Segment, i int, required bool, what string) Date {
	b := s.Bytes(i)
	if len(b) == 0 {
		if required {
			r.finding(edi.Warning, s, i, 0, edi.ErrStructure, "%s is missing", what)
		}
		return ""
	}
	if !r.dates.valid(b) && string(b) != "00000000" {
		r.finding(edi.Warning, s, i, 0, edi.ErrData, "%s is not a CCYYMMDD date", what)
	}
	return Date(r.cache.get(b))
}

// code reads code element i of s and warns when the value is not one the
// guide allows there. Messages never quote the value.
func (r *Reader) code(s *edi.Segment, i int, set *codeSet, required bool, what string) string {
	b := s.Bytes(i)
	if len(b) == 0 {
		if required {
			r.finding(edi.Warning, s, i, 0, edi.ErrStructure, "%s is missing", what)
		}
		return ""
	}
	if v, ok := set.lookup(b); ok {
		return v
	}
	if set != nil {
		r.finding(edi.Warning, s, i, 0, edi.ErrData,
			"%s is not a code 005010X221A1 allows here", what)
	}
	return r.cache.get(b)
}

// nthComponent returns component j (1-based) of b split by sep.
func nthComponent(b []byte, sep byte, j int) []byte {
	for ; j > 1; j-- {
		k := indexByte(b, sep)
		if k < 0 {
			return nil
		}
		b = b[k+1:]
	}
	if k := indexByte(b, sep); k >= 0 {
		b = b[:k]
	}
	return b
}

func indexByte(b []byte, c byte) int {
	for i, x := range b {
		if x == c {
			return i
		}
	}
	return -1
}
