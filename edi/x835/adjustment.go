package x835

import "github.com/claimflow/claimflow/edi"

// Adjustment is one reason/amount/quantity triplet of a CAS segment, at
// claim level (loop 2100) or service level (loop 2110). A CAS segment
// carries a group code and up to six triplets; each non-empty triplet
// becomes one Adjustment that repeats the group and remembers which
// triplet it was, so CAS*PR*1*150**2*70 gives two adjustments, triplets 1
// and 2, the first without a quantity.
//
// A positive amount reduces what is paid; a negative one (a reversal, or
// OA-94 on a bundled line) increases it.
type Adjustment struct {
	Group    string     // CAS01: CO, OA, PI or PR (CR in older files)
	Reason   string     // CAS02, 05, 08, 11, 14, 17: a CARC
	Amount   edi.Amount // CAS03, 06, 09, 12, 15, 18
	Quantity Decimal    // CAS04, 07, 10, 13, 16, 19; empty when absent
	Triplet  int        // 1 to 6; 0 lets a Writer choose
	Pos      edi.Position
}

// AdjustmentTotal returns the sum of the amounts of adjs.
func AdjustmentTotal(adjs []Adjustment) edi.Amount {
	var t edi.Amount
	for i := range adjs {
		t += adjs[i].Amount
	}
	return t
}

// GroupTotal returns the sum of the amounts of adjs in group g.
func GroupTotal(adjs []Adjustment, g string) edi.Amount {
	var t edi.Amount
	for i := range adjs {
		if adjs[i].Group == g {
			t += adjs[i].Amount
		}
	}
	return t
}

// parseCAS appends the adjustments of a CAS segment to adjs.
func (r *Reader) parseCAS(s *edi.Segment, adjs []Adjustment) []Adjustment {
	group := r.code(s, 1, cas01Codes, true, "group code")
	n := 0
	for k := 0; k < 6 && 2+3*k <= s.Len(); k++ {
		ri, ai, qi := 2+3*k, 3+3*k, 4+3*k
		rb, ab, qb := s.Bytes(ri), s.Bytes(ai), s.Bytes(qi)
		if len(rb) == 0 && len(ab) == 0 && len(qb) == 0 {
			continue
		}
		n++
		if len(rb) == 0 {
			r.finding(edi.Warning, s, ri, 0, edi.ErrStructure,
				"reason code is missing in triplet %d", k+1)
		}
		a := r.sp.adjA.push(&adjs)
		a.Group = group
		a.Reason = r.cache.get(rb)
		a.Amount = r.amountOf(s, ai, ab, true, "adjustment amount")
		a.Quantity = r.decimalBytes(s, qb, qi, "adjustment quantity")
		a.Triplet = k + 1
		setPos(&a.Pos, s)
	}
	if s.Len() > 19 {
		r.finding(edi.Warning, s, 20, 0, edi.ErrSyntax,
			"CAS has more than six triplets; the rest are ignored")
	}
	if n == 0 {
		r.finding(edi.Warning, s, 2, 0, edi.ErrStructure, "CAS has no adjustment")
	}
	return adjs
}
