package edi

import (
	"bytes"
	"io"
	"strings"
)

// Kind names what a file holds, as Detect tells it from the content.
type Kind string

// The kinds Detect tells apart.
const (
	KindUnknown  Kind = "unknown"   // not X12: a text report, HTML, a PDF, nothing
	KindTA1      Kind = "ta1"       // TA1 interchange acknowledgments only
	Kind999      Kind = "999"       // implementation acknowledgment (X231)
	Kind997      Kind = "997"       // functional acknowledgment
	Kind277CA    Kind = "277ca"     // claim acknowledgment (X214)
	Kind277      Kind = "277"       // other 277s, such as the X212 status answer
	Kind835      Kind = "835"       // remittance advice
	Kind837P     Kind = "837p"      // professional claims (X222)
	Kind837I     Kind = "837i"      // institutional claims (X223)
	Kind276      Kind = "276"       // claim status inquiry
	Kind270      Kind = "270"       // eligibility inquiry
	Kind271      Kind = "271"       // eligibility answer
	KindOtherX12 Kind = "other-x12" // X12 of any other kind
)

// DetectLimit is the most Detect reads from its source. The first ST of an
// interchange sits a few hundred bytes in; a prefix this long leaves room
// for padding, line breaks and a few TA1 segments before it.
const DetectLimit = 4096

// detectChunk is how much Detect asks its source for at a time, so that it
// stops close to the segment it needed.
const detectChunk = 256

// detectSegments bounds how many segments Detect looks at.
const detectSegments = 16

// Detection is what Detect saw at the start of a file: its kind and the
// envelope fields of the first interchange, group and transaction set.
// Fields it did not reach are empty.
type Detection struct {
	Kind Kind
	// TA1 is true when the first interchange holds a TA1 before its first
	// group or instead of any; such a file may hold a 999 beside it.
	TA1        bool
	Delimiters Delimiters

	SenderQualifier   string // ISA05
	SenderID          string // ISA06, without padding
	ReceiverQualifier string // ISA07
	ReceiverID        string // ISA08, without padding
	InterchangeVer    string // ISA12
	Control           string // ISA13
	Usage             string // ISA15: P or T

	FunctionalID string // GS01
	GroupControl string // GS06
	GroupVersion string // GS08

	SetID      string // ST01
	SetControl string // ST02
	SetVersion string // ST03
}

// Detect tells what src holds from its first segments: the first ISA, then
// a TA1 or the first GS and ST. It reads at most DetectLimit bytes, in small
// reads, and stops as soon as it knows; the caller reopens or rewinds the
// source to read the file itself. Input that is not X12 is KindUnknown with
// no error. The error is only ever the source's own.
func Detect(src io.Reader) (Detection, error) {
	lim := &io.LimitedReader{R: src, N: DetectLimit}
	cr := &chunkReader{r: lim}
	r := NewReader(cr)
	r.SetMaxFindings(detectSegments)
	var d Detection
	sawISA, sawGS := false, false
	for i := 0; i < detectSegments; i++ {
		s, err := r.Next()
		if err != nil {
			if cr.err != nil {
				return Detection{Kind: KindUnknown}, cr.err
			}
			break
		}
		if s.ID == "ISA" {
			if sawISA {
				break
			}
			if !plausible(r.Delimiters()) {
				break
			}
			sawISA = true
			d.readISA(s, r.Delimiters())
			continue
		}
		if !sawISA {
			break
		}
		switch s.ID {
		case "TA1":
			if !sawGS {
				d.TA1 = true
			}
			continue
		case "GS":
			if !sawGS {
				sawGS = true
				d.FunctionalID = strings.TrimSpace(s.Element(1))
				d.GroupControl, d.GroupVersion = s.Element(6), s.Element(8)
			}
			continue
		case "ST":
			d.SetID, d.SetControl, d.SetVersion = s.Element(1), s.Element(2), s.Element(3)
		case "IEA", "GE":
		default:
			continue
		}
		break
	}
	if !sawISA {
		return Detection{Kind: KindUnknown}, nil
	}
	d.Kind = d.classify()
	return d, nil
}

// DetectBytes is Detect over a prefix already in memory, such as one taken
// with bufio.Reader.Peek.
func DetectBytes(b []byte) Detection {
	d, _ := Detect(bytes.NewReader(b))
	return d
}

func (d *Detection) readISA(s *Segment, delims Delimiters) {
	el := func(i int) string { return string(bytes.TrimSpace(s.Bytes(i))) }
	d.Delimiters = delims
	d.SenderQualifier, d.SenderID = el(5), el(6)
	d.ReceiverQualifier, d.ReceiverID = el(7), el(8)
	d.InterchangeVer, d.Control, d.Usage = el(12), el(13), el(15)
}

// classify names the kind from ST01, with the guide named by GS08 or ST03
// where ST01 alone is not enough, and from the group alone when no ST was
// reached.
func (d *Detection) classify() Kind {
	guide := d.GroupVersion + " " + d.SetVersion
	has := func(id string) bool { return strings.Contains(guide, id) }
	switch d.SetID {
	case "999":
		return Kind999
	case "997":
		return Kind997
	case "277":
		switch {
		case has("X214"):
			return Kind277CA
		case has("X212"):
			return Kind277
		case d.FunctionalID == "HN" && !has("X"):
			return Kind277CA
		}
		return Kind277
	case "835":
		return Kind835
	case "837":
		switch {
		case has("X222") || has("X098"):
			return Kind837P
		case has("X223") || has("X096"):
			return Kind837I
		}
		return KindOtherX12
	case "276":
		return Kind276
	case "270":
		return Kind270
	case "271":
		return Kind271
	case "":
	default:
		return KindOtherX12
	}
	switch {
	case d.FunctionalID == "FA" && has("X231"):
		return Kind999
	case d.FunctionalID == "HN" && has("X214"):
		return Kind277CA
	case d.FunctionalID == "HP":
		return Kind835
	case d.FunctionalID == "HC" && has("X222"):
		return Kind837P
	case d.FunctionalID == "HC" && has("X223"):
		return Kind837I
	case d.FunctionalID == "" && d.TA1:
		return KindTA1
	}
	return KindOtherX12
}

// plausible rejects delimiters that only text which happens to begin with
// "ISA " would declare: blanks and line breaks as element separators.
func plausible(d Delimiters) bool {
	return !filler[d.Element] && !filler[d.Component]
}

// chunkReader hands its source's bytes out at most detectChunk at a time,
// and keeps the source's first error other than io.EOF: Reader reports
// some of those as the input ending early.
type chunkReader struct {
	r   io.Reader
	err error
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(p) > detectChunk {
		p = p[:detectChunk]
	}
	n, err := c.r.Read(p)
	if err != nil && err != io.EOF && c.err == nil {
		c.err = err
	}
	return n, err
}
