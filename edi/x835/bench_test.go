package x835_test

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/internal/testgen"
	"github.com/claimflow/claimflow/edi/x835"
)

// reportCPU adds the throughput per second of CPU time, every thread of
// the process counted (the collector's included), to b's results. On a
// shared machine wall-clock MB/s swings with the load; CPU time does not.
func reportCPU(b *testing.B, start time.Duration, bytes int64) {
	if used := cpuTime() - start; used > 0 && start > 0 {
		b.ReportMetric(float64(bytes)*float64(b.N)/used.Seconds()/1e6, "cpu-MB/s")
	}
}

// remit returns a generated, balanced 835 of n claims and its BPR02.
func remit(tb testing.TB, n int) ([]byte, int64) {
	tb.Helper()
	var buf bytes.Buffer
	total, err := testgen.Remit835(&buf, n)
	if err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes(), total
}

// readClaims reads src to the end and returns the claims, lines and
// findings counted, with the heap in use sampled every 4096 items.
func readClaims(tb testing.TB, src io.Reader, reuse bool) (claims, lines, findings int,
	peak uint64) {
	r := x835.NewReader(src)
	r.SetReuse(reuse)
	var ms runtime.MemStats
	for n := 0; ; n++ {
		it, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		if c, ok := it.(*x835.Claim); ok {
			claims++
			lines += len(c.Lines)
		}
		if n%4096 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	return claims, lines, len(r.Findings()), peak
}

// BenchmarkRead reads a 7 MB 835 of 20,000 claims into typed claims; MB/s
// is the typed reader's throughput on one core.
func BenchmarkRead(b *testing.B) { benchRead(b, false) }

// BenchmarkReadReuse is BenchmarkRead with the claims' memory reused.
func BenchmarkReadReuse(b *testing.B) { benchRead(b, true) }

func benchRead(b *testing.B, reuse bool) {
	in, _ := remit(b, 20000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := 0; i < b.N; i++ {
		claims, _, findings, _ := readClaims(b, bytes.NewReader(in), reuse)
		if claims != 20000 || findings != 0 {
			b.Fatalf("%d claims, %d findings", claims, findings)
		}
	}
	reportCPU(b, start, int64(len(in)))
}

// BenchmarkTokenize reads the same 7 MB with the edi tokenizer alone, for
// comparison with BenchmarkRead.
func BenchmarkTokenize(b *testing.B) {
	in, _ := remit(b, 20000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
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
	reportCPU(b, start, int64(len(in)))
}

// BenchmarkRead100MB reads a 100 MB 835 from a file and reports the peak
// heap in use while reading, which must not grow with the file, and the
// process's largest resident set (meaningful when it runs alone, with
// -bench Read100MB).
func BenchmarkRead100MB(b *testing.B) {
	const claims = 290000 // about 102 MB
	name := filepath.Join(b.TempDir(), "big.835")
	f, err := os.Create(name)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if _, err := testgen.Remit835(w, claims); err != nil {
		b.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	size, _ := f.Seek(0, io.SeekCurrent)
	f.Close()
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	var peak uint64
	for i := 0; i < b.N; i++ {
		f, err := os.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		n, _, _, p := readClaims(b, f, false)
		f.Close()
		if n != claims {
			b.Fatalf("%d claims", n)
		}
		peak = max(peak, p)
	}
	reportCPU(b, start, size)
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	if rss := maxRSS(); rss > 0 {
		b.ReportMetric(float64(rss)/(1<<20), "max-RSS-MB")
	}
}
