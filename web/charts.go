package web

import (
	"fmt"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/web/present"
)

// bar is one bar of a chart, in SVG user units.
type bar struct {
	Label, Value, Title string
	X, Y, W, H          int
	TextX, TextY        int // where the value is written
}

// barChart is a chart drawn on the server as inline SVG: no script, no
// image request, readable by screen readers through its title and table.
type barChart struct {
	Width, Height int
	Bars          []bar
	Empty         bool
}

// scale maps v of max onto 0..span, at least 1 unit when v > 0.
func scale(v, top int64, span int) int {
	if top <= 0 || v <= 0 {
		return 0
	}
	return max(1, int(v*int64(span)/top))
}

// agingChart draws the open balance of each aging bucket as a column.
func agingChart(a store.AgingReport) barChart {
	const width, height, base, span, colW, gap = 420, 220, 180, 140, 70, 30
	c := barChart{Width: width, Height: height, Empty: a.Total.TotalCount() == 0}
	var top int64
	for _, v := range a.Total.Cents {
		top = max(top, v)
	}
	for i, label := range store.AgingBuckets {
		h := scale(a.Total.Cents[i], top, span)
		x := 30 + i*(colW+gap)
		c.Bars = append(c.Bars, bar{Label: label + " days", Value: present.Dollars(a.Total.Cents[i]),
			Title: label + " days: " + present.Dollars(a.Total.Cents[i]),
			X:     x, Y: base - h, W: colW, H: h, TextX: x + colW/2, TextY: base - h - 6})
	}
	return c
}

// denialChart draws the most frequent denial reasons as rows.
func denialChart(reasons []store.ReasonCount) barChart {
	const width, row, left, span = 420, 30, 70, 250
	c := barChart{Width: width, Height: max(row*len(reasons)+10, 40), Empty: len(reasons) == 0}
	var top int64
	for _, r := range reasons {
		top = max(top, int64(r.Claims))
	}
	for i, r := range reasons {
		w := scale(int64(r.Claims), top, span)
		y := 5 + i*row
		claims := "claims"
		if r.Claims == 1 {
			claims = "claim"
		}
		c.Bars = append(c.Bars, bar{Label: r.Code(), Value: fmt.Sprintf("%d %s", r.Claims, claims),
			Title: r.Code() + ": " + r.Text, X: left, Y: y, W: w, H: row - 10,
			TextX: left + w + 6, TextY: y + row/2})
	}
	return c
}
