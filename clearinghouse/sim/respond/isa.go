package respond

import (
	"bytes"
	"strings"
	"time"

	"github.com/claimflow/claimflow/edi"
)

// isaWidths are the fixed widths of ISA01 to ISA16.
var isaWidths = [17]int{0, 2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1}

// idQualifiers are the ISA05 and ISA07 values of the 005010 guides.
var idQualifiers = map[string]bool{"01": true, "14": true, "20": true, "27": true,
	"28": true, "29": true, "30": true, "33": true, "ZZ": true}

// checkISA reads an ISA into ic and rejects the interchange at the first
// element, in order, that a clearinghouse would not take: one off its
// fixed width, a code out of its list, a date or time that is none, a
// receiver that is not the simulator.
func (x *indexer) checkISA(ic *interchange, s *edi.Segment) {
	ic.hdr, _ = edi.ParseInterchange(s)
	el := func(i int) string { return strings.TrimSpace(s.Element(i)) }
	ic.senderQual, ic.senderID = el(5), el(6)
	ic.ackRequested = el(14) == "1"
	ic.control = el(13)
	if !isDigits(ic.control, 9, 9) {
		ic.control = "000000000"
	}
	ch := x.sc.Clearinghouse
	for i := 1; i <= 16; i++ {
		v := s.Element(i)
		if i > s.Len() || len(v) != isaWidths[i] {
			ic.reject(isaNotes[i])
			return
		}
		t := strings.TrimSpace(v)
		ok := true
		switch i {
		case 1:
			ok = t == "00" || t == "03"
		case 3:
			ok = t == "00" || t == "01"
		case 5:
			ok = idQualifiers[t]
		case 6:
			ok = t != ""
		case 7:
			ok = t == ch.Qualifier
		case 8:
			if t != ch.ID {
				ic.reject(noteReceiverUnknown)
				return
			}
		case 9:
			_, err := time.Parse("060102", t)
			ok = err == nil
		case 10:
			_, err := time.Parse("1504", t)
			ok = err == nil
		case 11:
			ok = len(t) == 1 && !isAlnum(t[0])
		case 12:
			if isDigits(t, 5, 5) && t != "00501" {
				ic.reject(noteUnsupported)
				return
			}
			ok = t == "00501"
		case 13:
			ok = isDigits(t, 9, 9)
		case 14:
			ok = t == "0" || t == "1"
		case 15:
			ok = t == "P" || t == "T"
		}
		if !ok {
			ic.reject(isaNotes[i])
			return
		}
	}
}

// rawISA is what can be taken from an ISA the X12 reader could not read.
type rawISA struct {
	control              string
	senderQual, senderID string
	ackRequested         bool
	usage                byte
	note                 string
}

// readRawISA takes what it can from the ISA at offset: the delimiter at
// fault, and the control number, sender and acknowledgment request when
// the elements before the fault are there.
func readRawISA(data []byte, offset int64) rawISA {
	raw := rawISA{control: "000000000", note: noteEnded}
	if offset < 0 || offset > int64(len(data))-4 {
		return raw
	}
	isa := data[offset:]
	sep := isa[3]
	// The sixteenth element separator; the component separator and the
	// segment terminator follow it.
	end, seps := -1, 0
	for i := 3; i < len(isa) && i < 1024; i++ {
		if isa[i] == sep {
			if seps++; seps == 16 {
				end = i
				break
			}
		}
	}
	head := isa[:min(len(isa), 1024)]
	if end >= 0 {
		head = isa[:end]
	}
	f := bytes.Split(head, []byte{sep})
	el := func(i int) string {
		if i < len(f) {
			return strings.TrimSpace(string(f[i]))
		}
		return ""
	}
	if c := el(13); isDigits(c, 9, 9) {
		raw.control = c
	}
	raw.senderQual, raw.senderID = el(5), el(6)
	raw.ackRequested = el(14) == "1"
	if u := el(15); u == "P" || u == "T" {
		raw.usage = u[0]
	}
	switch {
	case isAlnum(sep) || sep == ' ':
		raw.note = noteElementSep
	case end < 0 && len(isa) >= 1024:
		raw.note = noteStructure
	case end < 0 || end+2 >= len(isa):
		raw.note = noteEnded
	case isAlnum(isa[end+1]) || isa[end+1] == sep:
		raw.note = noteComponentSep
	default:
		raw.note = noteSegmentTerm
	}
	return raw
}
