package edi

import "bytes"

// Segment is one segment as read: its ID, where it was found, and its
// elements. Elements are numbered from 1, as in the implementation guides
// (CLP01 is Element(1)); element 0 is the segment ID.
//
// A Segment returned by Reader.Next is valid only until the next call to
// Next; use Clone to keep one.
type Segment struct {
	ID  string
	Pos Position

	raw   []byte  // the segment without its terminator
	seps  []int32 // offsets in raw of each element separator
	delim Delimiters
}

// Len returns the number of elements after the segment ID.
func (s *Segment) Len() int { return len(s.seps) }

// Raw returns the segment's bytes without its terminator.
func (s *Segment) Raw() []byte { return s.raw }

// Delimiters returns the delimiters of the interchange the segment is in.
func (s *Segment) Delimiters() Delimiters { return s.delim }

// Bytes returns element i (1-based) as a slice of the segment's buffer,
// or nil when the segment has fewer elements.
func (s *Segment) Bytes(i int) []byte {
	if i < 1 || i > len(s.seps) {
		return nil
	}
	start := int(s.seps[i-1]) + 1
	end := len(s.raw)
	if i < len(s.seps) {
		end = int(s.seps[i])
	}
	return s.raw[start:end]
}

// Element returns element i (1-based) as a string, "" when absent.
func (s *Segment) Element(i int) string { return string(s.Bytes(i)) }

// Has reports whether element i is present and not empty.
func (s *Segment) Has(i int) bool { return len(s.Bytes(i)) > 0 }

// Component returns component j (1-based) of element i, "" when absent.
// An element without component separators is its own first component.
func (s *Segment) Component(i, j int) string {
	return string(nth(s.Bytes(i), s.delim.Component, j))
}

// Components returns the components of element i. It allocates; use
// Component in hot paths.
func (s *Segment) Components(i int) []string {
	return split(s.Bytes(i), s.delim.Component)
}

// Repetitions returns the repeats of element i when the interchange has a
// repetition separator, else the element as its only repeat.
func (s *Segment) Repetitions(i int) []string {
	if s.delim.Repetition == 0 {
		b := s.Bytes(i)
		if b == nil {
			return nil
		}
		return []string{string(b)}
	}
	return split(s.Bytes(i), s.delim.Repetition)
}

// Clone returns a copy of the segment that does not share the reader's
// buffer.
func (s *Segment) Clone() *Segment {
	c := *s
	c.raw = bytes.Clone(s.raw)
	c.seps = append([]int32(nil), s.seps...)
	return &c
}

// String returns the segment as written, with its own delimiters and a
// terminator.
func (s *Segment) String() string { return string(s.raw) + string(s.delim.Segment) }

// NewSegment builds a segment from its ID and element values, for tests and
// for code that synthesises segments. Values are joined with d's element
// separator as given.
func NewSegment(d Delimiters, id string, elements ...string) *Segment {
	s := &Segment{ID: id, delim: d}
	s.raw = append(s.raw, id...)
	for _, e := range elements {
		s.seps = append(s.seps, int32(len(s.raw)))
		s.raw = append(s.raw, d.Element)
		s.raw = append(s.raw, e...)
	}
	return s
}

func nth(b []byte, sep byte, j int) []byte {
	if j < 1 || b == nil {
		return nil
	}
	for ; j > 1; j-- {
		k := bytes.IndexByte(b, sep)
		if k < 0 {
			return nil
		}
		b = b[k+1:]
	}
	if k := bytes.IndexByte(b, sep); k >= 0 {
		b = b[:k]
	}
	return b
}

func split(b []byte, sep byte) []string {
	if b == nil {
		return nil
	}
	out := make([]string, 0, bytes.Count(b, []byte{sep})+1)
	for {
		k := bytes.IndexByte(b, sep)
		if k < 0 {
			return append(out, string(b))
		}
		out = append(out, string(b[:k]))
		b = b[k+1:]
	}
}
