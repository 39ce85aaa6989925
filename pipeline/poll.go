package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"time"

	"github.com/claimflow/claimflow/clearinghouse"
	"github.com/claimflow/claimflow/edi"
)

// PollResult tells what one poll run did.
type PollResult struct {
	Fetched    int // files downloaded
	Applied    int // new files stored and applied
	Duplicates int // files whose content was stored before
	Failed     int // files left on the server for the next run
}

// Poll runs the poll job of one connection: it downloads the answers
// waiting on the server, stores and applies each, and only then lets the
// transport delete or archive the remote file. A file that cannot be
// stored stays on the server and is fetched again next time.
func (j *Jobs) Poll(ctx context.Context, c *Connection) (PollResult, error) {
	var res PollResult
	if j.Applier == nil {
		return res, errors.New("poll: no applier: answers would have nowhere to go")
	}
	log := j.Log.With(slog.String(KeyJob, "poll"), slog.String(KeyConnection, c.Config.Name))
	lock, err := j.Store.TryLock(ctx, "poll/"+c.Config.Name)
	if err != nil {
		return res, err
	}
	defer lock.Release()

	fetched, err := c.Transport.Fetch(ctx)
	if err != nil && len(fetched) == 0 {
		return res, fmt.Errorf("fetch answers: %w", err)
	}
	if err != nil {
		// Some folders could not be listed; what was fetched is still good.
		log.Warn("some answers could not be fetched", slog.Any(KeyError, err))
	}
	res.Fetched = len(fetched)
	inAnswerOrder(fetched)
	for _, f := range fetched {
		flog := log.With(slog.String(KeyFile, f.Name), slog.String(KeySHA256, f.SHA256))
		crashPoint(CrashAfterFetch)
		content, rerr := os.ReadFile(f.LocalPath)
		var out Applied
		if rerr == nil {
			start := time.Now()
			out, rerr = j.Applier.Apply(ctx, Inbound{Name: f.Name, Connection: c.Config.Name,
				RemotePath: f.Path, Content: content, ReceivedAt: j.now()})
			if rerr == nil {
				flog.Info("answer applied", slog.String(KeyType, out.Type),
					slog.String("state", out.State), slog.Bool("duplicate", out.Duplicate),
					slog.Int(KeyClaims, out.Claims), slog.Int("unmatched", out.Unmatched),
					slog.Int("repeated", out.Repeated), slog.Int("findings", out.Findings),
					slog.Duration(KeyDuration, time.Since(start)))
			}
		}
		if rerr != nil {
			res.Failed++
			flog.Error("answer not stored; it stays on the server", slog.Any(KeyError, rerr))
			if err := c.Transport.Release(f); err != nil {
				flog.Warn("release failed", slog.Any(KeyError, err))
			}
			continue
		}
		if out.Duplicate {
			res.Duplicates++
		} else {
			res.Applied++
			j.Metrics.FileIn(c.Config.Name, out.Type)
		}
		crashPoint(CrashAfterApply)
		// The content is stored: the remote copy may go.
		if err := c.Transport.Done(ctx, f); err != nil {
			flog.Warn("remote file not archived or deleted", slog.Any(KeyError, err))
		}
		os.Remove(f.LocalPath)
	}
	if res.Failed == 0 {
		j.Metrics.PollSucceeded(c.Config.Name, j.now())
	}
	level := slog.LevelDebug
	if res.Fetched > 0 {
		level = slog.LevelInfo
	}
	log.Log(ctx, level, "poll finished", slog.Int("fetched", res.Fetched),
		slog.Int("applied", res.Applied), slog.Int("duplicates", res.Duplicates),
		slog.Int("failed", res.Failed))
	return res, nil
}

// String says what the run did, for people.
func (r PollResult) String() string {
	s := fmt.Sprintf("%d files fetched: %d applied, %d already received", r.Fetched, r.Applied,
		r.Duplicates)
	if r.Failed > 0 {
		s += fmt.Sprintf(", %d left on the server for the next run (see the log)", r.Failed)
	}
	return s
}

// answerOrder ranks the kinds of answer in the order they answer a batch,
// so that a claim's timeline reads as it happened even when one poll
// brings several: the interchange's TA1, the 999, the 277CA, the 835.
var answerOrder = map[edi.Kind]int{edi.KindTA1: 1, edi.Kind999: 2, edi.Kind997: 2,
	edi.Kind277CA: 3, edi.Kind277: 3, edi.Kind835: 4}

// inAnswerOrder sorts fetched files by the kind of answer they hold, then
// by name; files that are not answers go last.
func inAnswerOrder(fs []clearinghouse.Fetched) {
	rank := make(map[string]int, len(fs))
	for _, f := range fs {
		r := 9
		if fh, err := os.Open(f.LocalPath); err == nil {
			if d, err := edi.Detect(fh); err == nil {
				if n, ok := answerOrder[d.Kind]; ok {
					r = n
				}
			}
			fh.Close()
		}
		rank[f.LocalPath] = r
	}
	sort.SliceStable(fs, func(i, j int) bool {
		ri, rj := rank[fs[i].LocalPath], rank[fs[j].LocalPath]
		if ri != rj {
			return ri < rj
		}
		return fs[i].Name < fs[j].Name
	})
}
