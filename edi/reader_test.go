package edi

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// isa builds a 106-character ISA with the given delimiters and version.
func isa(el, rep, comp, term byte, version, control string) string {
	f := []string{"00", "          ", "00", "          ", "ZZ", pad("SENDER", 15), "ZZ",
		pad("RECEIVER", 15), "260102", "1030", string(rep), version, control, "0", "T",
		string(comp)}
	return "ISA" + string(el) + strings.Join(f, string(el)) + string(term)
}

func pad(s string, n int) string { return s + strings.Repeat(" ", n-len(s)) }

// dump reads everything and renders each segment and finding on a line, so
// that two reads of the same input can be compared exactly.
func dump(t testing.TB, src io.Reader) string {
	t.Helper()
	var b strings.Builder
	r := NewReader(src)
	r.SetName("t.edi")
	for {
		s, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintf(&b, "fatal: %v\n", err)
			break
		}
		fmt.Fprintf(&b, "%d@%d [%s|%s|%s:%d] %s", s.Pos.Ordinal, s.Pos.Offset,
			s.Pos.Interchange, s.Pos.Group, s.Pos.Set, s.Pos.SetPosition, s.ID)
		for i := 1; i <= s.Len(); i++ {
			fmt.Fprintf(&b, "|%s", s.Element(i))
		}
		b.WriteByte('\n')
	}
	for _, f := range r.Findings() {
		fmt.Fprintf(&b, "finding: %s %v\n", f.Severity, f)
	}
	return b.String()
}

func readAll(t testing.TB, in string) ([]*Segment, Findings, error) {
	t.Helper()
	r := NewReader(strings.NewReader(in))
	var segs []*Segment
	for {
		s, err := r.Next()
		if err == io.EOF {
			return segs, r.Findings(), nil
		}
		if err != nil {
			return segs, r.Findings(), err
		}
		segs = append(segs, s.Clone())
	}
}

func ids(segs []*Segment) string {
	var out []string
	for _, s := range segs {
		out = append(out, s.ID)
	}
	return strings.Join(out, " ")
}

const body = "GS*HC*S*R*20260102*1030*7*X*005010X222A1~ST*837*0001~BHT*0019~SE*3*0001~GE*1*7~"

func TestDelimitersFromISA(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want Delimiters
	}{
		{"standard", isa('*', '^', ':', '~', "00501", "000000001"),
			Delimiters{'*', ':', '^', '~'}},
		{"pipe element, newline terminator", isa('|', '^', '>', '\n', "00501", "000000001"),
			Delimiters{'|', '>', '^', '\n'}},
		{"4010 has no repetition separator", isa('*', 'U', ':', '~', "00401", "000000001"),
			Delimiters{'*', ':', 0, '~'}},
		{"a letter in ISA11 is no separator", isa('*', 'U', ':', '~', "00501", "000000001"),
			Delimiters{'*', ':', 0, '~'}},
		{"00402 starts repetition", isa('*', '!', ':', '~', "00402", "000000001"),
			Delimiters{'*', ':', '!', '~'}},
		{"tilde element, underscore terminator", isa('~', '^', ':', '_', "00501", "000000001"),
			Delimiters{'~', ':', '^', '_'}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tc.in))
			s, err := r.Next()
			if err != nil {
				t.Fatal(err)
			}
			if s.ID != "ISA" || r.Delimiters() != tc.want {
				t.Fatalf("got %s %+v, want %+v", s.ID, r.Delimiters(), tc.want)
			}
			if got := s.Element(13); got != "000000001" {
				t.Fatalf("ISA13 = %q", got)
			}
		})
	}
}

func TestNewlineTerminator(t *testing.T) {
	// The terminator is a newline and the file has CRLF line ends: the CR is
	// not data, and every LF ends a segment.
	in := isa('*', '^', ':', '\n', "00501", "000000001") +
		"GS*HC*S*R*20260102*1030*7*X*005010X222A1\r\nST*837*0001\r\nNM1*IL*1*DOE\r\n" +
		"SE*3*0001\r\n\r\nGE*1*7\r\nIEA*1*000000001\r\n"
	segs, fs, err := readAll(t, in)
	if err != nil || len(fs) != 0 {
		t.Fatalf("err %v, findings %v", err, fs)
	}
	if got := ids(segs); got != "ISA GS ST NM1 SE GE IEA" {
		t.Fatalf("segments %s", got)
	}
	if got := segs[3].Element(3); got != "DOE" {
		t.Fatalf("NM103 = %q", got)
	}
}

func TestSpacesAndLineBreaksBetweenSegments(t *testing.T) {
	in := "\xEF\xBB\xBF" + isa('*', '^', ':', '~', "00501", "000000001") + "\r\n" +
		"GS*HC*S*R*20260102*1030*7*X*005010X222A1~\n\nST*837*0001~ BHT*0019~\r" +
		"SE*3*0001~\r\nGE*1*7~IEA*1*000000001~\n\x1a"
	segs, fs, err := readAll(t, in)
	if err != nil || len(fs) != 0 {
		t.Fatalf("err %v, findings %v", err, fs)
	}
	if got := ids(segs); got != "ISA GS ST BHT SE GE IEA" {
		t.Fatalf("segments %s", got)
	}
	if segs[0].Pos.Offset != 3 || segs[1].Pos.Offset != 3+106+2 {
		t.Fatalf("offsets %d %d", segs[0].Pos.Offset, segs[1].Pos.Offset)
	}
}

func TestEmptyElementsKeepTheirPlace(t *testing.T) {
	in := isa('*', '^', ':', '~', "00501", "000000001") +
		"GS*HP*S*R*20260102*1030*7*X*005010X221A1~ST*835*0001~CAS*PR*1*150**2*70~" +
		"SVC*HC:99213:25::*100~SE*4*0001~GE*1*7~IEA*1*000000001~"
	segs, _, err := readAll(t, in)
	if err != nil {
		t.Fatal(err)
	}
	cas := segs[3]
	want := []string{"PR", "1", "150", "", "2", "70"}
	if cas.Len() != len(want) {
		t.Fatalf("CAS has %d elements", cas.Len())
	}
	for i, w := range want {
		if got := cas.Element(i + 1); got != w {
			t.Fatalf("CAS%02d = %q, want %q", i+1, got, w)
		}
	}
	if cas.Has(4) || !cas.Has(5) || cas.Element(7) != "" || cas.Bytes(7) != nil {
		t.Fatal("Has/Bytes disagree with the elements")
	}
	svc := segs[4]
	if got := strings.Join(svc.Components(1), ","); got != "HC,99213,25,," {
		t.Fatalf("SVC01 components %q", got)
	}
	if svc.Component(1, 2) != "99213" || svc.Component(1, 3) != "25" ||
		svc.Component(1, 9) != "" || svc.Component(2, 1) != "100" {
		t.Fatal("Component disagrees with Components")
	}
}

func TestRepetitions(t *testing.T) {
	in := isa('*', '^', ':', '~', "00501", "000000001") +
		"GS*HC*S*R*20260102*1030*7*X*005010X222A1~ST*837*0001~PWK*A^B^C~SE*3*0001~GE*1*7~" +
		"IEA*1*000000001~"
	segs, _, _ := readAll(t, in)
	if got := strings.Join(segs[3].Repetitions(1), ","); got != "A,B,C" {
		t.Fatalf("repetitions %q", got)
	}
	in = strings.Replace(in, "00501", "00401", 1)
	segs, _, _ = readAll(t, in)
	if got := strings.Join(segs[3].Repetitions(1), ","); got != "A^B^C" {
		t.Fatalf("4010 repetitions %q", got)
	}
}

func TestISAOnlyAtSegmentStart(t *testing.T) {
	in := isa('*', '^', ':', '~', "00501", "000000001") +
		"GS*HC*S*R*20260102*1030*7*X*005010X222A1~ST*837*0001~NM1*IL*1*ISA*ISAAC~" +
		"SE*3*0001~GE*1*7~IEA*1*000000001~"
	segs, fs, err := readAll(t, in)
	if err != nil || len(fs) != 0 {
		t.Fatalf("err %v, findings %v", err, fs)
	}
	if got := ids(segs); got != "ISA GS ST NM1 SE GE IEA" {
		t.Fatalf("segments %s", got)
	}
	if segs[3].Element(4) != "ISAAC" {
		t.Fatal("ISAAC lost")
	}
}

func TestSeveralInterchangesWithTheirOwnDelimiters(t *testing.T) {
	in := isa('*', '^', ':', '~', "00501", "000000001") + "\n" + body +
		"IEA*1*000000001~\n" +
		isa('|', '^', '>', '\n', "00501", "000000002") +
		"GS|HC|S|R|20260102|1030|8|X|005010X222A1\nST|837|0002\nSV1|HC>99213|10\n" +
		"SE|3|0002\nGE|1|8\nIEA|1|000000002\n"
	segs, fs, err := readAll(t, in)
	if err != nil || len(fs) != 0 {
		t.Fatalf("err %v, findings %v", err, fs)
	}
	if got := ids(segs); got != "ISA GS ST BHT SE GE IEA ISA GS ST SV1 SE GE IEA" {
		t.Fatalf("segments %s", got)
	}
	sv1 := segs[10]
	if sv1.Component(1, 2) != "99213" || sv1.Pos.Interchange != "000000002" ||
		sv1.Pos.Group != "8" || sv1.Pos.Set != "0002" || sv1.Pos.SetPosition != 2 {
		t.Fatalf("SV1 %q at %+v", sv1.Raw(), sv1.Pos)
	}
}

func TestEnvelopeFindings(t *testing.T) {
	head := isa('*', '^', ':', '~', "00501", "000000001")
	for _, tc := range []struct {
		name string
		in   string
		want []string // Finding.Error() of each finding
		is   []error
	}{
		{"clean", head + body + "IEA*1*000000001~", nil, nil},
		{"SE01 count",
			head + strings.Replace(body, "SE*3", "SE*4", 1) + "IEA*1*000000001~",
			[]string{"segment 5 (ISA 000000001, GS 7, ST 0001 position 3) SE01: " +
				"the count of segments in the set says 4, but there are 3"},
			[]error{ErrCount}},
		{"SE02 control number",
			head + strings.Replace(body, "SE*3*0001", "SE*3*0009", 1) + "IEA*1*000000001~",
			[]string{"segment 5 (ISA 000000001, GS 7, ST 0001 position 3) SE02: " +
				"control number 0009 does not echo ST02 0001"},
			[]error{ErrControlNumber}},
		{"GE01 and IEA02",
			head + strings.Replace(body, "GE*1*7", "GE*2*7", 1) + "IEA*1*000000002~",
			[]string{
				"segment 6 (ISA 000000001, GS 7) GE01: the count of transaction sets in " +
					"the group says 2, but there are 1",
				"segment 7 (ISA 000000001) IEA02: control number 000000002 does not echo " +
					"ISA13 000000001"},
			[]error{ErrCount, ErrControlNumber}},
		{"missing IEA", head + body,
			[]string{"segment 7 (ISA 000000001) IEA: interchange 000000001 has no IEA trailer"},
			[]error{ErrEnvelope}},
		{"missing SE and GE",
			head + "GS*HC*S*R*20260102*1030*7*X*005010X222A1~ST*837*0001~BHT*0019~",
			[]string{
				"segment 5 (ISA 000000001, GS 7, ST 0001 position 3) SE: transaction set " +
					"0001 has no SE trailer",
				"segment 5 (ISA 000000001, GS 7, ST 0001 position 3) GE: functional group 7 " +
					"has no GE trailer",
				"segment 5 (ISA 000000001, GS 7, ST 0001 position 3) IEA: interchange " +
					"000000001 has no IEA trailer"},
			[]error{ErrEnvelope, ErrEnvelope, ErrEnvelope}},
		{"segment outside a set",
			head + "GS*HC*S*R*20260102*1030*7*X*005010X222A1~BHT*0019~GE*0*7~IEA*1*000000001~",
			[]string{"segment 3 (ISA 000000001, GS 7) BHT: segment outside a transaction set"},
			[]error{ErrEnvelope}},
		{"unpadded ISA",
			"ISA*00**00**ZZ*SENDER*ZZ*RECEIVER*260102*1030*^*00501*000000001*0*T*:~" + body +
				"IEA*1*000000001~",
			[]string{
				"segment 1 (ISA 000000001) ISA02: ISA02 is 0 characters; its fixed width is 10",
				"segment 1 (ISA 000000001) ISA04: ISA04 is 0 characters; its fixed width is 10",
				"segment 1 (ISA 000000001) ISA06: ISA06 is 6 characters; its fixed width is 15",
				"segment 1 (ISA 000000001) ISA08: ISA08 is 8 characters; its fixed width is 15"},
			[]error{ErrISAWidth, ErrISAWidth, ErrISAWidth, ErrISAWidth}},
		{"bad segment ID",
			head + "GS*HC*S*R*20260102*1030*7*X*005010X222A1~ST*837*0001~nm1*x~SE*3*0001~" +
				"GE*1*7~IEA*1*000000001~",
			[]string{"segment 4 (ISA 000000001, GS 7, ST 0001 position 2): the segment ID is " +
				"not 2 or 3 capital letters and digits (3 characters)"},
			[]error{ErrSyntax}},
		{"no terminator at the end", head + body + "IEA*1*000000001",
			[]string{"segment 7 (ISA 000000001) IEA: the last segment has no terminator"},
			[]error{ErrSyntax}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, fs, err := readAll(t, tc.in)
			if err != nil {
				t.Fatalf("fatal: %v", err)
			}
			if len(fs) != len(tc.want) {
				t.Fatalf("findings %d, want %d: %v", len(fs), len(tc.want), fs)
			}
			for i, f := range fs {
				if f.Error() != tc.want[i] {
					t.Errorf("finding %d\n got %s\nwant %s", i, f.Error(), tc.want[i])
				}
				if !errors.Is(f, tc.is[i]) {
					t.Errorf("finding %d is not %v", i, tc.is[i])
				}
			}
		})
	}
}

func TestUnreadable(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		is             error
	}{
		{"empty", "", "segment 1: the file is empty", ErrNotX12},
		{"blank", "\r\n  \n", "segment 1: the file is empty", ErrNotX12},
		{"text report", "CLEARINGHOUSE DAILY REPORT\nbatch accepted\n",
			"segment 1: the file does not begin with an ISA segment", ErrNotX12},
		{"cut inside the ISA", "ISA*00*          *00*    ",
			"segment 1 ISA: the file ends inside the ISA segment", ErrSyntax},
		{"ISA without 16 elements", "ISA" + strings.Repeat("*x", 10) + strings.Repeat("y", 2000),
			"segment 1 ISA: the ISA segment does not have 16 elements", ErrSyntax},
		{"letter as terminator", isa('*', '^', ':', 'X', "00501", "000000001") + "GS*HC",
			"segment 1 ISA16: the ISA declares unusable delimiters: segment separator 'X' " +
				"is not usable", ErrDelimiters},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tc.in))
			_, err := r.Next()
			if err == nil || err.Error() != tc.want || !errors.Is(err, tc.is) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if _, again := r.Next(); again != err {
				t.Fatalf("second call: %v", again)
			}
			fs := r.Findings()
			if len(fs) != 1 || fs[0].Error() != tc.want {
				t.Fatalf("findings %v", fs)
			}
		})
	}
}

// TestReadSizesDoNotMatter reads every sample with one-byte reads, half
// reads and a data-with-EOF reader, and expects exactly the same segments,
// positions and findings as a single read.
func TestReadSizesDoNotMatter(t *testing.T) {
	inputs := map[string][]byte{}
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.edi"))
	local, _ := filepath.Glob("*/testdata/*.edi")
	for _, f := range append(files, local...) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[filepath.Base(f)] = b
	}
	inputs["newline terminator"] = []byte(isa('*', '^', ':', '\n', "00501", "000000001") +
		"GS*HC*S*R*20260102*1030*7*X*005010X222A1\r\nST*837*0001\r\nSE*2*0001\r\nGE*1*7\r\n" +
		"IEA*1*000000001")
	inputs["truncated"] = []byte(isa('*', '^', ':', '~', "00501", "000000001") + body[:30])
	if len(inputs) < 3 {
		t.Fatal("no inputs")
	}
	for name, in := range inputs {
		want := dump(t, bytes.NewReader(in))
		for kind, src := range map[string]io.Reader{
			"one byte": iotest.OneByteReader(bytes.NewReader(in)),
			"half":     iotest.HalfReader(bytes.NewReader(in)),
			"data+EOF": iotest.DataErrReader(bytes.NewReader(in)),
		} {
			if got := dump(t, src); got != want {
				t.Errorf("%s, %s reads:\n%s\nwant\n%s", name, kind, got, want)
			}
		}
	}
}

func TestLongSegment(t *testing.T) {
	long := strings.Repeat("A", 300<<10)
	in := isa('*', '^', ':', '~', "00501", "000000001") +
		"GS*HC*S*R*20260102*1030*7*X*005010X222A1~ST*837*0001~NTE*ADD*" + long + "~" +
		"SE*3*0001~GE*1*7~IEA*1*000000001~"
	segs, fs, err := readAll(t, in)
	if err != nil || len(fs) != 0 {
		t.Fatalf("err %v, findings %v", err, fs)
	}
	if segs[3].Element(2) != long || segs[4].Pos.Offset != int64(strings.Index(in, "SE*3")) {
		t.Fatal("the long segment was not read whole")
	}
}

func TestSourceError(t *testing.T) {
	in := isa('*', '^', ':', '~', "00501", "000000001") + "GS*HC*S*R~ST*8"
	boom := errors.New("disk on fire")
	r := NewReader(io.MultiReader(strings.NewReader(in), iotest.ErrReader(boom)))
	r.SetName("cut.edi")
	var err error
	for err == nil {
		_, err = r.Next()
	}
	if !errors.Is(err, boom) || err.Error() != "edi: reading cut.edi: disk on fire" {
		t.Fatalf("err = %v", err)
	}
}

func TestFindingsCap(t *testing.T) {
	var b strings.Builder
	b.WriteString(isa('*', '^', ':', '~', "00501", "000000001"))
	for i := 0; i < 50; i++ {
		b.WriteString("BHT*1~")
	}
	b.WriteString("IEA*0*000000001~")
	r := NewReader(strings.NewReader(b.String()))
	r.SetMaxFindings(10)
	for {
		if _, err := r.Next(); err != nil {
			break
		}
	}
	fs := r.Findings()
	if len(fs) != 11 {
		t.Fatalf("%d findings", len(fs))
	}
	if got := fs[10].Message; got != "40 more findings were not kept; the last: "+
		"segment outside a transaction set" {
		t.Fatalf("summary %q", got)
	}
}
