// Package demo runs claimflow's whole cycle on one machine with nothing
// but Go: a simulated clearinghouse, an embedded SQLite store, the sample
// claims, and the daemon submitting and polling on a fast schedule until
// the payers' 835s are in. It is what `claimflow demo` and `make demo` run.
package demo

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/claimflow/claimflow/clearinghouse/sim"
	"github.com/claimflow/claimflow/clearinghouse/sim/respond"
	"github.com/claimflow/claimflow/pipeline"
	"github.com/claimflow/claimflow/pipeline/config"
	"github.com/claimflow/claimflow/pipeline/posting"
	"github.com/claimflow/claimflow/pipeline/store"
)

// marker is the file that says a folder is a demo's, so that a new run may
// empty it.
const marker = ".claimflow-demo"

// DelayScale squeezes the simulated clearinghouse's days into seconds: an
// 835 due three to five days after upload arrives five to eight seconds
// after it.
const DelayScale = 8.0 / (5 * 24 * 3600)

// Options say where the demo works and what it shows.
type Options struct {
	Dir      string // working folder; emptied first when it is a demo's
	Claims   string // JSON claims to import
	Scenario string // the simulator's scenario (YAML); "" for the built-in one
	// Keep leaves the daemon, the simulator and the web pages running after
	// the cycle, until ctx ends.
	Keep bool
	// Listen is the web pages' address when Keep is set.
	Listen string
	// Timeout bounds the cycle.
	Timeout time.Duration
	// Out receives progress and the summary; the daemon's log goes to a
	// file in Dir.
	Out io.Writer
	// Web builds the pages' handler when Keep is set; nil serves none.
	Web func(st *store.Store, jobs *pipeline.Jobs, log *slog.Logger) (http.Handler, error)
	// Welcome, when set with Keep, is called once the pages serve, to
	// create a login and say how to use it.
	Welcome func(ctx context.Context, st *store.Store, url string, out io.Writer) error
}

// Run runs the demo. It returns once the cycle is complete (or, with
// Keep, once ctx ends), after printing a summary.
func Run(ctx context.Context, o Options) error {
	if err := prepare(o.Dir); err != nil {
		return err
	}
	logFile, err := os.Create(filepath.Join(o.Dir, "claimflow.log"))
	if err != nil {
		return err
	}
	defer logFile.Close()
	log := slog.New(slog.NewTextHandler(logFile, nil))
	p := printer{w: o.Out, start: time.Now()}

	srv, password, err := startSimulator(ctx, o, log)
	if err != nil {
		return err
	}
	defer srv.Close()
	p.say("clearinghouse simulator listening on %s (answers days apart arrive seconds apart)",
		srv.Addr())

	cfgPath, err := writeConfig(o, srv, password)
	if err != nil {
		return err
	}
	cfg, err := config.Load(cfgPath)
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, cfg.Database)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.Migrate(ctx); err != nil {
		return err
	}

	imported, err := importClaims(ctx, st, o.Claims)
	if err != nil {
		return err
	}
	p.say("imported %d claims from %s: %d ready, %d held back by the checks",
		imported.Read, filepath.Base(o.Claims), imported.Ready, imported.Invalid)

	conns, err := pipeline.NewConnections(cfg)
	if err != nil {
		return err
	}
	jobs := &pipeline.Jobs{Store: st, Applier: posting.Applier{Store: st}, Log: log,
		Metrics: pipeline.NopMetrics{}}
	d := &pipeline.Daemon{Config: cfg, Jobs: jobs, Conns: conns}
	if o.Keep && o.Web != nil {
		if d.Handler, err = o.Web(st, jobs, log); err != nil {
			return err
		}
	}
	webAddr := make(chan string, 1)
	d.Ready = func(addr string) { webAddr <- addr }
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- d.Run(runCtx) }()
	p.say("daemon started: submit and poll every second; log in %s",
		filepath.Join(o.Dir, "claimflow.log"))

	if err := watch(ctx, st, srv, &p, o.Timeout, done); err != nil {
		stop()
		<-done
		return err
	}
	if err := printSummary(ctx, st, o.Out); err != nil {
		stop()
		<-done
		return err
	}
	fmt.Fprintf(o.Out, "\nEverything is in %s. Try:\n"+
		"  bin/claimflow claims list --config %s\n"+
		"  bin/claimflow worklist --config %s\n"+
		"  bin/claimflow demo --keep      (the same, with the web pages left running)\n",
		o.Dir, cfgPath, cfgPath)

	if o.Keep {
		addr := <-webAddr
		if addr != "" && o.Welcome != nil {
			if err := o.Welcome(ctx, st, "http://"+addr+"/", o.Out); err != nil {
				stop()
				<-done
				return err
			}
		}
		fmt.Fprintln(o.Out, "\nThe daemon and the simulator keep running; stop with Ctrl-C.")
		<-ctx.Done()
	}
	stop()
	return <-done
}

// prepare empties dir if an earlier demo made it, and makes it.
func prepare(dir string) error {
	if _, err := os.Stat(dir); err == nil {
		if _, err := os.Stat(filepath.Join(dir, marker)); err != nil {
			entries, _ := os.ReadDir(dir)
			if len(entries) > 0 {
				return fmt.Errorf("demo: %s exists and is not a demo folder; "+
					"choose another with --dir", dir)
			}
		}
		if err := os.RemoveAll(dir); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, marker),
		[]byte("made by claimflow demo; the next run empties this folder\n"), 0o600)
}

func startSimulator(ctx context.Context, o Options, log *slog.Logger) (*sim.Server, string,
	error) {
	sc := respond.DefaultScenario()
	if o.Scenario != "" {
		f, err := os.Open(o.Scenario)
		if err != nil {
			return nil, "", fmt.Errorf("demo: %w%s", err, notHere(err))
		}
		sc, err = respond.LoadScenario(f)
		f.Close()
		if err != nil {
			return nil, "", fmt.Errorf("demo: scenario %s: %w", o.Scenario, err)
		}
	}
	responder, err := respond.New(sc, log.With(slog.String("component", "simulator")))
	if err != nil {
		return nil, "", err
	}
	b := make([]byte, 12)
	rand.Read(b)
	password := hex.EncodeToString(b)
	srv, err := sim.Start(ctx, sim.Config{
		Dir:       filepath.Join(o.Dir, "clearinghouse"),
		Users:     []sim.User{{Name: "practice", Password: password}},
		Seed:      sc.Seed,
		Delays:    sim.Delays{Scale: DelayScale},
		Responder: responder,
		Logger:    log.With(slog.String("component", "simulator")),
	})
	if err != nil {
		return nil, "", err
	}
	return srv, password, nil
}

// writeConfig writes the daemon's configuration into the demo folder, so
// that the commands can be pointed at it afterwards.
func writeConfig(o Options, srv *sim.Server, password string) (string, error) {
	host, port, err := net.SplitHostPort(srv.Addr())
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(o.Dir, "sftp-password"), []byte(password+"\n"),
		0o600); err != nil {
		return "", err
	}
	listen := ""
	if o.Keep {
		listen = o.Listen
	}
	text := "# Written by claimflow demo.\n" +
		"database: sqlite:claimflow.db\n" +
		"data_dir: .\n" +
		"shutdown_timeout: 5s\n" +
		"web: {listen: \"" + listen + "\"}\n" +
		"submitter: {name: BRIGHTWATER BILLING CO, id: BWB0042, contact_phone: \"5035550100\"}\n" +
		"connections:\n" +
		"  - name: simclear\n" +
		"    payers: [\"*\"]\n" +
		"    sftp:\n" +
		"      host: " + host + "\n" +
		"      port: " + port + "\n" +
		"      user: practice\n" +
		"      password_file: sftp-password\n" +
		"      host_key_fingerprint: \"" + srv.HostKeyFingerprint() + "\"\n" +
		"      retries: 1\n" +
		"    upload: {dir: /inbound}\n" +
		"    download: {dirs: [/outbound], min_age: 1ms}\n" +
		"    interchange: {receiver_id: CLEARINGHOUSE, usage: T}\n" +
		"    receiver: {name: CLAIMFLOW SIMULATED CLEARINGHOUSE}\n" +
		"    schedules: {submit: \"@every 1s\", poll: \"@every 1s\", follow_up: \"@every 2s\"}\n" +
		"    follow_up: {no_999_after: 10s, no_277_after: 20s, no_835_after: 30s}\n"
	path := filepath.Join(o.Dir, "claimflow.yaml")
	return path, os.WriteFile(path, []byte(text), 0o600)
}

func importClaims(ctx context.Context, st *store.Store, path string) (posting.ImportSummary,
	error) {
	f, err := os.Open(path)
	if err != nil {
		return posting.ImportSummary{}, fmt.Errorf("demo: %w%s", err, notHere(err))
	}
	defer f.Close()
	return posting.Import(ctx, st, f, posting.ImportOptions{})
}

// printer writes progress lines stamped with the seconds since the start.
type printer struct {
	w     io.Writer
	start time.Time
}

func (p *printer) say(format string, args ...any) {
	fmt.Fprintf(p.w, "%5.1fs  %s\n", time.Since(p.start).Seconds(), fmt.Sprintf(format, args...))
}

// errTimeout is returned when the cycle does not finish in time.
var errTimeout = errors.New("demo: the cycle did not finish in time")

func seconds(d time.Duration) string { return strconv.Itoa(int(d.Seconds())) + "s" }

// notHere explains a missing sample file: the demo's files are found from
// the repository's root.
func notHere(err error) string {
	if !errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	return "; run the demo from the repository's root, or name the files with " +
		"--claims and --scenario"
}
