package respond_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi/x837"
)

// The log names the upload and counts what the answers say; it holds
// nothing of the claims' people.
func TestLogHoldsNoPatientData(t *testing.T) {
	claims := loadClaims(t, "837p-batch.jsonl")
	data := build(t, x837.Professional, claims)
	var buf bytes.Buffer
	r, err := respond.New(respond.DefaultScenario(), slog.New(slog.NewTextHandler(&buf, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Respond(context.Background(), sim.Upload{Seq: 3, Name: "/inbound/b.837",
		Data: data, Arrived: arrived}); err != nil {
		t.Fatal(err)
	}
	r.Respond(context.Background(), sim.Upload{Seq: 4, Name: "/inbound/junk", Data: []byte("x")})
	out := buf.String()
	for _, want := range []string{
		`msg="upload answered" upload=3 file=/inbound/b.837 interchanges_rejected=0 sets=1 ` +
			`sets_rejected=0 claims=5 claims_rejected=0 remittances=1`,
		`msg="upload is not X12; no answer" upload=4 file=/inbound/junk`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	for _, c := range claims {
		ci := c.ClaimInformation
		for _, v := range []string{ci.PatientControlNumber, c.Subscriber.MemberID,
			c.Subscriber.LastName, c.Subscriber.DateOfBirth} {
			if v != "" && strings.Contains(out, v) {
				t.Errorf("the log holds %q", v)
			}
		}
	}
}
