package x277

import (
	"strings"

	"github.com/claimflow/claimflow/edi"
)

// Header is one 277 transaction set's envelope and BHT. Every item read
// from the set points to the same Header.
type Header struct {
	Pos         edi.Position    // the ST segment
	Interchange edi.Interchange // the ISA the set came in
	Group       edi.Group       // the GS the set came in
	Control     string          // ST02
	Version     string          // ST03: 005010X214 for a 277CA

	Structure string // BHT01: 0085 (277CA) or 0010 (X212)
	Purpose   string // BHT02: 08
	Reference string // BHT03: the originator's reference
	Date      string // BHT04: CCYYMMDD
	Time      string // BHT05: HHMM, HHMMSS or longer
	Type      string // BHT06: TH (277CA) or DG (X212)
}

// ClaimAck reports whether the set is a 277CA: ST03 or GS08 name X214,
// or, when neither names a guide, GS01 is HN.
func (h *Header) ClaimAck() bool {
	v := h.Version + " " + h.Group.Version
	switch {
	case strings.Contains(v, "X214"):
		return true
	case strings.Contains(v, "X"):
		return false
	}
	return h.Group.FunctionalID == "HN"
}

// Item is what Reader returns and Writer takes: a *Level or a *Claim.
type Item interface {
	Position() edi.Position
	header() *Header
}

// Entity is an NM1 segment: who a level is about.
type Entity struct {
	Code        string // NM101: PR payer, 41 submitter, 85 billing provider, QC patient
	Type        string // NM102: 1 person, 2 organisation
	Last        string // NM103: last or organisation name
	First       string // NM104
	Middle      string // NM105
	Suffix      string // NM107
	IDQualifier string // NM108: 46, FI, PI, XX, MI, ...
	ID          string // NM109
}

// Trace is a TRN segment.
type Trace struct {
	Type   string // TRN01: 1 current transaction, 2 referenced transaction
	Number string // TRN02
}

// Ref is a REF segment.
type Ref struct {
	Qualifier string // REF01
	Value     string // REF02
}

// Period is a DTP date: a single date (D8, End empty) or a range (RD8).
type Period struct {
	Start string // CCYYMMDD
	End   string // CCYYMMDD, only for a range
}

// Last returns the period's last day: End for a range, else Start.
func (p Period) Last() string {
	if p.End != "" {
		return p.End
	}
	return p.Start
}

func (r *Reader) readBHT(s *edi.Segment) {
	if r.sawBHT || r.innermost() != nil {
		r.finding(s, edi.Error, 0, edi.ErrStructure, "BHT belongs once, right after ST")
		return
	}
	r.sawBHT = true
	r.maxElements(s, 6)
	h := r.hdr
	h.Structure, h.Purpose, h.Reference = s.Element(1), s.Element(2), s.Element(3)
	h.Date, h.Time, h.Type = s.Element(4), s.Element(5), s.Element(6)
	r.checkDate(s, 4, "the creation date")
}
