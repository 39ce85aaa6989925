package edi

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Interchange holds the ISA fields a sender chooses. Writer pads every field
// to its fixed width, so the ISA it writes is always 106 characters.
type Interchange struct {
	AuthQualifier     string // ISA01, "00" when empty
	AuthInfo          string // ISA02
	SecurityQualifier string // ISA03, "00" when empty
	SecurityInfo      string // ISA04
	SenderQualifier   string // ISA05, e.g. "ZZ"
	SenderID          string // ISA06
	ReceiverQualifier string // ISA07
	ReceiverID        string // ISA08
	Time              time.Time
	Version           string // ISA12, "00501" when empty
	Control           int64  // ISA13, 1 to 999999999
	AckRequested      bool   // ISA14
	Usage             byte   // ISA15: 'P' production or 'T' test
}

// Group holds the GS fields of a functional group.
type Group struct {
	FunctionalID string // GS01, e.g. "HC"
	SenderCode   string // GS02
	ReceiverCode string // GS03
	Time         time.Time
	Control      int64  // GS06, 1 to 999999999
	Version      string // GS08, e.g. "005010X222A1"
}

// ErrWriter wraps every error a Writer returns for data it refuses.
var ErrWriter = errors.New("cannot write")

// Writer writes X12 interchanges. It pads the ISA, drops trailing empty
// elements and components, counts segments, sets and groups, and echoes
// every control number in the trailers. Control numbers come from the
// caller. Errors are sticky: after the first, every call is a no-op and
// Err or Close reports it.
type Writer struct {
	w      *bufio.Writer
	d      Delimiters
	suffix string // written after each terminator, e.g. "\n"
	err    error

	isaOpen, gsOpen, stOpen bool
	isaControl              int64
	gsControl               int64
	stControl               string
	groups, sets, segs      int

	// segment under construction
	segID      string
	elem       int // index of the element being written
	pendingSep int // element separators owed before the next non-empty value
}

// NewWriter returns a Writer using the given delimiters. suffix is written
// after each segment terminator; "" writes one continuous line, "\n" one
// segment per line.
func NewWriter(w io.Writer, d Delimiters, suffix string) *Writer {
	wr := &Writer{w: bufio.NewWriterSize(w, 64<<10), d: d, suffix: suffix}
	if err := d.Validate(); err != nil {
		wr.err = fmt.Errorf("%w: %w", ErrWriter, err)
	}
	return wr
}

// Delimiters returns the delimiters the writer uses.
func (w *Writer) Delimiters() Delimiters { return w.d }

// Err returns the first error the writer met.
func (w *Writer) Err() error { return w.err }

func (w *Writer) fail(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf("%w: "+format, append([]any{ErrWriter}, args...)...)
	}
}

// BeginInterchange writes an ISA segment.
func (w *Writer) BeginInterchange(h Interchange) {
	if w.err != nil {
		return
	}
	if w.isaOpen {
		w.fail("ISA: interchange %09d is still open", w.isaControl)
		return
	}
	if h.Control < 1 || h.Control > 999999999 {
		w.fail("ISA13: control number %d out of range", h.Control)
		return
	}
	usage := h.Usage
	if usage != 'P' && usage != 'T' {
		w.fail("ISA15: usage must be P or T")
		return
	}
	version := or(h.Version, "00501")
	rep := "U"
	if version >= "00402" && w.d.Repetition != 0 {
		rep = string(w.d.Repetition)
	}
	ack := "0"
	if h.AckRequested {
		ack = "1"
	}
	fields := []struct {
		v     string
		width int
		name  string
	}{
		{or(h.AuthQualifier, "00"), 2, "ISA01"},
		{h.AuthInfo, 10, "ISA02"},
		{or(h.SecurityQualifier, "00"), 2, "ISA03"},
		{h.SecurityInfo, 10, "ISA04"},
		{h.SenderQualifier, 2, "ISA05"},
		{h.SenderID, 15, "ISA06"},
		{h.ReceiverQualifier, 2, "ISA07"},
		{h.ReceiverID, 15, "ISA08"},
		{h.Time.Format("060102"), 6, "ISA09"},
		{h.Time.Format("1504"), 4, "ISA10"},
		{rep, 1, "ISA11"},
		{version, 5, "ISA12"},
		{fmt.Sprintf("%09d", h.Control), 9, "ISA13"},
		{ack, 1, "ISA14"},
		{string(usage), 1, "ISA15"},
	}
	w.w.WriteString("ISA")
	for _, f := range fields {
		if len(f.v) > f.width {
			w.fail("%s: value is %d characters, at most %d allowed", f.name, len(f.v), f.width)
			return
		}
		if f.name != "ISA11" && w.hasDelimiter(f.v) {
			w.fail("%s: value contains a delimiter", f.name)
			return
		}
		w.w.WriteByte(w.d.Element)
		w.w.WriteString(f.v)
		for i := len(f.v); i < f.width; i++ {
			w.w.WriteByte(' ')
		}
	}
	w.w.WriteByte(w.d.Element)
	w.w.WriteByte(w.d.Component)
	w.terminate()
	w.isaOpen, w.isaControl, w.groups = true, h.Control, 0
}

// EndInterchange writes the IEA segment.
func (w *Writer) EndInterchange() {
	if w.err != nil {
		return
	}
	if !w.isaOpen || w.gsOpen {
		w.fail("IEA: no interchange to close, or a group is still open")
		return
	}
	w.Segment("IEA", strconv.Itoa(w.groups), fmt.Sprintf("%09d", w.isaControl))
	w.isaOpen = false
}

// BeginGroup writes a GS segment.
func (w *Writer) BeginGroup(g Group) {
	if w.err != nil {
		return
	}
	if !w.isaOpen || w.gsOpen {
		w.fail("GS: needs an open interchange and no open group")
		return
	}
	if g.Control < 1 || g.Control > 999999999 {
		w.fail("GS06: control number %d out of range", g.Control)
		return
	}
	w.gsOpen, w.gsControl, w.sets = true, g.Control, 0
	w.groups++
	w.Segment("GS", g.FunctionalID, g.SenderCode, g.ReceiverCode,
		g.Time.Format("20060102"), g.Time.Format("1504"),
		strconv.FormatInt(g.Control, 10), "X", g.Version)
}

// EndGroup writes the GE segment.
func (w *Writer) EndGroup() {
	if w.err != nil {
		return
	}
	if !w.gsOpen || w.stOpen {
		w.fail("GE: no group to close, or a transaction set is still open")
		return
	}
	w.Segment("GE", strconv.Itoa(w.sets), strconv.FormatInt(w.gsControl, 10))
	w.gsOpen = false
}

// BeginSet writes an ST segment. control is ST02, 4 to 9 characters;
// version is ST03 (the implementation guide) and may be empty.
func (w *Writer) BeginSet(id, control, version string) {
	if w.err != nil {
		return
	}
	if !w.gsOpen || w.stOpen {
		w.fail("ST: needs an open group and no open transaction set")
		return
	}
	if len(control) < 4 || len(control) > 9 {
		w.fail("ST02: control number must be 4 to 9 characters")
		return
	}
	w.stOpen, w.stControl, w.segs = true, control, 0
	w.sets++
	w.Segment("ST", id, control, version)
}

// EndSet writes the SE segment with the count of segments from ST to SE.
func (w *Writer) EndSet() {
	if w.err != nil {
		return
	}
	if !w.stOpen {
		w.fail("SE: no transaction set to close")
		return
	}
	w.Segment("SE", strconv.Itoa(w.segs+1), w.stControl)
	w.stOpen = false
}

// SetSegments returns how many segments the open transaction set holds so
// far, ST included.
func (w *Writer) SetSegments() int { return w.segs }

// Segment writes a segment whose elements are all simple (no components or
// repetitions). Trailing empty elements are dropped.
func (w *Writer) Segment(id string, elements ...string) {
	w.Begin(id)
	for _, e := range elements {
		w.Element(e)
	}
	w.End()
}

// Begin starts a segment built element by element with Element, Composite
// and End.
func (w *Writer) Begin(id string) {
	if w.err != nil {
		return
	}
	if w.segID != "" {
		w.fail("%s: segment %s was not ended", id, w.segID)
		return
	}
	if len(id) < 2 || len(id) > 3 {
		w.fail("segment ID must be 2 or 3 characters")
		return
	}
	w.segID, w.elem, w.pendingSep = id, 0, 0
	w.w.WriteString(id)
}

// Element appends a simple element to the segment begun with Begin.
func (w *Writer) Element(v string) {
	if w.err != nil {
		return
	}
	w.elem++
	if v == "" {
		w.pendingSep++
		return
	}
	if w.hasDelimiter(v) {
		w.fail("%s%02d: value contains a delimiter", w.segID, w.elem)
		return
	}
	w.flushSeps()
	w.w.WriteString(v)
}

// Composite appends a composite element; trailing empty components are
// dropped, and an all-empty composite is an empty element.
func (w *Writer) Composite(components ...string) {
	if w.err != nil {
		return
	}
	w.elem++
	last := len(components)
	for last > 0 && components[last-1] == "" {
		last--
	}
	if last == 0 {
		w.pendingSep++
		return
	}
	for i, c := range components[:last] {
		if w.hasDelimiter(c) {
			w.fail("%s%02d-%d: value contains a delimiter", w.segID, w.elem, i+1)
			return
		}
	}
	w.flushSeps()
	for i, c := range components[:last] {
		if i > 0 {
			w.w.WriteByte(w.d.Component)
		}
		w.w.WriteString(c)
	}
}

// End terminates the segment begun with Begin.
func (w *Writer) End() {
	if w.err != nil {
		return
	}
	if w.segID == "" {
		w.fail("segment ended without Begin")
		return
	}
	w.terminate()
	if w.stOpen {
		w.segs++
	}
	w.segID = ""
}

// Flush writes buffered data to the underlying writer.
func (w *Writer) Flush() error {
	if w.err != nil {
		return w.err
	}
	if err := w.w.Flush(); err != nil {
		w.err = err
	}
	return w.err
}

// Close checks that every envelope is closed and flushes.
func (w *Writer) Close() error {
	if w.err == nil && (w.isaOpen || w.gsOpen || w.stOpen || w.segID != "") {
		w.fail("an envelope or segment is still open")
	}
	return w.Flush()
}

func (w *Writer) flushSeps() {
	for ; w.pendingSep > 0; w.pendingSep-- {
		w.w.WriteByte(w.d.Element)
	}
	w.w.WriteByte(w.d.Element)
}

func (w *Writer) terminate() {
	w.w.WriteByte(w.d.Segment)
	if w.suffix != "" {
		w.w.WriteString(w.suffix)
	}
}

func (w *Writer) hasDelimiter(v string) bool {
	for i := 0; i < len(v); i++ {
		if w.d.Has(v[i]) {
			return true
		}
	}
	return false
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// Repeated appends an element that repeats, each repeat a composite given
// by its components. Trailing empty components of a repeat and trailing
// empty repeats are dropped. More than one repeat needs a repetition
// separator.
func (w *Writer) Repeated(repeats ...[]string) {
	if w.err != nil {
		return
	}
	last := len(repeats)
	for last > 0 && allEmpty(repeats[last-1]) {
		last--
	}
	if last > 1 && w.d.Repetition == 0 {
		w.elem++
		w.fail("%s%02d: repeats need a repetition separator", w.segID, w.elem)
		return
	}
	if last <= 1 {
		var first []string
		if last == 1 {
			first = repeats[0]
		}
		w.Composite(first...)
		return
	}
	w.elem++
	for i, rep := range repeats[:last] {
		for j, c := range rep {
			if w.hasDelimiter(c) {
				w.fail("%s%02d-%d: value contains a delimiter", w.segID, w.elem, j+1)
				return
			}
		}
		if i == 0 {
			w.flushSeps()
		} else {
			w.w.WriteByte(w.d.Repetition)
		}
		n := len(rep)
		for n > 0 && rep[n-1] == "" {
			n--
		}
		for j, c := range rep[:n] {
			if j > 0 {
				w.w.WriteByte(w.d.Component)
			}
			w.w.WriteString(c)
		}
	}
}

func allEmpty(vs []string) bool {
	for _, v := range vs {
		if v != "" {
			return false
		}
	}
	return true
}
