package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/posting"
	"github.com/claimflow/claimflow/pipeline/store"
)

// TestDemo runs the demo as `make demo` does and checks what it reports
// against the store it leaves behind.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo takes about ten seconds")
	}
	dir := filepath.Join(t.TempDir(), "demo-data")
	var out bytes.Buffer
	start := time.Now()
	err := Run(context.Background(), Options{
		Dir:      dir,
		Claims:   filepath.Join("..", "..", "testdata", "claims", "demo.jsonl"),
		Scenario: filepath.Join("..", "..", "testdata", "claims", "demo-scenario.yaml"),
		Timeout:  50 * time.Second,
		Out:      &out,
	})
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if took := time.Since(start); took > time.Minute {
		t.Errorf("the demo took %s", took)
	}
	text := out.String()
	for _, want := range []string{
		"imported 60 claims from demo.jsonl: 54 ready, 6 held back by the checks",
		"  held by the checks                                      6\n",
		"  rejected by the payer                                   3\n",
		"Where the money of the 54 claims sent went\n" +
			"  billed                                          12,410.00\n",
		"  not adjudicated (rejected or still pending)        314.00\n",
		"What reached the bank: ",
		"No claim is stuck",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the summary lacks %q:\n%s", want, text)
		}
	}

	// The figures agree with the store: every claim sent has its answer,
	// and every dollar billed is paid, written off, denied, left to the
	// patient or on a claim the payer rejected.
	ctx := context.Background()
	st, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "claimflow.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	page, err := st.ListClaims(ctx, store.ClaimQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var accounted, rejected, billed int64
	counts := map[lifecycle.Status]int{}
	for _, c := range page.Claims {
		counts[c.Status]++
		if c.Status == lifecycle.Invalid {
			continue
		}
		billed += c.TotalCents
		if c.Status == lifecycle.RejectedPayer {
			rejected += c.TotalCents
			continue
		}
		b, err := posting.ClaimBalance(ctx, st, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if b.Unexplained != 0 {
			t.Errorf("claim %s leaves %d cents unexplained", c.ID, b.Unexplained)
		}
		accounted += b.Paid + b.WrittenOff + b.Denied + b.Patient
	}
	if len(page.Claims) != 60 || counts[lifecycle.Invalid] != 6 ||
		counts[lifecycle.RejectedPayer] != 3 || counts[lifecycle.Denied] < 2 ||
		counts[lifecycle.Paid]+counts[lifecycle.PartiallyPaid]+counts[lifecycle.Denied] != 51 {
		t.Errorf("statuses %v", counts)
	}
	if billed != 1241000 || accounted+rejected != billed {
		t.Errorf("billed %d, accounted %d + rejected %d", billed, accounted, rejected)
	}
	wl, err := st.GetWorklist(ctx, store.WorklistQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	want := counts[lifecycle.Invalid] + counts[lifecycle.RejectedPayer] +
		counts[lifecycle.Denied] + counts[lifecycle.PartiallyPaid]
	if wl.Total != want || !strings.Contains(text, "Work list ("+strconv.Itoa(want)+")") {
		t.Errorf("work list has %d items, want %d", wl.Total, want)
	}

	// The daemon's log names claims and files, never patients.
	log, err := os.ReadFile(filepath.Join(dir, "claimflow.log"))
	if err != nil {
		t.Fatal(err)
	}
	phi := patientValues(t, filepath.Join("..", "..", "testdata", "claims", "demo.jsonl"))
	if len(phi) < 200 {
		t.Fatalf("only %d patient values to look for", len(phi))
	}
	for _, v := range phi {
		if bytes.Contains(log, []byte(v)) {
			t.Errorf("the log holds a patient's name, member ID or birth date")
			break
		}
	}
	if !bytes.Contains(log, []byte(`msg="answer applied"`)) {
		t.Error("the log has no poll records")
	}
}

func TestPrepareRefusesAForeignFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "precious.txt"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	err := prepare(dir)
	if err == nil || !strings.Contains(err.Error(), "is not a demo folder") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "precious.txt")); err != nil {
		t.Fatal("the folder was emptied")
	}
}

// patientValues returns the names, member IDs and birth dates in a claims
// file.
func patientValues(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range bytes.Split(bytes.TrimSpace(raw), []byte("\n")) {
		var c map[string]any
		if err := json.Unmarshal(line, &c); err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"subscriber", "dependent"} {
			p, _ := c[who].(map[string]any)
			for _, k := range []string{"firstName", "lastName", "memberId", "dateOfBirth"} {
				if v, _ := p[k].(string); len(v) > 3 {
					out = append(out, v)
				}
			}
		}
	}
	return out
}
