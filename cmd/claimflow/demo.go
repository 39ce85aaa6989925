package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/pipeline"
	"github.com/claimflow/claimflow/pipeline/demo"
	"github.com/claimflow/claimflow/pipeline/metrics"
	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/web"
)

func newDemoCmd() *cobra.Command {
	var o demo.Options
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the whole cycle on this machine against a simulated clearinghouse",
		Long: "demo starts a simulated clearinghouse, imports the sample claims into an\n" +
			"embedded SQLite database, and runs the daemon on a fast schedule until every\n" +
			"answer is in: 999s, 277CAs and the payers' 835s. It then prints where every\n" +
			"claim and every dollar ended up. With --keep the daemon, the simulator and the\n" +
			"web pages stay up for you to explore, with a login printed once.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.Out = cmd.OutOrStdout()
			o.Timeout = timeout
			o.Web = demoWeb
			o.Welcome = demoWelcome
			ctx := cmd.Context()
			if o.Keep {
				var stop func()
				ctx, stop = stopOnSignal(ctx, slog.New(slog.NewTextHandler(io.Discard, nil)))
				defer stop()
			}
			return demo.Run(ctx, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Dir, "dir", "demo-data", "working folder, emptied at each run")
	f.StringVar(&o.Claims, "claims", filepath.Join("testdata", "claims", "demo.jsonl"),
		"JSON claims to import")
	f.StringVar(&o.Scenario, "scenario", filepath.Join("testdata", "claims",
		"demo-scenario.yaml"), "the simulated clearinghouse's scenario")
	f.BoolVar(&o.Keep, "keep", false, "leave everything running, with the web pages")
	f.StringVar(&o.Listen, "listen", "127.0.0.1:8080", "web pages' address with --keep")
	f.DurationVar(&timeout, "timeout", 50*time.Second, "give up when the cycle takes longer")
	return cmd
}

// demoWeb serves the pages over the demo's store, with the jobs' metrics.
func demoWeb(st *store.Store, jobs *pipeline.Jobs, log *slog.Logger) (http.Handler, error) {
	m := metrics.New(st, 5*time.Second)
	jobs.Metrics = m
	return web.New(st, log, web.Options{Metrics: m, Intake: web.PostingIntake(st)})
}

// demoWelcome creates the demo's login and says where to use it.
func demoWelcome(ctx context.Context, st *store.Store, url string, out io.Writer) error {
	password, err := web.CreateDemoUser(ctx, st, "demo", store.RoleAdmin)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nWeb pages: %s\n  user      demo\n  password  %s   (shown once)\n",
		url, password)
	return nil
}
