package pipeline_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/claimflow/claimflow/clearinghouse"
	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/pipeline"
	"github.com/claimflow/claimflow/pipeline/config"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/posting"
	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/pipeline/store/storetest"
)

// BenchmarkCycle10k runs one whole cycle with 10,000 claims, on each
// backend: import, build and upload (two 5,000-claim batches), the
// simulated clearinghouse's TA1, 999, 277CA and 835s, download, read and
// apply, until every claim has its 835. It reports the seconds of a cycle
// and the peak heap in use.
func BenchmarkCycle10k(b *testing.B) {
	claims := manyClaims(b, 10000)
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				url := storetest.SQLiteURL(b)
				if backend == "postgres" {
					url = storetest.PostgresURL(b)
				}
				b.StartTimer()
				start := time.Now()
				peak := watchHeap()
				runCycle(b, url, claims)
				b.ReportMetric(time.Since(start).Seconds(), "s/cycle")
				b.ReportMetric(float64(peak())/(1<<20), "peak-heap-MB")
			}
		})
	}
}

// manyClaims makes n valid claims from the demo's, each with its own
// patient control number, as JSON Lines.
func manyClaims(b *testing.B, n int) []byte {
	f, err := os.Open(filepath.Join("..", "testdata", "claims", "demo.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var valid [][]byte
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for i := 1; sc.Scan(); i++ {
		switch i {
		case 7, 13, 19, 26, 33, 47: // the six with defects
			continue
		}
		valid = append(valid, append([]byte(nil), sc.Bytes()...))
	}
	var out bytes.Buffer
	for i := 0; i < n; i++ {
		var c map[string]any
		json.Unmarshal(valid[i%len(valid)], &c)
		c["claimInformation"].(map[string]any)["patientControlNumber"] =
			fmt.Sprintf("BEN%08d", i)
		line, _ := json.Marshal(c)
		out.Write(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// watchHeap samples the heap in use until the returned function is called,
// which gives the highest value seen.
func watchHeap() func() uint64 {
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() uint64 {
		close(done)
		return peak.Load()
	}
}

func runCycle(b *testing.B, url string, claims []byte) {
	ctx := context.Background()
	st := storetest.Open(b, url)
	imp, err := posting.Import(ctx, st, bytes.NewReader(claims), posting.ImportOptions{})
	if err != nil || imp.Ready != 10000 {
		b.Fatalf("import %+v %v", imp, err)
	}

	responder, err := respond.New(respond.DefaultScenario(), nil)
	if err != nil {
		b.Fatal(err)
	}
	clock := sim.NewManualClock(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	srv, err := sim.Start(ctx, sim.Config{Dir: b.TempDir(),
		Users:     []sim.User{{Name: "practice", Password: "bench-pw"}},
		Responder: responder, Clock: clock, MaxUploadBytes: 256 << 20})
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	host, port, _ := strings.Cut(srv.Addr(), ":")
	in := "submitter: {name: BRIGHTWATER BILLING CO, id: BWB0042, contact_phone: \"5035550100\"}\n" +
		"connections:\n  - name: simclear\n    payers: [\"*\"]\n" +
		"    sftp: {host: " + host + ", port: " + port + ", user: practice, password: bench-pw, " +
		"host_key_fingerprint: \"" + srv.HostKeyFingerprint() + "\"}\n" +
		"    upload: {dir: /inbound}\n    download: {dirs: [/outbound], min_age: 1ms}\n" +
		"    interchange: {receiver_id: CLEARINGHOUSE, usage: T}\n"
	cfg, err := config.Parse([]byte(in), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	tc, err := pipeline.ClientConfig(cfg.Connections[0], filepath.Join(b.TempDir(), "spool"))
	if err != nil {
		b.Fatal(err)
	}
	client, err := clearinghouse.New(tc)
	if err != nil {
		b.Fatal(err)
	}
	defer client.Close()
	conn := &pipeline.Connection{Config: cfg.Connections[0], Submitter: cfg.Submitter,
		Transport: client, Routing: pipeline.Routes(cfg.Connections)[0]}
	jobs := &pipeline.Jobs{Store: st, Applier: posting.Applier{Store: st},
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Metrics: pipeline.NopMetrics{}}

	sub, err := jobs.Submit(ctx, conn)
	if err != nil || sub.Claims != 10000 {
		b.Fatalf("submit %+v %v", sub, err)
	}
	if err := srv.AdvanceTo(ctx, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)); err != nil {
		b.Fatal(err)
	}
	if _, err := jobs.Poll(ctx, conn); err != nil {
		b.Fatal(err)
	}
	page, err := st.ListClaims(ctx, store.ClaimQuery{Status: lifecycle.Acknowledged, Limit: 1})
	if err != nil || len(page.Claims) != 0 {
		b.Fatalf("claims still waiting for their 835: %v", err)
	}
}
