package x277

import (
	"path/filepath"
	"testing"
	"time"
)

// The expected values below were read by hand from the public samples.

// TestCorpusAccepted: one claim accepted (A2:20) under the four levels,
// with the receiver's accepted totals matching it.
func TestCorpusAccepted(t *testing.T) {
	items, fs := readFile(t, corpusFile(t, "277CA_accepted_multi_hl.edi"))
	if len(fs) != 0 {
		t.Fatalf("findings:\n%s", brief(fs))
	}
	want := lines(`
		L 1^(-) 20/1 NM1 PR/2/NYSDOH////FI/141797357 TRN 1/000014420 got 20110311 done 20110311
		L 2^1(1) 21/1 NM1 41/2/A NY MD GROUP////46/ETIN TRN 2/000000674 QTY 1/- AMT 125.00/-
		    STC A1:20:: - - "20110311" WQ 125.00
		L 3^2(2) 19/1 NM1 85/1/OCTOR/IMA/D//XX/1234567890 TRN 1/1107000000000135FF
		L 4^3(3) PT/ NM1 QC/1/TPATIENT/THEBE/S//MI/LL99999X
		C 5781 under 1/2/3/-/4 1K=1107000000014420 dates 10010101..
		    STC A2:20:: - - "20110311" WQ 125.00
		`)
	if got := dump(items); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	h := items[0].(*Level).Header
	if h.Control != "000014420" || h.Reference != "000000674" || h.Time != "100831" ||
		h.Interchange.Control != 14420 || h.Interchange.Usage != 'P' ||
		!h.Group.Time.Equal(time.Date(2011, 3, 11, 10, 8, 31, 0, time.UTC)) || !h.ClaimAck() {
		t.Fatalf("header %+v", *h)
	}
	c := claims(items)[0]
	if c.Rejected() || c.ControlNumber() != "5781" || c.Pos.Ordinal != 21 {
		t.Fatalf("claim %+v", c)
	}
}

// TestCorpusRejected: one claim rejected with A7:562:85, in a file whose
// component separator is '|'. The receiver still counts it as accepted
// (QTY*90*1, AMT*YU*199.14): two count warnings at its HL.
func TestCorpusRejected(t *testing.T) {
	items, fs := readFile(t, corpusFile(t, "277CA_rejected_A7_pipe_component.edi"))
	want := lines(`
		L 1^(-) 20/1 NM1 PR/2/NYSDOH////FI/141797357 TRN 1/000001120 got 20110311 done 20110311
		L 2^1(1) 21/1 NM1 41/1/TEST/TEST///46/ETIN TRN 2/11200001 QTY 1/- AMT 199.14/-
		    STC A1:20:: - - "20110311" WQ 199.14
		L 3^2(2) 19/1 NM1 85/2/PROVLNAME////XX/123456789 TRN 1/1107000000000001FF
		L 4^3(3) PT/ NM1 QC/1/CLILNAME/CLIFNAME/CLIMI//MI/XX99999X
		C 3920394930203 under 1/2/3/-/4 1K=1107000000001120 BLT=731 dates 20090311..
		    STC A7:562:85: - - "20110311" WQ 199.14
		`)
	if got := dump(items); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if got := brief(fs); got != "10 HL00 count warning\n10 HL00 count warning" {
		t.Fatalf("findings:\n%s", got)
	}
	c := claims(items)[0]
	if !c.Rejected() || c.Header.Interchange.Usage != 'T' ||
		c.Header.Interchange.Control != 1120 {
		t.Fatalf("claim %+v", c)
	}
	if d := c.Header.Interchange; d.SenderID != "EMEDNYBAT" || d.ReceiverID != "ETIN" {
		t.Fatalf("interchange %+v", d)
	}
}

// TestCorpusAll277 reads every 277 sample to its end.
func TestCorpusAll277(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "277*"))
	if len(files) == 0 {
		t.Skip("no corpus")
	}
	for _, name := range files {
		items, _ := readFile(t, name)
		if len(claims(items)) != 1 {
			t.Errorf("%s: %d claims", name, len(claims(items)))
		}
	}
}
