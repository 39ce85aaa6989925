package respond_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi"
)

func TestDefaultScenarioIsValid(t *testing.T) {
	if err := respond.DefaultScenario().Validate(); err != nil {
		t.Fatal(err)
	}
}

// A scenario file changes what it names and keeps the defaults for the
// rest; lists replace the default lists.
func TestLoadScenario(t *testing.T) {
	sc, err := respond.LoadScenario(strings.NewReader(`
seed: 42
clearinghouse:
  id: ACMECH
files:
  prefix: ACME_
delays:
  ta1: 30s
  claim_ack: 1h30m
  remit: 5d
claim_ack:
  unknown_payer_ids: ["11111", "22222"]
remit:
  method: CHK
  copay: 40.50
  allowed_percent: {min: 70, max: 75}
  denials:
    - {reason: "197", remark: N54}
`))
	if err != nil {
		t.Fatal(err)
	}
	def := respond.DefaultScenario()
	switch {
	case sc.Seed != 42, sc.Clearinghouse.ID != "ACMECH",
		sc.Clearinghouse.Name != def.Clearinghouse.Name, sc.Files.Prefix != "ACME_":
		t.Errorf("identity %+v %+v", sc.Clearinghouse, sc.Files)
	case sc.Delays.TA1.D() != 30*time.Second, sc.Delays.Ack != def.Delays.Ack,
		sc.Delays.ClaimAck.D() != 90*time.Minute, sc.Delays.Remit.D() != 120*time.Hour:
		t.Errorf("delays %+v", sc.Delays)
	case strings.Join(sc.ClaimAck.UnknownPayerIDs, ",") != "11111,22222",
		sc.ClaimAck.InvalidMemberPattern != "^XX":
		t.Errorf("claim rules %+v", sc.ClaimAck)
	case sc.Remit.Method != "CHK", sc.Remit.Copay != edi.MustAmount("40.5"),
		sc.Remit.AllowedPercent != respond.Range{Min: 70, Max: 75},
		len(sc.Remit.Denials) != 1 || sc.Remit.Denials[0] != respond.Denial{Reason: "197",
			Remark: "N54"},
		sc.Remit.CopayShare != def.Remit.CopayShare:
		t.Errorf("remit rules %+v", sc.Remit)
	}
	if got := sc.Delays.Remit.String(); got != "5d" {
		t.Errorf("remit delay renders as %q", got)
	}
}

// Every problem of a scenario is reported at once, each with its field
// and value; unknown keys and bad values are refused.
func TestScenarioProblems(t *testing.T) {
	_, err := respond.LoadScenario(strings.NewReader(`
clearinghouse: {id: "bad id", qualifier: Z}
files: {prefix: ../x}
delays: {ack: -1m}
claim_ack: {invalid_member_pattern: "(", invalid_member_ids: [""]}
remit:
  method: WIRE
  allowed_percent: {min: 90, max: 80}
  copay_share: 1.5
  denials: [{reason: "X99", remark: "N115"}]
`))
	if !errors.Is(err, respond.ErrScenario) {
		t.Fatalf("err = %v", err)
	}
	want := []string{
		`clearinghouse.qualifier: "Z"`,
		`clearinghouse.id: "bad id"`,
		`files.prefix: "../x"`,
		`delays.ack: "-1m0s"`,
		`claim_ack.invalid_member_pattern: "("`,
		`claim_ack.invalid_member_ids[0]: ""`,
		`remit.method: "WIRE"`,
		`remit.allowed_percent: "90-80"`,
		`remit.copay_share: "1.5"`,
		`remit.denials[0].reason: "X99": not a CARC`,
	}
	msg := err.Error()
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("missing %s in\n%s", w, msg)
		}
	}
	if n := strings.Count(msg, "\n") + 1; n != len(want) {
		t.Errorf("%d problems, want %d:\n%s", n, len(want), msg)
	}

	for _, bad := range []string{"nonsense: 1\n", "delays: {ta1: soon}\n",
		"remit: {copay: ten}\n"} {
		if _, err := respond.LoadScenario(strings.NewReader(bad)); !errors.Is(err,
			respond.ErrScenario) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}

// The scenario file documented in docs/simulator.md is the built-in one.
func TestDocumentedScenario(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "simulator.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(doc), "```yaml\n")
	block, _, ok2 := strings.Cut(block, "```")
	if !ok || !ok2 {
		t.Fatal("no yaml block in docs/simulator.md")
	}
	sc, err := respond.LoadScenario(strings.NewReader(block))
	if err != nil {
		t.Fatal(err)
	}
	// Printed, an empty list and no list are alike.
	if def := respond.DefaultScenario(); fmt.Sprintf("%+v", sc) != fmt.Sprintf("%+v", def) {
		t.Errorf("documented %+v\nbuilt in   %+v", sc, def)
	}
}
