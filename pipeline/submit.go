package pipeline

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/claimflow/claimflow/clearinghouse"
	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline/store"
)

// SubmitResult tells what one submit run did.
type SubmitResult struct {
	Reconciled int // batches found whole on the server after a crash
	Reuploaded int // batches uploaded again after a crash
	Batches    int // new batches built and uploaded
	Claims     int // claims in the new batches
	Held       int // ready claims the checks now refuse, or that cannot be written
	Failed     int // batches built but not uploaded this run
	Unbuilt    int // batches that could not be built this run; their claims wait
}

// readyPage is how many ready claims the submit job reads at a time.
const readyPage = 2000

// Submit runs the submit job of one connection: it first finishes batches
// that a crash left built but not uploaded, then turns the connection's
// ready claims into batches, stores each (claims, control numbers, the 837)
// in one transaction, uploads it and marks its claims submitted.
//
// The claims of one batch share a submitter and a receiver, so that each
// file has the transaction sets the store reserved for it. A claim that
// cannot be written is held with its findings, and a batch that cannot be
// built or uploaded leaves the others to go: the error returned then joins
// what went wrong, and the result still counts what was sent.
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
	var errs []error
	for _, kind := range []store.ClaimKind{store.Professional, store.Institutional} {
		if err := j.submitKind(ctx, c, kind, log, &res); err != nil {
			errs = append(errs, err)
		}
		if ctx.Err() != nil {
			break
		}
	}
	return res, errors.Join(errs...)
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

// submitKind sends the connection's ready claims of one kind, a page at
// a time, in batches of claims that share a transaction set header.
func (j *Jobs) submitKind(ctx context.Context, c *Connection, kind store.ClaimKind,
	log *slog.Logger, res *SubmitResult) error {
	var errs []error
	after := ""
	for {
		ready, err := j.Store.ReadyClaims(ctx, c.Routing,
			store.ReadyQuery{Kind: kind, After: after, Limit: max(readyPage, c.Config.MaxBatch)})
		if err != nil {
			return errors.Join(append(errs, err)...)
		}
		if len(ready) == 0 {
			break
		}
		after = ready[len(ready)-1].ID
		groups, err := j.group(ctx, kind, ready, res)
		if err != nil {
			return errors.Join(append(errs, err)...)
		}
		for _, ids := range groups {
			for chunk := range slices.Chunk(ids, c.Config.MaxBatch) {
				if err := j.submitBatch(ctx, c, kind, chunk, log, res); err != nil {
					errs = append(errs, err)
				}
				if ctx.Err() != nil {
					return errors.Join(append(errs, ctx.Err())...)
				}
			}
		}
		if len(ready) < readyPage {
			break
		}
	}
	return errors.Join(errs...)
}

// group reads the claims' documents and splits their IDs by transaction
// set header (x837.SetKey), in order of first appearance. A claim whose
// document cannot be read is held.
func (j *Jobs) group(ctx context.Context, kind store.ClaimKind, ready []store.Claim,
	res *SubmitResult) ([][]string, error) {
	ids := make([]string, len(ready))
	for i, cl := range ready {
		ids[i] = cl.ID
	}
	docs, err := j.Store.CurrentDocuments(ctx, ids)
	if err != nil {
		return nil, err
	}
	held := &heldError{findings: map[string]x837.Findings{}}
	var groups [][]string
	index := map[string]int{}
	for _, id := range ids {
		cl, err := x837.DecodeClaim(docs[id], x837Kind(kind))
		if err != nil {
			held.add(id, unreadable)
			continue
		}
		k := x837.SetKey(cl)
		i, ok := index[k]
		if !ok {
			i = len(groups)
			index[k] = i
			groups = append(groups, nil)
		}
		groups[i] = append(groups[i], id)
	}
	if err := j.hold(ctx, held, res); err != nil {
		return nil, err
	}
	return groups, nil
}

// submitBatch builds and uploads one batch of the claims in ids, which
// share a transaction set header. A claim that the checks refuse now (a
// date that moved into the future is impossible, but a usage indicator
// that does not match the connection is not) is held with its findings
// and the batch is built without it. When a batch cannot be written for
// another reason, each claim is tried alone, and those that still cannot
// be written are held.
func (j *Jobs) submitBatch(ctx context.Context, c *Connection, kind store.ClaimKind,
	ids []string, log *slog.Logger, res *SubmitResult) error {
	for attempt := 0; len(ids) > 0; attempt++ {
		b, name, err := j.build(ctx, c, kind, ids)
		var held *heldError
		var unwritten *writeError
		switch {
		case errors.As(err, &held) && attempt < 3:
			if err := j.hold(ctx, held, res); err != nil {
				return err
			}
			ids = without(ids, held.claims)
			continue
		case errors.As(err, &unwritten) && len(ids) > 1:
			log.Warn("a batch could not be written; its claims are tried one by one",
				slog.Int(KeyClaims, len(ids)), slog.Any(KeyError, err))
			var errs []error
			for _, id := range ids {
				if err := j.submitBatch(ctx, c, kind, []string{id}, log, res); err != nil {
					errs = append(errs, err)
				}
			}
			return errors.Join(errs...)
		case errors.As(err, &unwritten):
			h := &heldError{findings: map[string]x837.Findings{}}
			h.add(ids[0], x837.Finding{Code: "claim.unwritable", Severity: edi.Error,
				Message: "The claim could not be written into an 837: " +
					unwritten.err.Error() + "."})
			return j.hold(ctx, h, res)
		case err != nil:
			res.Unbuilt++
			log.Error("a batch could not be built; its claims wait for the next run",
				slog.Int(KeyClaims, len(ids)), slog.Any(KeyError, err))
			return fmt.Errorf("build a batch of %d claims: %w", len(ids), err)
		}
		res.Batches++
		res.Claims += b.ClaimCount
		f, err := j.Store.FileContent(ctx, b.FileID)
		if err != nil {
			return err
		}
		blog := batchLogger(log, b, name)
		blog.Info("batch built", slog.Int(KeyClaims, b.ClaimCount),
			slog.String(KeyTotal, edi.Amount(b.TotalCents).String()))
		crashPoint(CrashAfterBuild)
		if err := j.upload(ctx, c, b, name, f, blog); err != nil {
			res.Failed++
			return nil // the next run reconciles it
		}
		return nil
	}
	return nil
}

func x837Kind(kind store.ClaimKind) x837.Kind {
	if kind == store.Institutional {
		return x837.Institutional
	}
	return x837.Professional
}

// build makes one batch of the claims in ids.
func (j *Jobs) build(ctx context.Context, c *Connection, kind store.ClaimKind,
	ids []string) (store.Batch, string, error) {
	var name string
	k := x837Kind(kind)
	now := j.now()
	b, err := j.Store.CreateBatch(ctx, store.BatchRequest{
		Connection: c.Config.Name,
		ClaimIDs:   ids,
		Build: func(d store.BatchDraft) (store.OutboundFile, error) {
			content, err := j.write837(c, k, d, now)
			var held *heldError
			if err != nil && !errors.As(err, &held) {
				return store.OutboundFile{}, &writeError{err: err}
			}
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

func (e *heldError) add(id string, fs ...x837.Finding) {
	e.claims = append(e.claims, id)
	e.findings[id] = fs
}

// unreadable is the finding of a stored claim whose document cannot be
// decoded.
var unreadable = x837.Finding{Code: "claim.decode", Severity: edi.Error,
	Message: "The stored claim cannot be read."}

// writeError is a failure to write a draft's 837 that is not a claim the
// checks refuse: no retry of the same batch can succeed.
type writeError struct{ err error }

func (e *writeError) Error() string { return "write the 837: " + e.err.Error() }

func (e *writeError) Unwrap() error { return e.err }

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
				held.add(dc.Claim.ID, unreadable)
				continue
			}
			fs, err := b.Add(cl)
			if errors.Is(err, x837.ErrHeld) {
				held.add(dc.Claim.ID, fs...)
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

// hold holds claims that were ready but cannot be sent, each with its
// findings, and counts them.
func (j *Jobs) hold(ctx context.Context, h *heldError, res *SubmitResult) error {
	for _, id := range h.claims {
		fs := h.findings[id]
		detail := "held by the checks at batch time: " + strings.Join(fs.Codes(), ", ")
		var stored []store.Finding
		for _, f := range fs {
			if f.Severity >= edi.Error {
				stored = append(stored, store.Finding{Severity: store.SeverityError,
					Code: f.Code, Path: f.Path, Message: f.Message})
			}
		}
		if _, err := j.Store.HoldClaim(ctx, id, stored, detail); err != nil {
			return err
		}
		res.Held++
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
	if r.Unbuilt > 0 {
		s += fmt.Sprintf("; %d batches not built (see the log; their claims wait for "+
			"the next run)", r.Unbuilt)
	}
	return s
}
