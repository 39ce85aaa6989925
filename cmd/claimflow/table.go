package main

import (
	"io"
	"strings"
	"unicode/utf8"
)

// table prints rows for people: columns padded to their widest cell, two
// spaces apart, the columns marked right-aligned (money, counts) aligned
// on the right.
type table struct {
	headers []string
	right   []bool
	rows    [][]string
}

func newTable(headers ...string) *table {
	t := &table{right: make([]bool, len(headers))}
	for i, h := range headers {
		// A header ending in '>' marks a right-aligned column.
		if name, ok := strings.CutSuffix(h, ">"); ok {
			h, t.right[i] = name, true
		}
		t.headers = append(t.headers, h)
	}
	return t
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) print(w io.Writer) error {
	widths := make([]int, len(t.right))
	for _, r := range append([][]string{t.headers}, t.rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		var l strings.Builder
		for i, c := range cells {
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i > 0 {
				l.WriteString("  ")
			}
			if t.right[i] {
				l.WriteString(pad + c)
			} else {
				l.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " ") + "\n")
	}
	if t.headers != nil {
		line(t.headers)
	}
	for _, r := range t.rows {
		line(r)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// printBody prints the rows without a header line: label and value pairs.
func (t *table) printBody(w io.Writer) error {
	t.headers = nil
	return t.print(w)
}
