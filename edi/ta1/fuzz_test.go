package ta1

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/claimflow/claimflow/edi"
)

// FuzzReader feeds arbitrary bytes to the reader: it never panics, every
// ack lies inside the input, and reading a byte at a time gives the same
// acks and findings.
func FuzzReader(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.edi")
	corpus, _ := filepath.Glob(filepath.Join(corpusDir, "TA1*"))
	for _, name := range append(seeds, corpus...) {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		acks, fs, _ := readAll(t, bytes.NewReader(in))
		for _, a := range acks {
			if a.Pos.Offset < 0 || a.Pos.Offset >= int64(len(in)) {
				t.Fatalf("ack at offset %d of %d", a.Pos.Offset, len(in))
			}
		}
		acks2, fs2, _ := readAll(t, iotest.OneByteReader(bytes.NewReader(in)))
		if len(acks2) != len(acks) || brief(fs2) != brief(fs) {
			t.Fatalf("one-byte reads differ: %d acks, findings\n%s\nwant %d,\n%s",
				len(acks2), brief(fs2), len(acks), brief(fs))
		}
		for i := range acks {
			if *acks[i] != *acks2[i] {
				t.Fatalf("ack %d differs: %+v, %+v", i, acks[i], acks2[i])
			}
		}
	})
}

// FuzzRoundTrip writes acks built from fuzzed values and reads them back:
// whatever the writer accepts, the reader returns unchanged and without
// findings.
func FuzzRoundTrip(f *testing.F) {
	f.Add(uint32(123), int64(1772400000), "A", uint16(0), "CHSIM", "NORTHWIND", uint8(1))
	f.Add(uint32(999999999), int64(0), "R", uint16(31), "A B", "X", uint8(3))
	f.Fuzz(func(t *testing.T, ctl uint32, unix int64, code string, note uint16,
		sender, receiver string, n uint8) {
		at := time.Unix(unix%(100*365*86400), 0).UTC().Truncate(time.Minute)
		if at.Year() < 1969 || at.Year() > 2068 {
			return
		}
		h := edi.Interchange{AuthQualifier: "00", SecurityQualifier: "00",
			SenderQualifier: "ZZ", SenderID: strings.TrimSpace(sender),
			ReceiverQualifier: "ZZ", ReceiverID: strings.TrimSpace(receiver), Time: at,
			Version: "00501", Control: int64(ctl%999999999) + 1, Usage: 'T'}
		var acks []*Ack
		for i := 0; i < int(n%4)+1; i++ {
			acks = append(acks, &Ack{Interchange: h, Control: pad9(ctl + uint32(i)),
				Time: at, Code: Code(code), Note: pad3(note + uint16(i))})
		}
		var buf bytes.Buffer
		w := NewWriter(&buf, edi.DefaultDelimiters, "\n")
		for _, a := range acks {
			if err := w.Write(a); err != nil {
				return // refused values: nothing to read back
			}
		}
		if err := w.Close(); err != nil {
			return
		}
		back, fs, err := readAll(t, &buf)
		if err != nil || len(fs) != 0 || len(back) != len(acks) {
			t.Fatalf("err %v, %d acks, findings:\n%s\n%s", err, len(back), brief(fs), buf.String())
		}
		for i, a := range strip(back) {
			if a != *acks[i] {
				t.Fatalf("ack %d: got %+v, want %+v", i, a, *acks[i])
			}
		}
	})
}

func pad9(v uint32) string { return padDigits(uint64(v%1000000000), 9) }
func pad3(v uint16) string { return padDigits(uint64(v%1000), 3) }

func padDigits(v uint64, n int) string {
	b := make([]byte, n)
	for i := n - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
	return string(b)
}
