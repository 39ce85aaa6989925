package edi

import (
	"bytes"
	"strconv"
	"time"
)

// ParseInterchange reads an ISA segment into the Interchange that Writer
// takes, so that set readers hand back the envelope in the form it is
// written from. Padding is trimmed. ISA09 and ISA10 become Time in UTC;
// two-digit years from 69 on are taken as 19xx, the rest as 20xx.
//
// Fields that cannot be read are left zero. The findings report what Reader
// does not already check: an ISA09/ISA10 that is no date or time, and an
// ISA14 other than 0 or 1. Their File is empty; the caller sets it.
func ParseInterchange(s *Segment) (Interchange, Findings) {
	var h Interchange
	var fs Findings
	if s == nil || s.ID != "ISA" {
		return h, fs
	}
	el := func(i int) string { return string(bytes.TrimSpace(s.Bytes(i))) }
	h.AuthQualifier, h.AuthInfo = el(1), el(2)
	h.SecurityQualifier, h.SecurityInfo = el(3), el(4)
	h.SenderQualifier, h.SenderID = el(5), el(6)
	h.ReceiverQualifier, h.ReceiverID = el(7), el(8)
	h.Version = el(12)
	if n, err := strconv.ParseInt(el(13), 10, 64); err == nil && n >= 0 {
		h.Control = n
	}
	if u := el(15); len(u) == 1 {
		h.Usage = u[0]
	}
	switch el(14) {
	case "1":
		h.AckRequested = true
	case "0":
	default:
		fs = append(fs, headerFinding(s, 14, "the acknowledgment request is neither 0 nor 1"))
	}
	t, err := time.Parse("0601021504", el(9)+el(10))
	if err != nil {
		fs = append(fs, headerFinding(s, 9, "the interchange date and time are not YYMMDD and HHMM"))
	} else {
		h.Time = t
	}
	return h, fs
}

// ParseGroup reads a GS segment into the Group that Writer takes. GS04 and
// GS05 become Time in UTC; GS05 may carry seconds and decimal seconds
// (HHMM, HHMMSS, HHMMSSD or HHMMSSDD).
//
// Fields that cannot be read are left zero and reported: a GS04/GS05 that
// is no date or time, a GS06 that is not a number. When only the time is
// bad, Time keeps the date. Their File is empty; the caller sets it.
func ParseGroup(s *Segment) (Group, Findings) {
	var g Group
	var fs Findings
	if s == nil || s.ID != "GS" {
		return g, fs
	}
	g.FunctionalID = string(bytes.TrimSpace(s.Bytes(1)))
	g.SenderCode, g.ReceiverCode = s.Element(2), s.Element(3)
	g.Version = s.Element(8)
	if n, err := strconv.ParseInt(s.Element(6), 10, 64); err == nil && n >= 0 {
		g.Control = n
	} else {
		fs = append(fs, headerFinding(s, 6, "the group control number is not a number"))
	}
	day, err := time.Parse("20060102", s.Element(4))
	if err != nil {
		fs = append(fs, headerFinding(s, 4, "the group date is not CCYYMMDD"))
		return g, fs
	}
	g.Time = day
	clock, ok := parseClock(s.Element(5))
	if !ok {
		fs = append(fs, headerFinding(s, 5, "the group time is not HHMM, HHMMSS or HHMMSSDD"))
		return g, fs
	}
	g.Time = day.Add(clock)
	return g, fs
}

// parseClock reads an X12 time: HHMM, optionally followed by SS and one or
// two digits of decimal seconds.
func parseClock(v string) (time.Duration, bool) {
	if len(v) != 4 && (len(v) < 6 || len(v) > 8) {
		return 0, false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return 0, false
		}
	}
	two := func(i int) int { return int(v[i]-'0')*10 + int(v[i+1]-'0') }
	h, m := two(0), two(2)
	sec := 0
	if len(v) >= 6 {
		sec = two(4)
	}
	if h > 23 || m > 59 || sec > 59 {
		return 0, false
	}
	d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(sec)*time.Second
	if len(v) > 6 {
		frac, _ := strconv.Atoi(v[6:])
		if len(v) == 7 {
			frac *= 10
		}
		d += time.Duration(frac) * 10 * time.Millisecond
	}
	return d, true
}

func headerFinding(s *Segment, el int, msg string) Finding {
	return Finding{Severity: Warning, Pos: s.Pos, Segment: s.ID, Element: el,
		Err: ErrData, Message: msg}
}
