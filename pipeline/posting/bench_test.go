package posting

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x835"
	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

// benchBackends are the databases the benchmarks run on.
var benchBackends = []struct {
	name string
	url  func(testing.TB) string
}{{"sqlite", storetest.SQLiteURL}, {"postgres", storetest.PostgresURL}}

// claimFile returns n claims of two lines each as JSON Lines, numbered
// from first.
func claimFile(first, n int) []byte {
	tmpl := claimSpec{pcn: "BENCHPCN0000000", lines: []lineSpec{
		{code: "99213", cents: 10000}, {code: "87880", cents: 2500}}}.doc()
	var b bytes.Buffer
	b.Grow(n * (len(tmpl) + 1))
	for i := range n {
		b.Write(bytes.Replace(tmpl, []byte("BENCHPCN0000000"),
			[]byte(fmt.Sprintf("BP%013d", first+i)), 1))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// rowsPerClaim is what Import writes for each claim of claimFile: the
// claim, its version, two lines and two events.
const rowsPerClaim = 6

// BenchmarkImport imports 100,000 claims per run.
func BenchmarkImport(b *testing.B) {
	const n = 100_000
	for _, backend := range benchBackends {
		b.Run(backend.name, func(b *testing.B) {
			s := storetest.Open(b, backend.url(b))
			ctx := context.Background()
			runs := 0
			for b.Loop() {
				b.StopTimer()
				file := claimFile(runs*n, n)
				b.StartTimer()
				sum, err := Import(ctx, s, bytes.NewReader(file),
					ImportOptions{Today: today})
				if err != nil || sum.Ready != n {
					b.Fatalf("Import = %+v, %v", sum, err)
				}
				runs++
			}
			perSec := float64(runs*n) / b.Elapsed().Seconds()
			b.ReportMetric(perSec, "claims/s")
			b.ReportMetric(perSec*rowsPerClaim, "rows/s")
		})
	}
}

// BenchmarkApply835 applies an 835 paying 10,000 claims per run, each run
// to claims of its own.
func BenchmarkApply835(b *testing.B) {
	const n = 10_000
	for _, backend := range benchBackends {
		b.Run(backend.name, func(b *testing.B) {
			s := storetest.Open(b, backend.url(b))
			ctx := context.Background()
			runs := 0
			for b.Loop() {
				b.StopTimer()
				file := sentClaims(b, s, runs*n, n)
				b.StartTimer()
				res, err := Apply(ctx, s, Input{Name: fmt.Sprintf("remit-%d.835", runs),
					Content: file, Connection: "bench"})
				if err != nil || res.Claims != n || res.Moved != n {
					b.Fatalf("Apply = %+v, %v", res, err)
				}
				runs++
			}
			b.ReportMetric(float64(runs*n)/b.Elapsed().Seconds(), "claims/s")
		})
	}
}

// sentClaims imports n claims, puts them into one batch marked uploaded,
// and returns an 835 that pays each, every line matched by REF*6R.
func sentClaims(b *testing.B, s *store.Store, first, n int) []byte {
	ctx := context.Background()
	var ids []string
	_, err := Import(ctx, s, bytes.NewReader(claimFile(first, n)), ImportOptions{
		Today: today, OnClaim: func(r ClaimResult) { ids = append(ids, r.ClaimID) }})
	if err != nil {
		b.Fatal(err)
	}
	batch, err := s.CreateBatch(ctx, store.BatchRequest{Connection: "bench", ClaimIDs: ids,
		Build: func(d store.BatchDraft) (store.OutboundFile, error) {
			// The 835 is matched by claim numbers; the 837 itself is not
			// read, so a stand-in is stored.
			return store.OutboundFile{Name: d.BatchID + ".837",
				Content: []byte("837 of batch " + d.BatchID), Type: "837P"}, nil
		}})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.MarkBatchUploaded(ctx, batch.ID, "/in", time.Now()); err != nil {
		b.Fatal(err)
	}

	hdr := &x835.HeaderNumber{Number: "1"}
	rem := &x835.Remittance{Payment: &x835.Payment{
		Financial: x835.Financial{Handling: "I", CreditDebit: "C", Method: "ACH",
			Date: "20260415"},
		Trace: x835.Trace{Type: "1", Number: fmt.Sprintf("EFTBENCH%d", first),
			PayerID: "1512345678"},
		Payer: x835.Payer{Name: "EVERGREEN HEALTH PLAN"},
		Payee: x835.Payee{Name: "JUNIPER FAMILY MEDICINE", IDQualifier: "XX",
			ID: "1234567893"}}, Summary: &x835.Summary{}}
	for i := range n {
		pcn := fmt.Sprintf("BP%013d", first+i)
		c := paidTwoLines(pcn, "PYR"+pcn)
		xc := &x835.Claim{PatientControl: pcn, Status: "1", Charge: edi.Amount(c.charge),
			Paid: edi.Amount(c.paid), PatientResp: edi.Amount(c.patient),
			FilingIndicator: "12", PayerControl: c.payerNo, Header: hdr}
		for _, l := range c.lines {
			xc.Lines = append(xc.Lines, x835.ServiceLine{
				Procedure: x835.Procedure{Qualifier: "HC", Code: l.code},
				Charge:    edi.Amount(l.charge), Paid: edi.Amount(l.paid),
				Adjustments: adjustments835(l.adjs),
				Refs:        []x835.Ref{{Qualifier: "6R", Value: l.control}}})
		}
		rem.Payment.Financial.Amount += xc.Paid
		rem.Claims = append(rem.Claims, xc)
	}
	var buf bytes.Buffer
	w := edi.NewWriter(&buf, edi.DefaultDelimiters, "\n")
	at := time.Date(2026, 4, 15, 9, 0, 0, 0, time.UTC)
	w.BeginInterchange(edi.Interchange{SenderQualifier: "ZZ", SenderID: "EVERGREEN",
		ReceiverQualifier: "ZZ", ReceiverID: "CLAIMFLOW", Time: at, Control: int64(first + 1),
		Usage: 'T'})
	w.BeginGroup(edi.Group{FunctionalID: "HP", SenderCode: "EVERGREEN",
		ReceiverCode: "CLAIMFLOW", Time: at, Control: int64(first + 1), Version: x835.Version})
	if err := x835.NewWriter(w).Write("0001", rem); err != nil {
		b.Fatal(err)
	}
	w.EndGroup()
	w.EndInterchange()
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}
