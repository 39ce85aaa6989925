package x277

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
	"time"

	"github.com/claimflow/claimflow/edi"
)

// FuzzReader feeds arbitrary bytes to the reader: it never panics, and
// reading a byte at a time gives the same items and findings.
func FuzzReader(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.edi")
	corpus, _ := filepath.Glob(filepath.Join(corpusDir, "277*"))
	for _, name := range append(seeds, corpus...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		items, fs, _ := readAll(t, bytes.NewReader(in))
		items2, fs2, _ := readAll(t, iotest.OneByteReader(bytes.NewReader(in)))
		if brief(fs2) != brief(fs) || dump(items2) != dump(items) {
			t.Fatalf("one-byte reads differ:\n%s\n%s\nwant\n%s\n%s", brief(fs2), dump(items2),
				brief(fs), dump(items))
		}
	})
}

// FuzzRoundTrip builds a 277CA from fuzzed values, writes and reads it: what
// the writer accepts comes back unchanged and without findings.
func FuzzRoundTrip(f *testing.F) {
	f.Add("NWC1001", "A7", "562", "85", "PYR1", "CH1", "99213", "25", int64(15000), uint8(3),
		uint16(40), "message text")
	f.Add("P", "A2", "20", "", "", "", "J1100", "", int64(1), uint8(0), uint16(0), "")
	f.Fuzz(func(t *testing.T, pcn, cat, code, entity, payer, trace, proc, mod string,
		cents int64, n uint8, day uint16, msg string) {
		items := build(pcn, cat, code, entity, payer, trace, proc, mod, cents, int(n%6), day, msg)
		b, err := writeAll(t, items, edi.DefaultDelimiters, "\n")
		if err != nil {
			return // refused values: nothing to read back
		}
		back, fs, err := readAll(t, bytes.NewReader(b))
		if err != nil || len(fs) != 0 {
			t.Fatalf("err %v, findings:\n%s\n%s", err, brief(fs), b)
		}
		if dump(back) != dump(items) {
			t.Fatalf("got\n%s\nwant\n%s\n%s", dump(back), dump(items), b)
		}
	})
}

// build makes the levels of a 277CA and n claims under two providers, the
// odd ones rejected by a service line, with totals that add up. Required
// values left empty by the fuzzer get defaults, so that a written file
// reads without findings.
func build(pcn, cat, code, entity, payer, trace, proc, mod string, cents int64, n int,
	day uint16, msg string) []Item {
	or := func(v, def string) string {
		if v == "" {
			return def
		}
		return v
	}
	date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(day%365))
	d8 := date.Format("20060102")
	end := date.AddDate(0, 0, int(day%3)).Format("20060102")
	at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	h := &Header{Interchange: edi.Interchange{AuthQualifier: "00", SecurityQualifier: "00",
		SenderQualifier: "ZZ", SenderID: "CHSIM", ReceiverQualifier: "ZZ", ReceiverID: "NW",
		Time: at, Version: "00501", Control: 9, Usage: 'T'},
		Group: edi.Group{FunctionalID: "HN", SenderCode: "CHSIM", ReceiverCode: "NW", Time: at,
			Control: 9, Version: "005010X214"},
		Control: "0001", Version: "005010X214", Structure: "0085", Purpose: "08",
		Reference: or(trace, "B1"), Date: d8, Time: "1200", Type: "TH"}
	charge := edi.Amount(cents % 1e9)
	if charge < 0 {
		charge = -charge
	}
	src := &Level{Header: h, ID: "1", Code: LevelSource, Child: "1",
		Name:  Entity{Code: "AY", Type: "2", Last: or(payer, "SIM"), IDQualifier: "46", ID: "S1"},
		Trace: Trace{Type: "1", Number: or(trace, "T1")}, Received: d8, Processed: end}
	rcv := &Level{Header: h, Parent: src, ID: "2", ParentID: "1", Code: LevelReceiver,
		Child: "1", Name: Entity{Code: "41", Type: "2", Last: "NW", IDQualifier: "46", ID: "N1"},
		Trace: Trace{Type: "2", Number: "BATCH"}}
	items := []Item{src, rcv}
	var prov *Level
	next := 3
	var tallies [2][2]int // receiver, provider: accepted, rejected
	var amounts [2][2]edi.Amount
	provTotals := func() {
		if prov == nil {
			return
		}
		a, r := tallies[1][0], tallies[1][1]
		aa, ra := amounts[1][0], amounts[1][1]
		prov.Totals = Totals{AcceptedCount: &a, RejectedCount: &r, AcceptedAmount: &aa,
			RejectedAmount: &ra}
		tallies[1], amounts[1] = [2]int{}, [2]edi.Amount{}
	}
	for i := 0; i < n; i++ {
		if i == 0 || i == 3 {
			provTotals()
			prov = &Level{Header: h, Parent: rcv, ID: fmt.Sprint(next), ParentID: "2",
				Code: LevelProvider, Child: "1", Name: Entity{Code: "85", Type: "1",
					Last: or(payer, "LEE"), First: "R", IDQualifier: "XX", ID: "1234567893"},
				Refs: []Ref{{"TJ", "123456789"}}}
			next++
			items = append(items, prov)
		}
		pat := &Level{Header: h, Parent: prov, ID: fmt.Sprint(next), ParentID: prov.ID,
			Code: LevelPatient, Name: Entity{Code: "QC", Type: "1", Last: "SAMPLE",
				IDQualifier: "MI", ID: "ZX1"}}
		next++
		ch := charge + edi.Amount(i)
		st := Status{Codes: [3]StatusCode{{Category: or(cat, "A2"), Code: or(code, "20"),
			Entity: entity}}, Date: d8, Action: "WQ", Charge: &ch, Message: msg}
		c := &Claim{Header: h, Source: src, Receiver: rcv, Provider: prov, Patient: pat,
			Trace: fmt.Sprintf("%s%d", or(pcn, "PCN"), i), Statuses: []Status{st},
			PayerClaimNumber: payer, ClearinghouseTrace: trace,
			ServiceDate: Period{Start: d8, End: end}}
		line := ServiceLine{Procedure: Procedure{Qualifier: "HC", Code: or(proc, "99213")},
			Charge: ch, Units: "1", Statuses: []Status{{Codes: [3]StatusCode{{Category: "A2",
				Code: "20"}}, Action: "U"}}, LineControl: fmt.Sprint("L", i),
			ServiceDate: Period{Start: d8}}
		if mod != "" {
			line.Procedure.Modifiers = []string{"", mod}
		}
		if i%2 == 1 {
			line.Statuses[0].Codes[0] = StatusCode{Category: "A7", Code: "454", Entity: "82"}
			line.Statuses[0].Codes[1] = StatusCode{Category: "A7", Code: or(code, "145")}
		}
		c.Lines = []ServiceLine{line}
		k := 0
		if c.Rejected() {
			k = 1
		}
		for j := 0; j < 2; j++ {
			tallies[j][k]++
			amounts[j][k] += ch
		}
		items = append(items, pat, c)
	}
	provTotals()
	a, r := tallies[0][0], tallies[0][1]
	aa, ra := amounts[0][0], amounts[0][1]
	rcv.Totals = Totals{AcceptedCount: &a, RejectedCount: &r, AcceptedAmount: &aa,
		RejectedAmount: &ra}
	return items
}
