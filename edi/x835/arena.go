package x835

// arena hands out the small slices of a claim (adjustments, references,
// dates, lines) from shared chunks, so that a claim costs a few allocations
// instead of one or two per slice. Slices are handed out with their
// capacity equal to their length: appending to one copies it, never
// touching a neighbour. A chunk lives as long as any slice cut from it.
type arena[T any] struct{ buf []T }

// arenaChunk is the number of values a fresh chunk holds.
const arenaChunk = 256

// space holds the arenas and slabs that claims are built in.
type space struct {
	adjA   arena[Adjustment]
	refA   arena[Ref]
	dateA  arena[DateRef]
	amtA   arena[AmountRef]
	qtyA   arena[QuantityRef]
	lqA    arena[Remark]
	lineA  arena[ServiceLine]
	claims slab[Claim]
	names  slab[Name]

	// reused is set once the space has been reset: what its arenas and
	// slabs hand out may then hold old values, where otherwise it is zero.
	reused bool
}

// reset makes the space's memory available again, for a reader that
// reuses it. Every value handed out before is overwritten in time.
func (s *space) reset() {
	s.reused = true
	s.adjA.buf, s.refA.buf, s.dateA.buf = s.adjA.buf[:0], s.refA.buf[:0], s.dateA.buf[:0]
	s.amtA.buf, s.qtyA.buf, s.lqA.buf = s.amtA.buf[:0], s.qtyA.buf[:0], s.lqA.buf[:0]
	s.lineA.buf, s.claims.buf, s.names.buf = s.lineA.buf[:0], s.claims.buf[:0], s.names.buf[:0]
}

// slab hands out single values from shared chunks, for the structs every
// claim has (the claim itself, the patient's name).
type slab[T any] struct{ buf []T }

const slabChunk = 64

// next returns a pointer to a zero value.
func (s *slab[T]) next() *T {
	if len(s.buf) == cap(s.buf) {
		s.buf = make([]T, 0, slabChunk)
	}
	s.buf = s.buf[:len(s.buf)+1]
	return &s.buf[len(s.buf)-1]
}

// add returns s with v appended. When s ends where the chunk's used part
// ends, v goes in place; otherwise s moves to the chunk's free part, or to
// a new chunk.
func (a *arena[T]) add(s []T, v T) []T {
	*a.push(&s) = v
	return s
}

// push extends *s by one value, as add does, and returns the new last
// value for the caller to fill: it is zero only in a fresh chunk, so the
// caller sets it whole.
func (a *arena[T]) push(s *[]T) *T {
	n := len(*s)
	used := len(a.buf)
	if used < cap(a.buf) && (n == 0 || used >= n && &a.buf[used-1] == &(*s)[n-1]) {
		a.buf = a.buf[:used+1]
		*s = a.buf[used-n : used+1 : used+1]
		return &a.buf[used]
	}
	if used+n+1 > cap(a.buf) {
		a.buf = make([]T, 0, max(arenaChunk, 2*(n+1)))
	}
	start := len(a.buf)
	a.buf = append(a.buf, *s...)
	a.buf = a.buf[:len(a.buf)+1]
	*s = a.buf[start:len(a.buf):len(a.buf)]
	return &a.buf[len(a.buf)-1]
}
