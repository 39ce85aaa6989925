package edi

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// group builds a GS and an ST with an empty body, closed with SE and GE.
func group(gs01, gs08, st01, st03 string) string {
	st := "ST*" + st01 + "*0001"
	if st03 != "" {
		st += "*" + st03
	}
	return "GS*" + gs01 + "*S*R*20260102*1030*7*X*" + gs08 + "~" + st + "~SE*2*0001~GE*1*7~"
}

func TestDetectKinds(t *testing.T) {
	head := isa('*', '^', ':', '~', "00501", "000000123")
	for _, tc := range []struct {
		name string
		in   string
		want Kind
		ta1  bool
	}{
		{"999", head + group("FA", "005010X231A1", "999", "005010X231A1"), Kind999, false},
		{"997", head + group("FA", "004010", "997", ""), Kind997, false},
		{"277CA by GS08", head + group("HN", "005010X214", "277", ""), Kind277CA, false},
		{"277CA by ST03", head + group("XX", "005010", "277", "005010X214"), Kind277CA, false},
		{"277CA by GS01 alone", head + group("HN", "005010", "277", ""), Kind277CA, false},
		{"277 X212", head + group("HN", "005010X212", "277", "005010X212"), Kind277, false},
		{"277 other guide", head + group("HN", "005010X228", "277", ""), Kind277, false},
		{"835", head + group("HP", "005010X221A1", "835", ""), Kind835, false},
		{"837P", head + group("HC", "005010X222A1", "837", "005010X222A1"), Kind837P, false},
		{"837I", head + group("HC", "005010X223A2", "837", ""), Kind837I, false},
		{"837P 4010", head + group("HC", "004010X098A1", "837", ""), Kind837P, false},
		{"837 dental", head + group("HC", "005010X224A2", "837", ""), KindOtherX12, false},
		{"276", head + group("HR", "005010X212", "276", ""), Kind276, false},
		{"270", head + group("HS", "005010X279A1", "270", ""), Kind270, false},
		{"271", head + group("HB", "005010X279A1", "271", ""), Kind271, false},
		{"850", head + group("PO", "004010", "850", ""), KindOtherX12, false},
		{"TA1 only", head + "TA1*000000050*260102*1200*R*022~IEA*0*000000123~", KindTA1, true},
		{"TA1 beside a 999", head + "TA1*000000050*260102*1200*A*000~" +
			group("FA", "005010X231A1", "999", ""), Kind999, true},
		{"group without ST", head + "GS*FA*S*R*20260102*1030*7*X*005010X231A1~GE*0*7~",
			Kind999, false},
		{"ISA alone", head, KindOtherX12, false},
		{"not X12 text", "Clearinghouse daily report\nFiles received: 3\n", KindUnknown, false},
		{"text starting with ISA", "ISA REPORT for the week " + strings.Repeat("a b ", 40),
			KindUnknown, false},
		{"HTML", "<!DOCTYPE html><html><body>Service unavailable</body></html>",
			KindUnknown, false},
		{"PDF", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", KindUnknown, false},
		{"empty", "", KindUnknown, false},
		{"truncated ISA", "ISA*00*", KindUnknown, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Detect(strings.NewReader(tc.in))
			if err != nil {
				t.Fatal(err)
			}
			if d.Kind != tc.want || d.TA1 != tc.ta1 {
				t.Fatalf("kind %q TA1 %v, want %q %v", d.Kind, d.TA1, tc.want, tc.ta1)
			}
			if got := DetectBytes([]byte(tc.in)); got != d {
				t.Fatalf("DetectBytes %+v, Detect %+v", got, d)
			}
		})
	}
}

func TestDetectFields(t *testing.T) {
	in := "\xEF\xBB\xBF" + isa('|', '^', '>', '\n', "00501", "000000123") +
		"GS|FA|CHSIM|PRACTICE|20260102|1030|77|X|005010X231A1\nST|999|0042|005010X231A1\n"
	d, err := Detect(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := Detection{Kind: Kind999, Delimiters: Delimiters{'|', '>', '^', '\n'},
		SenderQualifier: "ZZ", SenderID: "SENDER", ReceiverQualifier: "ZZ",
		ReceiverID: "RECEIVER", InterchangeVer: "00501", Control: "000000123", Usage: "T",
		FunctionalID: "FA", GroupControl: "77", GroupVersion: "005010X231A1",
		SetID: "999", SetControl: "0042", SetVersion: "005010X231A1"}
	if d != want {
		t.Fatalf("got  %+v\nwant %+v", d, want)
	}
}

// countingReader counts the bytes it hands out.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestDetectReadsABoundedPrefix(t *testing.T) {
	head := isa('*', '^', ':', '~', "00501", "000000123") +
		group("HC", "005010X222A1", "837", "")
	big := head + strings.Repeat("NM1*IL*1*EXAMPLE~", 100000)
	c := &countingReader{r: strings.NewReader(big)}
	d, err := Detect(c)
	if err != nil || d.Kind != Kind837P {
		t.Fatalf("kind %q, err %v", d.Kind, err)
	}
	if c.n > 2*detectChunk {
		t.Fatalf("read %d bytes to find an ST %d bytes in", c.n, len(head))
	}

	// Filler without end: never more than DetectLimit.
	c = &countingReader{r: strings.NewReader(isa('*', '^', ':', '~', "00501", "000000123") +
		strings.Repeat("\n", 1<<20))}
	if d, _ := Detect(c); d.Kind != KindOtherX12 || c.n > DetectLimit {
		t.Fatalf("kind %q after %d bytes", d.Kind, c.n)
	}

	// Not X12: one small read.
	c = &countingReader{r: strings.NewReader(strings.Repeat("<html>", 100000))}
	if d, _ := Detect(c); d.Kind != KindUnknown || c.n > detectChunk {
		t.Fatalf("kind %q after %d bytes", d.Kind, c.n)
	}
}

func TestDetectReadSizes(t *testing.T) {
	in := isa('*', '^', ':', '~', "00501", "000000123") + group("HN", "005010X214", "277", "")
	want, _ := Detect(strings.NewReader(in))
	for name, src := range map[string]io.Reader{
		"one byte": iotest.OneByteReader(strings.NewReader(in)),
		"half":     iotest.HalfReader(strings.NewReader(in)),
		"data+EOF": iotest.DataErrReader(strings.NewReader(in)),
	} {
		if got, err := Detect(src); err != nil || got != want || got.Kind != Kind277CA {
			t.Errorf("%s: %+v %v", name, got, err)
		}
	}
}

func TestDetectSourceError(t *testing.T) {
	boom := errors.New("connection reset")
	src := io.MultiReader(strings.NewReader("ISA*00*"), iotest.ErrReader(boom))
	if _, err := Detect(src); !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
}

// TestDetectCorpus tells every public sample by content; the expected kind
// comes from the guide each file names, not from its file name.
func TestDetectCorpus(t *testing.T) {
	want := map[string]Kind{
		"277CA_accepted_multi_hl.edi":          Kind277CA,
		"277CA_rejected_A7_pipe_component.edi": Kind277CA,
		"835_GS01_HC_custom_SVC_qualifier.edi": Kind835,
		"837I_bare_CR_terminators.edi":         Kind837I,
		"837P_tilde_elem_underscore_seg.edi":   Kind837P,
		"837P_mixed_CR_then_no_linebreaks.edi": Kind837P,
		"999_accepted_ctrlnum_mismatch.edi":    Kind999,
		"999_invalid_structure.edi":            Kind999,
		"999_rejected_IK3_pipe_component.edi":  Kind999,
		"TA1_accepted_no_gs.edi":               KindTA1,
		"README.md":                            KindUnknown,
		"SOURCES.tsv":                          KindUnknown,
	}
	if corpusDir == "" {
		t.Skip("no sample corpus: set CLAIMFLOW_CORPUS or place it in ../shared/corpus")
	}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*"))
	for _, name := range files {
		base := filepath.Base(name)
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		d := DetectBytes(b)
		k, ok := want[base]
		if !ok {
			// The rest are named for their kind: 835_, 837I_, 837P_.
			prefix := strings.ToLower(strings.SplitN(base, "_", 2)[0])
			k = Kind(prefix)
		}
		if d.Kind != k {
			t.Errorf("%s: kind %q, want %q", base, d.Kind, k)
		}
	}
	if b, err := os.ReadFile(filepath.Join(corpusDir, "TA1_accepted_no_gs.edi")); err == nil {
		d := DetectBytes(b)
		if !d.TA1 || d.Control != "000000001" || d.SenderID != "Receiver" ||
			d.ReceiverID != "Sender" || d.Usage != "P" || d.FunctionalID != "" {
			t.Errorf("TA1 file: %+v", d)
		}
	}
	odd := filepath.Join(corpusDir, "837P_tilde_elem_underscore_seg.edi")
	if b, err := os.ReadFile(odd); err == nil {
		d := DetectBytes(b)
		if d.Delimiters != (Delimiters{Element: '~', Component: '^', Segment: '_'}) {
			t.Errorf("delimiters %+v", d.Delimiters)
		}
	}
}

func TestDetectSourceErrorAfterISA(t *testing.T) {
	boom := errors.New("connection reset")
	src := io.MultiReader(strings.NewReader(isa('*', '^', ':', '~', "00501", "000000123")+"GS*F"),
		iotest.ErrReader(boom))
	if _, err := Detect(src); !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
}
