package inspect

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/edi"
)

func inspectBytes(t *testing.T, b []byte, opt Options) *Document {
	t.Helper()
	doc, err := Inspect(context.Background(), bytes.NewReader(b), opt)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestNotX12 checks what a file that is not X12 becomes: type unknown, what
// its content is, a preview of a text, and one finding saying so.
func TestNotX12(t *testing.T) {
	long := strings.Repeat("a line of a report that goes on and on\n", 20)
	cases := []struct {
		name, in, content, preview, message string
	}{
		{"text", "Dear biller,\r\nthe file you\rasked for\r\n", "text",
			"Dear biller,\nthe file you asked for",
			"the file does not begin with an ISA segment; it is not X12"},
		{"long text", long, "text", strings.TrimSuffix(strings.Repeat(
			"a line of a report that goes on and on\n", 5), "\n"),
			"the file does not begin with an ISA segment; it is not X12"},
		{"empty", "", "empty", "", "the file is empty; it is not X12"},
		{"pdf", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "pdf", "",
			"the file does not begin with an ISA segment; it is not X12"},
		{"html", "\n<!DOCTYPE html><html></html>", "html", "",
			"the file does not begin with an ISA segment; it is not X12"},
		{"binary", "\x00\x01\x02\xff\xfe", "binary", "",
			"the file does not begin with an ISA segment; it is not X12"},
		{"ISA without delimiters", "ISA 00 and more words\n", "text",
			"ISA 00 and more words",
			"the file begins with ISA but declares no usable delimiters; it is not read as X12"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := inspectBytes(t, []byte(c.in), Options{Name: "report.txt"})
			if doc.Type != "unknown" || doc.Content != c.content || doc.Preview != c.preview {
				t.Fatalf("type %q content %q preview %q", doc.Type, doc.Content, doc.Preview)
			}
			if len(doc.Interchanges) != 0 || len(doc.Findings) != 1 {
				t.Fatalf("%d interchanges, findings %v", len(doc.Interchanges), doc.Findings)
			}
			f := doc.Findings[0]
			if f.Severity != "info" || f.Category != "not_x12" || f.Message != c.message ||
				f.SegmentPosition != 0 {
				t.Fatalf("finding %+v", f)
			}
		})
	}
}

// TestPreviewCut checks that a preview stops within its byte limit on a
// rune boundary.
func TestPreviewCut(t *testing.T) {
	in := strings.Repeat("é", 400) // 800 bytes on one line
	doc := inspectBytes(t, []byte(in), Options{})
	if doc.Content != "text" || doc.Preview != strings.Repeat("é", previewBytes/2) {
		t.Fatalf("content %q, preview of %d bytes", doc.Content, len(doc.Preview))
	}
}

// failing yields some bytes, then an error.
type failing struct {
	r   io.Reader
	err error
}

func (f *failing) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	if err == io.EOF {
		return n, f.err
	}
	return n, err
}

// TestUnreadable checks that a source that fails, a missing file and a
// cancelled context give an error and no document.
func TestUnreadable(t *testing.T) {
	claims, err := os.ReadFile("../x835/testdata/claims.835")
	if err != nil {
		t.Fatal(err)
	}
	disk := errors.New("disk on fire")
	for _, n := range []int{0, 10, 5000, len(claims)} {
		src := &failing{r: bytes.NewReader(claims[:min(n, len(claims))]), err: disk}
		doc, err := Inspect(context.Background(), src, Options{Name: "claims.835"})
		if doc != nil || !errors.Is(err, ErrRead) || !errors.Is(err, disk) {
			t.Fatalf("after %d bytes: %v, %v", n, doc, err)
		}
	}
	doc, err := InspectFile(context.Background(), "testdata/no-such-file", Options{})
	if doc != nil || !errors.Is(err, ErrRead) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v, %v", doc, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	doc, err = Inspect(ctx, bytes.NewReader(claims), Options{})
	if doc != nil || !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled: %v, %v", doc, err)
	}
}

// TestMaxFindings checks that the findings kept stop at the limit and the
// last one says how many more there were.
func TestMaxFindings(t *testing.T) {
	in, err := os.ReadFile("../x835/testdata/lenient.835")
	if err != nil {
		t.Fatal(err)
	}
	all := inspectBytes(t, in, Options{}).Findings
	if len(all) != 11 {
		t.Fatalf("%d findings without a limit", len(all))
	}
	kept := inspectBytes(t, in, Options{MaxFindings: 3}).Findings
	if len(kept) != 3 || kept[0] != all[0] || kept[1] != all[1] {
		t.Fatalf("kept %v", kept)
	}
	want := all[2]
	want.Message += "; 8 more findings were not kept"
	if kept[2] != want {
		t.Fatalf("last kept %+v, want %+v", kept[2], want)
	}
}

// TestMerge checks that a finding that several readers report is kept
// once, and that findings come in the order of their segments.
func TestMerge(t *testing.T) {
	at := func(ord int, msg string) edi.Finding {
		return edi.Finding{Severity: edi.Warning, Pos: edi.Position{Ordinal: ord},
			Segment: "GS", Element: 5, Err: edi.ErrData, Message: msg}
	}
	got := merge([]edi.Findings{
		{at(2, "shared"), at(9, "envelope")},
		{at(2, "shared"), at(4, "first reader")},
		{at(4, "second reader"), at(2, "shared")},
	}, 0)
	var msgs []string
	for _, f := range got {
		msgs = append(msgs, fmt.Sprint(f.SegmentPosition, " ", f.Message))
	}
	want := "2 shared|4 first reader|4 second reader|9 envelope"
	if s := strings.Join(msgs, "|"); s != want {
		t.Fatalf("merged %s, want %s", s, want)
	}
}

// TestClaimsBySet builds one group of two 837 sets out of two golden files
// and checks that each claim lands in its own set, also when the first set
// lost its SE.
func TestClaimsBySet(t *testing.T) {
	simple := segmentsOf(t, "../x837/testdata/golden/837p-simple.edi")
	dependent := segmentsOf(t, "../x837/testdata/golden/837p-dependent.edi")
	set1 := between(simple, "ST*", "SE*")
	set2 := between(dependent, "ST*", "SE*")
	set2[0] = strings.Replace(set2[0], "*0001*", "*0002*", 1)
	set2[len(set2)-1] = strings.Replace(set2[len(set2)-1], "*0001", "*0002", 1)
	file := append(append(append([]string{simple[0], simple[1]}, set1...), set2...),
		"GE*2*1207~", "IEA*1*000001207~")

	doc := inspectBytes(t, []byte(strings.Join(file, "\n")), Options{})
	if got := submissions(doc); got != "0001 28/1/1 JFM2026000101|0002 37/1/2 JFM2026000102" {
		t.Fatalf("sets %s", got)
	}
	if len(doc.Findings) != 0 {
		t.Fatalf("findings %v", doc.Findings)
	}

	// Without the first SE the claim still belongs to the first set, which
	// then ends at the second ST.
	noSE := append(append([]string(nil), file[:len(set1)+1]...), file[len(set1)+2:]...)
	doc = inspectBytes(t, []byte(strings.Join(noSE, "\n")), Options{})
	if got := submissions(doc); got != "0001 27/1/1 JFM2026000101|0002 37/1/2 JFM2026000102" {
		t.Fatalf("sets without an SE: %s", got)
	}
}

func segmentsOf(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

// between returns the segments from the first starting with from to the
// first after it starting with to, both included.
func between(segs []string, from, to string) []string {
	var out []string
	for _, s := range segs {
		if strings.HasPrefix(s, from) || len(out) > 0 {
			out = append(out, s)
		}
		if len(out) > 0 && strings.HasPrefix(s, to) {
			break
		}
	}
	return out
}

// submissions sums up the 837 sets of a document: control number,
// segments/claims/lines and the claims' numbers.
func submissions(doc *Document) string {
	var out []string
	for _, ic := range doc.Interchanges {
		for _, g := range ic.Groups {
			for _, s := range g.Sets {
				if s.Submission == nil {
					out = append(out, s.ControlNumber+" none")
					continue
				}
				c := s.Submission.Counts
				var ids []string
				for _, cl := range s.Submission.Claims {
					ids = append(ids, cl.PatientControlNumber)
				}
				out = append(out, fmt.Sprintf("%s %d/%d/%d %s", s.ControlNumber, c.Segments,
					c.Claims, c.Lines, strings.Join(ids, ",")))
			}
		}
	}
	return strings.Join(out, "|")
}

// TestUnreadSet checks that a set no reader of the file's kind reads is
// shown by its envelope with one note, not with each reader's warning.
func TestUnreadSet(t *testing.T) {
	in := strings.Join([]string{
		"ISA*00*          *00*          *ZZ*CHSIM          *ZZ*NORTHWINDCLIN  " +
			"*260303*0902*^*00501*000000803*0*P*:~",
		"GS*FA*CHSIM*NORTHWINDCLIN*20260303*0900*803*X*005010X231A1~",
		"ST*999*0001*005010X231A1~", "AK1*HC*1003*005010X223A2~", "AK9*A*0*0*0~",
		"SE*4*0001~",
		"ST*270*0002*005010X279A1~", "BHT*0022*13*X*20260303*0900~", "SE*3*0002~",
		"GE*2*803~", "IEA*1*000000803~",
	}, "\n")
	doc := inspectBytes(t, []byte(in), Options{Name: "mixed.edi"})
	sets := doc.Interchanges[0].Groups[0].Sets
	if doc.Type != "999" || len(sets) != 2 || sets[0].Acknowledgment == nil ||
		sets[1].ID != "270" || sets[1].Acknowledgment != nil || sets[1].StatusReport != nil {
		t.Fatalf("type %s, sets %+v", doc.Type, sets)
	}
	want := []Finding{{Severity: "info", Category: "unread", SegmentPosition: 7,
		SetPosition: 1, Segment: "ST", Element: 1, Interchange: "000000803", Group: "803",
		Set: "0002", Message: "inspect shows this transaction set's envelope only"}}
	if fmt.Sprint(doc.Findings) != fmt.Sprint(want) {
		t.Fatalf("findings %v", doc.Findings)
	}
	js, err := sets[1].MarshalJSON()
	if err != nil || string(js) != `{"id":"270","control_number":"0002","version":"005010X279A1"}` {
		t.Fatalf("JSON %s, %v", js, err)
	}
}
