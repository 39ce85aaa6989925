package inspect

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/claimflow/claimflow/edi"
)

// Preview limits: a few lines of a few hundred bytes at most.
const (
	previewLines = 5
	previewBytes = 300
)

// magic names the kinds of content told by their first bytes, checked in
// order after any leading blanks.
var magic = []struct {
	prefix, kind string
}{
	{"%PDF-", "pdf"},
	{"PK\x03\x04", "zip"},
	{"\x1f\x8b", "gzip"},
	{"<?xml", "xml"},
	{"<!doctype html", "html"},
	{"<html", "html"},
}

// describeUnknown fills in what a file that is not X12 is, with one
// finding saying so.
func describeUnknown(doc *Document, head []byte, size int64) {
	doc.Content = contentOf(head, size)
	if doc.Content == "text" {
		doc.Preview = preview(head)
	}
	msg := "the file does not begin with an ISA segment; it is not X12"
	switch {
	case size == 0:
		msg = "the file is empty; it is not X12"
	case bytes.HasPrefix(trimFiller(head), []byte("ISA")):
		msg = "the file begins with ISA but declares no usable delimiters; it is not read as X12"
	}
	doc.Findings = []Finding{newFinding(edi.Finding{Severity: edi.Info, Err: edi.ErrNotX12,
		Message: msg})}
}

// contentOf tells empty, text and a few binary formats apart.
func contentOf(head []byte, size int64) string {
	if size == 0 {
		return "empty"
	}
	lead := bytes.ToLower(trimFiller(head))
	for _, m := range magic {
		if bytes.HasPrefix(lead, []byte(strings.ToLower(m.prefix))) {
			return m.kind
		}
	}
	if isText(head) {
		return "text"
	}
	return "binary"
}

// isText reports UTF-8 without control characters other than tabs, line
// and page breaks. The last rune may be cut short by the end of head.
func isText(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			return len(b) < utf8.UTFMax && !utf8.FullRune(b)
		}
		if r < ' ' && r != '\t' && r != '\n' && r != '\r' && r != '\f' || r == 0x7f {
			return false
		}
		b = b[n:]
	}
	return true
}

// blanks replaces the carriage returns and page breaks inside a line,
// which would garble a terminal.
var blanks = strings.NewReplacer("\r", " ", "\f", " ")

// preview returns the first lines of a text, without line break
// characters, cut at a rune boundary within previewBytes.
func preview(head []byte) string {
	b := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if len(b) > previewBytes {
		b = b[:previewBytes]
		for len(b) > 0 && !utf8.Valid(b) {
			b = b[:len(b)-1]
		}
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) > previewLines {
		lines = lines[:previewLines]
	}
	for i, l := range lines {
		lines[i] = blanks.Replace(strings.TrimRight(l, "\r"))
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// trimFiller drops a byte order mark and leading blanks and line breaks.
func trimFiller(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	return bytes.TrimLeft(b, " \t\r\n\f\v\x00")
}
