package x835_test

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x835"
)

// A poster reads one item at a time and applies each claim as it comes.
func ExampleReader() {
	f, err := os.Open("testdata/reversal.835")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	r := x835.NewReader(f)
	r.SetName("reversal.835")
	for {
		it, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			panic(err)
		}
		switch v := it.(type) {
		case *x835.Payment:
			fmt.Println("payment", v.Financial.Amount, v.Financial.Method, v.Trace.Number)
		case *x835.Claim:
			line, _ := v.Lines[0].ControlNumber()
			fmt.Println("claim", v.PatientControl, v.Status, v.Paid, v.PayerControl, line)
		case *x835.Summary:
			fmt.Println("end", v.Totals.Claims, "claims,", len(v.Findings), "findings")
		}
	}
	// Output:
	// payment 30.00 ACH EFT20260501A
	// claim NW1001 22 -120.00 PYR0001A NW1001-1
	// claim NW1001 1 150.00 PYR0001B NW1001-1
	// end 2 claims, 0 findings
}

// A simulator builds a remittance and writes it into a group it opened.
func ExampleWriter() {
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	var out bytes.Buffer
	w := edi.NewWriter(&out, edi.DefaultDelimiters, "\n")
	w.BeginInterchange(edi.Interchange{SenderQualifier: "ZZ", SenderID: "SIM",
		ReceiverQualifier: "ZZ", ReceiverID: "PRACTICE", Time: at, Control: 1, Usage: 'T'})
	w.BeginGroup(edi.Group{FunctionalID: "HP", SenderCode: "SIM", ReceiverCode: "PRACTICE",
		Time: at, Control: 1, Version: x835.Version})
	rem := &x835.Remittance{
		Payment: &x835.Payment{
			Financial: x835.Financial{Handling: "I", Amount: edi.MustAmount("80"),
				CreditDebit: "C", Method: "CHK", Date: "20260501"},
			Trace: x835.Trace{Type: "1", Number: "CHK77", PayerID: "1512345678"},
			Payer: x835.Payer{Name: "INVENTED HEALTH PLAN"},
			Payee: x835.Payee{Name: "NORTHWIND CLINIC", IDQualifier: "XX", ID: "1234567893"},
		},
		Claims: []*x835.Claim{{
			PatientControl: "PCN7", Status: "1", Charge: edi.MustAmount("100"),
			Paid: edi.MustAmount("80"), PatientResp: edi.MustAmount("20"),
			FilingIndicator: "12", PayerControl: "PYR7",
			Header:  &x835.HeaderNumber{Number: "1"},
			Patient: &x835.Name{EntityType: "1", Last: "EXAMPLE", First: "PAT"},
			Lines: []x835.ServiceLine{{
				Procedure: x835.Procedure{Qualifier: "HC", Code: "99213"},
				Charge:    edi.MustAmount("100"), Paid: edi.MustAmount("80"),
				Adjustments: []x835.Adjustment{{Group: "PR", Reason: "2",
					Amount: edi.MustAmount("20")}},
				Refs: []x835.Ref{{Qualifier: "6R", Value: "PCN7-1"}},
			}},
		}},
	}
	if err := x835.NewWriter(w).Write("0001", rem); err != nil {
		panic(err)
	}
	w.EndGroup()
	w.EndInterchange()
	if err := w.Close(); err != nil {
		panic(err)
	}
	set := out.String()
	fmt.Print(set[strings.Index(set, "ST*"):strings.Index(set, "GE*")])
	// Output:
	// ST*835*0001*005010X221A1~
	// BPR*I*80*C*CHK************20260501~
	// TRN*1*CHK77*1512345678~
	// N1*PR*INVENTED HEALTH PLAN~
	// N1*PE*NORTHWIND CLINIC*XX*1234567893~
	// LX*1~
	// CLP*PCN7*1*100*80*20*12*PYR7~
	// NM1*QC*1*EXAMPLE*PAT~
	// SVC*HC:99213*100*80~
	// CAS*PR*2*20~
	// REF*6R*PCN7-1~
	// SE*12*0001~
}
