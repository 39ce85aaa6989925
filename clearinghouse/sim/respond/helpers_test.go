package respond_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/ta1"
	"github.com/claimflow/claimflow/edi/x277"
	"github.com/claimflow/claimflow/edi/x835"
	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/edi/x999"
)

// arrived is when every test's upload lands, on the simulator's clock.
var arrived = time.Date(2026, 3, 9, 14, 30, 0, 0, time.UTC)

// today is the date the claims are checked against when built: after
// every service date of the test claims.
var today = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// claimsDir holds the project's invented claims.
var claimsDir = filepath.Join("..", "..", "..", "testdata", "claims")

// loadClaims decodes a claim file of testdata/claims.
func loadClaims(t testing.TB, name string) []*x837.Claim {
	t.Helper()
	f, err := os.Open(filepath.Join(claimsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := x837.NewDecoder(f, x837.UnknownKind)
	var out []*x837.Claim
	for {
		c, err := dec.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, c)
	}
}

// person is an invented patient and subscriber for synthetic claims.
type person struct {
	pcn, member, payer, npi string
}

// synthetic returns professional claims made from 837p-simple.json, one
// per person, each with its own control number, member, payer and
// billing NPI, and as many lines as lines says (1 to 3, cycling).
func synthetic(t testing.TB, people []person) []*x837.Claim {
	t.Helper()
	model := loadClaims(t, "837p-simple.json")[0]
	var out []*x837.Claim
	for i, p := range people {
		// A copy of the model, deep where the loop below writes.
		c := new(x837.Claim)
		*c = *model
		sub, billing, info := *model.Subscriber, *model.Billing, *model.ClaimInformation
		c.Subscriber, c.Billing, c.ClaimInformation = &sub, &billing, &info
		c.Index = i
		c.Subscriber.MemberID = p.member
		c.Subscriber.FirstName = fmt.Sprintf("Invented%c", 'A'+i%26)
		c.Subscriber.LastName = fmt.Sprintf("Patient%c", 'A'+i/26%26)
		if p.payer != "" {
			c.TradingPartnerServiceID = p.payer
			c.TradingPartnerName = "Plan " + p.payer
		}
		if p.npi != "" {
			c.Billing.NPI = p.npi
		}
		ci := c.ClaimInformation
		ci.PatientControlNumber = p.pcn
		base := ci.ServiceLines[0]
		ci.ServiceLines = nil
		total := int64(0)
		for l := 0; l <= i%3; l++ {
			line := base
			ps := *base.ProfessionalService
			ps.ProcedureCode = []string{"99213", "85025", "36415"}[l]
			ps.LineItemChargeAmount = x837.Cents(int64(4000 + 1733*l + 97*(i%11)))
			line.ProfessionalService = &ps
			line.ProviderControlNumber = fmt.Sprintf("%sL%d", p.pcn, l+1)
			ci.ServiceLines = append(ci.ServiceLines, line)
			total += ps.LineItemChargeAmount.Cents
		}
		ci.ClaimChargeAmount = x837.Cents(total)
		out = append(out, c)
	}
	return out
}

// people returns n invented people with payer 60054 and the billing NPI
// of the sample claims.
func people(n int) []person {
	out := make([]person, n)
	for i := range out {
		out[i] = person{pcn: fmt.Sprintf("SYN%06d", i+1), member: fmt.Sprintf("M%09d", i+1)}
	}
	return out
}

// build writes claims of one kind into an 837 with the test envelope.
func build(t testing.TB, kind x837.Kind, claims []*x837.Claim) []byte {
	t.Helper()
	return buildSets(t, kind, claims, 0)
}

// buildSets is build with at most perSet claims in a transaction set; 0
// is the guide's limit.
func buildSets(t testing.TB, kind x837.Kind, claims []*x837.Claim, perSet int) []byte {
	t.Helper()
	var buf bytes.Buffer
	env := x837.DefaultBuildConfig().Envelope(arrived.Add(-time.Hour))
	env.Interchange, env.Group, env.MaxClaimsPerSet = 4711, 4711, perSet
	b, err := x837.NewBuilder(&buf, kind, env, x837.Options{Today: today}, "\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range claims {
		if fs, err := b.Add(c); err != nil {
			t.Fatalf("claim %d: %v %v", c.Index, err, fs)
		}
	}
	if _, err := b.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// newResponder returns a Responder for sc, failing the test on error.
func newResponder(t testing.TB, sc respond.Scenario) *respond.Responder {
	t.Helper()
	r, err := respond.New(sc, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// answers holds the responses to one upload by name.
type answers map[string]sim.Response

// names returns the answers' names, sorted.
func (a answers) names() []string {
	var out []string
	for n := range a {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// respondTo hands data to r as an upload named name.
func respondTo(t testing.TB, r *respond.Responder, name string, data []byte) answers {
	t.Helper()
	rs, err := r.Respond(context.Background(), sim.Upload{Seq: 1, User: "demo",
		Name: "/inbound/" + name, Data: data, Arrived: arrived})
	if err != nil {
		t.Fatalf("Respond: %v", err)
	}
	out := answers{}
	for _, x := range rs {
		if _, dup := out[x.Name]; dup {
			t.Fatalf("two answers named %s", x.Name)
		}
		out[x.Name] = x
	}
	return out
}

// noFindings fails the test when a reader found anything.
func noFindings(t testing.TB, what string, fs edi.Findings) {
	t.Helper()
	for _, f := range fs {
		t.Errorf("%s: %v", what, f)
	}
}

// readTA1 reads every TA1 of a file that must read cleanly.
func readTA1(t testing.TB, data []byte) []*ta1.Ack {
	t.Helper()
	r := ta1.NewReader(bytes.NewReader(data))
	var out []*ta1.Ack
	for {
		a, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	noFindings(t, "TA1", r.Findings())
	return out
}

// read999 reads every 999 set of a file that must read cleanly.
func read999(t testing.TB, data []byte) []*x999.Ack {
	t.Helper()
	r := x999.NewReader(bytes.NewReader(data))
	var out []*x999.Ack
	for {
		a, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	noFindings(t, "999", r.Findings())
	return out
}

// read277 reads every claim of a 277CA that must read cleanly, totals
// included.
func read277(t testing.TB, data []byte) []*x277.Claim {
	t.Helper()
	r := x277.NewReader(bytes.NewReader(data))
	var out []*x277.Claim
	for {
		c, err := r.NextClaim()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	noFindings(t, "277CA", r.Findings())
	return out
}

// read835 reads every remittance of an 835 that must read cleanly: no
// finding at all, balancing included.
func read835(t testing.TB, data []byte) []*x835.Remittance {
	t.Helper()
	rems, fs, err := x835.ReadAll(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	noFindings(t, "835", fs)
	return rems
}

// remits returns the answers that are 835s, by name order.
func (a answers) remits() []sim.Response {
	var out []sim.Response
	for _, n := range a.names() {
		if strings.HasSuffix(n, ".835") {
			out = append(out, a[n])
		}
	}
	return out
}
