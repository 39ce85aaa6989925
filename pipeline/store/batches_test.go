package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// writeDraft is a stand-in for the 837 writer: it lists the draft's
// control numbers and claims, one line each.
func writeDraft(d BatchDraft) (OutboundFile, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "ISA13=%09d GS06=%d\n", d.ISA13, d.GS06)
	for _, set := range d.Sets {
		fmt.Fprintf(&b, "ST02=%04d", set.ST02)
		for _, c := range set.Claims {
			fmt.Fprintf(&b, " %s/%d", c.Claim.PCN, c.Version.Number)
		}
		b.WriteString("\n")
	}
	return OutboundFile{Name: fmt.Sprintf("%s-%09d.837", d.Connection, d.ISA13),
		Content: []byte(b.String()), Type: "837P"}, nil
}

// batchOf creates a batch of the claims or fails the test.
func batchOf(t *testing.T, s *Store, connection string, ids ...string) Batch {
	t.Helper()
	b, err := s.CreateBatch(context.Background(), BatchRequest{
		Connection: connection, ClaimIDs: ids, Build: writeDraft,
	})
	if err != nil {
		t.Fatalf("CreateBatch: %v", err)
	}
	return b
}
