package x837

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ErrDecode wraps every error Decoder returns for input that is not a
// claim file.
var ErrDecode = errors.New("cannot decode claims")

// DecodeError is a claim that cannot be decoded: a line of JSON Lines that
// is not JSON, or a claim that is JSON but not of the claim's shape (a
// number where an object belongs, for example). The Decoder goes on with
// the next claim after it.
type DecodeError struct {
	Index  int   // the claim's 0-based position in the file
	Line   int   // the 1-based line it begins on in JSON Lines; 0 in an array
	Offset int64 // byte offset just past the claim
	Err    error
}

// Error names the claim by its place in the file, never by its content.
func (e *DecodeError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("claim %d (line %d, ending at byte %d): %v", e.Index, e.Line,
			e.Offset, e.Err)
	}
	return fmt.Sprintf("claim %d (ending at byte %d): %v", e.Index, e.Offset, e.Err)
}

// Unwrap returns ErrDecode and the underlying error.
func (e *DecodeError) Unwrap() []error { return []error{ErrDecode, e.Err} }

// errIncomplete is a claim of JSON Lines whose object never closes.
var errIncomplete = errors.New("incomplete JSON: the claim ends before its object closes")

// Decoder reads claims one at a time from JSON Lines or from one JSON
// array of claims, without holding the file in memory.
//
// JSON Lines are read a line at a time: a line that is not JSON is a
// *DecodeError naming its line, and reading goes on with the next line. A
// claim may span several lines (one pretty-printed object after another);
// while one is open, a line that begins with "{" in its first column
// starts the next claim, so that a claim cut short does not swallow the
// claims after it. An array is one JSON value: if it is broken, the file
// cannot be read on, and the error names the byte and line.
type Decoder struct {
	br    *bufio.Reader
	dec   *json.Decoder
	hint  Kind
	array bool
	begun bool
	done  bool
	index int

	// JSON Lines.
	line    int    // lines read
	off     int64  // bytes read
	carry   []byte // a line read that starts the next claim
	carryAt int64  // its offset

	// Arrays.
	skipped int64        // bytes before the array's decoder began
	nl      *lineCounter // the newlines the array's decoder was given
}

// NewDecoder returns a Decoder reading r. hint, when not UnknownKind, is
// the kind of every claim; otherwise each claim's kind is detected from
// its content (Claim.DetectKind) and left UnknownKind when it cannot be.
func NewDecoder(r io.Reader, hint Kind) *Decoder {
	return &Decoder{br: bufio.NewReaderSize(r, 64<<10), hint: hint}
}

// Next returns the next claim, io.EOF after the last one, a *DecodeError
// for a claim that cannot be decoded (and the Decoder can go on), or an
// error wrapping ErrDecode when the file cannot be read on.
func (d *Decoder) Next() (*Claim, error) {
	if d.done {
		return nil, io.EOF
	}
	if !d.begun {
		d.begun = true
		if err := d.start(); err != nil {
			d.done = true
			return nil, err
		}
	}
	if d.array {
		return d.nextInArray()
	}
	return d.nextLine()
}

// nextInArray reads the next element of the array.
func (d *Decoder) nextInArray() (*Claim, error) {
	if !d.dec.More() {
		d.done = true
		if _, err := d.dec.Token(); err != nil {
			return nil, fmt.Errorf("%w: unterminated array: %w", ErrDecode, d.where(err))
		}
		if _, err := d.dec.Token(); err != io.EOF {
			return nil, fmt.Errorf("%w: data after the array", ErrDecode)
		}
		return nil, io.EOF
	}
	d.nl.forget(d.dec.InputOffset())
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		d.done = true
		return nil, fmt.Errorf("%w: claim %d: %w", ErrDecode, d.index, d.where(err))
	}
	idx := d.index
	d.index++
	c, err := DecodeClaim(raw, d.hint)
	if err != nil {
		return nil, &DecodeError{Index: idx, Offset: d.skipped + d.dec.InputOffset(), Err: err}
	}
	c.Index = idx
	return c, nil
}

// where turns an error of the array's decoder into one that names the
// byte of the file, and its line, without quoting the input.
func (d *Decoder) where(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON near byte %d (line %d)", d.skipped+se.Offset,
			d.nl.lineOf(se.Offset))
	}
	return syntaxOnly(err, 0)
}

// nextLine reads the next claim of JSON Lines.
func (d *Decoder) nextLine() (*Claim, error) {
	var (
		claim []byte
		scan  depthScanner
		first int   // the line the claim begins on
		start int64 // the offset of its first byte
		end   int64 // the offset just past its last byte
	)
	for {
		text, at, err := d.readLine()
		if err == io.EOF {
			d.done = true
			if claim == nil {
				return nil, io.EOF
			}
			return nil, d.lineError(first, end, errIncomplete)
		}
		if err != nil {
			d.done = true
			return nil, fmt.Errorf("%w: line %d: %w", ErrDecode, d.line+1, err)
		}
		trimmed := bytes.TrimRight(text, " \t\r\n")
		lead := len(trimmed) - len(bytes.TrimLeft(trimmed, " \t"))
		if claim == nil {
			if len(trimmed) == lead {
				continue // a blank line
			}
			first, start = d.line, at+int64(lead)
		} else if len(trimmed) > 0 && trimmed[0] == '{' {
			// A claim cut short: this line starts the next one.
			d.carry, d.carryAt = text, at
			d.line--
			return nil, d.lineError(first, end, errIncomplete)
		}
		if len(trimmed) > lead {
			end = at + int64(len(trimmed))
		}
		if claim == nil {
			claim = append(claim, text[lead:]...)
		} else {
			claim = append(claim, text...)
		}
		if scan.feed(trimmed[lead:]) {
			return d.lineClaim(bytes.TrimRight(claim, " \t\r\n"), first, start, end)
		}
	}
}

// lineClaim decodes one claim of JSON Lines.
func (d *Decoder) lineClaim(raw []byte, line int, start, end int64) (*Claim, error) {
	c, err := decodeClaim(raw, d.hint)
	if err != nil {
		return nil, d.lineError(line, end, syntaxOnly(err, start))
	}
	c.Index, c.Line = d.index, line
	d.index++
	return c, nil
}

// lineError reports a claim of JSON Lines that cannot be decoded and
// counts it as read.
func (d *Decoder) lineError(line int, end int64, err error) error {
	de := &DecodeError{Index: d.index, Line: line, Offset: end, Err: err}
	d.index++
	return de
}

// readLine returns the next line with its terminator and its offset; at
// the end of the input, io.EOF. Lines may be of any length.
func (d *Decoder) readLine() ([]byte, int64, error) {
	if d.carry != nil {
		line, at := d.carry, d.carryAt
		d.carry = nil
		d.line++
		return line, at, nil
	}
	var line []byte
	for {
		chunk, err := d.br.ReadSlice('\n')
		line = append(line, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(line) > 0 {
			err = nil
		}
		if err != nil {
			return nil, 0, err
		}
		at := d.off
		d.off += int64(len(line))
		d.line++
		return line, at, nil
	}
}

// depthScanner follows the nesting of JSON text fed to it a line at a
// time, to tell where a value that spans lines ends.
type depthScanner struct {
	begun    bool
	scalar   bool
	depth    int
	inString bool
	escape   bool
}

// feed scans one more line of a value and reports whether the value ends
// there: its outermost object or array closed (or closed too often), or
// it is not an object or array at all.
func (s *depthScanner) feed(line []byte) bool {
	for _, b := range line {
		if !s.begun {
			s.begun = true
			if b != '{' && b != '[' {
				s.scalar = true
			}
		}
		switch {
		case s.escape:
			s.escape = false
		case s.inString:
			switch b {
			case '\\':
				s.escape = true
			case '"':
				s.inString = false
			}
		case b == '"':
			s.inString = true
		case b == '{' || b == '[':
			s.depth++
		case b == '}' || b == ']':
			s.depth--
		}
	}
	return s.scalar || (s.begun && s.depth <= 0)
}

// start looks at the first byte that is not blank (after a byte order
// mark) and tells an array from JSON Lines.
func (d *Decoder) start() error {
	if bom, _ := d.br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		d.br.Discard(3)
		d.off = 3
	}
	for {
		b, err := d.br.Peek(1)
		if err == io.EOF {
			return io.EOF
		}
		if err != nil {
			return fmt.Errorf("%w: %w", ErrDecode, err)
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			if b[0] == '\n' {
				d.line++
			}
			d.br.Discard(1)
			d.off++
			continue
		case '[':
			d.skipped = d.off
			d.nl = &lineCounter{r: d.br, before: d.line}
			d.dec = json.NewDecoder(d.nl)
			d.array = true
			_, err := d.dec.Token()
			return err
		case '{':
			return nil
		}
		return fmt.Errorf("%w: a claim file holds JSON objects or one array of them",
			ErrDecode)
	}
}

// lineCounter passes an array's bytes to its decoder and keeps the offsets
// of the newlines it has not yet been told to forget, to tell the line of
// an error.
type lineCounter struct {
	r      io.Reader
	off    int64   // bytes read
	before int     // newlines before the array, and those forgotten
	nl     []int64 // offsets of the newlines since
}

func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			c.nl = append(c.nl, c.off+int64(i))
		}
	}
	c.off += int64(n)
	return n, err
}

// forget drops the newlines before offset: the decoder is past them.
func (c *lineCounter) forget(offset int64) {
	i := 0
	for i < len(c.nl) && c.nl[i] < offset {
		i++
	}
	c.before += i
	c.nl = append(c.nl[:0], c.nl[i:]...)
}

// lineOf returns the 1-based line of the byte at offset.
func (c *lineCounter) lineOf(offset int64) int {
	line := c.before + 1
	for _, at := range c.nl {
		if at >= offset {
			break
		}
		line++
	}
	return line
}

// syntaxOnly keeps the kind and offset of a JSON error but drops any text
// of the input it might quote; base is the offset of the JSON in its file.
func syntaxOnly(err error, base int64) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		if base == 0 {
			return fmt.Errorf("invalid JSON at byte %d", se.Offset)
		}
		return fmt.Errorf("invalid JSON at byte %d", base+max(se.Offset-1, 0))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// DecodeClaim decodes one claim from its JSON; hint as in NewDecoder. The
// claim keeps a copy of raw.
func DecodeClaim(raw []byte, hint Kind) (*Claim, error) {
	c, err := decodeClaim(raw, hint)
	if err != nil {
		return nil, syntaxOnly(err, 0)
	}
	return c, nil
}

// decodeClaim is DecodeClaim with JSON syntax errors left as they are.
func decodeClaim(raw []byte, hint Kind) (*Claim, error) {
	c := new(Claim)
	if err := json.Unmarshal(raw, c); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("field %s: wrong JSON type %s", te.Field, te.Value)
		}
		return nil, err
	}
	c.Raw = append(json.RawMessage(nil), raw...)
	c.Kind = hint
	if hint == UnknownKind {
		c.Kind, _ = c.DetectKind()
	}
	return c, nil
}
