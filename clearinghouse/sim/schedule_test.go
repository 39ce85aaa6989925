package sim

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// threeAnswers answers like a clearinghouse: a TA1 at once, a 999 after
// ten minutes, a 277CA after two hours.
var threeAnswers = []stubReply{
	{suffix: ".ta1", data: "TA1", delay: 0},
	{suffix: ".999", data: "999!", delay: 10 * time.Minute},
	{suffix: ".277", data: "277CA", delay: 2 * time.Hour},
}

func TestResponsesAppearWhenTheClockSays(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Responder = &stubResponder{replies: threeAnswers} })
	c := e.client("alice")
	e.clock.Set(t0.Add(time.Minute))
	arrived := t0.Add(time.Minute)
	put(t, c, "/inbound/x.837", []byte(claimFile))

	e.advance(arrived)
	if got := list(t, c, "/outbound"); !slices.Equal(got, []string{"x.837.ta1"}) {
		t.Fatalf("outbound at arrival = %q", got)
	}
	want := []Pending{
		{User: "alice", Name: "x.837.999", Size: 4, Due: arrived.Add(10 * time.Minute), Upload: 1},
		{User: "alice", Name: "x.837.277", Size: 5, Due: arrived.Add(2 * time.Hour), Upload: 1},
	}
	if got := e.s.Pending(); !slices.Equal(got, want) {
		t.Fatalf("pending = %+v, want %+v", got, want)
	}

	e.advance(arrived.Add(10*time.Minute - time.Nanosecond))
	if got := list(t, c, "/outbound"); !slices.Equal(got, []string{"x.837.ta1"}) {
		t.Fatalf("outbound just before the 999 = %q", got)
	}
	e.advance(arrived.Add(10 * time.Minute))
	if got := list(t, c, "/outbound"); !slices.Equal(got, []string{"x.837.999", "x.837.ta1"}) {
		t.Fatalf("outbound at the 999 = %q", got)
	}
	e.advance(arrived.Add(2 * time.Hour))
	wantFiles := []string{"x.837.277", "x.837.999", "x.837.ta1"}
	if got := list(t, c, "/outbound"); !slices.Equal(got, wantFiles) {
		t.Fatalf("outbound at the 277CA = %q", got)
	}
	if got := get(t, c, "/outbound/x.837.277"); got != "277CA" {
		t.Errorf("277CA = %q", got)
	}

	var times []time.Time
	for _, r := range e.s.Responses() {
		times = append(times, r.Time)
	}
	wantTimes := []time.Time{arrived, arrived.Add(10 * time.Minute), arrived.Add(2 * time.Hour)}
	if !slices.EqualFunc(times, wantTimes, time.Time.Equal) {
		t.Errorf("response times = %v, want %v", times, wantTimes)
	}
	if got := e.s.Pending(); len(got) != 0 {
		t.Errorf("pending = %+v, want none", got)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	if err := e.s.WaitIdle(ctx); err != nil {
		t.Errorf("WaitIdle: %v", err)
	}
}

func TestDelayScaleAndJitter(t *testing.T) {
	dues := func(seed uint64, scale float64, jitter time.Duration) []time.Duration {
		e := newEnv(t, func(c *Config) {
			c.Responder = &stubResponder{replies: threeAnswers}
			c.Seed, c.Delays = seed, Delays{Scale: scale, Jitter: jitter}
		})
		put(t, e.client("alice"), "/inbound/x.837", []byte(claimFile))
		put(t, e.client("bob"), "/inbound/y.837", []byte(claimFile))
		e.advance(t0) // answered; whatever is due at t0 is written
		var out []time.Duration
		for _, r := range e.s.Responses() {
			out = append(out, r.Time.Sub(t0))
		}
		for _, p := range e.s.Pending() {
			out = append(out, p.Due.Sub(t0))
		}
		slices.Sort(out)
		return out
	}

	half := dues(1, 0.5, 0)
	wantHalf := []time.Duration{0, 0, 5 * time.Minute, 5 * time.Minute, time.Hour, time.Hour}
	if !slices.Equal(half, wantHalf) {
		t.Errorf("scale 0.5: dues %v, want %v", half, wantHalf)
	}

	a, b, other := dues(7, 1, time.Minute), dues(7, 1, time.Minute), dues(8, 1, time.Minute)
	if !slices.Equal(a, b) {
		t.Errorf("same seed, different dues: %v and %v", a, b)
	}
	if slices.Equal(a, other) {
		t.Errorf("seeds 7 and 8 gave the same dues %v", a)
	}
	base := []time.Duration{0, 0, 10 * time.Minute, 10 * time.Minute, 2 * time.Hour, 2 * time.Hour}
	for i, d := range a {
		if d < base[i] || d >= base[i]+time.Minute {
			t.Errorf("due %d = %v, want in [%v, %v)", i, d, base[i], base[i]+time.Minute)
		}
	}
}

func TestSystemClockReleasesOnItsOwn(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Clock = nil
		c.Responder = &stubResponder{replies: []stubReply{{".ack", "ACK", 50 * time.Millisecond}}}
	})
	c := e.client("alice")
	put(t, c, "/inbound/x.837", []byte(claimFile))
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel()
	if err := e.s.WaitIdle(ctx); err != nil {
		t.Fatal(err)
	}
	if got := get(t, c, "/outbound/x.837.ack"); got != "ACK" {
		t.Fatalf("response = %q", got)
	}
	up, resp := e.s.Uploads()[0], e.s.Responses()[0]
	if d := resp.Time.Sub(up.Time); d < 50*time.Millisecond {
		t.Errorf("response written %v after the upload, want at least 50ms", d)
	}
	if err := e.s.AdvanceTo(ctx, time.Now().Add(time.Hour)); !errors.Is(err, ErrNotManual) {
		t.Errorf("AdvanceTo with the system clock: %v, want ErrNotManual", err)
	}
}

func TestWaitIdleWaitsForTheClock(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Responder = &stubResponder{replies: []stubReply{{".ack", "ACK", time.Hour}}}
	})
	put(t, e.client("alice"), "/inbound/x.837", []byte(claimFile))
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if err := e.s.WaitIdle(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("WaitIdle with a response due in an hour: %v, want deadline exceeded", err)
	}
	e.clock.Advance(time.Hour) // the scheduler, not AdvanceTo, writes it
	ctx2, cancel2 := context.WithTimeout(t.Context(), 5*time.Second)
	defer cancel2()
	if err := e.s.WaitIdle(ctx2); err != nil {
		t.Fatalf("WaitIdle after the hour: %v", err)
	}
	if got := len(e.s.Responses()); got != 1 {
		t.Fatalf("responses = %d, want 1", got)
	}
}

func TestFlushWritesEverythingNow(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Responder = &stubResponder{replies: threeAnswers} })
	c := e.client("alice")
	put(t, c, "/inbound/x.837", []byte(claimFile))
	e.flush()
	want := []string{"x.837.277", "x.837.999", "x.837.ta1"}
	if got := list(t, c, "/outbound"); !slices.Equal(got, want) {
		t.Fatalf("outbound = %q, want %q", got, want)
	}
	if got := e.clock.Now(); !got.Equal(t0) {
		t.Errorf("clock = %v, want it left at %v", got, t0)
	}
}

func TestAdvanceToRefusesThePast(t *testing.T) {
	e := newEnv(t, nil)
	err := e.s.AdvanceTo(t.Context(), t0.Add(-time.Second))
	want := "advance to 2026-03-02T08:59:59Z: clock is already at 2026-03-02T09:00:00Z"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
}

func TestResponseNamesNeverReplaceUnreadFiles(t *testing.T) {
	e := newEnv(t, nil)
	c := e.client("alice")
	for range 3 {
		put(t, c, "/inbound/same.837", []byte(claimFile))
	}
	e.flush()
	want := []string{"same.837-1.ack", "same.837-2.ack", "same.837.ack"}
	if got := list(t, c, "/outbound"); !slices.Equal(got, want) {
		t.Fatalf("outbound = %q, want %q", got, want)
	}
	var names []string
	for _, r := range e.s.Responses() {
		names = append(names, r.Name)
	}
	wantNames := []string{"/outbound/same.837.ack", "/outbound/same.837-1.ack",
		"/outbound/same.837-2.ack"}
	if !slices.Equal(names, wantNames) {
		t.Fatalf("journal names = %q, want %q", names, wantNames)
	}
}

func TestResponderFailuresAreContained(t *testing.T) {
	var calls atomic.Int32
	e := newEnv(t, func(c *Config) {
		c.Responder = ResponderFunc(func(_ context.Context, up Upload) ([]Response, error) {
			calls.Add(1)
			switch filepath.Base(up.Name) {
			case "err.837":
				return nil, errors.New("no interchange header")
			case "panic.837":
				panic("PATIENT DOE")
			case "names.837":
				return []Response{{Name: "../up.ack"}, {Name: ".hidden"}, {Name: ""},
					{Name: "a/b"}, {Name: "ok.ack", Data: []byte("ok")}}, nil
			}
			return []Response{{Name: "fine.ack", Data: []byte("fine")}}, nil
		})
	})
	c := e.client("alice")
	for _, name := range []string{"err.837", "panic.837", "names.837", "fine.837"} {
		put(t, c, "/inbound/"+name, []byte(claimFile))
	}
	e.flush()
	if got := calls.Load(); got != 4 {
		t.Fatalf("responder called %d times, want 4", got)
	}
	if got := list(t, c, "/outbound"); !slices.Equal(got, []string{"fine.ack", "ok.ack"}) {
		t.Fatalf("outbound = %q", got)
	}
	logs := e.logs.String()
	for _, want := range []string{
		`msg="responder failed" upload=1 user=alice file=/inbound/err.837 ` +
			`error="no interchange header"`,
		`msg="responder panicked" upload=2 user=alice file=/inbound/panic.837 error=string`,
		`msg="response refused" upload=3 file=../up.ack error="name has a slash or NUL"`,
		`msg="response refused" upload=3 file=.hidden error="hidden name"`,
		`msg="response refused" upload=3 file="" error="empty name"`,
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %s", want)
		}
	}
	if strings.Contains(logs, "PATIENT") {
		t.Error("the panic value reached the log")
	}
}

func TestResponsesAreWrittenAtomically(t *testing.T) {
	var mu sync.Mutex
	var checked int
	var problems []string
	var dir string
	want := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	e := newEnv(t, func(c *Config) {
		dir = c.Dir
		c.Responder = ResponderFunc(func(_ context.Context, up Upload) ([]Response, error) {
			return []Response{{Name: filepath.Base(up.Name) + ".big", Data: want,
				Delay: time.Duration(up.Seq) * time.Minute}}, nil
		})
		c.staged = func(spooled, final string) {
			mu.Lock()
			defer mu.Unlock()
			checked++
			local := filepath.Join(dir, filepath.FromSlash(final))
			if _, err := os.Lstat(local); !errors.Is(err, os.ErrNotExist) {
				problems = append(problems, fmt.Sprintf("%s exists before the rename", final))
			}
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(spooled)))
			if err != nil || !bytes.Equal(data, want) {
				problems = append(problems, fmt.Sprintf("%s is not complete", spooled))
			}
			entries, err := os.ReadDir(filepath.Dir(local))
			for _, de := range entries {
				if strings.HasPrefix(de.Name(), ".") {
					problems = append(problems, "temporary file in the download folder: "+de.Name())
				}
			}
			if err != nil {
				problems = append(problems, err.Error())
			}
		}
	})

	// A second user reads everything that shows up, as fast as it can.
	reader := e.client("alice")
	stop := make(chan struct{})
	var seen atomic.Int32
	var readErr atomic.Value
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			infos, err := reader.ReadDir("/outbound")
			if err != nil {
				readErr.Store(err.Error())
				return
			}
			for _, fi := range infos {
				f, err := reader.Open("/outbound/" + fi.Name())
				if err != nil {
					readErr.Store(err.Error())
					return
				}
				data, err := io.ReadAll(f)
				f.Close()
				if err != nil || !bytes.Equal(data, want) {
					readErr.Store(fmt.Sprintf("%s: read %d bytes, %v", fi.Name(), len(data), err))
					return
				}
				seen.Add(1)
			}
		}
	}()

	c := e.client("alice")
	const n = 8
	for i := range n {
		put(t, c, fmt.Sprintf("/inbound/b%d.837", i), []byte(claimFile))
	}
	for i := 1; i <= n; i++ {
		e.advance(t0.Add(time.Duration(i) * time.Minute))
	}
	close(stop)
	<-done

	if msg := readErr.Load(); msg != nil {
		t.Fatalf("reader: %s", msg)
	}
	if seen.Load() == 0 {
		t.Fatal("the reader never saw a response")
	}
	mu.Lock()
	defer mu.Unlock()
	if checked != n || len(problems) > 0 {
		t.Fatalf("checked %d of %d writes; problems: %q", checked, n, problems)
	}
	if got := len(list(t, c, "/outbound")); got != n {
		t.Fatalf("outbound has %d files, want %d", got, n)
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, "spool")); len(entries) != 0 {
		t.Errorf("spool has %d files left", len(entries))
	}
}

func TestUsersAreIsolated(t *testing.T) {
	e := newEnv(t, nil)
	users := []string{"alice", "bob"}
	var wg sync.WaitGroup
	errs := make(chan error, 2*10)
	for _, u := range users {
		c := e.client(u)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				name := fmt.Sprintf("/inbound/.f%d.837", i)
				f, err := c.Create(name)
				if err != nil {
					errs <- err
					return
				}
				if _, err := f.Write([]byte(u + claimFile)); err != nil {
					errs <- err
				}
				f.Close()
				if err := c.Rename(name, fmt.Sprintf("/inbound/f%d.837", i)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	e.flush()

	byUser := map[string]int{}
	for _, up := range e.s.Uploads() {
		byUser[up.User]++
		if up.SHA256 != sha(up.User+claimFile) {
			t.Errorf("%s %s holds another user's content", up.User, up.Name)
		}
	}
	if byUser["alice"] != 10 || byUser["bob"] != 10 {
		t.Fatalf("uploads per user = %v, want 10 each", byUser)
	}
	for _, r := range e.s.Responses() {
		if _, err := os.Stat(filepath.Join(e.s.UserRoot(r.User), r.Name)); err != nil {
			t.Errorf("response %s of %s not in their folder: %v", r.Name, r.User, err)
		}
	}
	var want []string
	for i := range 10 {
		want = append(want, fmt.Sprintf("f%d.837.ack", i))
	}
	slices.Sort(want)
	for _, u := range users {
		c := e.client(u)
		if got := list(t, c, "/outbound"); !slices.Equal(got, want) {
			t.Errorf("%s outbound = %q, want %q", u, got, want)
		}
		for _, f := range list(t, c, "/inbound") {
			if got := get(t, c, "/inbound/"+f); got != u+claimFile {
				t.Errorf("%s /inbound/%s holds %.10q", u, f, got)
			}
		}
	}
}

func TestCloseEndsConnectionsAndWaits(t *testing.T) {
	e := newEnv(t, func(c *Config) {
		c.Responder = &stubResponder{replies: []stubReply{{".ack", "ACK", time.Hour}}}
	})
	c := e.client("alice")
	f, err := c.Create("/inbound/open.837")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte(claimFile)); err != nil {
		t.Fatal(err)
	}
	put(t, c, "/inbound/done.837", []byte(claimFile))
	e.advance(t0) // the answer is scheduled, an hour away
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := c.Stat("/inbound"); err == nil {
		t.Error("the connection survived Close")
	}
	if got := e.uploadNames(); !slices.Equal(got, []string{"alice:/inbound/done.837"}) {
		t.Errorf("uploads = %q; the open file must not land", got)
	}
	if err := e.s.Flush(t.Context()); !errors.Is(err, ErrClosed) {
		t.Errorf("Flush after Close: %v, want ErrClosed", err)
	}
	if !strings.Contains(e.logs.String(), `msg="pending responses dropped" count=1`) {
		t.Error("dropped responses were not logged")
	}
}

func TestStartStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	s, err := Start(ctx, Config{Dir: t.TempDir(), Users: []User{{Name: "u", Password: "p"}}})
	if err != nil {
		t.Fatal(err)
	}
	addr := s.Addr()
	cancel()
	deadline := time.Now().Add(5 * time.Second)
	for {
		nc, err := net.Dial("tcp", addr)
		if err != nil {
			break
		}
		nc.Close()
		if time.Now().After(deadline) {
			t.Fatal("server still listens after its context ended")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := s.Flush(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Flush after the context ended: %v, want ErrClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func TestCloseDoesNotWaitForStalledLogins(t *testing.T) {
	e := newEnv(t, nil)
	nc, err := net.Dial("tcp", e.s.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		e.s.mu.Lock()
		accepted := len(e.s.conns) == 1
		e.s.mu.Unlock()
		if accepted {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the connection was not accepted")
		}
	}
	start := time.Now()
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("Close took %v with a client stuck before its handshake", d)
	}
}
