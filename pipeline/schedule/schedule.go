// Package schedule runs jobs on cron schedules with what robfig/cron leaves
// to its callers: each run gets a context that is cancelled at shutdown, a
// job never overlaps itself, a panic is logged and counted instead of
// ending the daemon, and Stop waits for runs in flight up to a deadline.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/robfig/cron/v3"
)

// Job is one unit of scheduled work. Run must return when ctx is done.
type Job interface {
	Run(ctx context.Context) error
}

// JobFunc adapts a function to Job.
type JobFunc func(ctx context.Context) error

// Run calls f.
func (f JobFunc) Run(ctx context.Context) error { return f(ctx) }

// Result is what one run of a job came to, for metrics and logs.
type Result struct {
	Name     string
	Started  time.Time
	Duration time.Duration
	Err      error // nil, the job's error, or an ErrPanic
	Skipped  bool  // the previous run was still going
}

// ErrPanic wraps a panic recovered from a job.
var ErrPanic = errors.New("job panicked")

// Scheduler runs named jobs on their schedules.
type Scheduler struct {
	cron   *cron.Cron
	log    *slog.Logger
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	report func(Result)
	parse  func(string) (cron.Schedule, error)
}

// New returns a Scheduler. report, when not nil, is called after every run
// and every skipped run. parse reads schedule expressions.
func New(log *slog.Logger, parse func(string) (cron.Schedule, error),
	report func(Result)) *Scheduler {
	ctx, cancel := context.WithCancel(context.Background())
	return &Scheduler{
		cron:   cron.New(cron.WithLocation(time.UTC)),
		log:    log,
		ctx:    ctx,
		cancel: cancel,
		report: report,
		parse:  parse,
	}
}

// Add schedules job under name. The name appears in logs and results.
func (s *Scheduler) Add(name, expr string, job Job) error {
	sched, err := s.parse(expr)
	if err != nil {
		return fmt.Errorf("schedule %s: %q: %w", name, expr, err)
	}
	s.cron.Schedule(sched, s.Wrap(name, job))
	return nil
}

// Wrap turns job into a cron.Job that skips a run while the previous one
// is still going, recovers panics, and passes the scheduler's context.
func (s *Scheduler) Wrap(name string, job Job) cron.Job {
	var running atomic.Bool
	return cron.FuncJob(func() {
		if s.ctx.Err() != nil {
			return
		}
		if !running.CompareAndSwap(false, true) {
			s.log.Warn("job still running, run skipped", slog.String("job", name))
			s.emit(Result{Name: name, Started: time.Now(), Skipped: true})
			return
		}
		s.wg.Add(1)
		defer s.wg.Done()
		defer running.Store(false)
		s.emit(RunOnce(s.ctx, s.log, name, job))
	})
}

// RunOnce runs job now with panic recovery, logging its end. Commands that
// run a job by hand use it too.
func RunOnce(ctx context.Context, log *slog.Logger, name string, job Job) (res Result) {
	res = Result{Name: name, Started: time.Now()}
	defer func() {
		if p := recover(); p != nil {
			res.Err = fmt.Errorf("%w: %v", ErrPanic, p)
			log.Error("job panicked", slog.String("job", name),
				slog.String("stack", string(debug.Stack())))
		}
		res.Duration = time.Since(res.Started)
		if res.Err != nil && !errors.Is(res.Err, ErrPanic) {
			log.Error("job failed", slog.String("job", name),
				slog.Duration("duration", res.Duration), slog.Any("error", res.Err))
		}
	}()
	res.Err = job.Run(ctx)
	return res
}

func (s *Scheduler) emit(r Result) {
	if s.report != nil {
		s.report(r)
	}
}

// Start begins running jobs on their schedules.
func (s *Scheduler) Start() { s.cron.Start() }

// Stop stops new runs, cancels the context of runs in flight once ctx is
// done, and waits for them. It returns ctx's error when runs were still
// going at the deadline.
func (s *Scheduler) Stop(ctx context.Context) error {
	cronDone := s.cron.Stop()
	done := make(chan struct{})
	go func() {
		<-cronDone.Done()
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		s.cancel()
		return nil
	case <-ctx.Done():
		s.cancel()
		<-done
		return ctx.Err()
	}
}
