package edi_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/internal/testgen"
)

// BenchmarkTokenize reads a 10 MB 835 segment by segment; MB/s is the
// tokenizer's throughput on one core.
func BenchmarkTokenize(b *testing.B) {
	var buf bytes.Buffer
	if _, err := testgen.Remit835(&buf, 20000); err != nil {
		b.Fatal(err)
	}
	in := buf.Bytes()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := edi.NewReader(bytes.NewReader(in))
		n := 0
		for {
			s, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n += s.Len()
		}
		if len(r.Findings()) != 0 {
			b.Fatal(r.Findings())
		}
	}
}
