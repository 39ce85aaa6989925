package clearinghouse

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/ssh"
)

// shutdownGrace bounds the polite end of a connection in Close.
const shutdownGrace = 5 * time.Second

// errClosed is the cause reported by calls made after Close.
var errClosed = errors.New("client is closed")

// Client is the SFTP transport of one clearinghouse connection. It dials
// lazily, keeps one connection open between calls, closes it when idle, and
// reconnects when needed. It is safe for concurrent use; calls take turns on
// the connection. Every method takes a context: cancelling it drops the
// connection under the call in flight, which then returns the context's
// error.
//
// After the server refuses the credentials once, the client does not try
// again: every later call returns that ErrAuth at once, so that a wrong
// password cannot lock the account. A new Client, with fixed credentials,
// tries again.
type Client struct {
	cfg    Config
	signer ssh.Signer // nil without a private key
	log    *slog.Logger

	turn chan struct{} // one call at a time on the connection

	mu       sync.Mutex // guards sess, closed, idle and authFail
	sess     *session
	closed   bool
	idle     *time.Timer
	authFail error // the authentication failure that ended all attempts

	fetching chan struct{} // one Fetch at a time

	dl downloads
}

// New validates cfg and returns a client for it. It does not connect.
func New(cfg Config) (*Client, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	c := &Client{cfg: cfg, log: cfg.Logger, turn: make(chan struct{}, 1),
		fetching: make(chan struct{}, 1)}
	if cfg.Auth.PrivateKey.IsSet() {
		s, err := cfg.Auth.signer()
		if err != nil {
			return nil, fmt.Errorf("clearinghouse config: Auth.PrivateKey: %w", err)
		}
		c.signer = s
	}
	c.dl.init()
	return c, nil
}

// Close ends the connection, if one is open. Calls in flight fail, and
// later calls return an error.
func (c *Client) Close() error {
	c.mu.Lock()
	s := c.sess
	c.sess, c.closed = nil, true
	if c.idle != nil {
		c.idle.Stop()
	}
	c.mu.Unlock()
	if s != nil {
		s.shutdown(shutdownGrace)
	}
	return nil
}

// acquire waits for the connection's turn.
func (c *Client) acquire(ctx context.Context) error {
	select {
	case c.turn <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// release gives the turn back and arms the idle timer.
func (c *Client) release() {
	c.mu.Lock()
	if c.sess != nil && !c.closed {
		if c.idle == nil {
			c.idle = time.AfterFunc(c.cfg.Timeouts.Idle, c.closeIdle)
		} else {
			c.idle.Reset(c.cfg.Timeouts.Idle)
		}
	}
	c.mu.Unlock()
	<-c.turn
}

// closeIdle ends a connection nobody used for Timeouts.Idle.
func (c *Client) closeIdle() {
	select {
	case c.turn <- struct{}{}:
	default:
		return // in use: the call in flight re-arms the timer
	}
	c.mu.Lock()
	s := c.sess
	c.sess = nil
	c.mu.Unlock()
	<-c.turn
	if s != nil {
		s.shutdown(shutdownGrace)
	}
}

// session returns the open connection or dials a new one. The caller
// holds the turn.
func (c *Client) session(ctx context.Context) (*session, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, &Error{Op: "connect", Path: c.cfg.account(), Err: errClosed}
	}
	if c.authFail != nil {
		c.mu.Unlock()
		return nil, c.authFail
	}
	if c.idle != nil {
		c.idle.Stop()
	}
	s := c.sess
	c.mu.Unlock()
	if s != nil && !s.isLost() {
		return s, nil
	}
	if s != nil {
		c.drop(s)
	}

	s, err := c.dial(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	if errors.Is(err, ErrAuth) {
		c.authFail = err
	}
	if err != nil {
		return nil, err
	}
	if c.closed {
		s.kill()
		return nil, &Error{Op: "connect", Path: c.cfg.account(), Err: errClosed}
	}
	c.sess = s
	return s, nil
}

// drop forgets a connection and kills it.
func (c *Client) drop(s *session) {
	c.mu.Lock()
	if c.sess == s {
		c.sess = nil
	}
	c.mu.Unlock()
	s.kill()
}

// progress records when a transfer last moved data.
type progress struct{ last atomic.Int64 }

func (p *progress) touch() { p.last.Store(time.Now().UnixNano()) }

func (p *progress) since(now time.Time) time.Duration {
	return now.Sub(time.Unix(0, p.last.Load()))
}

// localError marks a failure on our side of a transfer (reading the
// source, writing the spool): not the connection's fault, not retried.
type localError struct{ err error }

func (e *localError) Error() string { return e.err.Error() }
func (e *localError) Unwrap() error { return e.err }

// stop reasons of the watchdog in guard.
const (
	stoppedNot = iota
	stoppedByContext
	stoppedByTimeout
)

// step is one attempt of an operation on a live connection.
type step func(s *session, p *progress) error

// attempt runs fn once on a connection, guarded by ctx and the operation
// timeout, and returns an *Error on failure.
func (c *Client) attempt(ctx context.Context, op, path string, fn step) error {
	if err := c.acquire(ctx); err != nil {
		return &Error{Op: op, Path: path, Err: err}
	}
	defer c.release()

	s, err := c.session(ctx)
	if err != nil {
		return err
	}
	err, why := c.guard(ctx, s, fn)
	if err == nil {
		return nil
	}
	return c.classify(ctx, op, path, s, err, why)
}

// guard runs fn while a watchdog drops the connection if ctx ends or no
// progress is made for Timeouts.Operation. Requests on a dropped connection
// fail at once, so fn returns.
func (c *Client) guard(ctx context.Context, s *session, fn step) (error, int) {
	limit := c.cfg.Timeouts.Operation
	p := &progress{}
	p.touch()
	done := make(chan struct{})
	stopped := make(chan int, 1)
	go func() {
		tick := time.NewTicker(min(max(limit/4, time.Millisecond), time.Second))
		defer tick.Stop()
		for {
			select {
			case <-done:
				stopped <- stoppedNot
				return
			case <-ctx.Done():
				s.kill()
				stopped <- stoppedByContext
				return
			case now := <-tick.C:
				if p.since(now) > limit {
					s.kill()
					stopped <- stoppedByTimeout
					return
				}
			}
		}
	}()
	err := fn(s, p)
	close(done)
	return err, <-stopped
}

// classify turns the failure of an attempt into an *Error, and forgets the
// connection unless the server itself answered with the failure.
func (c *Client) classify(ctx context.Context, op, path string, s *session, err error,
	why int) error {
	var local *localError
	switch {
	case why == stoppedByContext:
		c.drop(s)
		return &Error{Op: op, Path: path, Err: ctx.Err()}
	case why == stoppedByTimeout:
		c.drop(s)
		return &Error{Op: op, Path: path, retryable: true, Err: errTransient(
			fmt.Errorf("no answer within %v: %w", c.cfg.Timeouts.Operation,
				os.ErrDeadlineExceeded))}
	case errors.As(err, &local):
		return &Error{Op: op, Path: path, Err: local.err}
	case isServerAnswer(err):
		if s.isLost() {
			c.drop(s)
		}
		return &Error{Op: op, Path: path, Err: mapStatus(err)}
	}
	c.drop(s)
	return &Error{Op: op, Path: path, Err: errTransient(err), retryable: true}
}

// retry calls try until it succeeds, fails for good, or has been called
// attempts times, waiting a growing, jittered delay between calls. It
// returns how many calls were made.
func (c *Client) retry(ctx context.Context, op, path string, attempts int,
	try func(n int) error) (int, error) {
	for n := 1; ; n++ {
		err := try(n)
		if err == nil || !IsRetryable(err) || n >= attempts {
			return n, err
		}
		delay := c.cfg.Retry.delay(n)
		c.log.LogAttrs(ctx, slog.LevelWarn, "clearinghouse call failed, retrying",
			slog.String("op", op), slog.String("path", path),
			slog.Int("attempt", n), slog.Duration("delay", delay),
			slog.String("error", err.Error()))
		t := time.NewTimer(delay)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return n, &Error{Op: op, Path: path, Err: ctx.Err()}
		}
	}
}

// final reports whether err ends a sequence of calls: the caller cancelled,
// the client is closed, or the server is not to be talked to.
func final(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, ErrAuth) ||
		errors.Is(err, ErrHostKeyMismatch) || errors.Is(err, errClosed)
}

// do runs fn with the connection's retry policy.
func (c *Client) do(ctx context.Context, op, path string, fn step) error {
	_, err := c.retry(ctx, op, path, c.cfg.Retry.Attempts, func(int) error {
		return c.attempt(ctx, op, path, fn)
	})
	return err
}

// delay returns the wait before attempt n+1: InitialDelay doubled n-1
// times, capped at MaxDelay, then drawn at random from its upper half.
func (r RetryPolicy) delay(n int) time.Duration {
	d := r.MaxDelay
	if n-1 < 32 {
		if grown := r.InitialDelay << (n - 1); grown > 0 && grown < d {
			d = grown
		}
	}
	half := d / 2
	return half + rand.N(d-half+1)
}
