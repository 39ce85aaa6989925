package respond

import (
	"bytes"
	"context"
	"errors"
	"sort"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x837"
)

// readBatch indexes an upload's envelopes, then reads its 837 sets with
// the project's 837 reader and files each claim and each content finding
// under the set it belongs to, in the order of their segments.
func readBatch(ctx context.Context, sc *Scenario, name string, data []byte) (*batch, error) {
	b := index(sc, data)
	if len(b.ics) == 0 || !b.ok {
		return b, nil
	}

	r := x837.NewReader(bytes.NewReader(data))
	r.SetName(name)
	var claims []*x837.Claim
	for n := 0; ; n++ {
		if n%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		c, err := r.Next()
		if err != nil {
			break // io.EOF, or the error the index already met
		}
		claims = append(claims, c)
	}
	for _, st := range b.sets {
		n := min(st.expected, len(claims))
		st.claims, claims = claims[:n:n], claims[n:]
	}
	fileFindings(b.sets, r.Findings())
	for _, st := range b.sets {
		sort.SliceStable(st.findings, func(i, j int) bool {
			return st.findings[i].Pos.Ordinal < st.findings[j].Pos.Ordinal
		})
	}
	return b, nil
}

// fileFindings gives each set the errors found in its content: syntax,
// data and structure errors inside its ordinals. Envelope findings are
// left out: the index reports those with the codes of the 999 and TA1.
// Warnings are left out too: the 837 reader gives none, and the X12
// reader's only one inside a set, a last segment without a terminator,
// comes with the missing SE that rejects the set.
func fileFindings(sets []*set, fs edi.Findings) {
	for _, f := range fs {
		if f.Severity < edi.Error || !errors.Is(f, edi.ErrSyntax) &&
			!errors.Is(f, edi.ErrData) && !errors.Is(f, edi.ErrStructure) {
			continue
		}
		for _, st := range sets {
			if f.Pos.Ordinal >= st.first && f.Pos.Ordinal <= st.last {
				st.findings = append(st.findings, f)
				break
			}
		}
	}
}
