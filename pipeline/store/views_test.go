package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

func TestBatchLog(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storetest.Open(t, url)
		fx := storetest.Seed(t, s, url)

		page, err := s.ListBatches(ctx, store.BatchQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Batches) != 2 || page.Next != "" {
			t.Fatalf("got %d batches, next %q; want 2 and none", len(page.Batches), page.Next)
		}
		// Newest built first: Batch2 was built after Batch1.
		b2, b1 := page.Batches[0], page.Batches[1]
		if b1.ID != fx.Batch1 || b2.ID != fx.Batch2 {
			t.Fatalf("order = %s, %s", b2.ID, b1.ID)
		}
		got := []any{b1.ClaimCount, b1.TotalCents, b1.ISA13, b1.GroupAck, b1.SetsAccepted,
			b1.SetsRejected, b1.ClaimsAccepted, b1.ClaimsRejected, b1.FileName, b1.State}
		want := []any{4, int64(75000), int64(1), "A", 1, 0, 3, 1, "mainclear_000000001.837",
			store.BatchUploaded}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("batch 1 = %v, want %v", got, want)
		}
		got = []any{b2.ClaimCount, b2.TotalCents, b2.ISA13, b2.GroupAck, b2.SetsAccepted,
			b2.SetsRejected}
		want = []any{1, int64(123456), int64(2), "R", 0, 1}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("batch 2 = %v, want %v", got, want)
		}

		// Pages of one follow each other.
		p1, err := s.ListBatches(ctx, store.BatchQuery{Limit: 1})
		if err != nil || len(p1.Batches) != 1 || p1.Batches[0].ID != fx.Batch2 {
			t.Fatalf("first page = %+v, %v", p1, err)
		}
		p2, err := s.ListBatches(ctx, store.BatchQuery{Limit: 1, Before: p1.Next})
		if err != nil || len(p2.Batches) != 1 || p2.Batches[0].ID != fx.Batch1 || p2.Next != "" {
			t.Fatalf("second page = %+v, %v", p2, err)
		}

		d, err := s.GetBatchDetail(ctx, fx.Batch2, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Claims) != 1 || d.Claims[0].PCN != "PCN1007" ||
			d.Claims[0].Status != lifecycle.RejectedClearinghouse {
			t.Errorf("claims of batch 2 = %+v", d.Claims)
		}
		if len(d.Acks) != 2 || len(d.Acks[0].Errors) != 2 ||
			d.Acks[0].Errors[1].Describe() != "DMG02 at position 12 in loop 2010BA: Segment "+
				"has element errors (see the IK4 that follows): Date is not valid" {
			t.Fatalf("acks of batch 2 = %+v", d.Acks)
		}
		if got, want := d.Acks[0].Errors[0].Describe(), "NM109 at position 8 in loop 2010BA: "+
			"Segment has element errors (see the IK4 that follows): "+
			"Code value is not valid for this element"; got != want {
			t.Errorf("error = %q\nwant %q", got, want)
		}
	})
}

func TestAckErrorShapes(t *testing.T) {
	for raw, want := range map[string][]string{
		`[{"code":"5","description":"One or more segments in error"}]`: {
			"One or more segments in error"},
		`[{"code":"5"}]`: {"One or more segments are in error"},
		`[{"segment_code":"8","segment":"CLM","element":2,"element_code":"6",` +
			`"element_value":"X"}]`: {"CLM02: Segment has element errors (see the IK4 that " +
			"follows): Value contains a character that is not allowed"},
		`not json`: nil,
	} {
		var got []string
		for _, e := range store.ParseAckErrors([]byte(raw)) {
			got = append(got, e.Describe())
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %q, want %q", raw, got, want)
		}
	}
}

func TestFileViews(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storetest.Open(t, url)
		fx := storetest.Seed(t, s, url)

		all, err := s.ListFiles(ctx, store.FileQuery{})
		if err != nil || len(all.Files) != 7 {
			t.Fatalf("files = %d, %v; want 7", len(all.Files), err)
		}
		in, err := s.ListFiles(ctx, store.FileQuery{Direction: store.Inbound, Type: "835"})
		if err != nil || len(in.Files) != 2 {
			t.Fatalf("inbound 835s = %d, %v; want 2", len(in.Files), err)
		}
		d, err := s.GetFileDetail(ctx, fx.Ack2)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.FileFinding{{Severity: "warning", Ordinal: 3, Segment: "AK2",
			Element: 1, Message: "control number has leading zeros"}}
		if !reflect.DeepEqual(d.Findings, want) {
			t.Errorf("findings = %+v", d.Findings)
		}
		if d.Acks != 2 || d.Events != 1 {
			t.Errorf("acks %d, events %d; want 2 and 1", d.Acks, d.Events)
		}
		out, err := s.GetFileDetail(ctx, fx.File1)
		if err != nil || out.BatchID != fx.Batch1 {
			t.Errorf("837 batch = %q, %v", out.BatchID, err)
		}
	})
}

func TestRemittanceViews(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storetest.Open(t, url)
		fx := storetest.Seed(t, s, url)

		page, err := s.ListRemittances(ctx, store.RemitQuery{})
		if err != nil || len(page.Remittances) != 2 {
			t.Fatalf("remittances = %+v, %v", page, err)
		}
		r2 := page.Remittances[0]
		got := []any{r2.ID, r2.TraceNumber, r2.AmountCents, r2.ClaimCount, r2.ImbalanceCents,
			r2.PaymentDate, r2.MethodText()}
		want := []any{fx.Remit2, "CHK7788", int64(5000), 2, int64(800), "2025-03-25",
			"Paper check"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("remittance 2 = %v\nwant %v", got, want)
		}

		d, err := s.GetRemittance(ctx, fx.Remit1)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Claims) != 1 || len(d.ProviderAdjustments) != 1 {
			t.Fatalf("remittance 1 = %+v", d)
		}
		c := d.Claims[0]
		if c.PaidCents != 18000 || c.PatientCents != 2000 || c.PayerAdjustmentCents() != 5000 ||
			len(c.Lines) != 2 || c.StatusText != "Processed as primary" {
			t.Errorf("claim = %+v", c)
		}
		wantAdj := store.Adjustment{Group: "PR",
			GroupText: "Patient responsibility: may be billed to the patient or to a " +
				"secondary payer",
			Reason: "2", ReasonText: "Coinsurance the patient owes", AmountCents: 2000,
			LineSeq: 2}
		if c.Adjustments[2] != wantAdj {
			t.Errorf("adjustment 3 = %+v\nwant %+v", c.Adjustments[2], wantAdj)
		}
		plb := d.ProviderAdjustments[0]
		if plb.Reason != "WO" || plb.AmountCents != 3000 || plb.Reference != "PAY0777" {
			t.Errorf("PLB = %+v", plb)
		}

		rows, err := s.ExportRemittances(ctx, store.RemitQuery{})
		if err != nil || len(rows) != 3 {
			t.Fatalf("export = %d rows, %v; want 3", len(rows), err)
		}
		if rows[0].Claim.PCN != "PCN1003" || rows[1].Claim.PCN != "PCN9999" ||
			rows[2].Claim.PCN != "PCN1001" {
			t.Errorf("export order = %s %s %s", rows[0].Claim.PCN, rows[1].Claim.PCN,
				rows[2].Claim.PCN)
		}
	})
}

func TestClaimTimelineAndSearch(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storetest.Open(t, url)
		fx := storetest.Seed(t, s, url)

		tl, err := s.GetClaimTimeline(ctx, fx.Claims["PCN1001"])
		if err != nil {
			t.Fatal(err)
		}
		var kinds []lifecycle.Kind
		for _, e := range tl.Events {
			kinds = append(kinds, e.Kind)
		}
		wantKinds := []lifecycle.Kind{"received", "checked", "batched", "submitted", "set_ack",
			"claim_ack", "remittance"}
		if !reflect.DeepEqual(kinds, wantKinds) {
			t.Errorf("kinds = %v", kinds)
		}
		if tl.Events[4].FileName != "b1.999" || tl.Events[2].BatchISA != 1 {
			t.Errorf("set_ack file %q, batched ISA %d", tl.Events[4].FileName,
				tl.Events[2].BatchISA)
		}
		if tl.Claim.PaidCents != 18000 || len(tl.Payments) != 1 || len(tl.Acks) != 1 ||
			len(tl.Batches) != 1 || len(tl.Versions) != 1 {
			t.Errorf("timeline = %+v", tl)
		}
		if got := tl.Acks[0].Statuses[0].Describe(); got != "Acknowledged: accepted into the "+
			"payer's adjudication system: Accepted for processing (payer)" {
			t.Errorf("277CA = %q", got)
		}

		for term, want := range map[string]int{"PCN1002": 1, "pcn1002": 1, "PAY1003": 1,
			"nothing": 0} {
			res, err := s.Search(ctx, term)
			if err != nil || len(res.Claims) != want {
				t.Errorf("search %q = %d claims, %v; want %d", term, len(res.Claims), err, want)
			}
		}
		res, err := s.Search(ctx, "EFT0320")
		if err != nil || len(res.Remittances) != 1 || res.Remittances[0].ID != fx.Remit1 {
			t.Errorf("search by trace = %+v, %v", res, err)
		}
	})
}

func TestWorklist(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storetest.Open(t, url)
		fx := storetest.Seed(t, s, url)

		wl, err := s.GetWorklist(ctx, store.WorklistQuery{})
		if err != nil {
			t.Fatal(err)
		}
		wantCounts := map[store.WorkKind]int{"rejected_clearinghouse": 1, "rejected_payer": 1,
			"denied": 1, "stuck": 1, "invalid": 1, "unmatched": 1, "imbalance": 1}
		if !reflect.DeepEqual(wl.Counts, wantCounts) || wl.Total != 7 || len(wl.Items) != 7 {
			t.Fatalf("counts = %v, total %d, items %d", wl.Counts, wl.Total, len(wl.Items))
		}
		byKind := map[store.WorkKind]store.WorkItem{}
		for _, it := range wl.Items {
			byKind[it.Kind] = it
		}
		cases := []struct {
			kind           store.WorkKind
			id             string
			amount         int64
			reason, action string
		}{
			{"rejected_payer", fx.Claims["PCN1002"], 12000,
				"Rejected by the payer: Rejected for invalid information; the status code " +
					"says what: Entity's National Provider Identifier (NPI) (billing provider) " +
					"(A7:562:85)",
				"Correct the billing provider's NPI, tax ID or address and resubmit"},
			{"denied", fx.Claims["PCN1003"], 30000,
				"Denied by the payer: Payer does not consider the service medically " +
					"necessary (CO-50); remark: Decision based on a local coverage " +
					"determination (LCD) (N115)",
				"Appeal with the medical records that show necessity"},
			{"rejected_clearinghouse", fx.Claims["PCN1007"], 123456,
				"Rejected by the clearinghouse: NM109 at position 8 in loop 2010BA: Segment " +
					"has element errors (see the IK4 that follows): Code value is not valid " +
					"for this element; the whole functional group was rejected",
				"Correct the claim (or the file's envelope) and resubmit; other claims of " +
					"the same file may need the same fix"},
			{"invalid", fx.Claims["PCN1005"], 4550,
				"Held back by the checks: member ID is missing ($.subscriber.memberId)",
				"Correct the claim and send a new version"},
			{"unmatched", fx.Unmatched, 4200,
				"An 835 payment names patient control number PCN9999, which matches no " +
					"claim (file era2.835)",
				"Find the claim it belongs to and attach the answer to it"},
			{"imbalance", fx.Remit2, 800,
				"The 835 with trace CHK7788 from BLUE RIVER INSURANCE does not balance: the " +
					"payment differs from its claims and adjustments by $8.00",
				"Compare the deposit with the payer's remittance advice and call the payer " +
					"if they differ"},
		}
		for _, c := range cases {
			it := byKind[c.kind]
			if it.ID != c.id || it.AmountCents != c.amount || it.Reason != c.reason ||
				it.NextStep != c.action {
				t.Errorf("%s:\n got %+v\nwant id %s amount %d\n reason %q\n next %q",
					c.kind, it, c.id, c.amount, c.reason, c.action)
			}
		}
		if st := byKind["stuck"]; st.ClaimID != fx.Claims["PCN1004"] ||
			st.Reason != "No payment (835) since the payer accepted it; overdue since Apr 1, 2025" {
			t.Errorf("stuck = %+v", st)
		}

		only, err := s.GetWorklist(ctx, store.WorklistQuery{Kinds: []store.WorkKind{"denied"},
			PayerID: "87726"})
		if err != nil || only.Total != 1 || len(only.Items) != 1 {
			t.Errorf("denied of 87726 = %+v, %v", only, err)
		}
		if _, err := s.GetWorklist(ctx, store.WorklistQuery{
			Kinds: []store.WorkKind{"bogus"}}); err == nil {
			t.Error("an unknown kind was accepted")
		}
	})
}

// A claim whose current version asks the payer to void it (frequency 8)
// owes nothing: it leaves the aging, whatever the payer has said so far.
func TestAgingLeavesVoidsOut(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storetest.Open(t, url)
		fx := storetest.Seed(t, s, url)
		storetest.Exec(t, url, "UPDATE claim_versions SET frequency_code = '8' "+
			"WHERE claim_id = ?", fx.Claims["PCN1007"])
		aging, err := s.Aging(ctx, store.ReportQuery{}, storetest.AsOf)
		if err != nil {
			t.Fatal(err)
		}
		if aging.Total.TotalCents() != 145456-123456 || aging.Total.TotalCount() != 3 {
			t.Errorf("aging total = %+v", aging.Total)
		}
	})
}

func TestReports(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storetest.Open(t, url)
		storetest.Seed(t, s, url)

		aging, err := s.Aging(ctx, store.ReportQuery{}, storetest.AsOf)
		if err != nil {
			t.Fatal(err)
		}
		// Balances: charge minus paid minus CO, OA and PI. PCN1001's 20.00
		// is the patient's (PR); PCN1003's denial is adjusted (CO-50) and
		// waits in the work list instead.
		want := []store.AgingRow{
			{PayerID: "87726", PayerName: "BLUE RIVER INSURANCE",
				Cents: [4]int64{0, 8000, 0, 123456}, Counts: [4]int{0, 1, 0, 1}},
			{PayerID: "60054", PayerName: "NORTHWIND HEALTH PLAN",
				Cents: [4]int64{0, 14000, 0, 0}, Counts: [4]int{0, 2, 0, 0},
				PatientCents: 2000},
		}
		if !reflect.DeepEqual(aging.Rows, want) {
			t.Errorf("aging = %+v", aging.Rows)
		}
		if aging.Total.TotalCents() != 145456 || aging.Total.TotalCount() != 4 ||
			aging.Total.PatientCents != 2000 || aging.Total.WithPayerCents() != 143456 {
			t.Errorf("aging total = %+v", aging.Total)
		}

		den, err := s.Denials(ctx, store.ReportQuery{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(den.Rows) != 2 || den.Rows[0].PayerID != "87726" || den.Rows[0].Denied != 1 ||
			den.Rows[0].PayerName != "BLUE RIVER INSURANCE" ||
			den.Rows[0].Adjudicated != 1 || den.Rows[0].DeniedCents != 30000 ||
			den.Rows[1].Denied != 0 || den.Total.Rate() != 0.5 {
			t.Errorf("denials = %+v", den)
		}
		wantReason := store.ReasonCount{Group: "CO", Reason: "50",
			Text: "Payer does not consider the service medically necessary", Claims: 1,
			AmountCents: 30000}
		if len(den.TopReasons) != 1 || den.TopReasons[0] != wantReason {
			t.Errorf("top reasons = %+v", den.TopReasons)
		}

		acc, err := s.Acceptance(ctx, store.ReportQuery{})
		if err != nil {
			t.Fatal(err)
		}
		wantAcc := []store.AcceptanceRow{
			{PayerID: "87726", PayerName: "BLUE RIVER INSURANCE", Submitted: 3, FirstPass: 2,
				Rejected: 1},
			{PayerID: "60054", PayerName: "NORTHWIND HEALTH PLAN", Submitted: 2, FirstPass: 1,
				Rejected: 1, Paid: 1, DaysToPay: 19},
		}
		if !reflect.DeepEqual(acc.Rows, wantAcc) {
			t.Errorf("acceptance = %+v", acc.Rows)
		}
		if acc.Total.Rate() != 0.6 || acc.Total.DaysToPay != 19 {
			t.Errorf("acceptance total = %+v", acc.Total)
		}
	})
}

func TestDashboard(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storetest.Open(t, url)
		storetest.Seed(t, s, url)

		d, err := s.GetDashboard(ctx, storetest.AsOf)
		if err != nil {
			t.Fatal(err)
		}
		got := []store.Tally{d.Paid, d.Pending, d.NeedsAction}
		want := []store.Tally{{Count: 1, Cents: 18000}, {Count: 1, Cents: 9999},
			{Count: 5, Cents: 178006}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("paid, pending, needs action = %+v\nwant %+v", got, want)
		}
		// Deposits: 150.00 + 50.00; claim payments 180.00 + 42.00; PLB 30.00.
		wantDep := store.Deposits{Count: 2, Cents: 20000, ClaimPaymentCents: 22200,
			ProviderAdjCents: 3000, UnbalancedPayments: 1}
		if d.Received != wantDep || d.Received.ExpectedCents() != 19200 {
			t.Errorf("received = %+v\nwant %+v", d.Received, wantDep)
		}
		// The needs-action figures are the work list's, claim for claim.
		wl, err := s.GetWorklist(ctx, store.WorklistQuery{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		var n int
		var cents int64
		for _, it := range wl.Items {
			if it.Kind.IsClaim() {
				n++
				cents += it.AmountCents
			}
		}
		if d.NeedsAction != (store.Tally{Count: n, Cents: cents}) || d.OtherWork != 2 {
			t.Errorf("needs action %+v, other %d; the work list's claims: %d, %d",
				d.NeedsAction, d.OtherWork, n, cents)
		}
		if d.Aging.Total.TotalCents() != 145456 {
			t.Errorf("open balance = %d", d.Aging.Total.TotalCents())
		}
		if len(d.ByStatus) != 7 || d.WorkItems["stuck"] != 1 || len(d.Denials) != 1 {
			t.Errorf("dashboard = %+v", d)
		}
		counts, err := s.ClaimCountsByStatus(ctx)
		if err != nil || counts[lifecycle.Acknowledged] != 1 || counts[lifecycle.Paid] != 1 {
			t.Errorf("counts = %v, %v", counts, err)
		}
	})
}
