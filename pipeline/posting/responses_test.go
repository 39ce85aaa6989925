package posting

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/ta1"
	"github.com/claimflow/claimflow/edi/x277"
	"github.com/claimflow/claimflow/edi/x835"
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

// cas is one adjustment of an invented 835.
type cas struct {
	group, reason string
	cents         int64
}

// svc is one service line of an invented 835.
type svc struct {
	code    string
	mods    []string
	billed  string // SVC06 code, when the payer changed ours
	charge  int64
	paid    int64
	control string // REF*6R
	date    string // DTM*472
	units   string
	adjs    []cas
	remarks []string // LQ*HE
}

// clp is one claim of an invented 835.
type clp struct {
	pcn, status           string
	charge, paid, patient int64
	payerNo               string // CLP07
	adjs                  []cas  // claim level
	lines                 []svc
	interest              int64  // AMT*I
	crossover             string // NM1*TT payer ID
	patientLast, memberID string
}

// plb is one provider-level adjustment.
type plb struct {
	reason, ref string
	cents       int64
}

// remit is an invented 835 transaction set.
type remit struct {
	trace    string
	payer    string // N1*PR N104, the payer's ID; "" gives none
	handling string // "" means I
	method   string // "" means ACH
	amount   *int64 // BPR02; nil adds up the claims and PLB
	claims   []clp
	plbs     []plb
}

// remitFile writes an 835 with one transaction set per remit.
func (e *env) remitFile(rs ...remit) []byte {
	e.t.Helper()
	sets := make([]*x835.Remittance, 0, len(rs))
	for _, r := range rs {
		sets = append(sets, e.remittance(r))
	}
	return e.remitFileOf(sets...)
}

// remitFileOf writes an 835 with the transaction sets given.
func (e *env) remitFileOf(rs ...*x835.Remittance) []byte {
	e.t.Helper()
	ic := e.responseEnvelope()
	var buf bytes.Buffer
	w := edi.NewWriter(&buf, edi.DefaultDelimiters, "\n")
	w.BeginInterchange(ic)
	w.BeginGroup(edi.Group{FunctionalID: "HP", SenderCode: "EVERGREEN",
		ReceiverCode: "CLAIMFLOW", Time: e.clock, Control: ic.Control, Version: x835.Version})
	for i, r := range rs {
		if err := x835.NewWriter(w).Write(fmt.Sprintf("%04d", i+1), r); err != nil {
			e.t.Fatalf("write 835: %v", err)
		}
	}
	w.EndGroup()
	w.EndInterchange()
	if err := w.Close(); err != nil {
		e.t.Fatalf("write 835: %v", err)
	}
	return buf.Bytes()
}

func (e *env) remittance(r remit) *x835.Remittance {
	hdr := &x835.HeaderNumber{Number: "1"}
	var total edi.Amount
	var claims []*x835.Claim
	for _, c := range r.claims {
		total += edi.Amount(c.paid)
		xc := &x835.Claim{PatientControl: c.pcn, Status: or(c.status, "1"),
			Charge: edi.Amount(c.charge), Paid: edi.Amount(c.paid),
			PatientResp: edi.Amount(c.patient), FilingIndicator: "12",
			PayerControl: c.payerNo, Header: hdr, Adjustments: adjustments835(c.adjs),
			Patient: &x835.Name{EntityType: "1", Last: or(c.patientLast, "INVENTED"),
				First: "ADA", IDQualifier: "MR", ID: or(c.memberID, "ZZ900100200")}}
		if c.interest != 0 {
			xc.Amounts = []x835.AmountRef{{Qualifier: "I", Amount: edi.Amount(c.interest)}}
		}
		if c.crossover != "" {
			xc.Crossover = &x835.Name{EntityType: "2", Last: "NEXT PLAN", IDQualifier: "PI",
				ID: c.crossover}
		}
		for _, l := range c.lines {
			xl := x835.ServiceLine{Procedure: x835.Procedure{Qualifier: "HC", Code: l.code},
				Charge: edi.Amount(l.charge), Paid: edi.Amount(l.paid),
				Units: x835.Decimal(l.units), Adjustments: adjustments835(l.adjs)}
			copy(xl.Procedure.Modifiers[:], l.mods)
			if l.billed != "" {
				xl.Original = &x835.Procedure{Qualifier: "HC", Code: l.billed}
			}
			if l.date != "" {
				xl.Dates = []x835.DateRef{{Qualifier: "472", Date: x835.Date(l.date)}}
			}
			if l.control != "" {
				xl.Refs = []x835.Ref{{Qualifier: "6R", Value: l.control}}
			}
			for _, rm := range l.remarks {
				xl.Remarks = append(xl.Remarks, x835.Remark{Qualifier: "HE", Code: rm})
			}
			xc.Lines = append(xc.Lines, xl)
		}
		claims = append(claims, xc)
	}
	sum := &x835.Summary{}
	for _, p := range r.plbs {
		total -= edi.Amount(p.cents)
		sum.Adjustments = append(sum.Adjustments, x835.ProviderAdjustment{
			ProviderID: "1234567893", FiscalPeriod: "20261231", Reason: p.reason,
			Reference: p.ref, Amount: edi.Amount(p.cents)})
	}
	if r.amount != nil {
		total = edi.Amount(*r.amount)
	}
	method := or(r.method, "ACH")
	return &x835.Remittance{
		Payment: &x835.Payment{
			Financial: x835.Financial{Handling: or(r.handling, "I"), Amount: total,
				CreditDebit: "C", Method: method, Date: "20260415"},
			Trace: x835.Trace{Type: "1", Number: r.trace, PayerID: "1512345678"},
			Payer: x835.Payer{Name: "EVERGREEN HEALTH PLAN", IDQualifier: qualifier(r.payer),
				ID: r.payer},
			Payee: x835.Payee{Name: "JUNIPER FAMILY MEDICINE", IDQualifier: "XX",
				ID: "1234567893"},
		},
		Claims:  claims,
		Summary: sum,
	}
}

func adjustments835(cs []cas) []x835.Adjustment {
	var out []x835.Adjustment
	for _, c := range cs {
		out = append(out, x835.Adjustment{Group: c.group, Reason: c.reason,
			Amount: edi.Amount(c.cents)})
	}
	return out
}

func cents(n int64) *int64 { return &n }

func qualifier(id string) string {
	if id == "" {
		return ""
	}
	return "XV"
}
