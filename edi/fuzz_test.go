package edi

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
)

// FuzzReader feeds arbitrary bytes to the reader: it must never panic, and
// reading one byte at a time must give exactly what one big read gives.
func FuzzReader(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.edi"))
	local, _ := filepath.Glob("*/testdata/*.edi")
	for _, name := range append(files, local...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(isa('|', '^', '>', '\n', "00501", "000000001") + "GS|HC\nST|837\n"))
	f.Add([]byte("ISA*"))
	f.Fuzz(func(t *testing.T, in []byte) {
		whole := dump(t, bytes.NewReader(in))
		if got := dump(t, iotest.OneByteReader(bytes.NewReader(in))); got != whole {
			t.Fatalf("one-byte reads differ:\n%s\nwant\n%s", got, whole)
		}
	})
}
