package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"time"

	"github.com/claimflow/claimflow/clearinghouse"
	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// SubmitResult tells what one submit run did.
type SubmitResult struct {
	Reconciled int // batches found whole on the server after a crash
	Reuploaded int // batches uploaded again after a crash
	Batches    int // new batches built and uploaded
	Claims     int // claims in the new batches
	Held       int // ready claims the checks now refuse
	Failed     int // batches built but not uploaded this run
}

// Submit runs the submit job of one connection: it first finishes batches
// that a crash left built but not uploaded, then turns the connection's
// ready claims into batches, stores each (claims, control numbers, the 837)
// in one transaction, uploads it and marks its claims submitted.
func (j *Jobs) Submit(ctx context.Context, c *Connection) (SubmitResult, error) {
	var res SubmitResult
	log := j.Log.With(slog.String(KeyJob, "submit"), slog.String(KeyConnection, c.Config.Name))
	lock, err := j.Store.TryLock(ctx, "submit/"+c.Config.Name)
	if err != nil {
		return res, err
	}
	defer lock.Release()

	if err := j.reconcile(ctx, c, log, &res); err != nil {
		return res, err
	}
	for _, kind := range []store.ClaimKind{store.Professional, store.Institutional} {
		for {
			n, err := j.submitOne(ctx, c, kind, log, &res)
			if err != nil {
				return res, err
			}
			if n < c.Config.MaxBatch {
				break
			}
		}
	}
	return res, nil
}

// reconcile deals with batches built but never marked uploaded.
func (j *Jobs) reconcile(ctx context.Context, c *Connection, log *slog.Logger,
	res *SubmitResult) error {
	built, err := j.Store.BatchesInState(ctx, c.Config.Name, store.BatchBuilt)
	if err != nil {
		return err
	}
	for _, b := range built {
		f, err := j.Store.GetFile(ctx, b.FileID)
		if err != nil {
			return err
		}
		blog := batchLogger(log, b, f.Name)
		remote, err := c.Transport.Stat(ctx, f.Name)
		switch {
		case err == nil && remote.Size == f.Size:
			if _, err := j.Store.MarkBatchUploaded(ctx, b.ID, remote.Path, j.now()); err != nil {
				return err
			}
			res.Reconciled++
			blog.Info("batch found whole on the server", slog.Int(KeyClaims, b.ClaimCount))
			continue
		case err == nil:
			// A file of another size under our name: never overwrite what
			// the clearinghouse may have taken. A person decides.
			res.Failed++
			blog.Error("a file of another size has the batch's name on the server",
				slog.Int64("remote_size", remote.Size), slog.Int64("size", f.Size))
			continue
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("check batch %s on the server: %w", b.ID, err)
		}
		content, err := j.Store.FileContent(ctx, b.FileID)
		if err != nil {
			return err
		}
		if err := j.upload(ctx, c, b, f.Name, content, blog); err != nil {
			res.Failed++
			continue
		}
		res.Reuploaded++
	}
	return nil
}

// submitOne builds and uploads one batch of kind; it returns the number of
// claims it considered, so that the caller knows when to stop.
func (j *Jobs) submitOne(ctx context.Context, c *Connection, kind store.ClaimKind,
	log *slog.Logger, res *SubmitResult) (int, error) {
	ready, err := j.Store.ReadyClaims(ctx, c.Routing, c.Config.MaxBatch*2)
	if err != nil {
		return 0, err
	}
	var ids []string
	for _, cl := range ready {
		if cl.Kind == kind && len(ids) < c.Config.MaxBatch {
			ids = append(ids, cl.ID)
		}
	}
	if len(ids) == 0 {
		return 0, nil
	}
	considered := len(ids)

	// A claim that the checks refuse now (a date that moved into the
	// future is impossible, but a usage indicator that does not match the
	// connection is not) is held with its findings and the batch is built
	// without it.
	for attempt := 0; len(ids) > 0; attempt++ {
		b, name, err := j.build(ctx, c, kind, ids)
		var held *heldError
		if errors.As(err, &held) && attempt < 3 {
			if err := j.hold(ctx, held); err != nil {
				return 0, err
			}
			res.Held += len(held.claims)
			ids = without(ids, held.claims)
			continue
		}
		if err != nil {
			return 0, err
		}
		res.Batches++
		res.Claims += b.ClaimCount
		f, err := j.Store.FileContent(ctx, b.FileID)
		if err != nil {
			return 0, err
		}
		blog := batchLogger(log, b, name)
		blog.Info("batch built", slog.Int(KeyClaims, b.ClaimCount),
			slog.String(KeyTotal, edi.Amount(b.TotalCents).String()))
		crashPoint(CrashAfterBuild)
		if err := j.upload(ctx, c, b, name, f, blog); err != nil {
			res.Failed++
			return 0, nil // the next run reconciles it
		}
		break
	}
	return considered, nil
}

// build makes one batch of the claims in ids.
func (j *Jobs) build(ctx context.Context, c *Connection, kind store.ClaimKind,
	ids []string) (store.Batch, string, error) {
	var name string
	k := x837.Professional
	if kind == store.Institutional {
		k = x837.Institutional
	}
	now := j.now()
	b, err := j.Store.CreateBatch(ctx, store.BatchRequest{
		Connection: c.Config.Name,
		ClaimIDs:   ids,
		Build: func(d store.BatchDraft) (store.OutboundFile, error) {
			content, err := j.write837(c, k, d, now)
			if err != nil {
				return store.OutboundFile{}, err
			}
			name = remoteName(c.Config.Upload.NameTemplate, c.Config.Name, d.BatchID,
				c.Config.Interchange.Usage, d.ISA13, now)
			return store.OutboundFile{Name: name, Content: content, Type: string(kind)}, nil
		},
	})
	if err != nil {
		return b, "", err
	}
	return b, name, nil
}

// heldError lists the claims that Builder refused while building a draft.
type heldError struct {
	claims   []string
	findings map[string]x837.Findings
}

func (e *heldError) Error() string {
	return fmt.Sprintf("%d claims refused by the checks", len(e.claims))
}

// write837 writes the draft's claims into an 837 with the reserved control
// numbers. It must produce exactly the draft's transaction sets, since the
// store has recorded which set carries which claim.
func (j *Jobs) write837(c *Connection, kind x837.Kind, d store.BatchDraft,
	now time.Time) ([]byte, error) {
	it := c.Config.Interchange
	env := x837.Envelope{
		SenderQualifier:    it.SenderQualifier,
		SenderID:           it.SenderID,
		ReceiverQualifier:  it.ReceiverQualifier,
		ReceiverID:         it.ReceiverID,
		SenderCode:         it.GroupSender,
		ReceiverCode:       it.GroupReceiver,
		Usage:              it.Usage[0],
		AckRequested:       it.AckWanted(),
		Interchange:        d.ISA13,
		Group:              d.GS06,
		FirstSet:           int(d.Sets[0].ST02),
		Time:               now,
		SubmitterID:        c.Submitter.ID,
		ReceiverIdentifier: c.Config.Receiver.ID,
		MaxClaimsPerSet:    len(d.Sets[0].Claims),
	}
	for i, s := range d.Sets {
		if s.ST02 != d.Sets[0].ST02+int64(i) {
			return nil, fmt.Errorf("batch %s: reserved ST02 values are not consecutive", d.BatchID)
		}
	}
	var buf bytes.Buffer
	b, err := x837.NewBuilder(&buf, kind, env, x837.Options{Today: now, Usage: it.Usage[0]}, "")
	if err != nil {
		return nil, err
	}
	held := &heldError{findings: map[string]x837.Findings{}}
	for _, s := range d.Sets {
		for _, dc := range s.Claims {
			cl, err := x837.DecodeClaim(dc.Document, kind)
			if err != nil {
				held.claims = append(held.claims, dc.Claim.ID)
				held.findings[dc.Claim.ID] = x837.Findings{{Code: "claim.decode",
					Severity: edi.Error, Message: "The stored claim cannot be read."}}
				continue
			}
			fs, err := b.Add(cl)
			if errors.Is(err, x837.ErrHeld) {
				held.claims = append(held.claims, dc.Claim.ID)
				held.findings[dc.Claim.ID] = fs
				continue
			}
			if err != nil {
				return nil, err
			}
		}
	}
	if len(held.claims) > 0 {
		return nil, held
	}
	sum, err := b.Close()
	if err != nil {
		return nil, err
	}
	if sum.Sets != len(d.Sets) {
		return nil, fmt.Errorf("batch %s: the 837 has %d transaction sets, the draft %d",
			d.BatchID, sum.Sets, len(d.Sets))
	}
	return buf.Bytes(), nil
}

// hold records that the checks refuse claims that were ready.
func (j *Jobs) hold(ctx context.Context, h *heldError) error {
	for _, id := range h.claims {
		detail := "held by the checks at batch time: " +
			strings.Join(h.findings[id].Codes(), ", ")
		_, err := j.Store.AppendEvent(ctx, id, store.NewEvent{
			Kind: lifecycle.KindChecked, Status: lifecycle.Invalid, Detail: detail})
		if err != nil {
			return err
		}
	}
	return nil
}

// upload sends a built batch and marks it uploaded.
func (j *Jobs) upload(ctx context.Context, c *Connection, b store.Batch, name string,
	content []byte, log *slog.Logger) error {
	start := time.Now()
	up, err := c.Transport.Upload(ctx, name, content)
	if errors.Is(err, fs.ErrExist) {
		// The file is there already: the reconciliation at the next run
		// compares sizes and decides.
		log.Warn("a file with the batch's name is already on the server")
		return err
	}
	if err != nil {
		log.Error("upload failed", slog.Any(KeyError, err),
			slog.Bool("retryable", clearinghouse.IsRetryable(err)))
		return err
	}
	crashPoint(CrashAfterUpload)
	if _, err := j.Store.MarkBatchUploaded(ctx, b.ID, up.Path, j.now()); err != nil {
		return err
	}
	log.Info("batch uploaded", slog.Int(KeyClaims, b.ClaimCount),
		slog.String(KeySHA256, up.SHA256), slog.Duration(KeyDuration, time.Since(start)))
	j.Metrics.FileOut(c.Config.Name)
	return nil
}

func batchLogger(log *slog.Logger, b store.Batch, name string) *slog.Logger {
	st02 := fmt.Sprintf("%d", b.ST02First)
	if b.ST02Last != b.ST02First {
		st02 = fmt.Sprintf("%d-%d", b.ST02First, b.ST02Last)
	}
	return log.With(slog.String(KeyBatch, b.ID), slog.String(KeyFile, name),
		slog.Int64(KeyISA13, b.ISA13), slog.Int64(KeyGS06, b.GS06), slog.String(KeyST02, st02))
}

func without(ids, drop []string) []string {
	gone := map[string]bool{}
	for _, d := range drop {
		gone[d] = true
	}
	var out []string
	for _, id := range ids {
		if !gone[id] {
			out = append(out, id)
		}
	}
	return out
}

// String says what the run did, for people.
func (r SubmitResult) String() string {
	s := fmt.Sprintf("%d batches sent with %d claims", r.Batches, r.Claims)
	if r.Held > 0 {
		s += fmt.Sprintf("; %d claims held by the checks", r.Held)
	}
	if r.Reconciled+r.Reuploaded > 0 {
		s += fmt.Sprintf("; after a stop, %d batches found on the server and %d sent again",
			r.Reconciled, r.Reuploaded)
	}
	if r.Failed > 0 {
		s += fmt.Sprintf("; %d batches not uploaded (see the log; the next run retries)",
			r.Failed)
	}
	return s
}
