package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// AsOf is the day the scenario's figures are computed for.
var AsOf = time.Date(2025, 4, 15, 12, 0, 0, 0, time.UTC)

// Fixture names what Seed wrote.
type Fixture struct {
	Claims    map[string]string // claim ID by patient control number
	Batch1    string            // PCN1001 to PCN1004, uploaded 2025-03-01
	Batch2    string            // PCN1007, uploaded 2025-01-10, its set rejected by a 999
	File1     string            // the 837 of Batch1
	File2     string            // the 837 of Batch2
	Ack1      string            // the 999 accepting Batch1
	Ack2      string            // the 999 rejecting Batch2's set
	CA        string            // the 277CA for Batch1
	ERA1      string            // the 835 file of Remit1
	ERA2      string            // the 835 file of Remit2
	Remit1    string            // payer 60054, EFT0320, 150.00: PCN1001 paid 180.00, PLB WO 30.00
	Remit2    string            // payer 87726, CHK7788, 50.00: PCN1003 denied, PCN9999 unmatched
	Unmatched string            // PCN9999's 42.00 that matched no claim
}

// The scenario, as the tests count it (as of AsOf):
//
//	PCN1001  60054   250.00  paid: 180.00, patient 20.00, CO-45 50.00
//	PCN1002  60054   120.00  rejected by the payer: A7:562:85
//	PCN1003  87726   300.00  denied: CO-50 300.00, remark N115
//	PCN1004  87726    80.00  accepted by the payer, stuck since 2025-04-01
//	PCN1005  60054    45.50  held by the checks (E001)
//	PCN1006  60054    99.99  ready
//	PCN1007  87726  1234.56  rejected by the clearinghouse: IK3 NM1 at 8, IK4 09 code 7
//
// Open balances: 60054 31-60 days 120.00 (1); 87726 31-60 days 380.00 (2)
// and 90+ days 1,234.56 (1).
var scenario = []struct {
	pcn, payer string
	cents      int64
	invalid    bool
}{
	{"PCN1001", "60054", 25000, false},
	{"PCN1002", "60054", 12000, false},
	{"PCN1003", "87726", 30000, false},
	{"PCN1004", "87726", 8000, false},
	{"PCN1005", "60054", 4550, true},
	{"PCN1006", "60054", 9999, false},
	{"PCN1007", "87726", 123456, false},
}

// Seed writes the scenario into the migrated store s, whose URL is url.
func Seed(t testing.TB, s *store.Store, url string) Fixture {
	t.Helper()
	ctx := context.Background()
	fx := Fixture{Claims: map[string]string{}}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("seed: %v", err)
		}
	}

	for _, c := range scenario {
		in := claimInput(c.pcn, c.payer, c.cents)
		if c.invalid {
			in.Findings = []store.Finding{{Severity: store.SeverityError, Code: "E001",
				Path: "$.subscriber.memberId", Message: "member ID is missing"}}
		}
		got, err := s.InsertClaim(ctx, in)
		must(err)
		fx.Claims[c.pcn] = got.ID
	}

	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 9, 0, 0, 0, time.UTC) }
	b1, err := s.CreateBatch(ctx, store.BatchRequest{Connection: "mainclear",
		ClaimIDs: []string{fx.Claims["PCN1001"], fx.Claims["PCN1002"], fx.Claims["PCN1003"],
			fx.Claims["PCN1004"]}, Build: build837})
	must(err)
	_, err = s.MarkBatchUploaded(ctx, b1.ID, "/inbound/b1.837", day(3, 1))
	must(err)
	b2, err := s.CreateBatch(ctx, store.BatchRequest{Connection: "mainclear",
		ClaimIDs: []string{fx.Claims["PCN1007"]}, Build: build837})
	must(err)
	_, err = s.MarkBatchUploaded(ctx, b2.ID, "/inbound/b2.837", day(1, 10))
	must(err)
	fx.Batch1, fx.Batch2, fx.File1, fx.File2 = b1.ID, b2.ID, b1.FileID, b2.FileID

	inbound := func(name, typ, content, findings string, when time.Time) string {
		t.Helper()
		f, _, err := s.StoreFile(ctx, store.NewFile{Direction: store.Inbound, Name: name,
			Content: []byte(content), Type: typ, State: store.FileApplied,
			Findings: []byte(findings), Connection: "mainclear", ReceivedAt: when})
		must(err)
		return f.ID
	}
	fx.Ack1 = inbound("b1.999", "999", x999(b1.ISA13, "A"), "[]", day(3, 1).Add(time.Hour))
	fx.Ack2 = inbound("b2.999", "999", x999(b2.ISA13, "R"),
		`[{"severity":"warning","at":"segment 3 (ISA 000000902, GS 902, ST 0001 position 1)",`+
			`"segment":"AK2","element":1,"message":"control number has leading zeros"}]`,
		day(1, 10).Add(time.Hour))
	fx.CA = inbound("b1.277", "277CA", envelope(b1.ISA13+100, "HN", "277",
		"TRN*2*PCN1001~STC*A2:20*20250303*WQ*250~"), "[]", day(3, 3))
	fx.ERA1 = inbound("era1.835", "835", envelope(501, "HP", "835",
		"BPR*I*150*C*ACH~TRN*1*EFT0320*1999999999~CLP*PCN1001*1*250*180*20~"), "[]", day(3, 21))
	fx.ERA2 = inbound("era2.835", "835", envelope(502, "HP", "835",
		"BPR*I*50*C*CHK~TRN*1*CHK7788*1888888888~CLP*PCN1003*4*300*0~"), "[]", day(3, 26))

	db := raw(t, url)
	fx.Remit1, fx.Remit2, fx.Unmatched = newID(), newID(), newID()
	rc1, rc3, rc9 := newID(), newID(), newID()
	exec := func(query string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, db.Rebind(query), args...); err != nil {
			t.Fatalf("seed: %s: %v", strings.Fields(query)[2], err)
		}
	}
	ts := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }

	// 999s: Batch1 accepted; Batch2's only set rejected with an element error.
	exec("INSERT INTO acknowledgments (id, file_id, seq, kind, batch_id, isa13, gs06, st02, "+
		"status, errors, received_at) VALUES (?, ?, 1, '999', ?, NULL, ?, '0001', 'A', '[]', ?), "+
		"(?, ?, 2, '999', ?, NULL, ?, NULL, 'A', '[]', ?)",
		newID(), fx.Ack1, b1.ID, fmt.Sprint(b1.GS06), ts(day(3, 1).Add(time.Hour)),
		newID(), fx.Ack1, b1.ID, fmt.Sprint(b1.GS06), ts(day(3, 1).Add(time.Hour)))
	exec("INSERT INTO acknowledgments (id, file_id, seq, kind, batch_id, isa13, gs06, st02, "+
		"status, errors, received_at) VALUES (?, ?, 1, '999', ?, NULL, ?, ?, 'R', ?, ?), "+
		"(?, ?, 2, '999', ?, NULL, ?, NULL, 'R', '[]', ?)",
		newID(), fx.Ack2, b2.ID, fmt.Sprint(b2.GS06), fmt.Sprintf("%04d", b2.ST02First),
		`[{"segment":"NM1","position":8,"loop":"2010BA","code":"8","claim":"PCN1007",`+
			`"description":"Segment has element errors (see the IK4 that follows)",`+
			`"elements":[{"element":9,"code":"7",`+
			`"description":"Code value is not valid for this element"}]},`+
			`{"segment":"DMG","position":12,"loop":"2010BA","code":"8","claim":"PCN0001",`+
			`"description":"Segment has element errors (see the IK4 that follows)",`+
			`"elements":[{"element":2,"code":"8","description":"Date is not valid"}]}]`,
		ts(day(1, 10).Add(time.Hour)),
		newID(), fx.Ack2, b2.ID, fmt.Sprint(b2.GS06), ts(day(1, 10).Add(time.Hour)))

	// 277CA: PCN1001, 1003 and 1004 accepted; PCN1002 rejected.
	for i, a := range []struct{ pcn, verdict, statuses, payerNo string }{
		{"PCN1001", "accepted", `[{"category":"A2","code":"20","entity":"PR"}]`, "PAY1001"},
		{"PCN1002", "rejected", `[{"category":"A7","code":"562","entity":"85"}]`, ""},
		{"PCN1003", "accepted", `["A2:20:PR"]`, "PAY1003"},
		{"PCN1004", "accepted", `[{"Category":"A2","Code":"20"}]`, "PAY1004"},
	} {
		exec("INSERT INTO claim_acks (id, file_id, seq, claim_id, version, pcn, verdict, "+
			"statuses, payer_claim_number, clearinghouse_trace, status_date, received_at) "+
			"VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, '20250303', ?)", newID(), fx.CA, i+1,
			fx.Claims[a.pcn], a.pcn, a.verdict, a.statuses, nullable(a.payerNo),
			"TRC"+a.pcn, ts(day(3, 3)))
	}

	// 835s.
	exec("INSERT INTO remittances (id, file_id, st02, handling, amount_cents, credit_debit, "+
		"method, payment_date, trace_number, trace_originator, payer_id, payer_name, "+
		"payee_npi, payee_name, imbalance_cents, received_at) VALUES "+
		"(?, ?, '0001', 'I', 15000, 'C', 'ACH', '2025-03-20', 'EFT0320', '1999999999', "+
		"'60054', 'NORTHWIND HEALTH PLAN', '1234567893', 'CLINIC ONE', 0, ?)",
		fx.Remit1, fx.ERA1, ts(day(3, 21)))
	exec("INSERT INTO remittances (id, file_id, st02, handling, amount_cents, credit_debit, "+
		"method, payment_date, trace_number, trace_originator, payer_id, payer_name, "+
		"payee_npi, payee_name, imbalance_cents, received_at) VALUES "+
		"(?, ?, '0001', 'I', 5000, 'C', 'CHK', '2025-03-25', 'CHK7788', '1888888888', "+
		"'87726', 'BLUE RIVER INSURANCE', '1234567893', 'CLINIC ONE', 800, ?)",
		fx.Remit2, fx.ERA2, ts(day(3, 26)))
	exec("INSERT INTO remit_claims (id, remittance_id, seq, claim_id, version, pcn, "+
		"status_code, charge_cents, paid_cents, patient_cents, payer_claim_number, posting, "+
		"imbalance_cents) VALUES "+
		"(?, ?, 1, ?, 1, 'PCN1001', '1', 25000, 18000, 2000, 'PAY1001', 'payment', 0), "+
		"(?, ?, 1, ?, 1, 'PCN1003', '4', 30000, 0, 0, 'PAY1003', 'payment', 0), "+
		"(?, ?, 2, NULL, NULL, 'PCN9999', '1', 4200, 4200, 0, 'PAY9999', 'held', 0)",
		rc1, fx.Remit1, fx.Claims["PCN1001"], rc3, fx.Remit2, fx.Claims["PCN1003"],
		rc9, fx.Remit2)
	line1, line2 := newID(), newID()
	exec("INSERT INTO remit_lines (id, remit_claim_id, seq, line_number, control_number, "+
		"procedure_code, modifiers, charge_cents, paid_cents, units, service_date) VALUES "+
		"(?, ?, 1, 1, 'PCN1001-1', '99213', '25', 15000, 12000, '1', '2025-02-01'), "+
		"(?, ?, 2, 2, 'PCN1001-2', '87880', '', 10000, 6000, '1', '2025-02-01')",
		line1, rc1, line2, rc1)
	exec("INSERT INTO remit_adjustments (id, remit_claim_id, remit_line_id, group_code, "+
		"reason_code, amount_cents, quantity) VALUES "+
		"(?, ?, ?, 'CO', '45', 3000, NULL), (?, ?, ?, 'CO', '45', 2000, NULL), "+
		"(?, ?, ?, 'PR', '2', 2000, NULL), (?, ?, NULL, 'CO', '50', 30000, NULL)",
		newID(), rc1, line1, newID(), rc1, line2, newID(), rc1, line2, newID(), rc3)
	exec("INSERT INTO remit_remarks (id, remit_claim_id, remit_line_id, source, code) "+
		"VALUES (?, ?, NULL, 'MOA', 'N115')", newID(), rc3)
	exec("INSERT INTO provider_adjustments (id, remittance_id, seq, provider_id, fiscal_date, "+
		"reason_code, reference, amount_cents, claim_id) VALUES "+
		"(?, ?, 1, '1234567893', '20251231', 'WO', 'PAY0777', 3000, NULL)",
		newID(), fx.Remit1)
	exec("INSERT INTO unmatched_responses (id, file_id, kind, source_id, reference, "+
		"received_at, reason) VALUES (?, ?, '835', ?, 'PCN9999', ?, 'no_claim')",
		fx.Unmatched, fx.ERA2, rc9, ts(day(3, 26)))

	// The timeline events the posting would have added.
	events := []struct {
		pcn string
		e   store.NewEvent
	}{
		{"PCN1001", store.NewEvent{Kind: lifecycle.KindSetAck, Status: lifecycle.Accepted,
			FileID: fx.Ack1, At: day(3, 1).Add(time.Hour), Detail: "999 IK5 A"}},
		{"PCN1002", store.NewEvent{Kind: lifecycle.KindSetAck, Status: lifecycle.Accepted,
			FileID: fx.Ack1, At: day(3, 1).Add(time.Hour), Detail: "999 IK5 A"}},
		{"PCN1003", store.NewEvent{Kind: lifecycle.KindSetAck, Status: lifecycle.Accepted,
			FileID: fx.Ack1, At: day(3, 1).Add(time.Hour), Detail: "999 IK5 A"}},
		{"PCN1004", store.NewEvent{Kind: lifecycle.KindSetAck, Status: lifecycle.Accepted,
			FileID: fx.Ack1, At: day(3, 1).Add(time.Hour), Detail: "999 IK5 A"}},
		{"PCN1007", store.NewEvent{Kind: lifecycle.KindSetAck,
			Status: lifecycle.RejectedClearinghouse, FileID: fx.Ack2,
			At: day(1, 10).Add(time.Hour), Detail: "999 IK5 R"}},
		{"PCN1001", store.NewEvent{Kind: lifecycle.KindClaimAck, Status: lifecycle.Acknowledged,
			FileID: fx.CA, At: day(3, 3), Detail: "277CA A2:20"}},
		{"PCN1002", store.NewEvent{Kind: lifecycle.KindClaimAck,
			Status: lifecycle.RejectedPayer, FileID: fx.CA, At: day(3, 3),
			Detail: "277CA A7:562:85"}},
		{"PCN1003", store.NewEvent{Kind: lifecycle.KindClaimAck, Status: lifecycle.Acknowledged,
			FileID: fx.CA, At: day(3, 3), Detail: "277CA A2:20"}},
		{"PCN1004", store.NewEvent{Kind: lifecycle.KindClaimAck, Status: lifecycle.Acknowledged,
			FileID: fx.CA, At: day(3, 3), Detail: "277CA A2:20"}},
		{"PCN1001", store.NewEvent{Kind: lifecycle.KindRemittance, Status: lifecycle.Paid,
			FileID: fx.ERA1, At: day(3, 21), Detail: "835 CLP02 1, paid 180.00"}},
		{"PCN1003", store.NewEvent{Kind: lifecycle.KindRemittance, Status: lifecycle.Denied,
			FileID: fx.ERA2, At: day(3, 26), Detail: "835 CLP02 4, paid 0.00"}},
		{"PCN1004", store.NewEvent{Kind: lifecycle.KindStuck, At: day(4, 1),
			Detail: "no 835 within 30 days"}},
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

// claimInput is an invented professional claim of two lines.
func claimInput(pcn, payer string, cents int64) store.ClaimInput {
	first := cents * 3 / 5
	return store.ClaimInput{
		PCN: pcn, Kind: store.Professional, PayerID: payer, BillingNPI: "1234567893",
		TotalCents: cents, Document: []byte(`{"claimInformation":{"patientControlNumber":"` +
			pcn + `"}}`),
		Lines: []store.Line{
			{Number: 1, ControlNumber: pcn + "-1", ProcedureCode: "99213",
				Modifiers: []string{"25"}, ChargeCents: first, Units: "1",
				ServiceDate: "2025-02-01"},
			{Number: 2, ControlNumber: pcn + "-2", ProcedureCode: "87880",
				ChargeCents: cents - first, Units: "1", ServiceDate: "2025-02-01"},
		},
	}
}

// build837 writes a small 837 for a draft: the envelope and one CLM per
// claim, enough for the raw view.
func build837(d store.BatchDraft) (store.OutboundFile, error) {
	var body strings.Builder
	for _, set := range d.Sets {
		for _, c := range set.Claims {
			fmt.Fprintf(&body, "CLM*%s*%d.%02d~", c.Claim.PCN, c.Claim.TotalCents/100,
				c.Claim.TotalCents%100)
		}
	}
	return store.OutboundFile{Name: fmt.Sprintf("mainclear_%09d.837", d.ISA13),
		Content: []byte(envelope(d.ISA13, "HC", "837", body.String())), Type: "837P"}, nil
}

// x999 is a 999 answering interchange isa13 with the verdict given.
func x999(isa13 int64, verdict string) string {
	return envelope(isa13+900, "FA", "999", fmt.Sprintf("AK1*HC*%d~AK2*837*0001~IK5*%s~"+
		"AK9*%s*1*1*1~", isa13, verdict, verdict))
}

// envelope wraps segments in ISA/GS/ST and their trailers.
func envelope(isa13 int64, gs01, st01, body string) string {
	n := strings.Count(body, "~") + 2
	return fmt.Sprintf("ISA*00*          *00*          *ZZ*NWBILL01       "+
		"*ZZ*MAINCLEAR      *250301*1200*^*00501*%09d*1*T*:~"+
		"GS*%s*NWBILL01*MAINCLEAR*20250301*1200*%d*X*005010~ST*%s*0001~%s"+
		"SE*%d*0001~GE*1*%d~IEA*1*%09d~\n", isa13, gs01, isa13, st01, body, n, isa13, isa13)
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
