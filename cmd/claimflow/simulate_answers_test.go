package main

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi/ta1"
	"github.com/claimflow/claimflow/edi/x835"
	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

// The simulator answers an 837 by the scenario it is given, with the seed
// given on the command line over the scenario's.
func TestSimulateAnswers(t *testing.T) {
	dir := t.TempDir()
	claims := filepath.Join(dir, "batch.837")
	if out, code := run(t, "x12", "build", "--claims",
		filepath.Join(claimsDir, "837p-batch.jsonl"), "--out", claims); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, out)
	}
	scenario := filepath.Join(dir, "scenario.yaml")
	os.WriteFile(scenario, []byte("seed: 5\nfiles: {prefix: SIM_}\n"+
		"delays: {ta1: 1s, ack: 1s, claim_ack: 2s, remit: 3s, remit_spread: 0s}\n"), 0o644)
	fields, stop := runSimulateCmd(t, "--listen", "127.0.0.1:0", "--dir",
		filepath.Join(dir, "sim"), "--scenario", scenario, "--seed", "9",
		"--delay-scale", "0.01")
	if fields["scenario"] != scenario || fields["receiver"] != "ZZ/CLEARINGHOUSE" {
		t.Fatalf("printed %q", fields)
	}

	signer, err := ssh.ParsePrivateKey(must(os.ReadFile(fields["key"])))
	if err != nil {
		t.Fatal(err)
	}
	conn, err := ssh.Dial("tcp", fields["address"], &ssh.ClientConfig{User: "claimflow",
		Auth:            []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: func(string, net.Addr, ssh.PublicKey) error { return nil }})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c, err := sftp.NewClient(conn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	f, err := c.Create("/inbound/batch.837")
	if err != nil {
		t.Fatal(err)
	}
	f.Write(must(os.ReadFile(claims)))
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(fields["folder"], "outbound")
	deadline := time.Now().Add(10 * time.Second)
	var names []string
	for time.Now().Before(deadline) {
		names = names[:0]
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			names = append(names, e.Name())
		}
		if len(names) == 4 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	slices.Sort(names)
	if len(names) != 4 || !slices.Equal(names[:3],
		[]string{"SIM_batch.277", "SIM_batch.999", "SIM_batch.ta1"}) ||
		!strings.HasPrefix(names[3], "SIM_batch_") || !strings.HasSuffix(names[3], "_01.835") {
		t.Fatalf("answers %q", names)
	}
	r := ta1.NewReader(bytes.NewReader(must(os.ReadFile(filepath.Join(out, names[2])))))
	if a, err := r.Next(); err != nil || a.Code != ta1.Accepted || a.Control != "000000001" {
		t.Errorf("TA1 %+v, %v", a, err)
	}
	rems, fs, err := x835.ReadAll(bytes.NewReader(must(os.ReadFile(filepath.Join(out,
		names[3])))))
	if err != nil || len(fs) != 0 || len(rems) != 2 {
		t.Errorf("835: %d remittances, findings %v, %v", len(rems), fs, err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}

	// The same file arriving at the same time, answered in process with the
	// scenario and seed 9, gives the same bytes: the seed took effect.
	var landed sim.Entry
	for _, line := range bytes.Split(must(os.ReadFile(filepath.Join(dir, "sim",
		"journal.jsonl"))), []byte("\n")) {
		var e sim.Entry
		if json.Unmarshal(line, &e) == nil && e.Kind == sim.KindUpload {
			landed = e
		}
	}
	sc, err := respond.LoadScenario(bytes.NewReader(must(os.ReadFile(scenario))))
	if err != nil {
		t.Fatal(err)
	}
	sc.Seed = 9
	rs, err := respond.New(sc, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := rs.Respond(t.Context(), sim.Upload{Name: landed.Name,
		Data: must(os.ReadFile(claims)), Arrived: landed.Time})
	if err != nil || len(want) != 4 {
		t.Fatalf("%d answers, %v", len(want), err)
	}
	for _, w := range want {
		if got := must(os.ReadFile(filepath.Join(out, w.Name))); !bytes.Equal(got, w.Data) {
			t.Errorf("%s differs from the in-process answer", w.Name)
		}
	}
}

// A scenario that cannot be used stops the command before it listens,
// naming the field at fault.
func TestSimulateBadScenario(t *testing.T) {
	dir := t.TempDir()
	scenario := filepath.Join(dir, "scenario.yaml")
	os.WriteFile(scenario, []byte("remit: {method: WIRE}\n"), 0o644)
	cmd := newRootCmd()
	cmd.SetArgs([]string{"simulate", "--dir", dir, "--listen", "127.0.0.1:0",
		"--scenario", scenario})
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	err := cmd.ExecuteContext(t.Context())
	if err == nil || !strings.Contains(err.Error(), `remit.method: "WIRE": ACH or CHK`) ||
		!strings.HasPrefix(err.Error(), scenario+": ") {
		t.Fatalf("err = %v", err)
	}
	if out.Len() != 0 {
		t.Errorf("printed %q", out.String())
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
