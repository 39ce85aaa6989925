package ta1

import (
	"github.com/claimflow/claimflow/edi/internal/corpus"

	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/claimflow/claimflow/edi"
)

// corpusDir holds public sample files beside the repository; tests that
// read it skip when it is absent.
var corpusDir = corpus.Dir()

func corpusFile(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(corpusDir, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("corpus file %s is absent", name)
	}
	return p
}

// TestCorpusTA1OnlyInterchange reads the public TA1 sample: one TA1 in an
// interchange without groups, whose IEA01 counts the TA1 as if it were a
// group.
func TestCorpusTA1OnlyInterchange(t *testing.T) {
	acks, fs := readFile(t, corpusFile(t, "TA1_accepted_no_gs.edi"))
	want := []Ack{{
		Interchange: edi.Interchange{AuthQualifier: "00", SecurityQualifier: "00",
			SenderQualifier: "ZZ", SenderID: "Receiver", ReceiverQualifier: "ZZ",
			ReceiverID: "Sender", Time: utc(2020, 3, 1, 14, 30), Version: "00501",
			Control: 1, Usage: 'P'},
		Control: "000000050", Time: utc(2020, 2, 29, 12, 0), Code: Accepted, Note: "000",
	}}
	if got := strip(acks); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got  %+v\nwant %+v", got, want)
	}
	if p := acks[0].Pos; p.Ordinal != 2 || p.Interchange != "000000001" {
		t.Fatalf("position %+v", p)
	}
	// IEA01 says 1, but a TA1 is not a functional group.
	if got := brief(fs); got != "3 IEA01 count error" {
		t.Fatalf("findings:\n%s", got)
	}
}

// TestCorpusAllTA1 reads every TA1 sample: each holds at least one TA1 and
// nothing stops the reader.
func TestCorpusAllTA1(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "TA1*"))
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	for _, name := range files {
		acks, _ := readFile(t, name)
		if len(acks) == 0 {
			t.Errorf("%s: no TA1 read", name)
		}
	}
}
