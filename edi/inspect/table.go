package inspect

import (
	"strings"
	"unicode/utf8"
)

// table lays rows out in columns: text left-aligned, numbers
// right-aligned. Amounts always have two decimals, so right-aligned amounts
// line up on their decimal points. A row's first cell may be indented
// under the row above.
type table struct {
	right []bool // per column: right-aligned
	rows  []tableRow
}

type tableRow struct {
	indent int
	cells  []string
	note   bool // one cell across the whole row, not counted in the widths
}

// newTable returns a table whose columns are aligned as layout says: one
// byte per column, 'l' for left and 'r' for right.
func newTable(layout string) *table {
	t := &table{}
	for i := 0; i < len(layout); i++ {
		t.right = append(t.right, layout[i] == 'r')
	}
	return t
}

// row adds a row; missing cells at its end are empty.
func (t *table) row(indent int, cells ...string) {
	t.rows = append(t.rows, tableRow{indent: indent, cells: cells})
}

// note adds a row of text that runs across the columns, such as a remark
// with no amount; it does not widen the first column.
func (t *table) note(indent int, text string) {
	t.rows = append(t.rows, tableRow{indent: indent, cells: []string{text}, note: true})
}

// lines returns the table's lines, each starting with prefix, columns two
// spaces apart, without trailing blanks.
func (t *table) lines(prefix string) []string {
	widths := make([]int, len(t.right))
	for _, r := range t.rows {
		if r.note {
			continue
		}
		for i, c := range r.cells {
			w := width(c)
			if i == 0 {
				w += r.indent
			}
			if i < len(widths) && w > widths[i] {
				widths[i] = w
			}
		}
	}
	out := make([]string, 0, len(t.rows))
	for _, r := range t.rows {
		var b strings.Builder
		b.WriteString(prefix)
		if r.note {
			b.WriteString(strings.Repeat(" ", r.indent))
			b.WriteString(r.cells[0])
			out = append(out, b.String())
			continue
		}
		for i := range widths {
			c := ""
			if i < len(r.cells) {
				c = r.cells[i]
			}
			if i > 0 {
				b.WriteString("  ")
			}
			pad := widths[i] - width(c)
			if i == 0 {
				b.WriteString(strings.Repeat(" ", r.indent))
				pad -= r.indent
			}
			if t.right[i] {
				b.WriteString(strings.Repeat(" ", pad))
				b.WriteString(c)
			} else {
				b.WriteString(c)
				b.WriteString(strings.Repeat(" ", pad))
			}
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}

// width counts the runes of s, which is how wide a terminal shows it.
func width(s string) int { return utf8.RuneCountInString(s) }

// clip shortens s to at most n runes, ending it with "..." when cut.
func clip(s string, n int) string {
	if width(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n-3]), " ,;:") + "..."
}
