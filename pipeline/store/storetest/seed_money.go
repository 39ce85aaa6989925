package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// MoneyFixture names what SeedMoney wrote on top of Seed's scenario.
type MoneyFixture struct {
	Claims map[string]string // claim ID by patient control number
	Remit3 string            // payer 60054, EFT0328, 70.00: PCN1009 paid 70.00
	Remit4 string            // payer 60054, EFT0410, 72.50: PCN1008, PCN1009 reversed and corrected, PLB L6 -2.50
}

// SeedMoney adds two claims of payer 60054, sent 2025-03-10, whose money
// takes more than one step (as of AsOf):
//
//	PCN1008  200.00  paid in part: line 1 (120.00) paid 60.00, CO-45 50.00,
//	                 PR-2 10.00; line 2 (80.00) denied CO-50 80.00
//	PCN1009  100.00  paid 70.00 with CO-45 30.00, then reversed and
//	                 corrected: paid 80.00, CO-45 10.00, PR-2 10.00
//
// Their balances are the patients' 10.00 each; PCN1008 puts 80.00 at
// issue. Remit4's deposit is its claim payments (60.00 - 70.00 + 80.00)
// less its PLB interest (-2.50): 72.50.
func SeedMoney(t testing.TB, s *store.Store, url string) MoneyFixture {
	t.Helper()
	ctx := context.Background()
	fx := MoneyFixture{Claims: map[string]string{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seed money: %v", err)
		}
	}
	for _, c := range []struct {
		pcn   string
		cents int64
	}{{"PCN1008", 20000}, {"PCN1009", 10000}} {
		in := claimInput(c.pcn, "60054", c.cents)
		got, err := s.InsertClaim(ctx, in)
		must(err)
		fx.Claims[c.pcn] = got.ID
	}
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 9, 0, 0, 0, time.UTC) }
	b, err := s.CreateBatch(ctx, store.BatchRequest{Connection: "mainclear",
		ClaimIDs: []string{fx.Claims["PCN1008"], fx.Claims["PCN1009"]}, Build: build837})
	must(err)
	_, err = s.MarkBatchUploaded(ctx, b.ID, "/inbound/b3.837", day(3, 10))
	must(err)

	inbound := func(name, content string, when time.Time) string {
		t.Helper()
		f, _, err := s.StoreFile(ctx, store.NewFile{Direction: store.Inbound, Name: name,
			Content: []byte(content), Type: "835", State: store.FileApplied,
			Findings: []byte("[]"), Connection: "mainclear", ReceivedAt: when})
		must(err)
		return f.ID
	}
	era3 := inbound("era3.835", envelope(503, "HP", "835",
		"BPR*I*70*C*ACH~TRN*1*EFT0328*1999999999~CLP*PCN1009*1*100*70~"), day(3, 28))
	era4 := inbound("era4.835", envelope(504, "HP", "835",
		"BPR*I*72.5*C*ACH~TRN*1*EFT0410*1999999999~CLP*PCN1008*1*200*60*10~"+
			"CLP*PCN1009*22*-100*-70~CLP*PCN1009*1*100*80*10~"), day(4, 10))

	db := raw(t, url)
	exec := func(query string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, db.Rebind(query), args...); err != nil {
			t.Fatalf("seed money: %s: %v", strings.Fields(query)[2], err)
		}
	}
	ts := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }
	fx.Remit3, fx.Remit4 = newID(), newID()
	exec("INSERT INTO remittances (id, file_id, st02, handling, amount_cents, credit_debit, "+
		"method, payment_date, trace_number, trace_originator, payer_id, payer_name, "+
		"payee_npi, payee_name, imbalance_cents, received_at) VALUES "+
		"(?, ?, '0001', 'I', 7000, 'C', 'ACH', '2025-03-27', 'EFT0328', '1999999999', "+
		"'60054', 'NORTHWIND HEALTH PLAN', '1234567893', 'CLINIC ONE', 0, ?), "+
		"(?, ?, '0001', 'I', 7250, 'C', 'ACH', '2025-04-09', 'EFT0410', '1999999999', "+
		"'60054', 'NORTHWIND HEALTH PLAN', '1234567893', 'CLINIC ONE', 0, ?)",
		fx.Remit3, era3, ts(day(3, 28)), fx.Remit4, era4, ts(day(4, 10)))
	orig, pp, rev, cor := newID(), newID(), newID(), newID()
	c8, c9 := fx.Claims["PCN1008"], fx.Claims["PCN1009"]
	exec("INSERT INTO remit_claims (id, remittance_id, seq, claim_id, version, pcn, "+
		"status_code, charge_cents, paid_cents, patient_cents, payer_claim_number, posting, "+
		"reverses_id, imbalance_cents) VALUES "+
		"(?, ?, 1, ?, 1, 'PCN1009', '1', 10000, 7000, 0, 'PAY1009', 'payment', NULL, 0), "+
		"(?, ?, 1, ?, 1, 'PCN1008', '1', 20000, 6000, 1000, 'PAY1008', 'payment', NULL, 0), "+
		"(?, ?, 2, ?, 1, 'PCN1009', '22', -10000, -7000, 0, 'PAY1009', 'reversal', ?, 0), "+
		"(?, ?, 3, ?, 1, 'PCN1009', '1', 10000, 8000, 1000, 'PAY1009B', 'correction', NULL, 0)",
		orig, fx.Remit3, c9, pp, fx.Remit4, c8, rev, fx.Remit4, c9, orig, cor, fx.Remit4, c9)
	l81, l82 := newID(), newID()
	exec("INSERT INTO remit_lines (id, remit_claim_id, seq, line_number, control_number, "+
		"procedure_code, modifiers, charge_cents, paid_cents, units, service_date) VALUES "+
		"(?, ?, 1, 1, 'PCN1008-1', '99213', '25', 12000, 6000, '1', '2025-02-01'), "+
		"(?, ?, 2, 2, 'PCN1008-2', '87880', '', 8000, 0, '1', '2025-02-01')",
		l81, pp, l82, pp)
	exec("INSERT INTO remit_adjustments (id, remit_claim_id, remit_line_id, group_code, "+
		"reason_code, amount_cents, quantity) VALUES "+
		"(?, ?, ?, 'CO', '45', 5000, NULL), (?, ?, ?, 'PR', '2', 1000, NULL), "+
		"(?, ?, ?, 'CO', '50', 8000, NULL), "+
		"(?, ?, NULL, 'CO', '45', 3000, NULL), (?, ?, NULL, 'CO', '45', -3000, NULL), "+
		"(?, ?, NULL, 'CO', '45', 1000, NULL), (?, ?, NULL, 'PR', '2', 1000, NULL)",
		newID(), pp, l81, newID(), pp, l81, newID(), pp, l82,
		newID(), orig, newID(), rev, newID(), cor, newID(), cor)
	exec("INSERT INTO remit_remarks (id, remit_claim_id, remit_line_id, source, code) "+
		"VALUES (?, ?, ?, 'LQ', 'N115')", newID(), pp, l82)
	exec("INSERT INTO provider_adjustments (id, remittance_id, seq, provider_id, fiscal_date, "+
		"reason_code, reference, amount_cents, claim_id) VALUES "+
		"(?, ?, 1, '1234567893', '20251231', 'L6', NULL, -250, NULL)", newID(), fx.Remit4)

	events := []struct {
		pcn string
		e   store.NewEvent
	}{
		{"PCN1008", store.NewEvent{Kind: lifecycle.KindSetAck, Status: lifecycle.Accepted,
			At: day(3, 10).Add(time.Hour), Detail: "999 IK5 A"}},
		{"PCN1009", store.NewEvent{Kind: lifecycle.KindSetAck, Status: lifecycle.Accepted,
			At: day(3, 10).Add(time.Hour), Detail: "999 IK5 A"}},
		{"PCN1009", store.NewEvent{Kind: lifecycle.KindRemittance, Status: lifecycle.Paid,
			FileID: era3, At: day(3, 28), Detail: "835 CLP02 1, paid 70.00"}},
		{"PCN1008", store.NewEvent{Kind: lifecycle.KindRemittance,
			Status: lifecycle.PartiallyPaid, FileID: era4, At: day(4, 10),
			Detail: "835 CLP02 1, paid 60.00"}},
		{"PCN1009", store.NewEvent{Kind: lifecycle.KindRemittance, Status: lifecycle.Reversed,
			FileID: era4, At: day(4, 10), Detail: "835 CLP02 22, paid -70.00"}},
		{"PCN1009", store.NewEvent{Kind: lifecycle.KindRemittance, Status: lifecycle.Paid,
			FileID: era4, At: day(4, 10), Detail: "835 CLP02 1, paid 80.00"}},
	}
	for _, ev := range events {
		_, err := s.AppendEvent(ctx, fx.Claims[ev.pcn], ev.e)
		must(err)
	}
	if err := s.RefreshMoney(ctx); err != nil {
		t.Fatal(err)
	}
	return fx
}
