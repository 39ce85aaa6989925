package respond

import (
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"time"
)

// draws hands out the random parts of one upload's answers. Each purpose
// gets its own stream, keyed by a label and indexes, so that what one
// answer draws never shifts what another draws; and every stream is a
// function of the scenario's seed, the upload's content hash and its
// arrival time, nothing else.
type draws struct {
	key [sha256.Size]byte
}

func newDraws(seed uint64, uploadSHA256 string, arrived time.Time) draws {
	h := sha256.New()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seed)
	h.Write(b[:])
	h.Write([]byte(uploadSHA256))
	binary.BigEndian.PutUint64(b[:], uint64(arrived.UnixNano()))
	h.Write(b[:])
	var d draws
	h.Sum(d.key[:0])
	return d
}

// rng returns the stream for label and idx.
func (d draws) rng(label string, idx ...int) *rand.Rand {
	h := sha256.New()
	h.Write(d.key[:])
	h.Write([]byte(label))
	var b [8]byte
	for _, i := range idx {
		binary.BigEndian.PutUint64(b[:], uint64(i))
		h.Write(b[:])
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return rand.New(rand.NewPCG(binary.BigEndian.Uint64(sum[:8]),
		binary.BigEndian.Uint64(sum[8:16])))
}

// control returns an envelope control number, 1 to 999999999, for label
// and idx.
func (d draws) control(label string, idx ...int) int64 {
	return 1 + d.rng(label, idx...).Int64N(999999999)
}

// digits returns n random decimal digits drawn from rng.
func digits(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + rng.IntN(10))
	}
	return string(b)
}

// chance reports an event of probability p, drawn from rng. A draw is
// taken whatever p is, so that changing one share leaves the later draws
// of the same stream where they were.
func chance(rng *rand.Rand, p float64) bool {
	return rng.Float64() < p
}
