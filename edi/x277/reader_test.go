package x277

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/edi"
)

func claims(items []Item) []*Claim {
	var out []*Claim
	for _, it := range items {
		if c, ok := it.(*Claim); ok {
			out = append(out, c)
		}
	}
	return out
}

func TestAccepted(t *testing.T) {
	items, fs := readFile(t, "testdata/accepted.edi")
	if len(fs) != 0 {
		t.Fatalf("findings:\n%s", brief(fs))
	}
	want := lines(`
		L 1^(-) 20/1 NM1 AY/2/CLEARHOUSE SIM////46/CHSIM01 TRN 1/B20260310A got 20260309 done 20260310
		L 2^1(1) 21/1 NM1 41/2/NORTHWIND CLINIC////46/NWC001 TRN 2/BATCH0001 QTY 2/- AMT 275.50/-
		    STC A1:19:PR: - - "20260310" WQ 275.50
		L 3^2(2) 19/1 NM1 85/2/NORTHWIND CLINIC////XX/1234567893 TRN 1/PRV0001 ` +
		`REF TJ=123456789 QTY 2/- AMT 275.50/-
		L 4^3(3) PT/ NM1 QC/1/SAMPLE/ALEX///MI/ZX0000001
		C NWC1001 under 1/2/3/-/4 1K=PYR1001 D9=CH77001 dates 20260301..
		    STC A1:20:: - - "20260310" WQ 150.00
		    STC A2:20:: - - "20260310" WQ 150.00
		L 5^3(3) PT/ NM1 QC/1/EXAMPLE/JORDAN/Q//MI/ZX0000002
		C NWC1002 under 1/2/3/-/5 1K=PYR1002 D9=CH77002 BLT=131 EA=MR55 dates 20260302..20260304
		    STC A2:20:: - - "20260310" WQ 125.50
		`)
	if got := dump(items); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	h := items[0].(*Level).Header
	wantH := Header{Pos: h.Pos, Interchange: edi.Interchange{AuthQualifier: "00",
		SecurityQualifier: "00", SenderQualifier: "ZZ", SenderID: "CHSIM",
		ReceiverQualifier: "ZZ", ReceiverID: "NORTHWINDCLIN",
		Time: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC), Version: "00501", Control: 901,
		Usage: 'P'}, Group: edi.Group{FunctionalID: "HN", SenderCode: "CHSIM",
		ReceiverCode: "NORTHWINDCLIN", Time: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC),
		Control: 901, Version: "005010X214"}, Control: "0001", Version: "005010X214",
		Structure: "0085", Purpose: "08", Reference: "B20260310A", Date: "20260310",
		Time: "1200", Type: "TH"}
	if *h != wantH || !h.ClaimAck() || h.Pos.Ordinal != 3 {
		t.Fatalf("header %+v", *h)
	}
	cs := claims(items)
	for _, it := range items {
		if it.(interface{ header() *Header }).header() != h {
			t.Fatal("items of one set do not share its header")
		}
	}
	if cs[0].Rejected() || cs[1].Rejected() || cs[0].ControlNumber() != "NWC1001" {
		t.Fatal("an accepted claim reads as rejected")
	}
	if p := cs[1].Pos; p.Ordinal != 32 || p.SetPosition != 30 || p.Set != "0001" {
		t.Fatalf("claim position %+v", p)
	}
	if a, ok := cs[1].Charge(); !ok || a != edi.MustAmount("125.50") {
		t.Fatalf("charge %v %v", a, ok)
	}
	if cs[1].Provider != items[2] || cs[1].Patient.Parent != cs[1].Provider {
		t.Fatal("the claim does not point to the levels above it")
	}
}

func TestRejectedSeveralStatusesAndALine(t *testing.T) {
	items, fs := readFile(t, "testdata/rejected.edi")
	if len(fs) != 0 {
		t.Fatalf("findings:\n%s", brief(fs))
	}
	want := lines(`
		L 1^(-) 20/1 NM1 AY/2/CLEARHOUSE SIM////46/CHSIM01 TRN 1/B20260310B got 20260309 done 20260310
		L 2^1(1) 21/1 NM1 41/2/NORTHWIND CLINIC////46/NWC001 TRN 2/BATCH0002 QTY 1/2 AMT 100.00/380.00
		    STC A1:19:PR: - - "20260310" WQ 480.00
		L 3^2(2) 19/1 NM1 85/2/NORTHWIND CLINIC////XX/1234567893 TRN 1/PRV0001 QTY -/2 AMT -/380.00
		L 4^3(3) PT/ NM1 QC/1/SAMPLE/ALEX///MI/ZX0000001
		C NWC2001 under 1/2/3/-/4 D9=CH88001 dates 20260303..
		    STC A7:562:85: A7:128:85: A6:21:IL: "20260310" U 200.00 "Billing provider NPI not on file"
		    STC A7:164:IL: - - "20260310" U 200.00
		    STC A8:454:: - - "20260310" U 200.00
		L 5^3(3) PT/ NM1 QC/1/EXAMPLE/JORDAN///MI/ZX0000002
		C NWC2002 under 1/2/3/-/5 D9=CH88002 dates 20260301..20260302
		    STC A3:21:: - - "20260310" U 180.00
		  SVC HC:99213[25] 100.00 paid - rev "" units "1" FJ=L1 XZ= dates 20260301..
		    STC A2:20:: - - "" U -
		  SVC HC:J1100[  JW] 80.00 paid - rev "" units "2" FJ=L2 XZ= dates 20260302..
		    STC A7:454:82: A7:145:: - "" U -
		L 6^2(2) 19/1 NM1 85/1/LEE/ROBIN/K//XX/1987654320 TRN 1/PRV0002 QTY 1/- AMT 100.00/-
		    STC A1:20:: - - "20260310" WQ 100.00
		L 7^6(6) PT/ NM1 QC/1/TESTER/MORGAN///MI/ZX0000003
		C NWC2003 under 1/2/6/-/7 1K=PYR2003 dates 20260305..
		    STC A2:20:: - - "20260310" WQ 100.00
		`)
	if got := dump(items); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	cs := claims(items)
	if !cs[0].Rejected() || !cs[1].Rejected() || cs[2].Rejected() {
		t.Fatal("Rejected disagrees with the statuses")
	}
	// The second claim is rejected by its second line alone.
	l := cs[1].Lines
	if l[0].Statuses[0].Rejected() || !l[1].Statuses[0].Rejected() ||
		cs[1].Statuses[0].Rejected() != true {
		t.Fatal("line statuses")
	}
	if got := l[1].Procedure.Modifiers; len(got) != 3 || got[2] != "JW" {
		t.Fatalf("modifiers %q", got)
	}
}

func TestStatusInquiryAnswer(t *testing.T) {
	items, fs := readFile(t, "testdata/x212.edi")
	if len(fs) != 0 {
		t.Fatalf("findings:\n%s", brief(fs))
	}
	want := lines(`
		L 1^(-) 20/1 NM1 PR/2/EXAMPLE HEALTH PLAN////PI/EHP01
		L 2^1(1) 21/1 NM1 41/2/NORTHWIND CLINIC////46/NWC001
		L 3^2(2) 19/1 NM1 1P/2/NORTHWIND CLINIC////XX/1234567893
		L 4^3(3) 22/0 NM1 IL/1/SAMPLE/ALEX///MI/ZX0000001
		C INQTRACE01 under 1/2/3/4/- 1K=PYR1001 EJ=NWC1001 dates 20260301..20260301
		    STC F1:65:: - - "20260308"  150.00 paid 120.00 on 20260307 by CHK 20260308 CK10001
		  SVC HC:99213[] 150.00 paid 120.00 rev "" units "1" FJ=L1 XZ= dates 20260301..20260301
		    STC F1:65:: - - "20260308"  -
		L 5^3(3) 22/1 NM1 IL/1/EXAMPLE/CASEY///MI/ZX0000009
		L 6^5(5) 23/ NM1 QC/1/EXAMPLE/JORDAN////
		C INQTRACE02 under 1/2/3/5/6 EJ=NWC1002 dates 20260304..20260305
		    STC P1:20:: - - "20260309"  95.00
		`)
	if got := dump(items); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	cs := claims(items)
	if cs[0].Header.ClaimAck() || cs[0].ControlNumber() != "NWC1001" ||
		cs[1].ControlNumber() != "NWC1002" || cs[1].Patient.Code != LevelDependent {
		t.Fatal("an X212 answer read as a 277CA")
	}
	cs[1].PatientControl = ""
	if got := cs[1].ControlNumber(); got != "" {
		t.Fatalf("an X212 TRN02 taken for a patient control number: %q", got)
	}
}

// TestSeveralEnvelopes reads three 277s from two interchanges, passing over
// a TA1 and a 999 between them.
func TestSeveralEnvelopes(t *testing.T) {
	items, fs := readFile(t, "testdata/multi.edi")
	if got := brief(fs); got != "46 ST01 structure warning" {
		t.Fatalf("findings:\n%s", got)
	}
	var got []string
	for _, c := range claims(items) {
		got = append(got, c.Pos.Interchange+"/"+c.Pos.Group+"/"+c.Pos.Set+" "+c.Trace+" "+
			c.Statuses[0].Codes[0].Category)
	}
	want := "000000904/904/0001 NWC3001 A2|000000904/904/0002 NWC3002 A7|" +
		"000000905/907/0001 NWC3003 A2"
	if strings.Join(got, "|") != want || len(items) != 15 {
		t.Fatalf("%d items; got %s\nwant %s", len(items), strings.Join(got, "|"), want)
	}
}

func TestNextClaim(t *testing.T) {
	f := strings.NewReader(mustRead(t, "testdata/rejected.edi"))
	r := NewReader(f)
	var got []string
	for {
		c, err := r.NextClaim()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c.Trace+"@"+c.Provider.Name.ID)
	}
	if s := strings.Join(got, " "); s != "NWC2001@1234567893 NWC2002@1234567893 NWC2003@1987654320" {
		t.Fatalf("claims %s", s)
	}
}

// TestMalformed checks one defect at a time inside an otherwise good 277CA.
func TestMalformed(t *testing.T) {
	head := "ISA*00*          *00*          *ZZ*CHSIM          *ZZ*NORTHWINDCLIN  " +
		"*260310*1200*^*00501*000000901*0*P*:~GS*HN*CHSIM*NW*20260310*1200*9*X*005010X214~" +
		"ST*277*0001*005010X214~BHT*0085*08*B1*20260310*1200*TH~HL*1**20*1~" +
		"NM1*AY*2*SIM*****46*S1~HL*2*1*21*1~NM1*41*2*NW*****46*N1~HL*3*2*19*1~HL*4*3*PT~"
	claim := "TRN*2*PCN1~STC*A2:20*20260310*WQ*10~"
	for _, tc := range []struct{ name, body, want string }{
		{"wrong parent", "HL*5*2*PT~" + claim, "11 HL02 structure warning"},
		{"no STC", "TRN*2*PCN1~DTP*472*D8*20260301~", "11 TRN00 structure error"},
		{"bad status", "TRN*2*PCN1~STC*:20*2026031*WQ*1.005~",
			"12 STC04 data error\n12 STC01 data error\n12 STC02 data warning"},
		{"bad dates", claim + "DTP*472*RD8*20260305-20260301~DTP*472*D8*20260301~",
			"13 DTP03 data warning\n14 DTP01 structure warning"},
		{"unknown format", claim + "DTP*472*DT*202603011200~", "13 DTP02 data warning"},
		{"unknown level", "HL*5*4*99~" + claim, "11 HL03 data error\n11 HL02 structure warning"},
		{"totals", "TRN*2*PCN1~STC*A7:21*20260310*U*10~HL*6*1*21~QTY*90*1~AMT*YY*5~" +
			"QTY*XX*1~QTY*AA*1.5~",
			"16 QTY01 data warning\n17 QTY02 data error\n" +
				"13 HL00 count warning\n13 HL00 count warning"},
		{"REF twice and a line REF", claim + "REF*1K*A~REF*1K*B~SVC*HC:1*5~STC*A2:20~REF*6R*X~",
			"14 REF01 structure warning\n17 REF01 data warning"},
		{"line without STC", claim + "SVC*HC:1*5~SVC*HC*x~STC*A2:20~",
			"14 SVC01 data error\n14 SVC02 data error\n13 SVC00 structure error"},
		{"stray segments", claim + "NM1*QC*1*X~CLP*1~", "13 NM100 structure warning\n" +
			"14 CLP00 structure warning"},
		{"extra elements", "TRN*2*PCN1*A*B*C~STC*A2:20*20260310*WQ*10~",
			"11 TRN05 syntax warning"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := head + tc.body
			n := strings.Count(in[strings.Index(in, "ST*"):], "~") + 1
			in += "SE*" + itoa(n) + "*0001~GE*1*9~IEA*1*000000901~"
			_, fs, err := readAll(t, strings.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			if got := brief(fs); got != tc.want {
				t.Fatalf("findings:\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestBHTMissing(t *testing.T) {
	in := "ISA*00*          *00*          *ZZ*CHSIM          *ZZ*NORTHWINDCLIN  " +
		"*260310*1200*^*00501*000000901*0*P*:~GS*HN*CHSIM*NW*20260310*1200*9*X*005010X214~" +
		"ST*277*0001*005010X214~HL*1**20*1~BHT*0085~SE*4*0001~GE*1*9~IEA*1*000000901~"
	items, fs, err := readAll(t, strings.NewReader(in))
	if err != nil || len(items) != 1 {
		t.Fatalf("%d items, err %v", len(items), err)
	}
	if got := brief(fs); got != "4 HL00 structure error\n5 BHT00 structure error" {
		t.Fatalf("findings:\n%s", got)
	}
}

func TestNotX12(t *testing.T) {
	items, _, err := readAll(t, strings.NewReader("%PDF-1.4\n"))
	if !errors.Is(err, edi.ErrNotX12) || len(items) != 0 {
		t.Fatalf("items %v, err %v", items, err)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
