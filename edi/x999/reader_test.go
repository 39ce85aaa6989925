package x999

import (
	"errors"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/edi"
)

func TestAccepted(t *testing.T) {
	acks, fs := readFile(t, "testdata/accepted.edi")
	if len(fs) != 0 {
		t.Fatalf("findings:\n%s", brief(fs))
	}
	sameAcks(t, acks, []Ack{{Interchange: envelope(900, 801), Group: group(900, 801),
		SetID: "999", Control: "0001", Version: "005010X231A1",
		FunctionalID: "HC", GroupControl: "1001", GroupVersion: "005010X222A1",
		Sets: []SetResponse{
			{SetID: "837", Control: "0001", Version: "005010X222A1", Code: Accepted},
			{SetID: "837", Control: "0002", Version: "005010X222A1", Code: Accepted},
		},
		Result: GroupResult{Code: Accepted, Included: 2, Received: 2, Accepted: 2}}})
	a := acks[0]
	if a.Pos.Ordinal != 3 || a.Pos.Group != "801" || a.Sets[1].Pos.SetPosition != 5 ||
		a.Result.Pos.SetPosition != 7 {
		t.Fatalf("positions %+v %+v %+v", a.Pos, a.Sets[1].Pos, a.Result.Pos)
	}
}

func TestPartiallyAccepted(t *testing.T) {
	acks, fs := readFile(t, "testdata/partial.edi")
	if len(fs) != 0 {
		t.Fatalf("findings:\n%s", brief(fs))
	}
	sameAcks(t, acks, []Ack{{Interchange: envelope(901, 802), Group: group(900, 802),
		SetID: "999", Control: "0001", Version: "005010X231A1",
		FunctionalID: "HC", GroupControl: "1002", GroupVersion: "005010X222A1",
		Sets: []SetResponse{
			{SetID: "837", Control: "0001", Version: "005010X222A1", Code: Accepted},
			{SetID: "837", Control: "0002", Version: "005010X222A1",
				Segments: []SegmentError{{SegmentID: "NM1", SetPosition: 25, Loop: "2010BA",
					Code: "8", Contexts: []Context{bu("NWC2002A")},
					Elements: []ElementError{{Element: ElementPosition{Element: 9},
						Reference: "67", Code: "7", BadValue: "ZZ99"}}}},
				Code: Rejected, Errors: []string{"5"}},
			{SetID: "837", Control: "0003", Version: "005010X222A1",
				Segments: []SegmentError{{SegmentID: "REF", SetPosition: 40, Loop: "2300",
					Code: "I9", Contexts: []Context{bu("NWC2003A")}}},
				Code: AcceptedWithErrors, Errors: []string{"I5"}},
		},
		Result: GroupResult{Code: PartiallyAccepted, Included: 3, Received: 3, Accepted: 2}}})
	sets := acks[0].Sets
	if sets[0].Accepted() == false || sets[1].Accepted() || !sets[2].Accepted() {
		t.Fatal("Accepted disagrees with IK501")
	}
	if got := strings.Join(sets[1].ClaimIDs(), ","); got != "NWC2002A" {
		t.Fatalf("claim IDs %q", got)
	}
}

func TestRejectedWithErrors(t *testing.T) {
	acks, fs := readFile(t, "testdata/rejected_errors.edi")
	if len(fs) != 0 {
		t.Fatalf("findings:\n%s", brief(fs))
	}
	trigger := ContextID{Name: TriggerName}
	sameAcks(t, acks, []Ack{{Interchange: envelope(902, 803), Group: group(900, 803),
		SetID: "999", Control: "0001", Version: "005010X231A1",
		FunctionalID: "HC", GroupControl: "1003", GroupVersion: "005010X223A2",
		Sets: []SetResponse{{SetID: "837", Control: "0007", Version: "005010X223A2",
			Segments: []SegmentError{
				{SegmentID: "CLM", SetPosition: 21, Loop: "2300", Code: "8",
					Contexts: []Context{bu("NWC3001")},
					Elements: []ElementError{
						{Element: ElementPosition{Element: 5, Component: 3}, Reference: "1325",
							Code: "7", BadValue: "Q",
							Contexts: []Context{{IDs: []ContextID{trigger}, SegmentID: "CLM",
								SetPosition: 21, Loop: "2300",
								Element: ElementPosition{Element: 5, Component: 1}}}},
						{Element: ElementPosition{Element: 2}, Reference: "782", Code: "1"},
					}},
				{SegmentID: "HI", SetPosition: 24, Loop: "2300", Code: "I6",
					Contexts: []Context{
						{IDs: []ContextID{trigger, trigger}, SegmentID: "CLM", SetPosition: 21,
							Loop: "2300", Element: ElementPosition{Element: 11, Component: 2},
							References: []string{"1362"}},
						bu("NWC3001"),
					}},
				{SegmentID: "N4", SetPosition: 9, Loop: "2010AA", Code: "8",
					Elements: []ElementError{
						{Element: ElementPosition{Element: 4}, Reference: "26", Code: "I12"},
						{Element: ElementPosition{Element: 6, Component: 1, Repeat: 2},
							Reference: "1270", Code: "I13"},
					}},
			},
			Code: Rejected, Errors: []string{"5", "I5"}}},
		Result: GroupResult{Code: Rejected, Included: 1, Received: 1}}})
	s := acks[0].Sets[0]
	if got := strings.Join(s.ClaimIDs(), ","); got != "NWC3001" {
		t.Fatalf("claim IDs %q", got)
	}
	c := s.Segments[1].Contexts
	if !c[0].Trigger() || c[1].Trigger() {
		t.Fatal("Trigger disagrees with CTX01")
	}
	if _, _, ok := c[0].BusinessUnit(); ok {
		t.Fatal("a trigger read as a business unit")
	}
	if p := s.Segments[0].Elements[0].Contexts[0].Pos; p.Ordinal != 9 || p.SetPosition != 7 {
		t.Fatalf("element context position %+v", p)
	}
}

func TestGroupRejected(t *testing.T) {
	acks, fs := readFile(t, "testdata/group_rejected.edi")
	if len(fs) != 0 {
		t.Fatalf("findings:\n%s", brief(fs))
	}
	sameAcks(t, acks, []Ack{{Interchange: envelope(903, 804), Group: group(900, 804),
		SetID: "999", Control: "0001", Version: "005010X231A1",
		FunctionalID: "HC", GroupControl: "1004", GroupVersion: "005010X222A1",
		Result: GroupResult{Code: Rejected, Included: 3, Received: 2,
			Errors: []string{"5", "4"}}}})
}

func Test997(t *testing.T) {
	acks, fs := readFile(t, "testdata/ack997.edi")
	if len(fs) != 0 {
		t.Fatalf("findings:\n%s", brief(fs))
	}
	h := envelope(904, 805)
	h.Version = "00401"
	g := group(904, 805)
	g.Version = "004010"
	sameAcks(t, acks, []Ack{{Interchange: h, Group: g, SetID: "997", Control: "0001",
		FunctionalID: "HC", GroupControl: "1005",
		Sets: []SetResponse{
			{SetID: "837", Control: "0001",
				Segments: []SegmentError{{SegmentID: "CLM", SetPosition: 15, Loop: "2300",
					Code: "8", Elements: []ElementError{{
						Element:   ElementPosition{Element: 5, Component: 1},
						Reference: "1331", Code: "7", BadValue: "99"}}}},
				Code: Rejected, Errors: []string{"5"}},
			{SetID: "837", Control: "0002", Code: Accepted},
		},
		Result: GroupResult{Code: PartiallyAccepted, Included: 2, Received: 2, Accepted: 1}}})
}

// TestSeveralEnvelopes reads acks from two interchanges and three groups,
// passing over a TA1 and a 277 between them.
func TestSeveralEnvelopes(t *testing.T) {
	acks, fs := readFile(t, "testdata/multi.edi")
	if got := brief(fs); got != "30 ST01 structure warning" {
		t.Fatalf("findings:\n%s", got)
	}
	var got []string
	for _, a := range acks {
		got = append(got, a.Pos.Interchange+"/"+a.Pos.Group+"/"+a.Control+" answers "+
			a.GroupControl+" "+string(a.Result.Code))
	}
	want := "000000806/806/0001 answers 2001 A|000000806/807/0001 answers 2002 R|" +
		"000000806/807/0002 answers 2003 A|000000807/809/0001 answers 2004 A"
	if strings.Join(got, "|") != want {
		t.Fatalf("got  %s\nwant %s", strings.Join(got, "|"), want)
	}
	if acks[1].Sets[0].Segments[0].Elements[0].BadValue != "1O0" ||
		acks[2].GroupVersion != "005010X223A2" || acks[3].Sets != nil ||
		acks[3].Group.Control != 809 || acks[3].Interchange.Control != 807 {
		t.Fatalf("acks %+v %+v", acks[1], acks[3])
	}
}

// TestMalformed runs the structural checks one at a time.
func TestMalformed(t *testing.T) {
	head := "ISA*00*          *00*          *ZZ*CHSIM          *ZZ*NORTHWINDCLIN  " +
		"*260303*0900*^*00501*000000801*0*P*:~GS*FA*CHSIM*NW*20260303*0900*1*X*005010X231A1~" +
		"ST*999*0001*005010X231A1~"
	tail := "~GE*1*1~IEA*1*000000801~"
	for _, tc := range []struct {
		name, body, want string
	}{
		{"no AK1 and no AK9", "AK2*837*1~IK5*A~SE*4*0001",
			"4 AK200 structure error\n3 SE00 structure error\n3 SE00 structure error"},
		{"AK2 without IK5", "AK1*HC*1~AK2*837*1~AK2*837*2~IK5*A~AK9*A*2*2*2~SE*7*0001",
			"6 AK200 structure error\n8 AK904 count warning"},
		{"IK4 without IK3", "AK1*HC*1~AK2*837*1~IK4*1**1~IK5*R*5~AK9*R*1*1*0~SE*7*0001",
			"6 IK400 structure error"},
		{"CTX before IK3", "AK1*HC*1~AK2*837*1~CTX*CLM01:A~IK5*R~AK9*R*1*1*0~SE*7*0001",
			"6 CTX00 structure error"},
		{"bad numbers", "AK1*HC*1~AK2*837*1~IK3*CLM*x**8~IK4*a:b*1*1~IK5*R~" +
			"AK9*Z*1*one*0~SE*8*0001",
			"6 IK302 data error\n7 IK401 data error\n7 IK401 data error\n" +
				"7 IK401 data error\n9 AK903 data error\n9 AK901 data error"},
		{"missing required", "AK1~AK2~IK3~IK5~AK9~SE*7*0001",
			"4 AK101 data error\n4 AK102 data error\n5 AK201 data error\n" +
				"5 AK202 data error\n6 IK301 data error\n6 IK304 data error\n" +
				"6 IK302 data error\n7 IK501 data error\n8 AK901 data error\n" +
				"8 AK902 data error\n8 AK903 data error\n8 AK904 data error"},
		{"a 997 segment in a 999", "AK1*HC*1~AK2*837*1~AK5*A~AK9*A*1*1*1~SE*6*0001",
			"6 AK500 structure warning"},
		{"unknown segment", "AK1*HC*1~NM1*41*2*X~AK9*A*0*0*0~SE*5*0001",
			"5 NM100 structure warning"},
		{"two AK1 and two AK9", "AK1*HC*1~AK1*HC*2~AK9*A*0*0*0~AK9*A*0*0*0~SE*6*0001",
			"5 AK100 structure error\n7 AK900 structure error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acks, fs, err := readAll(t, strings.NewReader(head+tc.body+tail))
			if err != nil || len(acks) != 1 {
				t.Fatalf("%d acks, err %v", len(acks), err)
			}
			if got := brief(fs); got != tc.want {
				t.Fatalf("findings:\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

func TestCutShort(t *testing.T) {
	in := "ISA*00*          *00*          *ZZ*CHSIM          *ZZ*NORTHWINDCLIN  " +
		"*260303*0900*^*00501*000000801*0*P*:~GS*FA*CHSIM*NW*20260303*0900*1*X*005010X231A1~" +
		"ST*999*0001*005010X231A1~AK1*HC*1~AK2*837*1~IK3*CLM*5**8"
	acks, fs, err := readAll(t, strings.NewReader(in))
	if err != nil || len(acks) != 1 || len(acks[0].Sets[0].Segments) != 1 {
		t.Fatalf("acks %v err %v", acks, err)
	}
	// The reader reports the missing trailers at the end of the input, before
	// the set it cut short is closed.
	want := "6 IK300 syntax warning\n7 SE00 envelope error\n7 GE00 envelope error\n" +
		"7 IEA00 envelope error\n5 AK200 structure error\n3 SE00 structure error"
	if got := brief(fs); got != want {
		t.Fatalf("findings:\n%s\nwant\n%s", got, want)
	}
}

func TestNotX12(t *testing.T) {
	acks, _, err := readAll(t, strings.NewReader("Daily report: 3 files\n"))
	if !errors.Is(err, edi.ErrNotX12) || len(acks) != 0 {
		t.Fatalf("acks %v err %v", acks, err)
	}
}

// TestFatalAfterASet returns the set read before input that cannot be read,
// then the error, every time.
func TestFatalAfterASet(t *testing.T) {
	in := "ISA*00*          *00*          *ZZ*CHSIM          *ZZ*NORTHWINDCLIN  " +
		"*260303*0900*^*00501*000000801*0*P*:~GS*FA*CHSIM*NW*20260303*0900*1*X*005010X231A1~" +
		"ST*999*0001*005010X231A1~AK1*HC*1~AK9*A*0*0*0~ISA*00*"
	r := NewReader(strings.NewReader(in))
	a, err := r.Next()
	if err != nil || a.GroupControl != "1" {
		t.Fatalf("ack %+v, err %v", a, err)
	}
	for i := 0; i < 2; i++ {
		if _, err := r.Next(); !errors.Is(err, edi.ErrSyntax) {
			t.Fatalf("err %v", err)
		}
	}
}
