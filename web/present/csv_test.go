package present

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/claimflow/claimflow/pipeline/store"
)

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+1": "'+1", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "PCN1001": "PCN1001", "": "",
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteRemitCSV(t *testing.T) {
	var buf bytes.Buffer
	err := WriteRemitCSV(&buf, []store.RemitExportRow{{
		Payment: store.RemitSummary{PaymentDate: "2025-03-20", PayerID: "60054",
			PayerName: "=cmd|' /C calc'!A0", TraceNumber: "EFT1", Method: "ACH",
			AmountCents: -1250},
		Claim: store.RemitClaimView{PCN: "A1", StatusText: "Reversal, \"quoted\"",
			ChargeCents: 100000, PaidCents: -1250,
			Adjustments: []store.Adjustment{{Group: "CR", Reason: "45", AmountCents: 500,
				ReasonText: "Charge is above the fee schedule"}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := "payment_date,payer_id,payer_name,trace_number,method,payment_amount," +
		"patient_control_number,payer_claim_number,claim_status,charge,paid," +
		"patient_responsibility,adjustments,remarks,claimflow_claim_id\r\n" +
		"2025-03-20,60054,'=cmd|' /C calc'!A0,EFT1,ACH,-12.50,A1,,\"Reversal, \"\"quoted\"\"\"," +
		"1000.00,-12.50,0.00,CR-45 5.00 Charge is above the fee schedule,,\r\n"
	if buf.String() != want {
		t.Errorf("CSV =\n%q\nwant\n%q", buf.String(), want)
	}
	if _, err := csv.NewReader(&buf).ReadAll(); err != nil {
		t.Errorf("the CSV does not read back: %v", err)
	}
}
