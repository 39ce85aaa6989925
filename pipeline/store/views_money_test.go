package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

// TestMoneyAcrossViews checks that the claim page, the work list, the
// dashboard, the aging and denials reports and the payments agree on the
// same claims' money, including a claim paid in part and one reversed and
// corrected.
func TestMoneyAcrossViews(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := storetest.Open(t, url)
		fx := storetest.Seed(t, s, url)
		mx := storetest.SeedMoney(t, s, url)

		// The claim page: charge = paid + adjustments + patient + with payer.
		for _, c := range []struct {
			id   string
			want store.ClaimMoney
		}{
			{fx.Claims["PCN1001"], store.ClaimMoney{Money: store.Money{ChargeCents: 25000,
				PaidCents: 18000, AdjustedCents: 5000, PatientCents: 2000},
				Groups: []store.GroupTotal{{Group: "CO",
					Text: "contractual and payer adjustments", AmountCents: 5000}},
				Settled: true}},
			{fx.Claims["PCN1003"], store.ClaimMoney{Money: store.Money{ChargeCents: 30000,
				AdjustedCents: 30000, DeniedCents: 30000},
				Groups: []store.GroupTotal{{Group: "CO",
					Text: "contractual and payer adjustments", AmountCents: 30000}},
				Settled: true}},
			{mx.Claims["PCN1008"], store.ClaimMoney{Money: store.Money{ChargeCents: 20000,
				PaidCents: 6000, AdjustedCents: 13000, PatientCents: 1000, DeniedCents: 8000},
				Groups: []store.GroupTotal{{Group: "CO",
					Text: "contractual and payer adjustments", AmountCents: 13000}}}},
			{mx.Claims["PCN1009"], store.ClaimMoney{Money: store.Money{ChargeCents: 10000,
				PaidCents: 8000, AdjustedCents: 1000, PatientCents: 1000},
				Groups: []store.GroupTotal{{Group: "CO",
					Text: "contractual and payer adjustments", AmountCents: 1000}},
				Settled: true}},
		} {
			tl, err := s.GetClaimTimeline(ctx, c.id)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(tl.Money, c.want) {
				t.Errorf("%s: money = %+v\nwant %+v", tl.Claim.PCN, tl.Money, c.want)
			}
			if !tl.Money.AddsUp() {
				t.Errorf("%s: does not add up", tl.Claim.PCN)
			}
			m := tl.Money
			if m.PaidCents+m.AdjustedCents+m.PatientCents+m.WithPayerCents() != m.ChargeCents {
				t.Errorf("%s: the parts do not make the charge", tl.Claim.PCN)
			}
			if tl.Claim.Money() != c.want.Money {
				t.Errorf("%s: the list's money = %+v, the page's %+v", tl.Claim.PCN,
					tl.Claim.Money(), c.want.Money)
			}
		}

		// The work list: the claim paid in part puts its denied line at issue.
		wl, err := s.GetWorklist(ctx, store.WorklistQuery{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		var part store.WorkItem
		var n int
		var cents int64
		for _, it := range wl.Items {
			if it.Kind == store.WorkPartlyPaid {
				part = it
			}
			if it.Kind.IsClaim() {
				n++
				cents += it.AmountCents
			}
		}
		wantPart := store.WorkItem{ClaimID: mx.Claims["PCN1008"], AmountCents: 8000,
			Reason: "Partly paid; some lines denied: Payer does not consider the service " +
				"medically necessary (CO-50); remark: Decision based on a local coverage " +
				"determination (LCD) (N115)",
			NextStep: "Appeal with the medical records that show necessity. The patient's " +
				"share of $10.00 (PR) is theirs: bill the secondary payer or the patient"}
		if part.ClaimID != wantPart.ClaimID || part.AmountCents != wantPart.AmountCents ||
			part.Reason != wantPart.Reason || part.NextStep != wantPart.NextStep {
			t.Errorf("partly paid = %+v\nwant %+v", part, wantPart)
		}
		if n != 6 || cents != 186006 || wl.NeedsAction() != (store.Tally{Count: 6,
			Cents: 186006}) {
			t.Errorf("work list claims = %d, %d; needs action %+v", n, cents, wl.NeedsAction())
		}

		// The dashboard: the same needs action; the open balance is the aging's.
		d, err := s.GetDashboard(ctx, storetest.AsOf)
		if err != nil {
			t.Fatal(err)
		}
		if d.NeedsAction != (store.Tally{Count: 6, Cents: 186006}) {
			t.Errorf("needs action = %+v", d.NeedsAction)
		}
		wantDep := store.Deposits{Count: 4, Cents: 34250, ClaimPaymentCents: 36200,
			ProviderAdjCents: 2750, UnbalancedPayments: 1}
		if d.Received != wantDep {
			t.Errorf("received = %+v\nwant %+v", d.Received, wantDep)
		}

		aging, err := s.Aging(ctx, store.ReportQuery{}, storetest.AsOf)
		if err != nil {
			t.Fatal(err)
		}
		wantAging := []store.AgingRow{
			{PayerID: "87726", PayerName: "BLUE RIVER INSURANCE",
				Cents: [4]int64{0, 8000, 0, 123456}, Counts: [4]int{0, 1, 0, 1}},
			{PayerID: "60054", PayerName: "NORTHWIND HEALTH PLAN",
				Cents: [4]int64{0, 16000, 0, 0}, Counts: [4]int{0, 4, 0, 0},
				PatientCents: 4000},
		}
		if !reflect.DeepEqual(aging.Rows, wantAging) {
			t.Errorf("aging = %+v", aging.Rows)
		}
		if aging.Total.TotalCents() != 147456 || aging.Total.PatientCents != 4000 ||
			d.Aging.Total != aging.Total {
			t.Errorf("aging total = %+v, dashboard's %+v", aging.Total, d.Aging.Total)
		}

		// Denials: a whole claim (PCN1003) and a line inside a paid claim
		// (PCN1008), told apart.
		den, err := s.Denials(ctx, store.ReportQuery{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		wantReason := store.ReasonCount{Group: "CO", Reason: "50",
			Text: "Payer does not consider the service medically necessary", Claims: 1,
			AmountCents: 30000, LineClaims: 1, Lines: 1, LineCents: 8000}
		if !reflect.DeepEqual(den.TopReasons, []store.ReasonCount{wantReason}) {
			t.Errorf("reasons = %+v", den.TopReasons)
		}
		var nw store.DenialRow
		for _, r := range den.Rows {
			if r.PayerID == "60054" {
				nw = r
			}
		}
		if nw.Adjudicated != 3 || nw.Denied != 0 || nw.LineDenied != 1 ||
			nw.LinesDenied != 1 || nw.LineDeniedCents != 8000 ||
			len(nw.TopReasons) != 1 || nw.TopReasons[0].LineClaims != 1 {
			t.Errorf("60054 = %+v", nw)
		}
		if den.Total.Denied != 1 || den.Total.LineDenied != 1 || den.Total.Adjudicated != 4 {
			t.Errorf("total = %+v", den.Total)
		}

		// The payment: deposit = claim payments - PLB.
		r4, err := s.GetRemittance(ctx, mx.Remit4)
		if err != nil {
			t.Fatal(err)
		}
		if r4.ClaimPaidCents != 7000 || r4.ProviderAdjCent != -250 ||
			r4.DepositCents() != 7250 || r4.ExpectedCents() != 7250 {
			t.Errorf("remittance 4 = %+v", r4.RemitSummary)
		}
	})
}

// TestWrittenOffByRule reads the table of reasons written off by rule.
func TestWrittenOffByRule(t *testing.T) {
	for reason, want := range map[string]bool{"45": true, "97": true, "50": false, "": false} {
		if got := store.WrittenOffByRule(reason); got != want {
			t.Errorf("WrittenOffByRule(%q) = %v", reason, got)
		}
	}
}
