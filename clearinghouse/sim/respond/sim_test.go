package respond_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"

	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/edi/ta1"
	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/edi/x999"
)

// simulator starts the simulator with r on a manual clock at arrived and
// returns it with an SFTP client logged in as "demo".
func simulator(t *testing.T, r sim.Responder, scale float64) (*sim.Server, *sftp.Client) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sim.Start(t.Context(), sim.Config{Dir: t.TempDir(),
		Users:     []sim.User{{Name: "demo", AuthorizedKeys: []ssh.PublicKey{signer.PublicKey()}}},
		Responder: r, Clock: sim.NewManualClock(arrived), Delays: sim.Delays{Scale: scale}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	conn, err := ssh.Dial("tcp", s.Addr(), &ssh.ClientConfig{User: "demo",
		Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)}, HostKeyCallback: ssh.FixedHostKey(
			s.HostPublicKey()), Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c, err := sftp.NewClient(conn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(); conn.Close() })
	return s, c
}

func upload(t *testing.T, c *sftp.Client, name string, data []byte) {
	t.Helper()
	f, err := c.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func outbound(t *testing.T, c *sftp.Client) []string {
	t.Helper()
	infos, err := c.ReadDir("/outbound")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, fi := range infos {
		names = append(names, fi.Name())
	}
	slices.Sort(names)
	return names
}

func download(t *testing.T, c *sftp.Client, name string) []byte {
	t.Helper()
	f, err := c.Open("/outbound/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// Through the simulator's SFTP server: the answers to an upload appear
// as the clock reaches each one's delay, and read back with the project's
// readers; junk and a 999 sent by mistake do not stop it.
func TestThroughTheSimulator(t *testing.T) {
	sc := respond.DefaultScenario()
	sc.Delays.RemitSpread = 0
	s, c := simulator(t, newResponder(t, sc), 1)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()

	upload(t, c, "/inbound/junk.837", []byte("not a claim file"))
	upload(t, c, "/inbound/batch-1.837", build(t, x837.Professional, synthetic(t, people(3))))
	for _, step := range []struct {
		after time.Duration
		want  []string
	}{
		{time.Minute, nil},
		{2 * time.Minute, []string{"batch-1.ta1"}},
		{5 * time.Minute, []string{"batch-1.999", "batch-1.ta1"}},
		{4 * time.Hour, []string{"batch-1.277", "batch-1.999", "batch-1.ta1"}},
		{72*time.Hour - time.Second, []string{"batch-1.277", "batch-1.999", "batch-1.ta1"}},
		{72 * time.Hour, []string{"batch-1.277", "batch-1.999", "batch-1.ta1",
			"batch-1_20260312_01.835"}},
	} {
		if err := s.AdvanceTo(ctx, arrived.Add(step.after)); err != nil {
			t.Fatal(err)
		}
		if got := outbound(t, c); !slices.Equal(got, step.want) {
			t.Fatalf("after %v: %q, want %q", step.after, got, step.want)
		}
	}

	if a := readTA1(t, download(t, c, "batch-1.ta1")); a[0].Code != ta1.Accepted {
		t.Errorf("TA1 %+v", a[0])
	}
	if a := read999(t, download(t, c, "batch-1.999")); a[0].Result.Code != x999.Accepted {
		t.Errorf("999 %+v", a[0].Result)
	}
	if cs := read277(t, download(t, c, "batch-1.277")); len(cs) != 3 {
		t.Errorf("277CA has %d claims", len(cs))
	}
	rems := read835(t, download(t, c, "batch-1_20260312_01.835"))
	if len(rems) != 1 || len(rems[0].Claims) != 3 {
		t.Errorf("835 %+v", rems)
	}

	// The 999 the simulator sent, uploaded back, is refused with a TA1: it
	// is addressed to claimflow, not to the clearinghouse.
	upload(t, c, "/inbound/oops.999", download(t, c, "batch-1.999"))
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	a := readTA1(t, download(t, c, "oops.ta1"))
	if len(a) != 1 || a[0].Code != ta1.Rejected || a[0].Note != "009" {
		t.Errorf("TA1 %+v", *a[0])
	}
	var landed []string
	for _, u := range s.Uploads() {
		landed = append(landed, u.Name)
	}
	if want := "/inbound/junk.837 /inbound/batch-1.837 /inbound/oops.999"; strings.Join(landed,
		" ") != want {
		t.Errorf("uploads %q, want %s", landed, want)
	}
}

// Config.Delays.Scale compresses the scenario's days into seconds for a
// demo; the answers' dates stay those of the simulated days.
func TestScaledDelays(t *testing.T) {
	sc := respond.DefaultScenario()
	sc.Delays.RemitSpread = 0
	s, c := simulator(t, newResponder(t, sc), 1.0/3600)
	upload(t, c, "/inbound/fast.837", build(t, x837.Professional, synthetic(t, people(1))))
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	if err := s.AdvanceTo(ctx, arrived.Add(72*time.Second)); err != nil {
		t.Fatal(err)
	}
	want := []string{"fast.277", "fast.999", "fast.ta1", "fast_20260312_01.835"}
	if got := outbound(t, c); !slices.Equal(got, want) {
		t.Fatalf("after 72 seconds: %q, want %q", got, want)
	}
}
