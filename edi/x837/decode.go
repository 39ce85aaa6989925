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

// DecodeError is a claim that is JSON but not of the claim's shape (a
// number where an object belongs, for example). The Decoder goes on with
// the next claim after it.
type DecodeError struct {
	Index  int   // the claim's 0-based position in the file
	Offset int64 // byte offset just past the claim
	Err    error
}

// Error names the claim by its place in the file, never by its content.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("claim %d (ending at byte %d): %v", e.Index, e.Offset, e.Err)
}

// Unwrap returns ErrDecode and the underlying error.
func (e *DecodeError) Unwrap() []error { return []error{ErrDecode, e.Err} }

// Decoder reads claims one at a time from JSON Lines or from one JSON
// array of claims, without holding the file in memory.
type Decoder struct {
	br    *bufio.Reader
	dec   *json.Decoder
	hint  Kind
	array bool
	begun bool
	done  bool
	index int
}

// NewDecoder returns a Decoder reading r. hint, when not UnknownKind, is
// the kind of every claim; otherwise each claim's kind is detected from
// its content (Claim.DetectKind) and left UnknownKind when it cannot be.
func NewDecoder(r io.Reader, hint Kind) *Decoder {
	return &Decoder{br: bufio.NewReaderSize(r, 64<<10), hint: hint}
}

// Next returns the next claim, io.EOF after the last one, a *DecodeError
// for a claim of the wrong shape (and the Decoder can go on), or an error
// wrapping ErrDecode when the file is not JSON (and it cannot).
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
	if d.array && !d.dec.More() {
		d.done = true
		if _, err := d.dec.Token(); err != nil {
			return nil, fmt.Errorf("%w: unterminated array: %w", ErrDecode, err)
		}
		if _, err := d.dec.Token(); err != io.EOF {
			return nil, fmt.Errorf("%w: data after the array", ErrDecode)
		}
		return nil, io.EOF
	}
	var raw json.RawMessage
	if err := d.dec.Decode(&raw); err != nil {
		d.done = true
		if err == io.EOF && !d.array {
			return nil, io.EOF
		}
		return nil, fmt.Errorf("%w: claim %d: %w", ErrDecode, d.index, syntaxOnly(err))
	}
	idx := d.index
	d.index++
	c, err := DecodeClaim(raw, d.hint)
	if err != nil {
		return nil, &DecodeError{Index: idx, Offset: d.dec.InputOffset(), Err: err}
	}
	c.Index = idx
	return c, nil
}

// start looks at the first byte that is not blank (after a byte order
// mark) and tells an array from JSON Lines.
func (d *Decoder) start() error {
	if bom, _ := d.br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		d.br.Discard(3)
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
			d.br.Discard(1)
			continue
		case '[':
			d.dec = json.NewDecoder(d.br)
			d.array = true
			_, err := d.dec.Token()
			return err
		case '{':
			d.dec = json.NewDecoder(d.br)
			return nil
		}
		return fmt.Errorf("%w: a claim file holds JSON objects or one array of them",
			ErrDecode)
	}
}

// syntaxOnly keeps the kind and offset of a JSON error but drops any text
// of the input it might quote.
func syntaxOnly(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("invalid JSON at byte %d", se.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

// DecodeClaim decodes one claim from its JSON; hint as in NewDecoder. The
// claim keeps a copy of raw.
func DecodeClaim(raw []byte, hint Kind) (*Claim, error) {
	c := new(Claim)
	if err := json.Unmarshal(raw, c); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("field %s: wrong JSON type %s", te.Field, te.Value)
		}
		return nil, syntaxOnly(err)
	}
	c.Raw = append(json.RawMessage(nil), raw...)
	c.Kind = hint
	if hint == UnknownKind {
		c.Kind, _ = c.DetectKind()
	}
	return c, nil
}
