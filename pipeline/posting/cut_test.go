package posting

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/claimflow/claimflow/edi/x999"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// cutAt returns content up to the n-th (1-based) occurrence of marker.
func cutAt(t *testing.T, content []byte, marker string, n int) []byte {
	t.Helper()
	at := 0
	for i := 0; i < n; i++ {
		j := bytes.Index(content[at:], []byte(marker))
		if j < 0 {
			t.Fatalf("no %q number %d", marker, n)
		}
		if i < n-1 {
			at += j + len(marker)
		} else {
			at += j
		}
	}
	return append([]byte{}, content[:at]...)
}

// fileWork returns the work items about files, as "file ID: reason | next".
func (e *env) fileWork() []string {
	e.t.Helper()
	wl, err := e.s.GetWorklist(e.ctx, store.WorklistQuery{
		Kinds: []store.WorkKind{store.WorkFile}})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, it := range wl.Items {
		if it.FileID != it.ID {
			e.t.Errorf("item %s names file %s", it.ID, it.FileID)
		}
		out = append(out, it.ID+": "+it.Reason+" | "+it.NextStep)
	}
	return out
}

// findings reads a stored file's findings as "severity ordinal: message".
func (e *env) findings(fileID string) []string {
	e.t.Helper()
	d, err := e.s.GetFileDetail(e.ctx, fileID)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, f := range d.Findings {
		out = append(out, f.Severity+" "+string(rune('0'+f.Ordinal/10))+
			string(rune('0'+f.Ordinal%10))+": "+f.Message)
	}
	return out
}

const cutStep = "Ask the clearinghouse to send the file again; the complete file " +
	"is applied when it arrives"

// An 835 cut short in its second set posts nothing, not even its first
// set: it is kept as incomplete, with a finding that says where it stops
// and what is missing, and waits in the work list. The complete file
// posts once, and the cut one is then marked replaced.
func TestCut835PostsNothing(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("TR1"), twoLines("TR2"))
		e.send(5, ids["TR1"], ids["TR2"])
		full := e.remitFile(remit{trace: "EFTTR1", claims: []clp{paidTwoLines("TR1", "PTR1")}},
			remit{trace: "EFTTR2", claims: []clp{paidTwoLines("TR2", "PTR2")}})
		cut := cutAt(t, full, "REF*6R*TR2L2", 1)
		events := e.count("claim_events")

		res := e.apply("remit-cut.835", cut)
		if res.State != store.FileIncomplete || res.Type != "835" || res.Events != 0 ||
			res.Claims != 0 || res.Unmatched != 0 {
			t.Errorf("result %+v", res)
		}
		const stop = "the file remit-cut.835 stops after segment 34 (CAS): the SE of " +
			"transaction set 0002, the GE of group 901 and the IEA of interchange " +
			"000000901 are missing; a file cut short is not applied"
		wantFindings := []string{"error 34: " + stop,
			"error 35: transaction set 0002 has no SE trailer",
			"error 35: functional group 901 has no GE trailer",
			"error 35: interchange 000000901 has no IEA trailer"}
		if got := e.findings(res.FileID); !reflect.DeepEqual(got, wantFindings) {
			t.Errorf("findings %q\nwant %q", got, wantFindings)
		}
		if res.Findings[0].Error() != "remit-cut.835: segment 34 (ISA 000000901, GS 901, "+
			"ST 0002 position 15): "+stop {
			t.Errorf("finding %v", res.Findings[0])
		}
		for _, table := range []string{"remittances", "remit_claims", "claim_events",
			"unmatched_responses"} {
			if n := e.count(table); n != map[string]int{"claim_events": events}[table] {
				t.Errorf("%s: %d rows", table, n)
			}
		}
		e.wantStatus(ids["TR1"], lifecycle.Submitted)
		e.wantStatus(ids["TR2"], lifecycle.Submitted)
		wantWork := []string{res.FileID + ": The file remit-cut.835 stops after segment 34 " +
			"(CAS): the SE of transaction set 0002, the GE of group 901 and the IEA of " +
			"interchange 000000901 are missing; a file cut short is not applied | " + cutStep +
			". Once dealt with otherwise, claimflow files close " + res.FileID +
			" --reason TEXT takes it off the list"}
		if got := e.fileWork(); !reflect.DeepEqual(got, wantWork) {
			t.Errorf("work %q\nwant %q", got, wantWork)
		}

		// The same cut bytes again change nothing.
		again := e.apply("remit-cut-again.835", cut)
		if !again.Duplicate || again.State != store.FileIncomplete {
			t.Errorf("again %+v", again)
		}

		// The complete file posts both sets once; the cut one is replaced.
		whole := e.apply("remit.835", full)
		if whole.State != store.FileApplied || whole.Claims != 2 || whole.Moved != 2 {
			t.Errorf("complete %+v", whole)
		}
		e.wantStatus(ids["TR1"], lifecycle.Paid)
		e.wantStatus(ids["TR2"], lifecycle.Paid)
		e.wantPostings(ids["TR2"], "original 1 80.00 [1 2]")
		e.wantBalance(ids["TR2"], paidBalance)
		if n := e.count("remittances"); n != 2 {
			t.Errorf("%d remittances", n)
		}
		f, err := e.s.GetFile(e.ctx, res.FileID)
		if err != nil || f.State != store.FileReplaced {
			t.Errorf("cut file %+v, %v", f, err)
		}
		if got := e.findings(res.FileID); len(got) != 5 || got[4] != "info 00: file "+
			whole.FileID+" (remit.835) arrived complete and was applied in its place" {
			t.Errorf("cut file findings %q", got)
		}
		if got := e.findings(whole.FileID); !reflect.DeepEqual(got, []string{"info 00: " +
			"it completes file " + res.FileID + " (remit-cut.835), which stopped short " +
			"and was not applied"}) {
			t.Errorf("complete file findings %q", got)
		}
		if got := e.fileWork(); len(got) != 0 {
			t.Errorf("work %q", got)
		}

		// Another cut copy arriving after the complete file was applied
		// is replaced at once; one cut before the TRN of its second set
		// may hold a payment not seen yet, and waits.
		late := e.apply("remit-late.835", cutAt(t, full, "SVC*", 3))
		if late.State != store.FileReplaced || late.Events != 0 ||
			late.Findings[len(late.Findings)-1].Message != "its payments came whole "+
				"before, in file "+whole.FileID+" (remit.835) and any others with the "+
				"same traces" {
			t.Errorf("late cut %+v", late)
		}
		early := e.apply("remit-early.835", cutAt(t, full, "TRN*1*EFTTR2", 1))
		if early.State != store.FileIncomplete {
			t.Errorf("cut before a TRN %+v", early)
		}
		if got := e.fileWork(); len(got) != 1 {
			t.Errorf("work %q", got)
		}
		if n := e.count("remittances"); n != 2 {
			t.Errorf("%d remittances", n)
		}
	})
}

// Where a file stops decides the words: inside a segment without its
// terminator, or after the last SE with the group and interchange
// trailers missing.
func TestCutFileWords(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(twoLines("TW1"))
		e.send(5, ids["TW1"])
		for _, tt := range []struct {
			name, marker string
			n            int
			extra        int // bytes of the marker kept
			want         string
		}{
			{"inside.835", "REF*6R*TW1L2", 1, 6, "the file inside.835 stops inside " +
				"segment 18 (REF), which has no terminator: the SE of transaction set " +
				"0001, the GE of group 901 and the IEA of interchange 000000901 are " +
				"missing; a file cut short is not applied"},
			{"trailers.835", "GE*", 1, 0, "the file trailers.835 stops after segment 19 " +
				"(SE): the GE of group 902 and the IEA of interchange 000000902 are " +
				"missing; a file cut short is not applied"},
			{"iea.835", "IEA*", 1, 0, "the file iea.835 stops after segment 20 (GE): the " +
				"IEA of interchange 000000903 is missing; a file cut short is not applied"},
		} {
			full := e.remitFile(remit{trace: "EFT" + tt.name,
				claims: []clp{paidTwoLines("TW1", "PTW1")}})
			cut := cutAt(t, full, tt.marker, tt.n)
			cut = full[:len(cut)+tt.extra]
			res := e.apply(tt.name, cut)
			if res.State != store.FileIncomplete || res.Findings[0].Message != tt.want {
				t.Errorf("%s: %s %q\nwant %q", tt.name, res.State, res.Findings[0].Message,
					tt.want)
			}
		}
		e.wantStatus(ids["TW1"], lifecycle.Submitted)
		if n := e.count("remittances"); n != 0 {
			t.Errorf("%d remittances", n)
		}
	})
}

// A 999 and a 277CA cut short are kept the same way and change no claim;
// their complete copies apply.
func TestCutAcknowledgments(t *testing.T) {
	eachEnv(t, func(e *env) {
		ids := e.importClaims(oneLine("TA1C"), oneLine("TA2C"))
		b := e.send(1, ids["TA1C"], ids["TA2C"])

		ack := e.ack999File(b.GS06, x999.PartiallyAccepted,
			set999(b.ST02First, x999.Accepted), set999(b.ST02First+1, x999.Rejected))
		res := e.apply("999-cut.x12", cutAt(t, ack, "AK9*", 1))
		if res.State != store.FileIncomplete || res.Type != "999" || res.Events != 0 {
			t.Errorf("999: %+v", res)
		}
		if n := e.count("acknowledgments"); n != 0 {
			t.Errorf("%d acknowledgments", n)
		}
		e.wantStatus(ids["TA1C"], lifecycle.Submitted)
		e.wantStatus(ids["TA2C"], lifecycle.Submitted)

		ca := e.claimAckFile(claimStatus{pcn: "TA1C", stc: []string{"A2:20:PR"}, batch: &b},
			claimStatus{pcn: "TA2C", stc: []string{"A7:562:85"}, batch: &b,
				st02: b.ST02First + 1})
		res277 := e.apply("277-cut.x12", cutAt(t, ca, "STC*", 2))
		if res277.State != store.FileIncomplete || res277.Type != "277CA" ||
			res277.Events != 0 {
			t.Errorf("277CA: %+v", res277)
		}
		if n := e.count("claim_acks"); n != 0 {
			t.Errorf("%d claim acks", n)
		}
		e.wantStatus(ids["TA1C"], lifecycle.Submitted)
		if got := e.fileWork(); len(got) != 2 {
			t.Errorf("work %q", got)
		}

		e.apply("999.x12", ack)
		e.apply("277.x12", ca)
		e.wantStatus(ids["TA1C"], lifecycle.Acknowledged)
		e.wantStatus(ids["TA2C"], lifecycle.RejectedPayer)
		if got := e.fileWork(); len(got) != 0 {
			t.Errorf("work after the complete files %q", got)
		}
	})
}
