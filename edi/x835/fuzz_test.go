package x835

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"

	"github.com/claimflow/claimflow/edi"
)

// seeds adds every testdata and corpus file and a few small inputs.
func seeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.835"))
	corpus := corpusFiles()
	for _, name := range append(files, corpus...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add(body("0", "LX*1", "CLP*A*1*1*1**12*P", "SVC*HC>1*1*1", "PLB*P*20260101*WO>X*1"))
	f.Add(body("0", "CAS*CO*1*1", "SVC*HC", "TS3*1", "N1*PE*X", "REF*TJ*1", "CLP*B"))
	f.Add([]byte(testISA))
}

// readAllItems reads src to its end or to its first error.
func readAllItems(src io.Reader) ([]Item, edi.Findings, error) {
	r := NewReader(src)
	var items []Item
	for {
		it, err := r.Next()
		if err == io.EOF {
			return items, r.Findings(), nil
		}
		if err != nil {
			return items, r.Findings(), err
		}
		items = append(items, it)
	}
}

// FuzzReader feeds arbitrary bytes to the reader. It must never panic;
// items come in order (a payment, its claims, its summary); and reading
// one byte at a time gives exactly what one read gives.
func FuzzReader(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		items, fs, err := readAllItems(bytes.NewReader(in))
		var pay *Payment
		for _, it := range items {
			switch v := it.(type) {
			case *Payment:
				if pay != nil {
					t.Fatal("a payment before the previous set's summary")
				}
				pay = v
			case *Claim:
				if pay == nil || v.Payment != pay {
					t.Fatal("a claim outside its set")
				}
			case *Summary:
				if pay == nil || v.Payment != pay {
					t.Fatal("a summary outside its set")
				}
				pay = nil
			}
		}
		if pay != nil && err == nil {
			t.Fatal("a set without its summary")
		}
		for _, f := range fs {
			if f.Err == nil || f.Message == "" {
				t.Fatalf("finding without a sentinel or message: %#v", f)
			}
		}
		items2, fs2, err2 := readAllItems(iotest.OneByteReader(bytes.NewReader(in)))
		whole := dumpItems(items, true) + findingText(fs) + errText(err)
		if got := dumpItems(items2, true) + findingText(fs2) + errText(err2); got != whole {
			t.Fatalf("one-byte reads differ:\n%s", diff(whole, got))
		}
	})
}

func findingText(fs edi.Findings) string {
	var b bytes.Buffer
	for _, l := range findingLines(fs) {
		b.WriteString(l + "\n")
	}
	return b.String()
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return "error: " + err.Error() + "\n"
}

// FuzzRoundTrip reads arbitrary bytes, writes what it read and reads that
// again: the values must be the same. Inputs whose values the writer
// refuses (a delimiter inside a value) are skipped.
func FuzzRoundTrip(f *testing.F) {
	seeds(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		items, _, err := readAllItems(bytes.NewReader(in))
		if err != nil || len(items) == 0 {
			return
		}
		out, err := rewrite(items)
		if errors.Is(err, edi.ErrWriter) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		again, _, err := readAllItems(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("reading what was written: %v\n%s", err, out)
		}
		if got, want := dumpItems(again, false), dumpItems(items, false); got != want {
			t.Fatalf("values differ after writing:\n%s\nwritten:\n%s", diff(want, got), out)
		}
	})
}
