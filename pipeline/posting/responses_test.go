package posting

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/ta1"
	"github.com/claimflow/claimflow/edi/x277"
	"github.com/claimflow/claimflow/edi/x999"
	"github.com/claimflow/claimflow/pipeline/store"
)

// ta1File answers a batch's interchange with a TA1.
func (e *env) ta1File(isa13 int64, code ta1.Code, note string) []byte {
	e.t.Helper()
	var buf bytes.Buffer
	w := ta1.NewWriter(&buf, edi.DefaultDelimiters, "\n")
	err := w.Write(&ta1.Ack{Interchange: e.responseEnvelope(),
		Control: fmt.Sprintf("%09d", isa13), Time: e.clock, Code: code, Note: note})
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		e.t.Fatalf("write TA1: %v", err)
	}
	return buf.Bytes()
}

// ack999File answers a batch's group with a 999: the sets given, and the
// group verdict.
func (e *env) ack999File(gs06 int64, group x999.Code, sets ...x999.SetResponse) []byte {
	e.t.Helper()
	ic := e.responseEnvelope()
	accepted := 0
	for _, s := range sets {
		if s.Code.Accepted() {
			accepted++
		}
	}
	a := &x999.Ack{Interchange: ic, Group: edi.Group{FunctionalID: "FA",
		SenderCode: "CASCADE", ReceiverCode: "CLAIMFLOW", Time: e.clock, Control: ic.Control,
		Version: "005010X231A1"}, SetID: "999", Control: "0001", Version: "005010X231A1",
		FunctionalID: "HC", GroupControl: fmt.Sprint(gs06), GroupVersion: "005010X222A1",
		Sets: sets, Result: x999.GroupResult{Code: group, Included: len(sets),
			Received: len(sets), Accepted: accepted}}
	var buf bytes.Buffer
	w := x999.NewWriter(&buf, edi.DefaultDelimiters, "\n")
	err := w.Write(a)
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		e.t.Fatalf("write 999: %v", err)
	}
	return buf.Bytes()
}

// set999 is one AK2 loop: the set's ST02 and verdict.
func set999(st02 int64, code x999.Code, segs ...x999.SegmentError) x999.SetResponse {
	return x999.SetResponse{SetID: "837", Control: fmt.Sprintf("%04d", st02),
		Version: "005010X222A1", Code: code, Segments: segs}
}

// claimStatus is one claim of an invented 277CA.
type claimStatus struct {
	pcn     string
	stc     []string     // status composites, e.g. "A7:562:85"
	payerNo string       // REF*1K
	trace   string       // REF*D9
	batch   *store.Batch // the 837 answered (2200B TRN02), when given
	st02    int64
	lines   []lineStatus // loop 2220D
}

// lineStatus is one service line of a 277CA claim.
type lineStatus struct {
	control string // REF*FJ
	code    string
	cents   int64
	stc     []string
}

// claimAckFile writes a 277CA with one transaction set per claim.
func (e *env) claimAckFile(claims ...claimStatus) []byte {
	e.t.Helper()
	ic := e.responseEnvelope()
	group := edi.Group{FunctionalID: "HN", SenderCode: "CASCADE", ReceiverCode: "CLAIMFLOW",
		Time: e.clock, Control: ic.Control, Version: "005010X214"}
	date := e.clock.Format("20060102")
	var items []x277.Item
	for i, c := range claims {
		h := &x277.Header{Interchange: ic, Group: group, Control: fmt.Sprintf("%04d", i+1),
			Version: "005010X214", Structure: "0085", Purpose: "08",
			Reference: fmt.Sprintf("R%d", i+1), Date: date, Time: "0900", Type: "TH"}
		src := &x277.Level{Header: h, ID: "1", Code: x277.LevelSource, Child: "1",
			Name: x277.Entity{Code: "AY", Type: "2", Last: "CASCADE", IDQualifier: "46",
				ID: "CASCADE"}, Trace: x277.Trace{Type: "1", Number: "T1"},
			Received: date, Processed: date}
		recv := &x277.Level{Header: h, ID: "2", ParentID: "1", Code: x277.LevelReceiver,
			Child: "1", Name: x277.Entity{Code: "41", Type: "2", Last: "BRIGHTWATER",
				IDQualifier: "46", ID: "BWB0042"}}
		if c.batch != nil {
			st02 := c.st02
			if st02 == 0 {
				st02 = c.batch.ST02First
			}
			recv.Trace = x277.Trace{Type: "2", Number: fmt.Sprintf("%09d%04d", c.batch.ISA13,
				st02)}
		} else {
			recv.Trace = x277.Trace{Type: "2", Number: "UNKNOWN"}
		}
		prov := &x277.Level{Header: h, ID: "3", ParentID: "2", Code: x277.LevelProvider,
			Child: "1", Name: x277.Entity{Code: "85", Type: "2", Last: "JUNIPER",
				IDQualifier: "XX", ID: "1234567893"}}
		pat := &x277.Level{Header: h, ID: "4", ParentID: "3", Code: x277.LevelPatient,
			Name: x277.Entity{Code: "QC", Type: "1", Last: "INVENTED", First: "ADA",
				IDQualifier: "MI", ID: "ZZ900100200"}}
		cl := &x277.Claim{Header: h, Trace: c.pcn, PayerClaimNumber: c.payerNo,
			ClearinghouseTrace: c.trace, Statuses: stcs(c.stc, date),
			ServiceDate: x277.Period{Start: "20260302"}}
		for _, l := range c.lines {
			cl.Lines = append(cl.Lines, x277.ServiceLine{Procedure: x277.Procedure{
				Qualifier: "HC", Code: l.code}, Charge: edi.Amount(l.cents),
				Statuses: stcs(l.stc, date), LineControl: l.control,
				ServiceDate: x277.Period{Start: "20260302"}})
		}
		items = append(items, src, recv, prov, pat, cl)
	}
	var buf bytes.Buffer
	w := x277.NewWriter(&buf, edi.DefaultDelimiters, "\n")
	for _, it := range items {
		if err := w.Write(it); err != nil {
			e.t.Fatalf("write 277CA: %v", err)
		}
	}
	if err := w.Close(); err != nil {
		e.t.Fatalf("write 277CA: %v", err)
	}
	return buf.Bytes()
}

// stcs turns "A7:562:85" composites into STC segments.
func stcs(codes []string, date string) []x277.Status {
	var out []x277.Status
	for _, c := range codes {
		p := append(strings.Split(c, ":"), "", "")
		action := "WQ"
		if p[0] >= "A3" {
			action = "U"
		}
		out = append(out, x277.Status{Codes: [3]x277.StatusCode{{Category: p[0], Code: p[1],
			Entity: p[2]}}, Date: date, Action: action})
	}
	return out
}

// hourAfter is a time an hour after t, for files that must seem late.
func hourAfter(t time.Time) time.Time { return t.Add(time.Hour) }
