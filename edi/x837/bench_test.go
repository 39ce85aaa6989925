package x837

import (
	"bytes"
	"io"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// benchClaims returns the batch claims, already checked once, to be
// written over and over: consecutive claims differ in provider,
// subscriber or patient, so most claims open new HL loops.
func benchClaims(b *testing.B) []*Claim {
	claims := readClaims(b, "837p-batch.jsonl", Professional)
	claims = append(claims, readClaims(b, "837p-twelve-diagnoses.json", Professional)...)
	for _, c := range claims {
		Normalize(c)
	}
	return claims
}

// BenchmarkBuild837P writes n claims into one 837P per iteration and
// reports claims per second, bytes and allocations per claim, and the
// largest live heap seen while writing: flat memory means the last two
// stay the same from 10,000 to 100,000 claims.
func BenchmarkBuild837P(b *testing.B) {
	claims := benchClaims(b)
	for _, n := range []int{10000, 100000} {
		b.Run("claims="+strconv.Itoa(n), func(b *testing.B) {
			env := testEnvelope()
			opts := Options{Today: testTime}
			var before, after, ms runtime.MemStats
			var maxHeap uint64
			runtime.GC()
			runtime.ReadMemStats(&before)
			cpu0 := cpuTime()
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				bl, err := NewBuilder(io.Discard, Professional, env, opts, "")
				if err != nil {
					b.Fatal(err)
				}
				for j := 0; j < n; j++ {
					if _, err := bl.Add(claims[j%len(claims)]); err != nil {
						b.Fatal(err)
					}
					if j%10000 == 9999 {
						runtime.ReadMemStats(&ms)
						maxHeap = max(maxHeap, ms.HeapAlloc)
					}
				}
				if _, err := bl.Close(); err != nil {
					b.Fatal(err)
				}
			}
			elapsed := time.Since(start)
			cpu := cpuTime() - cpu0
			b.StopTimer()
			runtime.ReadMemStats(&after)
			total := float64(n) * float64(b.N)
			b.ReportMetric(total/elapsed.Seconds(), "claims/s")
			// CPU time of the process, all threads: the rate one busy core
			// would give, whatever else the machine runs.
			b.ReportMetric(total/cpu.Seconds(), "claims/cpu-s")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/total, "B/claim")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/total, "allocs/claim")
			b.ReportMetric(float64(maxHeap)/(1<<20), "maxheap-MB")
		})
	}
}

// cpuTime returns the user and system time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkCheck runs the front-end checks on one claim per operation.
func BenchmarkCheck(b *testing.B) {
	claims := benchClaims(b)
	opts := Options{Today: testTime}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if fs := Check(claims[i%len(claims)], opts); fs.HasError() {
			b.Fatal(fs)
		}
	}
}

// BenchmarkRead837P reads back 10,000 claims per operation.
func BenchmarkRead837P(b *testing.B) {
	claims := benchClaims(b)
	var buf bytes.Buffer
	bl, _ := NewBuilder(&buf, Professional, testEnvelope(), Options{Today: testTime}, "")
	for j := 0; j < 10000; j++ {
		if _, err := bl.Add(claims[j%len(claims)]); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := bl.Close(); err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := NewReader(bytes.NewReader(data))
		for {
			if _, err := r.Next(); err != nil {
				break
			}
		}
		if r.Stats().Claims != 10000 {
			b.Fatal(r.Stats())
		}
	}
}
