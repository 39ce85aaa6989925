package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/claimflow/claimflow/pipeline/config"
	"github.com/claimflow/claimflow/pipeline/schedule"
	"github.com/claimflow/claimflow/pipeline/store"
)

// ErrAnotherDaemon means a second daemon was started on the same SQLite
// file.
var ErrAnotherDaemon = errors.New("another claimflow daemon is using this SQLite database; " +
	"run one daemon per SQLite file, or use PostgreSQL to run several")

// Daemon runs every connection's jobs on their schedules until its context
// ends, and serves the web pages when a handler is given.
type Daemon struct {
	Config *config.Config
	Jobs   *Jobs
	Conns  []*Connection
	// Handler serves the pages, the API and the metrics on
	// Config.Web.Listen; nil serves nothing.
	Handler http.Handler
	// Ready, when set, is called once the daemon runs, with the web
	// server's address ("" without one).
	Ready func(webAddr string)
}

// Run starts the daemon and blocks until ctx ends; then it stops taking
// new work, waits up to the configured shutdown timeout for jobs in flight
// and returns.
func (d *Daemon) Run(ctx context.Context) error {
	log := d.Jobs.Log
	st := d.Jobs.Store
	if st.Dialect() == store.SQLite {
		lock, err := st.TryLock(ctx, "daemon")
		if errors.Is(err, store.ErrLocked) {
			return ErrAnotherDaemon
		}
		if err != nil {
			return err
		}
		defer lock.Release()
	}

	// Batches that a crash caught between build and upload are finished
	// before anything new is sent.
	for _, c := range d.Conns {
		var res SubmitResult
		err := d.Jobs.reconcile(ctx, c, log.With(slog.String(KeyJob, "reconcile"),
			slog.String(KeyConnection, c.Config.Name)), &res)
		if err != nil {
			log.Error("reconciling batches failed", slog.String(KeyConnection, c.Config.Name),
				slog.Any(KeyError, err))
		}
	}

	sched := schedule.New(log, config.ParseSchedule, func(r schedule.Result) {
		if !r.Skipped {
			job, connection := jobLabels(r.Name)
			d.Jobs.Metrics.JobRun(job, connection, r.Duration, r.Err)
		}
	})
	for _, c := range d.Conns {
		if err := d.schedule(sched, c); err != nil {
			return err
		}
	}

	var srv *http.Server
	addr := ""
	if d.Handler != nil && d.Config.Web.Listen != "" {
		ln, err := net.Listen("tcp", d.Config.Web.Listen)
		if err != nil {
			return fmt.Errorf("web: %w", err)
		}
		addr = ln.Addr().String()
		srv = &http.Server{Handler: d.Handler, ReadHeaderTimeout: 10 * time.Second,
			ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
		go func() {
			var err error
			if d.Config.Web.TLSCert != "" {
				err = srv.ServeTLS(ln, d.Config.Web.TLSCert, d.Config.Web.TLSKey)
			} else {
				err = srv.Serve(ln)
			}
			if err != nil && !errors.Is(err, http.ErrServerClosed) {
				log.Error("web server stopped", slog.Any(KeyError, err))
			}
		}()
		log.Info("web server listening", slog.String("addr", addr))
	}

	sched.Start()
	log.Info("daemon started", slog.Int("connections", len(d.Conns)))
	if d.Ready != nil {
		d.Ready(addr)
	}
	<-ctx.Done()

	log.Info("stopping: waiting for jobs in flight",
		slog.Duration("timeout", d.Config.ShutdownTimeout.D()))
	stopCtx, cancel := context.WithTimeout(context.Background(), d.Config.ShutdownTimeout.D())
	defer cancel()
	if srv != nil {
		srv.Shutdown(stopCtx)
	}
	err := sched.Stop(stopCtx)
	for _, c := range d.Conns {
		c.Transport.Close()
	}
	if err != nil {
		log.Warn("jobs were cancelled at the shutdown deadline")
	}
	log.Info("daemon stopped")
	return nil
}

// schedule adds a connection's three jobs.
// scheduleName names a connection's job in the scheduler and its logs:
// "poll/mainclear".
func scheduleName(job, connection string) string { return job + "/" + connection }

// jobLabels splits a scheduleName into the job kind (submit, poll,
// follow_up) and the connection's name, the labels of the job metrics.
func jobLabels(name string) (job, connection string) {
	job, connection, _ = strings.Cut(name, "/")
	return job, connection
}

func (d *Daemon) schedule(s *schedule.Scheduler, c *Connection) error {
	name := c.Config.Name
	jobs := []struct {
		job, expr string
		run       func(ctx context.Context) error
	}{
		{"submit", c.Config.Schedules.Submit, func(ctx context.Context) error {
			_, err := d.Jobs.Submit(ctx, c)
			return err
		}},
		{"poll", c.Config.Schedules.Poll, func(ctx context.Context) error {
			_, err := d.Jobs.Poll(ctx, c)
			return err
		}},
		{"follow_up", c.Config.Schedules.FollowUp, func(ctx context.Context) error {
			_, err := d.Jobs.FollowUp(ctx, c)
			return err
		}},
	}
	for _, j := range jobs {
		run := j.run
		err := s.Add(scheduleName(j.job, name), j.expr, schedule.JobFunc(func(ctx context.Context) error {
			err := run(ctx)
			if errors.Is(err, store.ErrLocked) {
				// Another daemon runs this job now; that is the point of the lock.
				return nil
			}
			return err
		}))
		if err != nil {
			return err
		}
	}
	return nil
}
