package pipeline

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

// receiver returns an edit that names another receiver (loop 1000B).
func receiver(name string) func(map[string]any) {
	return func(doc map[string]any) {
		doc["receiver"] = map[string]any{"organizationName": name}
	}
}

func TestSubmitSendsOneFilePerReceiver(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		h := newHarness(t, url)
		ctx := context.Background()
		a := h.addClaim("837p-simple.json", "RCVA1")
		b := h.addClaimWith("837p-simple.json", "RCVB2",
			receiver("Claimflow Simulated Clearinghouse"))
		c := h.addClaim("837p-dependent.json", "RCVC3")

		res, err := h.jobs.Submit(ctx, h.conn)
		if err != nil {
			t.Fatal(err)
		}
		if res != (SubmitResult{Batches: 2, Claims: 3}) {
			t.Fatalf("result %+v", res)
		}
		for _, cl := range []store.Claim{a, b, c} {
			if got := h.status(cl.ID); got != lifecycle.Submitted {
				t.Errorf("claim %s is %s", cl.ID, got)
			}
		}

		// The Cascade claims share a file, the other receiver has its own;
		// each file is one transaction set naming its receiver.
		var receivers []string
		for _, u := range h.sim.Uploads() {
			data, err := os.ReadFile(filepath.Join(h.sim.UserRoot("practice"), u.Name))
			if err != nil {
				t.Fatal(err)
			}
			if n := bytes.Count(data, []byte("ST*837*")); n != 1 {
				t.Errorf("%s has %d transaction sets", u.Name, n)
			}
			i := bytes.Index(data, []byte("NM1*40*2*"))
			end := bytes.IndexByte(data[i+9:], '*')
			receivers = append(receivers, string(data[i+9:i+9+end]))
		}
		want := "CASCADE CLEARINGHOUSE,CLAIMFLOW SIMULATED CLEARINGHOUSE"
		if got := strings.ToUpper(strings.Join(receivers, ",")); got != want {
			t.Errorf("receivers %s, want %s", got, want)
		}

		res, err = h.jobs.Submit(ctx, h.conn)
		if err != nil || res != (SubmitResult{}) {
			t.Fatalf("second run %+v %v", res, err)
		}
	})
}

func TestSubmitHoldsAnUnreadableClaimAndSendsTheRest(t *testing.T) {
	h := newHarness(t, storetest.SQLiteURL(t))
	ctx := context.Background()
	good := h.addClaim("837p-simple.json", "READ1")
	bad := h.addClaim("837p-dependent.json", "READ2")
	if _, err := h.store.AddVersion(ctx, bad.ID, store.ClaimInput{PCN: bad.PCN,
		Kind: bad.Kind, PayerID: bad.PayerID, BillingNPI: bad.BillingNPI,
		TotalCents: bad.TotalCents, Document: []byte(`{"claimInformation": 7}`)}); err != nil {
		t.Fatal(err)
	}

	res, err := h.jobs.Submit(ctx, h.conn)
	if err != nil {
		t.Fatal(err)
	}
	if res != (SubmitResult{Batches: 1, Claims: 1, Held: 1}) {
		t.Fatalf("result %+v", res)
	}
	if h.status(good.ID) != lifecycle.Submitted || h.status(bad.ID) != lifecycle.Invalid {
		t.Fatalf("statuses %s %s", h.status(good.ID), h.status(bad.ID))
	}

	// The work list says why.
	wl, err := h.store.GetWorklist(ctx, store.WorklistQuery{
		Kinds: []store.WorkKind{store.WorkInvalid}})
	if err != nil {
		t.Fatal(err)
	}
	if len(wl.Items) != 1 || wl.Items[0].ClaimID != bad.ID {
		t.Fatalf("work list %+v", wl.Items)
	}
	it := wl.Items[0]
	if it.Reason != "Held back by the checks: The stored claim cannot be read. ()" ||
		strings.Join(it.Codes, ",") != "claim.decode" {
		t.Errorf("reason %q codes %v", it.Reason, it.Codes)
	}
}
