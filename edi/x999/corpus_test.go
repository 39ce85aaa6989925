package x999

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/edi"
)

// The expected values below were counted by hand from the public samples.

// TestCorpusAcceptedControlMismatch: an accepted 837I group whose IEA02
// does not echo ISA13, with a GS05 of 97 seconds.
func TestCorpusAcceptedControlMismatch(t *testing.T) {
	acks, fs := readFile(t, corpusFile(t, "999_accepted_ctrlnum_mismatch.edi"))
	sameAcks(t, acks, []Ack{{
		Interchange: edi.Interchange{AuthQualifier: "00", SecurityQualifier: "00",
			SenderQualifier: "ZZ", SenderID: "12345", ReceiverQualifier: "ZZ",
			ReceiverID: "987654321", Time: utc(2004, 11, 17, 10, 24), Version: "00501",
			Control: 286, Usage: 'P'},
		Group: edi.Group{FunctionalID: "FA", SenderCode: "RCVR1", ReceiverCode: "SNDR12345",
			Time: utc(2020, 4, 15, 0, 0), Control: 1, Version: "005010X231A1"},
		SetID: "999", Control: "0001", Version: "005010X231A1",
		FunctionalID: "HC", GroupControl: "17456", GroupVersion: "005010X223A2",
		Sets: []SetResponse{{SetID: "837", Control: "0001", Version: "005010X223A2",
			Code: Accepted}},
		Result: GroupResult{Code: Accepted, Included: 1, Received: 1, Accepted: 1},
	}})
	if got, want := brief(fs), "2 GS05 data warning\n10 IEA02 control error"; got != want {
		t.Fatalf("findings:\n%s\nwant\n%s", got, want)
	}
}

// TestCorpusRejectedSegmentError: one 837I set rejected for a segment
// error, in an interchange whose component separator is '|'.
func TestCorpusRejectedSegmentError(t *testing.T) {
	acks, fs := readFile(t, corpusFile(t, "999_rejected_IK3_pipe_component.edi"))
	if len(fs) != 0 {
		t.Fatalf("findings:\n%s", brief(fs))
	}
	sameAcks(t, acks, []Ack{{
		Interchange: edi.Interchange{AuthQualifier: "00", SecurityQualifier: "00",
			SenderQualifier: "ZZ", SenderID: "EMEDNYBAT", ReceiverQualifier: "ZZ",
			ReceiverID: "ETIN", Time: utc(2011, 3, 11, 9, 58), Version: "00501",
			Control: 95832987, Usage: 'T'},
		Group: edi.Group{FunctionalID: "FA", SenderCode: "EMEDNY", ReceiverCode: "ABCD",
			Time: utc(2011, 3, 11, 9, 58), Control: 95832987, Version: "005010X231A1"},
		SetID: "999", Control: "95832987", Version: "005010X231A1",
		FunctionalID: "HC", GroupControl: "28", GroupVersion: "005010X223A2",
		Sets: []SetResponse{{SetID: "837", Control: "0028",
			Segments: []SegmentError{{SegmentID: "NM", SetPosition: 17, Code: "1"}},
			Code:     Rejected, Errors: []string{"5"}}},
		Result: GroupResult{Code: Rejected, Included: 1, Received: 1},
	}})
	if p := acks[0].Sets[0].Segments[0].Pos; p.Ordinal != 6 || p.SetPosition != 4 {
		t.Fatalf("IK3 position %+v", p)
	}
}

// TestCorpusInvalidStructure: a 999 built to be wrong: an IK5 before AK1,
// a padded AK101, an AK2 with two extra elements, an IK5 with code Q
// followed by a second IK5, and an SE01 of 16 for 18 segments.
func TestCorpusInvalidStructure(t *testing.T) {
	acks, fs := readFile(t, corpusFile(t, "999_invalid_structure.edi"))
	trigger := ContextID{Name: TriggerName}
	sameAcks(t, acks, []Ack{{
		Interchange: edi.Interchange{AuthQualifier: "00", SecurityQualifier: "00",
			SenderQualifier: "ZZ", SenderID: "123456789", ReceiverQualifier: "ZZ",
			ReceiverID: "987654321", Time: utc(2004, 11, 17, 10, 24), Version: "00501",
			Control: 286, Usage: 'P'},
		Group: edi.Group{FunctionalID: "FA", SenderCode: "RCVR", ReceiverCode: "SNDR",
			Time: utc(2004, 11, 17, 10, 24), Control: 287, Version: "005010X231"},
		SetID: "999", Control: "2870001", Version: "005010X231",
		FunctionalID: "HC", GroupControl: "17456", GroupVersion: "005010X222",
		Sets: []SetResponse{
			{SetID: "837", Control: "0001", Version: "X", Code: "Q"},
			{SetID: "837", Control: "0002",
				Segments: []SegmentError{{SegmentID: "CLM", SetPosition: 22, Code: "8",
					Contexts: []Context{bu("123456789")},
					Elements: []ElementError{{Element: ElementPosition{Element: 2},
						Reference: "782", Code: "1"}}}},
				Code: Rejected, Errors: []string{"5"}},
			{SetID: "837", Control: "0003",
				Segments: []SegmentError{{SegmentID: "REF", SetPosition: 57, Code: "3",
					Contexts: []Context{
						{IDs: []ContextID{trigger, {TriggerName, "2"}, {TriggerName, "3"}},
							SegmentID: "CLM", SetPosition: 43,
							Element:    ElementPosition{Element: 5, Component: 3},
							References: []string{"C023", "1325"}},
						bu("987654321"),
					}}},
				Code: Rejected, Errors: []string{"5"}},
		},
		Result: GroupResult{Code: PartiallyAccepted, Included: 3, Received: 3, Accepted: 1},
	}})
	want := strings.Join([]string{
		"4 IK500 structure error", // IK5 before any AK2 (and before AK1)
		"5 AK101 data warning",    // "HC   "
		"6 AK204 syntax warning",  // AK2*837*0001*X*Y*Z
		"7 IK501 data error",      // IK5*Q
		"8 IK500 structure error", // the second IK5 of set 0001
		"19 AK904 count warning",  // one accepted, none reported accepted
		"20 SE01 count error",     // 16 for 18
	}, "\n")
	if got := brief(fs); got != want {
		t.Fatalf("findings:\n%s\nwant\n%s", got, want)
	}
}

// TestCorpusAll999 reads every 999 sample to its end.
func TestCorpusAll999(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "999*"))
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	for _, name := range files {
		if acks, _ := readFile(t, name); len(acks) != 1 {
			t.Errorf("%s: %d acks", name, len(acks))
		}
	}
}
