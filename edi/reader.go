package edi

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
)

// isaWidths are the fixed widths of ISA01 through ISA16.
var isaWidths = [16]int{2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1}

// isaMaxScan bounds how far a reader looks for the sixteen element
// separators of an ISA before it gives up on the interchange. A fixed-width
// ISA is 106 bytes; real files stretch it a little, never by kilobytes.
const isaMaxScan = 1024

// DefaultMaxFindings is how many findings a Reader keeps before it only
// counts them.
const DefaultMaxFindings = 10000

// Reader reads segments from an X12 stream, one at a time, taking the
// delimiters of each interchange from its ISA. It checks the envelopes as it
// goes (order, counts, control numbers) and records what it finds as
// Findings without stopping. Only input that cannot be read as X12 at all
// stops it.
//
// A Reader buffers as much as its longest segment needs; nothing in the
// input is cut or dropped because of its length.
type Reader struct {
	src  io.Reader
	name string

	buf  []byte
	r, w int   // unread bytes are buf[r:w]
	base int64 // file offset of buf[0]
	err  error // sticky error from src, io.EOF included

	d      Delimiters
	haveD  bool
	seg    Segment
	count  int // segments read
	env    envelope
	ids    idCache
	placed bool // seg.Pos holds the envelopes' control numbers as they are
	done   bool
	fatal  error
	maxF   int
	extraF int
	lastF  Finding
	found  Findings
}

// envelope is the reader's view of the envelopes it is inside.
type envelope struct {
	isaOpen bool
	isa     string
	groups  int

	gsOpen bool
	gs     string
	sets   int

	stOpen bool
	st     string
	segs   int
}

// NewReader returns a Reader over src.
func NewReader(src io.Reader) *Reader {
	return &Reader{
		src:  src,
		buf:  make([]byte, 64<<10),
		maxF: DefaultMaxFindings,
	}
}

// SetName sets the file name that findings carry.
func (r *Reader) SetName(name string) { r.name = name }

// SetMaxFindings sets how many findings are kept; further ones are counted
// and summarised in one last finding. n <= 0 keeps them all.
func (r *Reader) SetMaxFindings(n int) { r.maxF = n }

// Findings returns what the reader has found so far. When more were found
// than it keeps, the last entry says how many more there were.
func (r *Reader) Findings() Findings {
	if r.extraF == 0 {
		return r.found
	}
	return r.findingsMore()
}

// findingsMore is Findings with the last entry that counts those not kept.
func (r *Reader) findingsMore() Findings {
	more := r.lastF
	more.Message = fmt.Sprintf("%d more findings were not kept; the last: %s",
		r.extraF, r.lastF.Message)
	return append(r.found[:len(r.found):len(r.found)], more)
}

// Report adds a finding that a set-level reader made about a segment this
// Reader returned, so that Findings holds every problem of the file in the
// order it was met, under the same limit. An empty File is set to the
// reader's name.
func (r *Reader) Report(f Finding) {
	if f.File == "" {
		f.File = r.name
	}
	r.add(f)
}

// Delimiters returns the delimiters of the current interchange.
func (r *Reader) Delimiters() Delimiters { return r.d }

// Next returns the next segment. At the end of the input it returns io.EOF,
// after recording any envelope left open. An error other than io.EOF means
// the rest of the input cannot be read: it is a Finding (or wraps the
// source's error) and is also in Findings.
func (r *Reader) Next() (*Segment, error) {
	if r.fatal != nil {
		return nil, r.fatal
	}
	if r.done {
		return nil, io.EOF
	}
	// The usual case, a plain segment after filler or none in the buffer,
	// takes the short way; anything else the long one, which starts over.
	for r.r < r.w && filler[r.buf[r.r]] {
		r.r++
	}
	if r.r < r.w && r.count > 0 && r.haveD && r.buf[r.r] != 'I' {
		end, err := r.scan()
		if err != nil {
			return nil, r.stop(err)
		}
		return r.finish(end, false), nil
	}
	if !r.skipSpace() {
		return r.end()
	}
	isa, err := r.atISA()
	if err != nil {
		return nil, r.stop(err)
	}
	var end int
	switch {
	case isa:
		end, err = r.readISA()
	case !r.haveD:
		err = r.finding(Error, Position{Offset: r.base + int64(r.r), Ordinal: 1},
			"", 0, 0, ErrNotX12, "the file does not begin with an ISA segment")
	default:
		end, err = r.scan()
	}
	if err != nil {
		return nil, r.stop(err)
	}
	return r.finish(end, isa), nil
}

// finish makes the segment at r.r, whose terminator is at end, the current
// one.
func (r *Reader) finish(end int, isa bool) *Segment {
	// The segment is buf[r.r:end]; the reads before may have moved r.r.
	start := r.r
	raw := r.buf[start:end]
	next := end + 1
	if end == r.w { // unterminated last segment
		next = end
	}
	if r.d.Segment == '\n' && len(raw) > 0 && raw[len(raw)-1] == '\r' {
		raw = raw[:len(raw)-1]
	}
	r.r = next
	if isa {
		r.seg.seps = appendSeps(r.seg.seps[:0], raw, r.d.Element)
	}
	r.tokenize(raw, r.base+int64(start))
	if end == r.w {
		r.addf(Warning, &r.seg, 0, 0, ErrSyntax, "the last segment has no terminator")
	}
	return &r.seg
}

// stop records a fatal problem and makes it the answer to every later call.
func (r *Reader) stop(err error) error {
	var f Finding
	if errors.As(err, &f) {
		r.add(f)
	}
	r.fatal = err
	return err
}

// end handles the end of the input: envelopes left open are findings.
func (r *Reader) end() (*Segment, error) {
	if r.err != nil && r.err != io.EOF {
		return nil, r.stop(fmt.Errorf("edi: reading %s: %w", r.fileName(), r.err))
	}
	r.done = true
	if r.count == 0 {
		r.fatal = r.finding(Error, Position{Ordinal: 1}, "", 0, 0, ErrNotX12, "the file is empty")
		r.add(r.fatal.(Finding))
		return nil, r.fatal
	}
	pos := r.position(r.base + int64(r.r))
	pos.Ordinal = r.count + 1
	if r.env.stOpen {
		r.add(r.finding(Error, pos, "SE", 0, 0, ErrEnvelope,
			fmt.Sprintf("transaction set %s has no SE trailer", r.env.st)))
	}
	if r.env.gsOpen {
		r.add(r.finding(Error, pos, "GE", 0, 0, ErrEnvelope,
			fmt.Sprintf("functional group %s has no GE trailer", r.env.gs)))
	}
	if r.env.isaOpen {
		r.add(r.finding(Error, pos, "IEA", 0, 0, ErrEnvelope,
			fmt.Sprintf("interchange %s has no IEA trailer", r.env.isa)))
	}
	return nil, io.EOF
}

func (r *Reader) fileName() string {
	if r.name == "" {
		return "input"
	}
	return r.name
}

// fill reads more input, keeping buf[r:w]. It reports whether at least one
// new byte arrived.
func (r *Reader) fill() bool {
	if r.err != nil {
		return false
	}
	if r.r > 0 {
		copy(r.buf, r.buf[r.r:r.w])
		r.base += int64(r.r)
		r.w -= r.r
		r.r = 0
	}
	if r.w == len(r.buf) {
		nb := make([]byte, 2*len(r.buf))
		copy(nb, r.buf[:r.w])
		r.buf = nb
	}
	for empty := 0; ; empty++ {
		n, err := r.src.Read(r.buf[r.w:])
		if n < 0 || n > len(r.buf)-r.w {
			r.err = errors.New("source returned an invalid count")
			return false
		}
		r.w += n
		if err != nil {
			r.err = err
			return n > 0
		}
		if n > 0 {
			return true
		}
		if empty == 100 {
			r.err = io.ErrNoProgress
			return false
		}
	}
}

// skipSpace moves past line breaks, blanks and other filler between
// segments. It reports whether a segment follows.
func (r *Reader) skipSpace() bool {
	if r.r < r.w && !filler[r.buf[r.r]] && r.count > 0 {
		return true // the usual case: a segment right after the last one
	}
	for {
		for r.r < r.w {
			if !filler[r.buf[r.r]] {
				if r.count == 0 && r.base == 0 && bytes.HasPrefix(r.buf[r.r:r.w], bom) {
					r.r += len(bom)
					continue
				}
				return true
			}
			r.r++
		}
		if !r.fill() {
			return false
		}
	}
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// filler marks the bytes that may sit between segments and are never part
// of one: line breaks, blanks, NUL and the DOS end-of-file mark. A
// terminator that is itself a newline lands here only when a segment is
// empty, and an empty segment carries nothing.
var filler = [256]bool{'\n': true, '\r': true, ' ': true, '\t': true, '\f': true, '\v': true,
	0: true, 0x1A: true}

// ensure makes n bytes available from r.r, reading as needed. It reports
// whether they are there.
func (r *Reader) ensure(n int) bool {
	for r.w-r.r < n {
		if !r.fill() {
			return false
		}
	}
	return true
}

// atISA reports whether the segment starting at r.r is an ISA: "ISA"
// followed by a byte that is not a letter or digit.
func (r *Reader) atISA() (bool, error) {
	if r.buf[r.r] != 'I' {
		return false, nil // nor can it be the start of one cut short
	}
	if !r.ensure(4) {
		rest := r.buf[r.r:r.w]
		if !r.haveD && bytes.HasPrefix([]byte("ISA"), rest) {
			return false, r.finding(Error, r.position(r.base+int64(r.r)), "ISA", 0, 0,
				ErrSyntax, "the file ends inside the ISA segment")
		}
		return false, nil
	}
	b := r.buf[r.r : r.r+4]
	return b[0] == 'I' && b[1] == 'S' && b[2] == 'A' && !isAlnum(b[3]), nil
}

// readISA takes the delimiters from the ISA at r.r and returns the index of
// its terminator.
func (r *Reader) readISA() (int, error) {
	// Find the sixteenth element separator; the component separator and the
	// terminator follow it.
	seps := 0
	i := r.r + 3
	for seps < 16 {
		if i-r.r >= isaMaxScan {
			return 0, r.finding(Error, r.position(r.base+int64(r.r)), "ISA", 0, 0, ErrSyntax,
				"the ISA segment does not have 16 elements")
		}
		if i >= r.w {
			off := i - r.r
			if !r.fill() {
				return 0, r.finding(Error, r.position(r.base+int64(r.r)), "ISA", 0, 0,
					ErrSyntax, "the file ends inside the ISA segment")
			}
			i = r.r + off
			continue
		}
		if r.buf[i] == r.buf[r.r+3] {
			seps++
		}
		i++
	}
	// i is just past the sixteenth separator; ensure may move the buffer.
	rel := i - r.r
	if !r.ensure(rel + 2) {
		return 0, r.finding(Error, r.position(r.base+int64(r.r)), "ISA", 16, 0, ErrSyntax,
			"the file ends inside the ISA segment")
	}
	i = r.r + rel
	d := Delimiters{Element: r.buf[r.r+3], Component: r.buf[i], Segment: r.buf[i+1]}
	raw := r.buf[r.r : i+1]
	if err := d.Validate(); err != nil {
		return 0, r.finding(Error, r.position(r.base+int64(r.r)), "ISA", 16, 0, ErrDelimiters,
			fmt.Sprintf("the ISA declares unusable delimiters: %v", err))
	}

	// ISA11 is a repetition separator only from version 00402 on.
	isa11 := field(raw, d.Element, 11)
	isa12 := field(raw, d.Element, 12)
	if len(isa11) == 1 && !isAlnum(isa11[0]) && string(isa12) >= "00402" {
		if c := isa11[0]; c != d.Element && c != d.Component && c != d.Segment {
			d.Repetition = c
		}
	}
	r.d, r.haveD = d, true
	return i + 1, nil
}

// field returns element n (1-based) of raw split by sep.
func field(raw []byte, sep byte, n int) []byte {
	for k := 0; k < n; k++ {
		j := bytes.IndexByte(raw, sep)
		if j < 0 {
			return nil
		}
		raw = raw[j+1:]
	}
	if j := bytes.IndexByte(raw, sep); j >= 0 {
		raw = raw[:j]
	}
	return raw
}

// scan finds the terminator of the segment that starts at r.r and records
// its element separators. It returns the terminator's index, or r.w when
// the input ends first.
func (r *Reader) scan() (int, error) {
	seps := r.seg.seps[:0]
	i := r.r
	for {
		var end int
		var found bool
		end, found, seps = scanSegment(r.buf[:r.w], i, r.r, seps, r.d.Element, r.d.Segment)
		if found {
			r.seg.seps = seps
			return end, nil
		}
		scanned := r.w - r.r
		if !r.fill() {
			r.seg.seps = seps
			if r.err != nil && r.err != io.EOF {
				return 0, fmt.Errorf("edi: reading %s: %w", r.fileName(), r.err)
			}
			return r.w, nil
		}
		i = r.r + scanned
	}
}

// Masks for looking at eight bytes at a time.
const (
	lows  = 0x0101010101010101
	low7s = 0x7f7f7f7f7f7f7f7f
)

// zeroBytes returns v with the high bit set in each byte that is zero, and
// every other bit clear. Unlike the shorter borrow trick it is exact for
// every byte, not only the first zero one.
func zeroBytes(v uint64) uint64 {
	return ^((v&low7s + low7s) | v | low7s)
}

// scanSegment looks through buf from i for the terminator term, appending
// to seps the offsets from start of each element separator el before it.
// It returns the terminator's index and true, or len(buf) and false when
// buf ends first. It reads eight bytes at a time: X12 elements are a few
// bytes long, so one word often holds several separators and a terminator,
// and a word with neither costs a few instructions.
func scanSegment(buf []byte, i, start int, seps []int32, el, term byte) (int, bool, []int32) {
	eb, tb := lows*uint64(el), lows*uint64(term)
	for ; i+8 <= len(buf); i += 8 {
		w := binary.LittleEndian.Uint64(buf[i:])
		em, tm := zeroBytes(w^eb), zeroBytes(w^tb)
		if tm != 0 {
			em &= tm&-tm - 1 // only the separators before the terminator
		}
		for ; em != 0; em &= em - 1 {
			seps = append(seps, int32(i-start+bits.TrailingZeros64(em)>>3))
		}
		if tm != 0 {
			return i + bits.TrailingZeros64(tm)>>3, true, seps
		}
	}
	for ; i < len(buf); i++ {
		switch buf[i] {
		case term:
			return i, true, seps
		case el:
			seps = append(seps, int32(i-start))
		}
	}
	return len(buf), false, seps
}

// appendSeps appends the offsets of sep in raw.
func appendSeps(seps []int32, raw []byte, sep byte) []int32 {
	for i, c := range raw {
		if c == sep {
			seps = append(seps, int32(i))
		}
	}
	return seps
}

// tokenize fills r.seg from raw, whose element separators are already in
// r.seg.seps, and checks it against the envelopes.
func (r *Reader) tokenize(raw []byte, offset int64) {
	s := &r.seg
	s.raw, s.delim = raw, r.d
	for len(s.seps) > 0 && int(s.seps[len(s.seps)-1]) >= len(raw) {
		s.seps = s.seps[:len(s.seps)-1] // a separator in a stripped CR's place
	}
	idb := raw
	if len(s.seps) > 0 {
		idb = raw[:s.seps[0]]
	}
	r.count++
	id, kind := r.ids.intern(idb)
	s.ID = id
	s.Pos.Offset, s.Pos.Ordinal = offset, r.count
	if kind != envOther {
		// An envelope segment may be reported on before track places it.
		s.Pos.Interchange, s.Pos.Group, s.Pos.Set, s.Pos.SetPosition = "", "", "", 0
		r.placed = false
	}
	r.track(s, kind)
	if kind != envOther {
		r.placed = false // the envelopes may have changed after place
	}
	if id == "" {
		r.addf(Error, s, 0, 0, ErrSyntax,
			fmt.Sprintf("the segment ID is not 2 or 3 capital letters and digits (%d characters)",
				len(idb)))
	}
}

func validID(b []byte) bool {
	if len(b) < 2 || len(b) > 3 || b[0] < 'A' || b[0] > 'Z' {
		return false
	}
	for _, c := range b[1:] {
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// position returns a Position at offset inside the current envelopes.
func (r *Reader) position(offset int64) Position {
	p := Position{Offset: offset, Ordinal: r.count + 1}
	if r.env.isaOpen {
		p.Interchange = r.env.isa
	}
	if r.env.gsOpen {
		p.Group = r.env.gs
	}
	if r.env.stOpen {
		p.Set, p.SetPosition = r.env.st, r.env.segs+1
	}
	return p
}

func (r *Reader) finding(sev Severity, pos Position, seg string, el, comp int,
	err error, msg string) Finding {
	return Finding{Severity: sev, File: r.name, Pos: pos, Segment: seg, Element: el,
		Component: comp, Err: err, Message: msg}
}

// addf records a finding about segment s.
func (r *Reader) addf(sev Severity, s *Segment, el, comp int, err error, msg string) {
	r.add(r.finding(sev, s.Pos, s.ID, el, comp, err, msg))
}

func (r *Reader) add(f Finding) {
	if r.maxF > 0 && len(r.found) >= r.maxF {
		r.extraF++
		r.lastF = f
		return
	}
	r.found = append(r.found, f)
}

// idCache hands out segment IDs as strings without allocating for IDs seen
// before, with the envelope role of each. A valid ID is at most three
// bytes, so it packs into a key; the cache is direct-mapped, and a
// collision only costs an allocation.
type idCache [256]struct {
	key  uint32
	kind envKind
	id   string
}

// envKind is the role of a segment ID in the envelopes.
type envKind uint8

const (
	envOther envKind = iota
	envISA
	envGS
	envST
	envSE
	envGE
	envIEA
	envTA1
)

func envKindOf(id string) envKind {
	switch id {
	case "ISA":
		return envISA
	case "GS":
		return envGS
	case "ST":
		return envST
	case "SE":
		return envSE
	case "GE":
		return envGE
	case "IEA":
		return envIEA
	case "TA1":
		return envTA1
	}
	return envOther
}

// intern returns b as a string and its envelope role, or "" when b is not
// a valid segment ID. Only valid IDs enter the cache, so a hit needs no
// checking.
func (c *idCache) intern(b []byte) (string, envKind) {
	var key uint32
	switch len(b) {
	case 2:
		key = uint32(b[0])<<8 | uint32(b[1])
	case 3:
		key = uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
	default:
		return "", envOther
	}
	e := &c[(key^key>>7^key>>13)&255]
	if e.key == key && e.id != "" {
		return e.id, e.kind
	}
	if !validID(b) {
		return "", envOther
	}
	e.key, e.id = key, string(b)
	e.kind = envKindOf(e.id)
	return e.id, e.kind
}
