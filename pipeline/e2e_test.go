package pipeline_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse"
	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/clearinghouse/sshdtest"
	"github.com/claimflow/claimflow/pipeline"
	"github.com/claimflow/claimflow/pipeline/config"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/posting"
	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

// TestWholeCycleOverOpenSSH runs the demo claims through the whole cycle
// against OpenSSH's sshd: import, submit, a clearinghouse answering every
// file (the simulator's responder, writing into the server's download
// folder), poll and apply, until the payers' 835s are in. It checks where
// every claim ends, that every file and control number is kept once, and
// that no patient data reached the log.
func TestWholeCycleOverOpenSSH(t *testing.T) {
	storetest.EachBackend(t, func(t *testing.T, url string) {
		ctx := context.Background()
		srv := sshdtest.Start(t)
		srv.Mkdir(t, "upload")
		srv.Mkdir(t, "download")
		st := storetest.Open(t, url)

		claims := filepath.Join("..", "testdata", "claims", "demo.jsonl")
		f, err := os.Open(claims)
		if err != nil {
			t.Fatal(err)
		}
		imp, err := posting.Import(ctx, st, f, posting.ImportOptions{})
		f.Close()
		if err != nil || imp.Ready != 54 || imp.Invalid != 6 {
			t.Fatalf("import %+v %v", imp, err)
		}

		var logs bytes.Buffer
		var mu sync.Mutex
		log := slog.New(slog.NewJSONHandler(writerFunc(func(p []byte) (int, error) {
			mu.Lock()
			defer mu.Unlock()
			return logs.Write(p)
		}), &slog.HandlerOptions{Level: slog.LevelDebug}))
		conn := sshdConnection(t, srv)
		jobs := &pipeline.Jobs{Store: st, Applier: posting.Applier{Store: st}, Log: log,
			Metrics: pipeline.NopMetrics{}}
		clearing := newClearinghouse(t, srv)

		sub, err := jobs.Submit(ctx, conn)
		if err != nil || sub.Batches != 2 || sub.Claims != 54 {
			t.Fatalf("submit %+v %v", sub, err)
		}
		// The clearinghouse answers everything at once; the poll takes it in.
		clearing.answer(t)
		for round := 0; round < 3; round++ {
			if _, err := jobs.Poll(ctx, conn); err != nil {
				t.Fatal(err)
			}
		}
		counts := map[lifecycle.Status]int{}
		page, err := st.ListClaims(ctx, store.ClaimQuery{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page.Claims {
			counts[c.Status]++
		}
		adjudicated := counts[lifecycle.Paid] + counts[lifecycle.PartiallyPaid] +
			counts[lifecycle.Denied]
		if counts[lifecycle.Invalid] != 6 || counts[lifecycle.RejectedPayer] != 3 ||
			adjudicated != 51 || counts[lifecycle.Denied] < 2 {
			t.Fatalf("statuses %v", counts)
		}

		// A second poll finds nothing new; the remote folder is empty but for
		// the archive.
		res, err := jobs.Poll(ctx, conn)
		if err != nil || res.Fetched != 0 {
			t.Fatalf("last poll %+v %v", res, err)
		}
		left, _ := filepath.Glob(srv.Path("download/*.*"))
		if len(left) != 0 {
			t.Fatalf("files left on the server: %v", left)
		}

		checkNoPHI(t, claims, logs.String())
	})
}

// sshdConnection is a connection to the test sshd with its user key and
// known_hosts file.
func sshdConnection(t *testing.T, srv *sshdtest.Server) *pipeline.Connection {
	t.Helper()
	dir := t.TempDir()
	key := filepath.Join(dir, "id_ed25519")
	if err := os.WriteFile(key, srv.UserKeys["ed25519"], 0o600); err != nil {
		t.Fatal(err)
	}
	in := "submitter: {name: BRIGHTWATER BILLING CO, id: BWB0042, contact_phone: \"5035550100\"}\n" +
		"connections:\n" +
		"  - name: sshd\n" +
		"    payers: [\"*\"]\n" +
		"    sftp: {host: " + srv.Host + ", port: " + strconv.Itoa(srv.Port) + ", user: " + srv.User +
		", private_key_file: " + key + ", known_hosts_file: " + srv.KnownHostsFile + "}\n" +
		"    upload: {dir: upload}\n" +
		"    download: {dirs: [download], min_age: 1ms}\n" +
		"    interchange: {receiver_id: CLEARINGHOUSE, usage: T}\n"
	cfg, err := config.Parse([]byte(in), dir)
	if err != nil {
		t.Fatal(err)
	}
	cc := cfg.Connections[0]
	tc, err := pipeline.ClientConfig(cc, filepath.Join(dir, "spool"))
	if err != nil {
		t.Fatal(err)
	}
	tc.Download.StableInterval = time.Millisecond
	client, err := clearinghouse.New(tc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	return &pipeline.Connection{Config: cc, Submitter: cfg.Submitter, Transport: client,
		Routing: pipeline.Routes(cfg.Connections)[0]}
}

// clearinghouseSide answers the files uploaded to the test sshd with the
// simulator's responder, as the clearinghouse's own software would.
type clearinghouseSide struct {
	srv       *sshdtest.Server
	responder *respond.Responder
	seq       uint64
}

func newClearinghouse(t *testing.T, srv *sshdtest.Server) *clearinghouseSide {
	sc := respond.DefaultScenario()
	sc.ClaimAck.InvalidMemberIDs = []string{"LKS31015838", "EVG31166299", "SMT31411788"}
	sc.Remit.DeniedMemberIDs = []string{"EVG31023757", "LKS52094580"}
	r, err := respond.New(sc, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &clearinghouseSide{srv: srv, responder: r}
}

// answer responds to every uploaded file and removes it, writing every
// answer at once, whatever its delay.
func (c *clearinghouseSide) answer(t *testing.T) {
	t.Helper()
	uploads, _ := filepath.Glob(c.srv.Path("upload/*"))
	if len(uploads) == 0 {
		t.Fatal("nothing was uploaded")
	}
	for _, p := range uploads {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		c.seq++
		sum := sha256.Sum256(data)
		resp, err := c.responder.Respond(context.Background(), sim.Upload{Seq: c.seq,
			User: c.srv.User, Name: "/upload/" + filepath.Base(p), Data: data,
			SHA256: hex.EncodeToString(sum[:]), Arrived: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		old := time.Now().Add(-time.Minute)
		for _, r := range resp {
			c.srv.WriteFile(t, "download/"+r.Name, r.Data, old)
		}
		os.Remove(p)
	}
}

// checkNoPHI fails when a name, member ID or birth date of the claims
// appears in the log.
func checkNoPHI(t *testing.T, claimsFile, log string) {
	t.Helper()
	f, err := os.Open(claimsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !strings.Contains(log, `"msg":"answer applied"`) {
		t.Fatal("the log is missing the poll's records; the check would prove nothing")
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	checked := 0
	for sc.Scan() {
		var c struct {
			Subscriber map[string]any `json:"subscriber"`
			Dependent  map[string]any `json:"dependent"`
		}
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		for _, p := range []map[string]any{c.Subscriber, c.Dependent} {
			for _, k := range []string{"lastName", "memberId", "dateOfBirth"} {
				v, _ := p[k].(string)
				if v == "" {
					continue
				}
				checked++
				if strings.Contains(log, v) {
					t.Errorf("the log holds a patient's %s", k)
				}
			}
		}
	}
	if checked < 150 {
		t.Fatalf("only %d values checked", checked)
	}
}

type writerFunc func(p []byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
