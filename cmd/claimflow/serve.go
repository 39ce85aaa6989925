package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/claimflow/claimflow/pipeline"
	"github.com/claimflow/claimflow/pipeline/config"
	"github.com/claimflow/claimflow/pipeline/metrics"
	"github.com/claimflow/claimflow/pipeline/posting"
	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/claimflow/claimflow/web"
)

func newServeCmd() *cobra.Command {
	var cfgPath string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the daemon: submit, poll and follow up on every connection's schedule",
		Long: "serve runs every connection's jobs on their schedules and serves the web pages.\n" +
			"SIGINT or SIGTERM stops new work and waits for jobs in flight up to\n" +
			"shutdown_timeout; a second signal exits at once.",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			env, err := openEnv(cmd.Context(), cfgPath, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer env.close()
			// The pages and the jobs share one set of metrics.
			m := metrics.New(env.store, 5*time.Second)
			env.jobs.Metrics = m
			srv, err := web.New(env.store, env.log, web.Options{Metrics: m,
				Intake: web.PostingIntake(env.store)})
			if err != nil {
				return err
			}
			env.handler = srv
			ctx, stop := stopOnSignal(cmd.Context(), env.log)
			defer stop()
			d := &pipeline.Daemon{Config: env.cfg, Jobs: env.jobs, Conns: env.conns,
				Handler: env.handler}
			return d.Run(ctx)
		},
	}
	cmd.Flags().StringVar(&cfgPath, "config", defaultConfig, "configuration file")
	return cmd
}

// newJobCmd makes submit, poll and follow-up: one run of a job now, for
// every connection or the one named.
func newJobCmd(name, short string,
	run func(ctx context.Context, e *env, c *pipeline.Connection) (any, error)) *cobra.Command {
	var cfgPath, only string
	cmd := &cobra.Command{
		Use:   name,
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			env, err := openEnv(cmd.Context(), cfgPath, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer env.close()
			return runJob(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), name, only,
				env.conns, func(ctx context.Context, c *pipeline.Connection) (any, error) {
					return run(ctx, env, c)
				})
		},
	}
	cmd.Flags().StringVar(&cfgPath, "config", defaultConfig, "configuration file")
	cmd.Flags().StringVar(&only, "connection", "", "run for this connection only")
	return cmd
}

// runJob runs a job for every connection, or the one named only. A
// connection whose run fails does not stop the others: what each run did
// is printed, also when it failed part way, and the errors follow.
func runJob(ctx context.Context, out, errOut io.Writer, name, only string,
	conns []*pipeline.Connection,
	run func(context.Context, *pipeline.Connection) (any, error)) error {
	found, failed := false, 0
	for _, c := range conns {
		if only != "" && c.Config.Name != only {
			continue
		}
		found = true
		res, err := run(ctx, c)
		if res != nil {
			fmt.Fprintf(out, "%s %s: %v\n", name, c.Config.Name, res)
		}
		if err != nil {
			failed++
			fmt.Fprintf(errOut, "%s %s failed: %v\n", name, c.Config.Name, err)
		}
	}
	if !found {
		names := make([]string, len(conns))
		for i, c := range conns {
			names[i] = c.Config.Name
		}
		return fmt.Errorf("no connection named %q; the configuration has %s", only,
			strings.Join(names, ", "))
	}
	if failed > 0 {
		return exitCode(2)
	}
	return nil
}

func newSubmitCmd() *cobra.Command {
	return newJobCmd("submit", "Send the ready claims now, as the schedule would",
		func(ctx context.Context, e *env, c *pipeline.Connection) (any, error) {
			return e.jobs.Submit(ctx, c)
		})
}

func newPollCmd() *cobra.Command {
	return newJobCmd("poll", "Fetch and apply the clearinghouse's answers now",
		func(ctx context.Context, e *env, c *pipeline.Connection) (any, error) {
			return e.jobs.Poll(ctx, c)
		})
}

func newFollowUpCmd() *cobra.Command {
	return newJobCmd("follow-up", "Flag claims whose answers are late, now",
		func(ctx context.Context, e *env, c *pipeline.Connection) (any, error) {
			return e.jobs.FollowUp(ctx, c)
		})
}

func newConfigCmd() *cobra.Command {
	cfg := &cobra.Command{Use: "config", Short: "Check the configuration file"}
	cfg.AddCommand(&cobra.Command{
		Use:   "check FILE",
		Short: "Validate a configuration file without starting anything",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := config.Load(args[0])
			if err != nil {
				fmt.Fprintln(cmd.ErrOrStderr(), err)
				return exitCode(1)
			}
			bad := false
			for i, cn := range c.Connections {
				if err := pipeline.CheckCredentials(cn); err != nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "connections[%d] (%s): %v\n", i, cn.Name, err)
					bad = true
				}
			}
			if bad {
				return exitCode(1)
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%s is valid: database %s, %s\n", args[0],
				redactURL(c.Database), plural(len(c.Connections), "connection"))
			for _, cn := range c.Connections {
				fmt.Fprintf(out, "  %s: %s@%s:%d, upload %s, usage %s, submit %q, poll %q\n",
					cn.Name, cn.SFTP.User, cn.SFTP.Host, cn.SFTP.Port, cn.Upload.Dir,
					cn.Interchange.Usage, cn.Schedules.Submit, cn.Schedules.Poll)
			}
			return nil
		},
	})
	return cfg
}

// env is what the daemon's commands share: configuration, logger, store,
// connections and jobs.
type env struct {
	cfg     *config.Config
	log     *slog.Logger
	store   *store.Store
	conns   []*pipeline.Connection
	jobs    *pipeline.Jobs
	handler http.Handler
	closers []func()
}

func (e *env) close() {
	for i := len(e.closers) - 1; i >= 0; i-- {
		e.closers[i]()
	}
}

// openEnv loads the configuration, opens the store (refusing a schema it
// does not know) and the connections.
func openEnv(ctx context.Context, cfgPath string, logOut io.Writer) (*env, error) {
	cfg, err := config.Load(cfgPath)
	if err != nil {
		return nil, err
	}
	e := &env{cfg: cfg, log: newLogger(cfg.Log, logOut)}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	st, err := store.Open(ctx, cfg.Database)
	if err != nil {
		return nil, err
	}
	e.store = st
	e.closers = append(e.closers, func() { st.Close() })
	if err := st.CheckSchema(ctx); err != nil {
		e.close()
		return nil, err
	}
	conns, err := pipeline.NewConnections(cfg)
	if err != nil {
		e.close()
		return nil, err
	}
	e.conns = conns
	e.closers = append(e.closers, func() {
		for _, c := range conns {
			c.Transport.Close()
		}
	})
	e.jobs = &pipeline.Jobs{Store: st, Log: e.log, Metrics: pipeline.NopMetrics{},
		Applier: posting.Applier{Store: st}}
	return e, nil
}

// newLogger returns the logger the configuration asks for.
func newLogger(c config.Log, out io.Writer) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(c.Level))
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(out, opts))
	}
	return slog.New(slog.NewTextHandler(out, opts))
}

// stopOnSignal returns a context cancelled by the first SIGINT or SIGTERM;
// a second one ends the process at once.
func stopOnSignal(parent context.Context, log *slog.Logger) (context.Context, func()) {
	// Only this handler ends the context, so that its log line comes first.
	ctx, cancel := context.WithCancel(context.WithoutCancel(parent))
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-sigs:
		case <-ctx.Done():
			return
		}
		log.Info("signal received: stopping; a second signal stops at once")
		cancel()
		<-sigs
		log.Warn("second signal: exiting now")
		os.Exit(1)
	}()
	return ctx, func() { signal.Stop(sigs); cancel() }
}

// redactURL hides a password in a database URL.
func redactURL(u string) string {
	if p, err := url.Parse(u); err == nil && p.User != nil {
		if _, has := p.User.Password(); has {
			p.User = url.UserPassword(p.User.Username(), "xxxxx")
			return p.String()
		}
	}
	return u
}

// plural says "1 connection", "2 connections".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
