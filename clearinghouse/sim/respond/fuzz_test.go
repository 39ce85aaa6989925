package respond_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi/x837"
)

// Whatever lands, the Responder answers without panicking or failing,
// and every answer it gives reads back with the project's readers.
func FuzzRespond(f *testing.F) {
	good := build(f, x837.Professional, synthetic(f, people(3)))
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(bytes.Replace(good, []byte("CLM*SYN000002*"), []byte("CLM*SYN000002*9"), 1))
	f.Add(build(f, x837.Institutional, loadClaims(f, "837i-outpatient.json")))
	f.Add([]byte("ISA*00*"))
	r := newResponder(f, respond.DefaultScenario())
	f.Fuzz(func(t *testing.T, data []byte) {
		rs, err := r.Respond(context.Background(), sim.Upload{Name: "/inbound/f.837",
			Data: data, Arrived: arrived})
		if err != nil {
			t.Fatalf("Respond: %v", err)
		}
		for _, x := range rs {
			switch {
			case strings.HasSuffix(x.Name, ".ta1"):
				readTA1(t, x.Data)
			case strings.HasSuffix(x.Name, ".999"):
				read999(t, x.Data)
			case strings.HasSuffix(x.Name, ".277"):
				read277(t, x.Data)
			case strings.HasSuffix(x.Name, ".835"):
				read835(t, x.Data)
			default:
				t.Fatalf("answer %s", x.Name)
			}
		}
	})
}
