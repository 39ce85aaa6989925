package respond

import (
	"fmt"
	"strings"
	"time"

	"github.com/claimflow/claimflow/edi"
)

// reply is what every answer to one upload shares: the scenario, the
// draws, the arrival time and the delimiters the answers are written with.
type reply struct {
	sc      *Scenario
	d       draws
	arrived time.Time // UTC
	delims  edi.Delimiters
	suffix  string // after each segment terminator
}

// safeDelimiters are the marks an answer may use as delimiters: none of
// them occurs in the amounts, dates, names and codes it writes.
const safeDelimiters = "*:^~|!\"#$%;<>=?@[]\\`{}_\n"

// replyDelimiters returns the delimiters to answer with: the upload's own,
// which no value copied from it can contain, unless one of them could
// occur in a value the answers make up themselves (a '.' in an amount, a
// '-' in a date range); then claimflow's defaults.
func replyDelimiters(b *batch) (edi.Delimiters, string) {
	d := b.delims
	if !b.ok || d.Validate() != nil {
		return edi.DefaultDelimiters, "\n"
	}
	if d.Repetition == 0 {
		for _, c := range []byte("^|!") {
			if !d.Has(c) {
				d.Repetition = c
				break
			}
		}
	}
	for _, c := range []byte{d.Element, d.Component, d.Repetition, d.Segment} {
		if c == 0 || !strings.ContainsRune(safeDelimiters, rune(c)) {
			return edi.DefaultDelimiters, "\n"
		}
	}
	if d.Segment == '\n' {
		return d, ""
	}
	return d, "\n"
}

// text returns v without the bytes that are the answer's delimiters, so
// that no value can break a segment. With the upload's own delimiters it
// changes nothing the upload sent.
func (rp *reply) text(v string) string {
	if strings.IndexFunc(v, func(r rune) bool { return r < 128 && rp.delims.Has(byte(r)) }) < 0 {
		return v
	}
	return strings.Map(func(r rune) rune {
		if r < 128 && rp.delims.Has(byte(r)) {
			return ' '
		}
		return r
	}, v)
}

// interchange returns the ISA of an answer of kind to the upload's
// interchange ic, written at t.
func (rp *reply) interchange(kind string, ic *interchange, t time.Time) edi.Interchange {
	usage := ic.hdr.Usage
	if usage != 'P' && usage != 'T' {
		usage = 'T'
	}
	qual, id := ic.senderQual, rp.text(ic.senderID)
	if len(qual) != 2 || !isCode(qual) {
		qual = "ZZ"
	}
	if id == "" || len(id) > 15 {
		id = "UNKNOWN"
	}
	ch := rp.sc.Clearinghouse
	return edi.Interchange{
		SenderQualifier: ch.Qualifier, SenderID: ch.ID,
		ReceiverQualifier: qual, ReceiverID: id,
		Time: t, Control: rp.d.control("isa-"+kind, ic.index), Usage: usage,
	}
}

// group returns the GS of an answer with functional ID fid and guide
// version, inside isa, to the group that sent receiver as GS02.
func (rp *reply) group(fid, version, receiver string, isa edi.Interchange) edi.Group {
	receiver = rp.text(receiver)
	if receiver == "" || len(receiver) > 15 {
		receiver = isa.ReceiverID
	}
	return edi.Group{FunctionalID: fid, SenderCode: isa.SenderID, ReceiverCode: receiver,
		Time: isa.Time, Control: isa.Control, Version: version}
}

// setControl returns the ST02 of the n-th set of an answer, from 1.
func setControl(n int) string { return fmt.Sprintf("%04d", n) }

// date returns t as CCYYMMDD.
func date(t time.Time) string { return t.Format("20060102") }
