package schedule

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/robfig/cron/v3"
)

func newTest(t *testing.T) (*Scheduler, *[]Result, *bytes.Buffer) {
	var mu sync.Mutex
	var results []Result
	var logs bytes.Buffer
	s := New(slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, nil)), cron.ParseStandard,
		func(r Result) {
			mu.Lock()
			results = append(results, r)
			mu.Unlock()
		})
	return s, &results, &logs
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.w.Write(p)
}

func TestNoOverlap(t *testing.T) {
	s, results, _ := newTest(t)
	release := make(chan struct{})
	started := make(chan struct{})
	job := s.Wrap("submit", JobFunc(func(ctx context.Context) error {
		close(started)
		<-release
		return nil
	}))
	go job.Run()
	<-started
	job.Run() // the first run is still going: this one is skipped
	close(release)
	if err := s.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(*results) != 2 || !(*results)[0].Skipped || (*results)[1].Skipped ||
		(*results)[1].Err != nil {
		t.Fatalf("results %+v", *results)
	}
}

func TestPanicIsContained(t *testing.T) {
	s, results, logs := newTest(t)
	s.Wrap("poll", JobFunc(func(ctx context.Context) error { panic("boom") })).Run()
	s.Wrap("poll2", JobFunc(func(ctx context.Context) error { return errors.New("no route") })).Run()
	r := *results
	if len(r) != 2 || !errors.Is(r[0].Err, ErrPanic) || r[0].Err.Error() != "job panicked: boom" ||
		r[1].Err.Error() != "no route" {
		t.Fatalf("results %+v", r)
	}
	if !strings.Contains(logs.String(), `msg="job panicked" job=poll`) ||
		!strings.Contains(logs.String(), `msg="job failed" job=poll2`) {
		t.Fatalf("logs: %s", logs.String())
	}
}

func TestStopCancelsAtDeadline(t *testing.T) {
	s, results, _ := newTest(t)
	started := make(chan struct{})
	job := s.Wrap("slow", JobFunc(func(ctx context.Context) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	}))
	go job.Run()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.Stop(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Stop: %v", err)
	}
	if len(*results) != 1 || !errors.Is((*results)[0].Err, context.Canceled) {
		t.Fatalf("results %+v", *results)
	}
	// After Stop, a late trigger does nothing.
	job.Run()
	if len(*results) != 1 {
		t.Fatalf("ran after stop: %+v", *results)
	}
}

func TestAddRefusesBadExpression(t *testing.T) {
	s, _, _ := newTest(t)
	err := s.Add("poll", "every now and then", JobFunc(func(context.Context) error { return nil }))
	if err == nil || !strings.HasPrefix(err.Error(), `schedule poll: "every now and then": `) {
		t.Fatalf("err = %v", err)
	}
}
