package x277

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/claimflow/claimflow/edi"
)

func writeAll(t testing.TB, items []Item, d edi.Delimiters, suffix string) ([]byte, error) {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, d, suffix)
	for _, it := range items {
		if err := w.Write(it); err != nil {
			return nil, err
		}
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// TestWriteReproducesTestdata writes what was read from each 277CA test
// file and gets the file back byte for byte.
func TestWriteReproducesTestdata(t *testing.T) {
	for _, name := range []string{"testdata/accepted.edi", "testdata/rejected.edi"} {
		items, _ := readFile(t, name)
		got, err := writeAll(t, items, edi.DefaultDelimiters, "\n")
		if err != nil {
			t.Fatal(err)
		}
		if want := mustRead(t, name); string(got) != want {
			t.Fatalf("%s: got\n%s\nwant\n%s", name, got, want)
		}
	}
}

// TestRoundTrip writes what was read from files of every shape, with other
// delimiters, and reads the same items back.
func TestRoundTrip(t *testing.T) {
	names := []string{"testdata/accepted.edi", "testdata/rejected.edi", "testdata/x212.edi",
		"testdata/multi.edi"}
	for _, c := range []string{"277CA_accepted_multi_hl.edi",
		"277CA_rejected_A7_pipe_component.edi"} {
		if _, err := os.Stat(corpusDir + "/" + c); err == nil {
			names = append(names, corpusDir+"/"+c)
		}
	}
	for _, name := range names {
		items, fs := readFile(t, name)
		b, err := writeAll(t, items, edi.Delimiters{Element: '|', Component: '>',
			Repetition: '^', Segment: '\n'}, "")
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		back, fs2, err := readAll(t, bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if dump(back) != dump(items) {
			t.Fatalf("%s: got\n%s\nwant\n%s", name, dump(back), dump(items))
		}
		// The totals warnings come back; the skipped sets do not.
		if n, want := len(fs2), len(fs); n != want && name != "testdata/multi.edi" {
			t.Fatalf("%s: findings\n%s\nwere\n%s", name, brief(fs2), brief(fs))
		}
	}
}

func TestWriterRefuses(t *testing.T) {
	items, _ := readFile(t, "testdata/accepted.edi")
	c := claims(items)[0]
	c.Trace = "PCN~1"
	if _, err := writeAll(t, items, edi.DefaultDelimiters, ""); !errors.Is(err, edi.ErrWriter) {
		t.Fatalf("err %v", err)
	}
	orphan := &Claim{Trace: "X"}
	if _, err := writeAll(t, []Item{orphan}, edi.DefaultDelimiters, ""); !errors.Is(err,
		edi.ErrWriter) {
		t.Fatalf("err %v", err)
	}
}
