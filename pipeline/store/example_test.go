package store_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// A claim's way from intake to payment, with a 277CA that arrives after the
// 835 and so moves nothing.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "claimflow-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	s, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "claimflow.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	if err := s.CheckSchema(ctx); err != nil {
		log.Fatal(err)
	}

	c, err := s.InsertClaim(ctx, store.ClaimInput{
		PCN: "A1001", Kind: store.Professional, PayerID: "60054",
		BillingNPI: "1234567893", TotalCents: 12500, Document: []byte(`{"pcn":"A1001"}`),
		Lines: []store.Line{{Number: 1, ControlNumber: "A1001-1", ProcedureCode: "99213",
			ChargeCents: 12500, Units: "1", ServiceDate: "2025-02-01"}},
	})
	if err != nil {
		log.Fatal(err)
	}
	b, err := s.CreateBatch(ctx, store.BatchRequest{
		Connection: "availity", ClaimIDs: []string{c.ID},
		Build: func(d store.BatchDraft) (store.OutboundFile, error) {
			// The 837 writer goes here.
			name := fmt.Sprintf("claims-%09d.837", d.ISA13)
			return store.OutboundFile{Name: name, Content: []byte("ISA..."), Type: "837P"}, nil
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := s.MarkBatchUploaded(ctx, b.ID, "/inbound/claims.837", time.Now()); err != nil {
		log.Fatal(err)
	}
	for _, e := range []store.NewEvent{
		{Kind: lifecycle.KindSetAck, Status: lifecycle.Accepted},
		{Kind: lifecycle.KindRemittance, Status: lifecycle.Paid},
		{Kind: lifecycle.KindClaimAck, Status: lifecycle.Acknowledged},
	} {
		if _, err := s.AppendEvent(ctx, c.ID, e); err != nil {
			log.Fatal(err)
		}
	}

	d, err := s.GetClaim(ctx, c.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("batch ISA13 %09d, %d claim\n", b.ISA13, b.ClaimCount)
	for _, e := range d.Timeline {
		fmt.Printf("%d %-10s %-12s -> %s\n", e.Seq, e.Kind, e.Status, e.StatusAfter)
	}
	fmt.Println("now:", d.Claim.Status)
	// Output:
	// batch ISA13 000000001, 1 claim
	// 1 received   received     -> received
	// 2 checked    ready        -> ready
	// 3 batched    batched      -> batched
	// 4 submitted  submitted    -> submitted
	// 5 set_ack    accepted     -> accepted
	// 6 remittance paid         -> paid
	// 7 claim_ack  acknowledged -> paid
	// now: paid
}
