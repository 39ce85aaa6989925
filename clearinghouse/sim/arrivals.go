package sim

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"path"
	"strings"
	"time"
)

// closeWriter closes a file opened for writing and decides whether an
// upload has landed: the transfer did not break off, the file still has a
// final name inside the upload folder, and no other handle is still
// writing it.
func (s *Server) closeWriter(w *writeHandle) error {
	a := w.acct
	a.mu.Lock()
	delete(a.writers, w)
	name := w.name
	shared := false
	for other := range a.writers {
		shared = shared || other.name == name
	}
	a.mu.Unlock()

	if w.broken.Load() {
		var size int64
		if info, err := w.f.Stat(); err == nil {
			size = info.Size()
		}
		w.f.Close()
		s.interrupted(a, name, size)
		return nil
	}
	ar, _ := a.areaOf(name)
	if name == "" || shared || ar != areaUpload || s.cfg.TempNames.IsTemp(name) {
		return status(w.f.Close())
	}
	data, err := readAll(w.f)
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		s.log.Error("read closed upload", slog.String(keyUser, a.user.Name),
			slog.String(keyFile, name), slog.Any(keyError, err))
		return errFailed
	}
	s.arrive(a, name, data)
	return nil
}

// interrupted notes a file whose transfer broke off while it was open.
func (s *Server) interrupted(a *account, name string, size int64) {
	s.mu.Lock()
	s.interrupts++
	s.changedLocked()
	s.mu.Unlock()
	s.log.Info("upload interrupted", slog.String(keyUser, a.user.Name),
		slog.String(keyFile, name), slog.Int64(keySize, size))
}

// arrive records a complete upload and queues it for the Responder.
func (s *Server) arrive(a *account, name string, data []byte) {
	sum := sha256.Sum256(data)
	s.mu.Lock()
	s.uploadSeq++
	up := Upload{
		Seq:     s.uploadSeq,
		User:    a.user.Name,
		Name:    name,
		Data:    data,
		SHA256:  hex.EncodeToString(sum[:]),
		Arrived: s.clock.Now(),
	}
	s.journal.add(Entry{
		Kind:   KindUpload,
		Seq:    up.Seq,
		Time:   up.Arrived,
		User:   up.User,
		Name:   up.Name,
		Size:   int64(len(data)),
		SHA256: up.SHA256,
	})
	s.queue = append(s.queue, up)
	s.answering++
	s.changedLocked()
	s.mu.Unlock()

	signal(s.work)
	s.log.Info("upload landed", slog.Uint64(keyUpload, up.Seq), slog.String(keyUser, up.User),
		slog.String(keyFile, up.Name), slog.Int(keySize, len(data)),
		slog.String(keySHA256, up.SHA256))
}

// runResponder hands queued uploads to the Responder one at a time and
// schedules what it answers.
func (s *Server) runResponder() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.mu.Unlock()
			select {
			case <-s.ctx.Done():
				return
			case <-s.work:
			}
			continue
		}
		up := s.queue[0]
		s.queue[0] = Upload{}
		s.queue = s.queue[1:]
		s.mu.Unlock()

		responses := s.respond(up)
		s.schedule(up, responses)
	}
}

// respond calls the Responder, containing its errors and panics.
func (s *Server) respond(up Upload) (out []Response) {
	if s.cfg.Responder == nil {
		return nil
	}
	log := s.log.With(slog.Uint64(keyUpload, up.Seq), slog.String(keyUser, up.User),
		slog.String(keyFile, up.Name))
	defer func() {
		if r := recover(); r != nil {
			// The panic value is not logged: it might quote the file.
			log.Error("responder panicked", slog.String(keyError, fmt.Sprintf("%T", r)))
			out = nil
		}
	}()
	out, err := s.cfg.Responder.Respond(s.ctx, up)
	if err != nil {
		log.Error("responder failed", slog.Any(keyError, err))
		return nil
	}
	return out
}

// schedule puts an upload's responses on the pending list, each due at
// the arrival time plus its delay, scaled and jittered.
func (s *Server) schedule(up Upload, responses []Response) {
	var due []pendingResponse
	for _, r := range responses {
		if why := badResponseName(r.Name); why != "" {
			s.log.Error("response refused", slog.Uint64(keyUpload, up.Seq),
				slog.String(keyFile, r.Name), slog.String(keyError, why))
			continue
		}
		delay := time.Duration(float64(r.Delay) * s.cfg.Delays.Scale)
		if j := s.cfg.Delays.Jitter; j > 0 {
			delay += time.Duration(s.rng.Int64N(int64(j)))
		}
		due = append(due, pendingResponse{
			due:    up.Arrived.Add(delay),
			user:   up.User,
			name:   r.Name,
			data:   r.Data,
			upload: up.Seq,
		})
	}

	s.mu.Lock()
	for _, p := range due {
		s.pending.push(p)
	}
	s.answering--
	s.changedLocked()
	s.mu.Unlock()
	signal(s.wake)
}

// badResponseName says what is wrong with a response's file name.
func badResponseName(name string) string {
	switch {
	case name == "":
		return "empty name"
	case strings.ContainsAny(name, "/\x00"):
		return "name has a slash or NUL"
	case strings.HasPrefix(name, "."):
		return "hidden name"
	case path.Clean(name) != name:
		return "not a clean name"
	}
	return ""
}
