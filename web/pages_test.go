package web

import (
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

func TestDashboardPage(t *testing.T) {
	e := newEnv(t, Options{})
	body := e.page(e.login(store.RoleBiller), "/")
	contains(t, body,
		"Paid $180.00 1 claim paid in full or in part",
		"Pending $99.99 1 claim on the way or ready to send",
		"Needs action $1,780.06 5 claims held, rejected, denied, paid in part, paid too much or stuck, by the "+
			"money at issue on the work list; and 2 other items",
		"Deposited, last 30 days $200.00 2 payments (835, BPR02): claim payments $222.00 "+
			"minus provider-level adjustments (PLB) $30.00 makes $192.00, not the deposits: "+
			"1 payment off balance",
		"31-60 days 3 $220.00", "90+ days 1 $1,234.56", "Total 4 $1,454.56",
		"of which patients owe (PR) $20.00", "of which with the payers $1,434.56",
		"CO-50 Payer does not consider the service medically necessary 1 0 $300.00",
		"Accepted by the payer 1 1 $80.00", "Rejected by the clearinghouse 1 0 $1,234.56")
	// The charts are drawn on the server.
	if !strings.Contains(body, "<svg class=\"chart\"") ||
		!strings.Contains(text(body), "90+ days: $1,234.56") {
		t.Error("the aging chart is missing")
	}
	// A biller sees no pipeline pages in the menu.
	if strings.Contains(body, `href="/batches"`) || strings.Contains(body, `href="/admin/users"`) {
		t.Error("a biller's menu offers batches or users")
	}
}

func TestClaimPages(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.login(store.RoleOps)
	list := e.page(c, "/claims?status=denied,rejected_payer")
	contains(t, list, "PCN1003 87726 Denied", "300.00 0.00 0.00",
		"PCN1002 60054 Rejected by the payer")
	if strings.Contains(text(list), "PCN1001") {
		t.Error("the status filter let a paid claim through")
	}
	stuck := e.page(c, "/claims?stuck=1")
	contains(t, stuck, "PCN1004 87726 Accepted by the payer Stuck")

	id := e.fx.Claims["PCN1001"]
	body := e.page(c, "/claims/"+id)
	contains(t, body,
		"Status Paid", "Payer claim no. PAY1001", "Charge $250.00", "Paid $180.00",
		"Patient owes $20.00", "Balance $20.00",
		"Charge 250.00 Paid by payers 180.00 Adjusted, CO contractual and payer adjustments "+
			"50.00 Patient responsibility (PR) 20.00 Still with the payer 0.00",
		"Charge $250.00 = paid $180.00 + adjustments $50.00 + patient $20.00 + with the "+
			"payer $0.00. Balance (charge − paid − adjustments): $20.00.",
		"Claim received Received", "Checks run Received → Ready to send",
		"Put in a batch Ready to send → In a batch, not yet sent",
		"batch ISA13 000000001",
		"Sent to the clearinghouse In a batch, not yet sent → Sent to the clearinghouse",
		"999 from the clearinghouse Sent to the clearinghouse → Accepted by the clearinghouse "+
			"999 IK5 A file b1.999 (999)",
		"Mar 21, 2025 09:00 UTC 835 remittance from the payer Accepted by the payer → Paid",
		"Payment EFT0320 from NORTHWIND HEALTH PLAN, Mar 20, 2025: Processed as primary",
		"CO-45 Charge is above the fee schedule", "PR-2 Coinsurance the patient owes",
		"1 99213-25 Feb 1, 2025 1 150.00 120.00")
	// Ops may follow the cause of each event to its file.
	if !strings.Contains(body, `href="/files/`+e.fx.Ack1+`"`) {
		t.Error("no link to the 999 that caused an event")
	}
	page, err := e.store.ListAccess(context.Background(), store.AccessQuery{
		ObjectKind: "claim", ObjectID: id})
	if err != nil || len(page.Entries) != 1 || page.Entries[0].Username != "oscar" ||
		page.Entries[0].Action != "view" {
		t.Errorf("access log of the claim = %+v, %v", page.Entries, err)
	}

	// A biller sees file names without links to the raw files.
	bb := e.page(e.login(store.RoleBiller), "/claims/"+id)
	if strings.Contains(bb, `href="/files/`) {
		t.Error("a biller is offered raw files")
	}
	// A corrected claim lists its versions.
	in := store.ClaimInput{PCN: "PCN1002B", Kind: store.Professional, PayerID: "60054",
		BillingNPI: "1234567893", TotalCents: 12500, FrequencyCode: "7",
		PayerClaimNumber: "PAY1002", Document: []byte(`{}`),
		Lines: []store.Line{{Number: 1, ProcedureCode: "99213", ChargeCents: 12500,
			Units: "1"}}}
	if _, err := e.store.AddVersion(context.Background(), e.fx.Claims["PCN1002"],
		in); err != nil {
		t.Fatal(err)
	}
	v := e.page(c, "/claims/"+e.fx.Claims["PCN1002"])
	contains(t, v, "Claim PCN1002B", "Status Ready to send",
		"Version Received Claim no. Frequency Payer claim no. Charge",
		"PCN1002 1 original 120.00", "PCN1002B 7 replacement PAY1002 125.00")

	resp, _ := e.get(c, "/claims/no-such-claim")
	if resp.StatusCode != 404 {
		t.Errorf("missing claim: %s", resp.Status)
	}
}

func TestBatchPages(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.login(store.RoleOps)
	list := e.page(c, "/batches")
	contains(t, list,
		"000000002 mainclear", "mainclear_000000002.837 1 1,234.56 Rejected (1 set rejected)",
		"mainclear_000000001.837 4 750.00 Accepted 3 accepted, 1 rejected Uploaded")
	body := e.page(c, "/batches/"+e.fx.Batch2)
	contains(t, body, "Batch ISA13 000000002 Connection mainclear",
		"Control numbers ISA13 000000002, GS06 2, ST02 0002", "Claims 1", "Total $1,234.56",
		"999 Rejected: 0 sets accepted, 1 rejected",
		"NM109 at position 8 in loop 2010BA: Segment has element errors",
		"1 PCN1007 87726 0002 No answer yet Rejected by the clearinghouse 1,234.56")
}

func TestFilePages(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.login(store.RoleOps)
	list := e.page(c, "/files?direction=in&type=835")
	contains(t, list, "era1.835 835 applied 272 B", "era2.835 835 applied 266 B")
	all := e.page(c, "/files?direction=in&type=999")
	contains(t, all, "b2.999 999 applied 246 B 9f6aed4d5b4e… mainclear 1")
	if strings.Contains(text(list), "b1.999") {
		t.Error("the type filter let a 999 through")
	}
	body := e.page(c, "/files/"+e.fx.Ack2)
	contains(t, body, "Direction Received", "Type 999",
		"Read from it 2 TA1/999 answers, 0 277CA claims, 0 payments, 1 claim events")
	// One segment a line with its ordinal; the stored finding marks the
	// third segment.
	if !strings.Contains(body, `<li value="3" class="flagged"><code>ST*999*0001~</code>`) ||
		!strings.Contains(text(body), "warning AK201: control number has leading zeros") {
		t.Errorf("segment 3 is not marked:\n%s", body)
	}
	if !strings.Contains(body, `<li value="1"><code>ISA*00*`) {
		t.Error("segment 1 is missing")
	}
}

func TestRemittancePages(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.login(store.RoleBiller)
	list := e.page(c, "/remittances")
	contains(t, list,
		"Claims Claim payments (CLP04) Provider adjustments (PLB) Deposit (BPR02) "+
			"Deposit = payments − PLB?",
		"Mar 25, 2025 BLUE RIVER INSURANCE CHK7788 Paper check 2 42.00 0.00 50.00 "+
			"Off by $8.00",
		"Mar 20, 2025 NORTHWIND HEALTH PLAN EFT0320 Automated Clearing House (ACH) "+
			"transfer (EFT) 1 180.00 30.00 150.00 Yes")
	body := e.page(c, "/remittances/"+e.fx.Remit2)
	contains(t, body, "Check or EFT trace CHK7788", "Claims 2",
		"Claim payments (CLP04) $42.00 Provider adjustments (PLB) $0.00 Deposit (BPR02) $50.00",
		"Balances? No: off by $8.00",
		"PCN1003 — Denied CLP02 4", "300.00 0.00 0.00 300.00 PAY1003",
		"CO-50 Payer does not consider the service medically necessary",
		"N115 Decision based on a local coverage determination (LCD)",
		"PCN9999 matches no claim", "Posted as held for a person to look at.")
	r1 := e.page(c, "/remittances/"+e.fx.Remit1)
	contains(t, r1, "Claim payments (CLP04) $180.00 Provider adjustments (PLB) $30.00 "+
		"Deposit (BPR02) $150.00",
		"WO Overpayment recovery: money taken back for an earlier overpayment PAY0777 "+
			"Dec 31, 2025 30.00")
}

func TestRemittanceCSV(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.login(store.RoleBiller)
	resp, body := e.get(c, "/remittances.csv")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("export: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("export = %d rows, %v", len(rows), err)
	}
	want := []string{"2025-03-20", "60054", "NORTHWIND HEALTH PLAN", "EFT0320", "ACH",
		"150.00", "PCN1001", "PAY1001", "Processed as primary", "250.00", "180.00", "20.00",
		"CO-45 30.00 Charge is above the fee schedule, maximum allowed or contracted rate; " +
			"CO-45 20.00 Charge is above the fee schedule, maximum allowed or contracted " +
			"rate; PR-2 20.00 Coinsurance the patient owes", "", e.fx.Claims["PCN1001"]}
	if strings.Join(rows[3], "|") != strings.Join(want, "|") {
		t.Errorf("row 3 = %q\nwant %q", rows[3], want)
	}
	if !strings.HasSuffix(strings.SplitN(body, "\n", 2)[0], "\r") {
		t.Error("rows do not end with CRLF")
	}
	// Ops may not export.
	resp, _ = e.get(e.login(store.RoleOps), "/remittances.csv")
	if resp.StatusCode != 403 {
		t.Errorf("ops export: %s", resp.Status)
	}
}

func TestWorklistPage(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.login(store.RoleBiller)
	body := e.page(c, "/worklist")
	contains(t, body, "5 claims need action, with $1,780.06 at issue; and 2 other items",
		"7 items shown by this filter.", "At issue (denied or still open)",
		"Rejected by the payer PCN1002 60054 120.00 Rejected by the payer: Rejected for invalid "+
			"information; the status code says what: Entity's National Provider Identifier "+
			"(NPI) (billing provider) (A7:562:85) Correct the billing provider's NPI, tax ID "+
			"or address and resubmit",
		"Stuck: no answer in time PCN1004 87726 80.00 No payment (835) since the payer "+
			"accepted it; overdue since Apr 1, 2025 Send a claim status inquiry",
		"Answer matching no claim PCN9999 42.00")
	denied := e.page(c, "/worklist?kind=denied")
	contains(t, denied, "1 item shown by this filter.", "PCN1003 87726 300.00",
		"5 claims need action, with $1,780.06 at issue")
	if strings.Contains(text(denied), "PCN1002") {
		t.Error("the kind filter let a rejection through")
	}
}

func TestReportsPage(t *testing.T) {
	e := newEnv(t, Options{})
	body := e.page(e.login(store.RoleBiller), "/reports")
	contains(t, body,
		"as of Apr 15, 2025",
		"87726 BLUE RIVER INSURANCE 0.00 80.00 0.00 1,234.56 1,314.56 0.00 1,314.56",
		"60054 NORTHWIND HEALTH PLAN 0.00 140.00 0.00 0.00 140.00 20.00 120.00",
		"All payers 0.00 220.00 0.00 1,234.56 1,454.56 20.00 1,434.56",
		"87726 BLUE RIVER INSURANCE 1 1 100.0% 300.00 0 0 0.00 CO-50 Payer does not consider "+
			"the service medically necessary (1 claim denied, 0 lines in 0 paid claims)",
		"60054 NORTHWIND HEALTH PLAN 1 0 0.0% 0.00 0 0 0.00",
		"87726 BLUE RIVER INSURANCE 3 2 1 66.7% 0 —",
		"60054 NORTHWIND HEALTH PLAN 2 1 1 50.0% 1 19.0",
		"All payers 5 3 2 60.0% 1 19.0")
}

func TestSearchPage(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.login(store.RoleBiller)
	contains(t, e.page(c, "/search?q=PAY1003"), "PCN1003 87726 Denied")
	contains(t, e.page(c, "/search?q=EFT0320"), "Mar 20, 2025 NORTHWIND HEALTH PLAN EFT0320 150.00")
	contains(t, e.page(c, "/search?q=nothing"), "No claims match.",
		"No payment has the trace number “nothing”.")
}

func TestAdminPages(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.login(store.RoleAdmin)
	body := e.page(c, "/admin/users")
	contains(t, body, "alice admin", "bella biller", "oscar ops")
	resp, err := c.PostForm(e.ts.URL+"/admin/users", map[string][]string{
		"csrf": {csrfOf(t, body)}, "username": {"newbie"}, "role": {"biller"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("create user: %s", resp.Status)
	}
	u, err := e.store.GetUser(context.Background(), "newbie")
	if err != nil || u.Role != store.RoleBiller {
		t.Fatalf("new user = %+v, %v", u, err)
	}
	resp, err = c.PostForm(e.ts.URL+"/admin/users/newbie/disable", map[string][]string{
		"csrf": {csrfOf(t, body)}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 303 {
		t.Fatalf("disable: %s", resp.Status)
	}
	if u, _ := e.store.GetUser(context.Background(), "newbie"); !u.Disabled() {
		t.Error("the user was not disabled")
	}

	e.page(c, "/claims/"+e.fx.Claims["PCN1003"])
	access := e.page(c, "/admin/access?action=view")
	contains(t, access, "alice web view claim "+e.fx.Claims["PCN1003"]+" 127.0.0.1")
	logins := e.page(c, "/admin/access?action=login")
	contains(t, logins, "alice web login")
}

func TestAttachAnswer(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.login(store.RoleBiller)
	body := e.page(c, "/worklist?kind=unmatched")
	if !strings.Contains(body, `action="/worklist/attach"`) {
		t.Fatal("no attach form on the unmatched answer")
	}
	csrf := csrfOf(t, body)
	attach := func(claim string) (*http.Response, string) {
		t.Helper()
		resp, err := c.PostForm(e.ts.URL+"/worklist/attach", url.Values{"csrf": {csrf},
			"answer": {e.fx.Unmatched}, "claim": {claim}})
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	resp, page := attach("PCN4242")
	if resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(text(page), `No claim has the number "PCN4242".`) {
		t.Errorf("unknown claim: %s", resp.Status)
	}
	resp, page = attach("PCN1006") // ready: never sent
	if resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(text(page), "That claim was never sent") {
		t.Errorf("unsent claim: %s\n%s", resp.Status, text(page))
	}
	resp, _ = attach("pcn1004")
	if resp.StatusCode != http.StatusSeeOther ||
		resp.Header.Get("Location") != "/claims/"+e.fx.Claims["PCN1004"] {
		t.Fatalf("attach: %s to %q", resp.Status, resp.Header.Get("Location"))
	}
	claim := e.page(c, "/claims/"+e.fx.Claims["PCN1004"])
	contains(t, claim, "Payment CHK7788 from BLUE RIVER INSURANCE", "Paid $42.00")
	wl := e.page(c, "/worklist?kind=unmatched")
	contains(t, wl, "No work items here; the work list holds 5 in all")
	page2, err := e.store.ListAccess(context.Background(), store.AccessQuery{
		Action: store.ActionAttach})
	if err != nil || len(page2.Entries) != 1 || page2.Entries[0].ObjectID != e.fx.Unmatched {
		t.Errorf("attach not logged: %+v, %v", page2.Entries, err)
	}
	// Ops may look but not attach.
	ops := e.login(store.RoleOps)
	opsPage := e.page(ops, "/worklist")
	if strings.Contains(opsPage, `action="/worklist/attach"`) {
		t.Error("ops are offered the attach form")
	}
	resp, err = ops.PostForm(e.ts.URL+"/worklist/attach", url.Values{
		"csrf": {csrfOf(t, opsPage)}, "answer": {e.fx.Unmatched}, "claim": {"PCN1004"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("ops attach: %s", resp.Status)
	}
}

// TestMoneyPages checks the figures of a claim paid in part and of one
// reversed and corrected on every page that shows them.
func TestMoneyPages(t *testing.T) {
	url := storetest.SQLiteURL(t)
	e := newEnvAt(t, url, Options{})
	mx := storetest.SeedMoney(t, e.store, url)
	c := e.login(store.RoleBiller)

	contains(t, e.page(c, "/claims/"+mx.Claims["PCN1009"]),
		"Status Paid", "Charge $100.00", "Paid $80.00", "Balance $10.00",
		"Charge $100.00 = paid $80.00 + adjustments $10.00 + patient $10.00 + with the "+
			"payer $0.00. Balance (charge − paid − adjustments): $10.00.",
		"Posted as a reversal of an earlier payment.")
	part := e.page(c, "/claims/"+mx.Claims["PCN1008"])
	contains(t, part,
		"Charge $200.00 = paid $60.00 + adjustments $130.00 + patient $10.00 + with the "+
			"payer $0.00. Balance (charge − paid − adjustments): $10.00, after $80.00 denied "+
			"and open on the work list.")
	if strings.Contains(part, `id="claim-mismatch"`) {
		t.Error("a claim that adds up is flagged")
	}

	contains(t, e.page(c, "/worklist"),
		"6 claims need action, with $1,860.06 at issue",
		"Partly paid PCN1008 60054 80.00 Partly paid; some lines denied: Payer does not "+
			"consider the service medically necessary (CO-50)",
		"Appeal with the medical records that show necessity. The patient's share of "+
			"$10.00 (PR) is theirs: bill the secondary payer or the patient")
	contains(t, e.page(c, "/"),
		"Needs action $1,860.06 6 claims held, rejected, denied, paid in part, paid too much or stuck",
		"Deposited, last 30 days $342.50 4 payments (835, BPR02): claim payments $362.00 "+
			"minus provider-level adjustments (PLB) $27.50 makes $334.50",
		"Total 6 $1,474.56", "of which patients owe (PR) $40.00")
	contains(t, e.page(c, "/reports"),
		"60054 NORTHWIND HEALTH PLAN 0.00 160.00 0.00 0.00 160.00 40.00 120.00",
		"All payers 0.00 240.00 0.00 1,234.56 1,474.56 40.00 1,434.56",
		"60054 NORTHWIND HEALTH PLAN 3 0 0.0% 0.00 1 1 80.00 CO-50 Payer does not consider "+
			"the service medically necessary (0 claims denied, 1 line in 1 paid claim)",
		"All payers 4 1 25.0% 300.00 1 1 80.00")
	contains(t, e.page(c, "/remittances"),
		"Apr 9, 2025 NORTHWIND HEALTH PLAN EFT0410 Automated Clearing House (ACH) transfer "+
			"(EFT) 3 70.00 -2.50 72.50 Yes")
}
