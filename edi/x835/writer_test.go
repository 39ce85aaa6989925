package x835

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/edi"
)

var writeTime = time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)

// rewrite writes items back as X12: each run of sets that share
// delimiters in one interchange and group, with those delimiters.
func rewrite(items []Item) ([]byte, error) {
	var buf bytes.Buffer
	var ew *edi.Writer
	var xw *Writer
	closeAll := func() error {
		if ew == nil {
			return nil
		}
		ew.EndGroup()
		ew.EndInterchange()
		return ew.Close()
	}
	sets := 0
	for _, it := range items {
		switch v := it.(type) {
		case *Payment:
			d := v.Envelope.Delimiters
			if ew == nil || ew.Delimiters() != d {
				if err := closeAll(); err != nil {
					return nil, err
				}
				ew = edi.NewWriter(&buf, d, "")
				ew.BeginInterchange(edi.Interchange{SenderQualifier: "ZZ", SenderID: "SIM",
					ReceiverQualifier: "ZZ", ReceiverID: "PRACTICE", Time: writeTime,
					Control: int64(sets + 1), Usage: 'T'})
				ew.BeginGroup(edi.Group{FunctionalID: "HP", SenderCode: "SIM",
					ReceiverCode: "PRACTICE", Time: writeTime, Control: int64(sets + 1),
					Version: Version})
				xw = NewWriter(ew)
			}
			sets++
			xw.Begin(fmt.Sprintf("%04d", sets), v)
		case *Claim:
			xw.Claim(v)
		case *Summary:
			xw.End(v)
		}
		if err := xw.Err(); err != nil {
			return nil, err
		}
	}
	if err := closeAll(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TestRoundTrip reads every file, writes what it read, reads that again
// and expects the same values; writing them once more gives the same
// bytes.
func TestRoundTrip(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.835"))
	corpus := corpusFiles()
	for _, name := range append(files, corpus...) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			items, _ := readItems(t, readFile(t, name))
			out, err := rewrite(items)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := readItems(t, out)
			if got, want := dumpItems(again, false), dumpItems(items, false); got != want {
				t.Fatalf("values differ after writing:\n%s", diff(want, got))
			}
			out2, err := rewrite(again)
			if err != nil || !bytes.Equal(out, out2) {
				t.Fatalf("a second write differs (%v):\n%s", err, diff(string(out), string(out2)))
			}
		})
	}
}

// simulated is a remittance as a simulator builds it: no positions, no
// triplet or pair numbers, one header number shared by two claims.
func simulated() *Remittance {
	lx := &HeaderNumber{Number: "1"}
	pay := &Payment{
		Financial: Financial{Handling: "I", Amount: 20000, CreditDebit: "C", Method: "ACH",
			Format: "CCP", SenderDFIQualifier: "01", SenderDFI: "011000015",
			SenderAccountQualifier: "DA", SenderAccount: "12345", PayerID: "1512345678",
			ReceiverDFIQualifier: "01", ReceiverDFI: "021000021",
			ReceiverAccountQualifier: "DA", ReceiverAccount: "67890", Date: "20260501"},
		Trace:      Trace{Type: "1", Number: "EFT1", PayerID: "1512345678"},
		Production: &DateRef{Qualifier: "405", Date: "20260430"},
		Payer: Payer{Name: "INVENTED HEALTH PLAN", Refs: []Ref{{Qualifier: "2U", Value: "99"}},
			Contacts: []Contact{{Function: "BL", Name: "EDI",
				Numbers: [3]CommNumber{{"TE", "8005550100"}}}}},
		Payee: Payee{Name: "NORTHWIND CLINIC", IDQualifier: "XX", ID: "1234567893",
			City: &CityStateZIP{City: "SPRINGFIELD", State: "IL", PostalCode: "62704"}},
	}
	c1 := &Claim{PatientControl: "PCN1", Status: "1", Charge: 20000, Paid: 15000,
		PatientResp: 2000, FilingIndicator: "12", PayerControl: "PYR1", FacilityCode: "11",
		Frequency: "1", Header: lx,
		Patient: &Name{EntityType: "1", Last: "QUILL", First: "ADA", IDQualifier: "MI",
			ID: "M1"},
		Lines: []ServiceLine{{
			Procedure: Procedure{Qualifier: "HC", Code: "99213", Modifiers: [4]string{"25"}},
			Charge:    12000, Paid: 9000, Units: "1",
			Original: &Procedure{Qualifier: "HC", Code: "99214"},
			Dates:    []DateRef{{Qualifier: "472", Date: "20260410"}},
			Adjustments: []Adjustment{{Group: "CO", Reason: "45", Amount: 1000},
				{Group: "CO", Reason: "59", Amount: 0}, {Group: "PR", Reason: "2", Amount: 2000}},
			Refs:    []Ref{{Qualifier: "6R", Value: "PCN1-1"}},
			Amounts: []AmountRef{{Qualifier: "B6", Amount: 11000}},
		}, {
			Procedure: Procedure{Qualifier: "HC", Code: "85025"}, Charge: 8000, Paid: 6000,
			Adjustments: []Adjustment{{Group: "CO", Reason: "45", Amount: 2000}},
			Remarks:     []Remark{{Qualifier: "HE", Code: "N130"}},
		}},
	}
	c2 := &Claim{PatientControl: "PCN2", Status: "4", Charge: 5000, FilingIndicator: "12",
		PayerControl: "PYR2", Header: lx,
		Patient:     &Name{EntityType: "1", Last: "WREN", First: "LUCIA"},
		Adjustments: []Adjustment{{Group: "CO", Reason: "31", Amount: 5000}},
		Outpatient:  &Outpatient{Remarks: [5]string{"MA130"}},
		Amounts:     []AmountRef{{Qualifier: "I", Amount: 0}},
	}
	sum := &Summary{Adjustments: []ProviderAdjustment{
		{ProviderID: "1234567893", FiscalPeriod: "20261231", Reason: "WO", Reference: "PYR0",
			Amount: -5000},
		{ProviderID: "1234567893", FiscalPeriod: "20261231", Reason: "L6", Amount: 0},
	}}
	return &Remittance{Payment: pay, Claims: []*Claim{c1, c2}, Summary: sum}
}

func TestWriterOutput(t *testing.T) {
	var buf bytes.Buffer
	ew := edi.NewWriter(&buf, edi.DefaultDelimiters, "\n")
	ew.BeginInterchange(edi.Interchange{SenderQualifier: "ZZ", SenderID: "SIM",
		ReceiverQualifier: "ZZ", ReceiverID: "PRACTICE", Time: writeTime, Control: 7,
		Usage: 'T'})
	ew.BeginGroup(edi.Group{FunctionalID: "HP", SenderCode: "SIM", ReceiverCode: "PRACTICE",
		Time: writeTime, Control: 7, Version: Version})
	if err := NewWriter(ew).Write("0001", simulated()); err != nil {
		t.Fatal(err)
	}
	ew.EndGroup()
	ew.EndInterchange()
	if err := ew.Close(); err != nil {
		t.Fatal(err)
	}
	want := "ST*835*0001*005010X221A1~\n" +
		"BPR*I*200*C*ACH*CCP*01*011000015*DA*12345*1512345678**01*021000021*DA*67890*20260501~\n" +
		"TRN*1*EFT1*1512345678~\n" +
		"DTM*405*20260430~\n" +
		"N1*PR*INVENTED HEALTH PLAN~\n" +
		"REF*2U*99~\n" +
		"PER*BL*EDI*TE*8005550100~\n" +
		"N1*PE*NORTHWIND CLINIC*XX*1234567893~\n" +
		"N4*SPRINGFIELD*IL*62704~\n" +
		"LX*1~\n" +
		"CLP*PCN1*1*200*150*20*12*PYR1*11*1~\n" +
		"NM1*QC*1*QUILL*ADA****MI*M1~\n" +
		"SVC*HC:99213:25*120*90**1*HC:99214~\n" +
		"DTM*472*20260410~\n" +
		"CAS*CO*45*10**59*0~\n" +
		"CAS*PR*2*20~\n" +
		"REF*6R*PCN1-1~\n" +
		"AMT*B6*110~\n" +
		"SVC*HC:85025*80*60~\n" +
		"CAS*CO*45*20~\n" +
		"LQ*HE*N130~\n" +
		"CLP*PCN2*4*50*0**12*PYR2~\n" +
		"CAS*CO*31*50~\n" +
		"NM1*QC*1*WREN*LUCIA~\n" +
		"MOA***MA130~\n" +
		"AMT*I*0~\n" +
		"PLB*1234567893*20261231*WO:PYR0*-50*L6*0~\n" +
		"SE*28*0001~\n"
	got := buf.String()
	got = got[strings.Index(got, "ST*"):strings.Index(got, "GE*")]
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}

	// What was written reads back balanced, with the numbers the writer
	// chose for triplets and pairs.
	items, fs := readItems(t, buf.Bytes())
	if len(fs) != 0 || len(items) != 4 {
		t.Fatalf("%d items, findings %v", len(items), fs)
	}
	_, claims, sums := split(items)
	if claims[0].Header != claims[1].Header || claims[0].Lines[0].Adjustments[1].Triplet != 2 ||
		sums[0].Adjustments[1].Pair != 2 {
		t.Error("header shared, triplets and pairs numbered")
	}
}

func TestWriterCASAndPLBGrouping(t *testing.T) {
	adj := func(g, r string, n int) Adjustment {
		return Adjustment{Group: g, Reason: r, Amount: 100, Triplet: n}
	}
	pa := func(id, r string, n int) ProviderAdjustment {
		return ProviderAdjustment{ProviderID: id, FiscalPeriod: "20261231", Reason: r,
			Amount: 100, Pair: n}
	}
	var seven []Adjustment
	for i := 0; i < 7; i++ {
		seven = append(seven, adj("CO", fmt.Sprint(i+1), 0))
	}
	for _, tc := range []struct {
		name string
		adjs []Adjustment
		pas  []ProviderAdjustment
		want string
	}{
		{"triplets kept in place", []Adjustment{adj("CO", "45", 1), adj("CO", "59", 3)}, nil,
			"CAS*CO*45*1*****59*1~"},
		{"a triplet number that does not rise starts a segment",
			[]Adjustment{adj("CO", "45", 2), adj("CO", "59", 1)}, nil,
			"CAS*CO****45*1~CAS*CO*59*1~"},
		{"a new group starts a segment", []Adjustment{adj("CO", "45", 0), adj("PR", "1", 0)},
			nil, "CAS*CO*45*1~CAS*PR*1*1~"},
		{"seven make two segments", seven, nil,
			"CAS*CO*1*1**2*1**3*1**4*1**5*1**6*1~CAS*CO*7*1~"},
		{"pairs", nil, []ProviderAdjustment{pa("P1", "WO", 0), pa("P1", "FB", 3),
			pa("P2", "L6", 0)}, "PLB*P1*20261231*WO*1***FB*1~PLB*P2*20261231*L6*1~"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			ew := edi.NewWriter(&buf, edi.DefaultDelimiters, "")
			w := NewWriter(ew)
			w.cas(tc.adjs)
			w.plb(tc.pas)
			if err := ew.Flush(); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tc.want {
				t.Errorf("got %s, want %s", buf.String(), tc.want)
			}
		})
	}
}

func TestWriterErrors(t *testing.T) {
	open := func() (*edi.Writer, *Writer) {
		ew := edi.NewWriter(&bytes.Buffer{}, edi.DefaultDelimiters, "")
		ew.BeginInterchange(edi.Interchange{Time: writeTime, Control: 1, Usage: 'T'})
		ew.BeginGroup(edi.Group{FunctionalID: "HP", Time: writeTime, Control: 1})
		return ew, NewWriter(ew)
	}
	lx := &HeaderNumber{Number: "1"}
	for _, tc := range []struct {
		name string
		do   func(w *Writer) error
	}{
		{"claim outside a set", func(w *Writer) error { return w.Claim(&Claim{}) }},
		{"end outside a set", func(w *Writer) error { return w.End(nil) }},
		{"set inside a set", func(w *Writer) error {
			w.Begin("0001", &Payment{})
			return w.Begin("0002", &Payment{})
		}},
		{"no payment", func(w *Writer) error { return w.Write("0001", &Remittance{}) }},
		{"no header after a header", func(w *Writer) error {
			return w.Write("0001", &Remittance{Payment: &Payment{},
				Claims: []*Claim{{Header: lx}, {}}})
		}},
		{"a delimiter in a value", func(w *Writer) error {
			return w.Write("0001", &Remittance{Payment: &Payment{},
				Claims: []*Claim{{PatientControl: "A*B"}}})
		}},
		{"a qualifier the reader would split", func(w *Writer) error {
			return w.Write("0001", &Remittance{Payment: &Payment{}, Claims: []*Claim{{
				Lines: []ServiceLine{{Procedure: Procedure{Qualifier: "HC>1"}}}}}})
		}},
		{"a PLB reason the reader would split", func(w *Writer) error {
			return w.Write("0001", &Remittance{Payment: &Payment{}, Summary: &Summary{
				Adjustments: []ProviderAdjustment{{Reason: "WO-1"}}}})
		}},
		{"a short control number", func(w *Writer) error {
			return w.Write("01", &Remittance{Payment: &Payment{}})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, w := open()
			err := tc.do(w)
			if !errors.Is(err, edi.ErrWriter) {
				t.Fatalf("err = %v", err)
			}
			if w.Claim(&Claim{}) == nil || w.Err() == nil {
				t.Error("errors are not sticky")
			}
		})
	}

	// Claims without a header may come first.
	ew, w := open()
	err := w.Write("0001", &Remittance{Payment: &Payment{}, Claims: []*Claim{{}, {Header: lx}},
		Summary: &Summary{}})
	if err != nil || ew.Err() != nil {
		t.Fatal(err)
	}
}
