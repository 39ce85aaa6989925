package sim

import (
	"container/heap"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path"
	"strings"
	"time"
)

// pendingResponse is a response waiting for its time.
type pendingResponse struct {
	due    time.Time
	order  uint64 // breaks ties between equal due times: first scheduled first
	user   string
	name   string
	data   []byte
	upload uint64
}

// pendingHeap orders pending responses by due time.
type pendingHeap struct {
	items []pendingResponse
	next  uint64
}

// Len returns the number of pending responses. With Less, Swap, Push and
// Pop it makes pendingHeap a heap.Interface; callers use push and popDue.
func (h *pendingHeap) Len() int { return len(h.items) }

// Less orders by due time, then by scheduling order.
func (h *pendingHeap) Less(i, j int) bool {
	a, b := h.items[i], h.items[j]
	if !a.due.Equal(b.due) {
		return a.due.Before(b.due)
	}
	return a.order < b.order
}

// Swap swaps two items.
func (h *pendingHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }

// Push appends an item.
func (h *pendingHeap) Push(x any) { h.items = append(h.items, x.(pendingResponse)) }

// Pop removes the last item.
func (h *pendingHeap) Pop() any {
	last := h.items[len(h.items)-1]
	h.items[len(h.items)-1] = pendingResponse{}
	h.items = h.items[:len(h.items)-1]
	return last
}

func (h *pendingHeap) push(p pendingResponse) {
	h.next++
	p.order = h.next
	heap.Push(h, p)
}

// popDue removes the earliest response due at or before t, or any
// earliest response when all is set.
func (h *pendingHeap) popDue(t time.Time, all bool) (pendingResponse, bool) {
	if len(h.items) == 0 || (!all && h.items[0].due.After(t)) {
		return pendingResponse{}, false
	}
	return heap.Pop(h).(pendingResponse), true
}

// Pending is a response waiting for its time, without its content.
type Pending struct {
	User   string
	Name   string // base name in the user's download folder
	Size   int64
	Due    time.Time
	Upload uint64 // Seq of the upload it answers
}

// Pending lists the responses not yet written, earliest first.
func (s *Server) Pending() []Pending {
	s.mu.Lock()
	items := append([]pendingResponse(nil), s.pending.items...)
	s.mu.Unlock()
	h := &pendingHeap{items: items}
	out := make([]Pending, 0, len(items))
	for h.Len() > 0 {
		p := heap.Pop(h).(pendingResponse)
		out = append(out, Pending{User: p.user, Name: p.name, Size: int64(len(p.data)),
			Due: p.due, Upload: p.upload})
	}
	return out
}

// runScheduler writes each response when the clock reaches its due time.
func (s *Server) runScheduler() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		var timer <-chan time.Time
		if s.pending.Len() > 0 {
			wait := s.pending.items[0].due.Sub(s.clock.Now())
			timer = s.clock.After(wait)
		}
		s.mu.Unlock()

		select {
		case <-s.ctx.Done():
			return
		case <-s.wake:
		case <-timer:
			_ = s.release(s.clock.Now(), false)
		}
	}
}

// release writes every response due at or before t (every response, when
// all is set), earliest first, and returns the errors it met.
func (s *Server) release(t time.Time, all bool) error {
	s.releaseMu.Lock()
	defer s.releaseMu.Unlock()
	var errs []error
	for s.ctx.Err() == nil {
		s.mu.Lock()
		p, ok := s.pending.popDue(t, all)
		if ok {
			s.writing++
		}
		s.mu.Unlock()
		if !ok {
			break
		}

		err := s.write(p)
		if err != nil {
			s.log.Error("response not written", slog.Uint64(keyUpload, p.upload),
				slog.String(keyUser, p.user), slog.String(keyFile, p.name),
				slog.Any(keyError, err))
			errs = append(errs, err)
		}
		s.mu.Lock()
		s.writing--
		s.changedLocked()
		s.mu.Unlock()
	}
	return errors.Join(errs...)
}

// write puts one response into its user's download folder atomically: the
// content goes to a hidden file in the spool, outside every user's tree,
// and is renamed into place once complete, so the final name never shows
// a partial file. An unread file of the same name is never replaced.
func (s *Server) write(p pendingResponse) error {
	a := s.accounts[p.user]
	s.mu.Lock()
	s.responseSeq++
	seq := s.responseSeq
	s.mu.Unlock()

	spooled := path.Join(spoolDir, fmt.Sprintf(".response-%d.tmp", seq))
	if err := writeSynced(s, spooled, p.data); err != nil {
		return err
	}

	home := path.Join(usersDir, p.user)
	name, err := freeName(a, path.Join(a.user.DownloadDir, p.name))
	if err != nil {
		_ = s.dir.Remove(spooled)
		return err
	}
	if s.cfg.staged != nil {
		s.cfg.staged(spooled, path.Join(home, name[1:]))
	}
	if err := s.dir.Rename(spooled, path.Join(home, name[1:])); err != nil {
		_ = s.dir.Remove(spooled)
		return fmt.Errorf("move response into place: %w", err)
	}

	sum := sha256.Sum256(p.data)
	e := Entry{
		Kind:   KindResponse,
		Seq:    seq,
		Time:   s.clock.Now(),
		User:   p.user,
		Name:   name,
		Size:   int64(len(p.data)),
		SHA256: hex.EncodeToString(sum[:]),
		Upload: p.upload,
	}
	s.mu.Lock()
	s.journal.add(e)
	s.mu.Unlock()
	s.log.Info("response written", slog.Uint64(keyUpload, p.upload),
		slog.String(keyUser, e.User), slog.String(keyFile, e.Name),
		slog.Int64(keySize, e.Size), slog.String(keySHA256, e.SHA256),
		slog.Time(keyDue, p.due))
	return nil
}

// writeSynced writes data to a new file in the simulator's folder and
// flushes it to disk.
func writeSynced(s *Server, name string, data []byte) error {
	f, err := s.dir.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("spool response: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = s.dir.Remove(name)
		return fmt.Errorf("spool response: %w", err)
	}
	return nil
}

// freeName returns p, or when something of that name exists, p with -1,
// -2, ... added before its extension.
func freeName(a *account, p string) (string, error) {
	ext := path.Ext(p)
	stem := strings.TrimSuffix(p, ext)
	for i := 0; i < 1000; i++ {
		name := p
		if i > 0 {
			name = fmt.Sprintf("%s-%d%s", stem, i, ext)
		}
		_, err := a.root.Lstat(rel(name))
		if errors.Is(err, os.ErrNotExist) {
			return name, nil
		}
		if err != nil {
			return "", fmt.Errorf("check response name: %w", err)
		}
	}
	return "", fmt.Errorf("check response name: %s: no free name", path.Base(p))
}

// ErrNotManual is returned by AdvanceTo when the clock cannot be set.
var ErrNotManual = errors.New("simulator clock cannot be set")

// AdvanceTo waits until every upload so far has been answered, moves the
// clock (which must have a Set method, as *ManualClock does) to t, and
// writes every response due by then. When it returns, those responses are
// in their download folders.
func (s *Server) AdvanceTo(ctx context.Context, t time.Time) error {
	setter, ok := s.clock.(interface{ Set(time.Time) })
	if !ok {
		return ErrNotManual
	}
	if now := s.clock.Now(); t.Before(now) {
		return fmt.Errorf("advance to %s: clock is already at %s", t.Format(time.RFC3339),
			now.Format(time.RFC3339))
	}
	if err := s.waitFor(ctx, func() bool { return s.answering == 0 }); err != nil {
		return err
	}
	setter.Set(t)
	return s.release(t, false)
}

// Flush waits until every upload so far has been answered and writes
// every pending response now, whatever its due time.
func (s *Server) Flush(ctx context.Context) error {
	if err := s.waitFor(ctx, func() bool { return s.answering == 0 }); err != nil {
		return err
	}
	return s.release(time.Time{}, true)
}

// WaitIdle waits until every upload so far has been answered and every
// response written, as the clock releases them. With a ManualClock that
// nobody moves, it waits until ctx is done. On a closed server it returns
// ErrClosed, as AdvanceTo and Flush do.
func (s *Server) WaitIdle(ctx context.Context) error {
	return s.waitFor(ctx, func() bool {
		return s.answering == 0 && s.pending.Len() == 0 && s.writing == 0
	})
}

// waitFor waits until cond, evaluated with s.mu held, is true.
func (s *Server) waitFor(ctx context.Context, cond func() bool) error {
	if s.ctx.Err() != nil {
		return ErrClosed
	}
	for {
		s.mu.Lock()
		ok, changed := cond(), s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.ctx.Done():
			return ErrClosed
		case <-changed:
		}
	}
}

// ErrClosed is returned by waits on a server that has been closed.
var ErrClosed = errors.New("simulator closed")
