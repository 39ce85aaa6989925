package posting

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/pipeline/store"
)

// Input is a received file to apply: one already stored (FileID), or the
// bytes of one that just arrived (Name and Content, with where they came
// from).
type Input struct {
	FileID     string
	Name       string
	Content    []byte
	Connection string    // the clearinghouse connection it came through, if known
	RemotePath string    // where it was on the server
	ReceivedAt time.Time // when it arrived; zero means now
}

// Result tells what Apply did with a file.
type Result struct {
	FileID string
	Name   string
	SHA256 string
	Type   string // TA1, 999, 277CA, 835...; "unknown" for a file that is not X12
	State  string // the file's state after: applied, unreadable, report, ignored
	// Duplicate is true when the same content had been received and
	// handled before: nothing changed but a receipt was recorded.
	Duplicate bool
	// AlreadyApplied is true when the file had been applied before; Apply
	// changed nothing.
	AlreadyApplied bool
	Claims         int // distinct claims given an event
	Events         int // events recorded
	Moved          int // events that changed a claim's status
	Unmatched      int // answers left for a person
	// Repeated counts the 835 sets that repeat a payment received before,
	// in this file or another: nothing of them was posted.
	Repeated int
	// Held counts the 835 sets with the payer and trace of a payment
	// received before but another amount or other claims: their claims
	// wait for a person (and are counted in Unmatched).
	Held     int
	Findings edi.Findings
}

// Apply stores a received file, unless its content is stored already, and
// applies what it says to the claims: the typed rows (acknowledgments,
// claim statuses, remittances, provider adjustments, unmatched answers),
// each claim's events and the file's new state are written in one
// transaction, so that a failure leaves nothing half applied and the file
// ready to be applied again. The file is stored first, in a transaction of
// its own, so that its bytes are kept whatever happens next.
//
// Applying is idempotent: a file already applied is left alone, and the
// same content received again, under any name, is recorded as a duplicate
// receipt and changes nothing else. A file that is not X12 (a
// clearinghouse's text report) is kept as a report; one that cannot be
// read as X12 is kept as unreadable with its findings; X12 of a kind
// claimflow does not apply is kept as ignored. None of these is an error:
// the error is for a database that fails or a context that ends.
func Apply(ctx context.Context, s *store.Store, in Input) (Result, error) {
	f, content, dup, err := receive(ctx, s, in)
	if err != nil {
		return Result{}, err
	}
	res := Result{FileID: f.ID, Name: f.Name, SHA256: f.SHA256, Type: f.Type, State: f.State}
	if f.State != store.FileReceived {
		res.Duplicate, res.AlreadyApplied = dup, !dup
		return res, nil
	}

	parsed := parse(f.Name, content)
	res.Type, res.Findings = parsed.typ, parsed.findings
	var out Result
	err = retry(ctx, func() error {
		out = res
		return s.InTx(ctx, func(tx *store.Tx) error {
			return applyParsed(ctx, tx, f.ID, parsed, &out)
		})
	})
	if err != nil {
		return res, fmt.Errorf("apply file %s (%s): %w", f.ID, f.SHA256, err)
	}
	return out, nil
}

// receive finds or stores the file and returns it with its content and
// whether the content had been stored before.
func receive(ctx context.Context, s *store.Store, in Input) (store.File, []byte, bool, error) {
	if in.FileID != "" {
		f, err := s.GetFile(ctx, in.FileID)
		if err != nil {
			return f, nil, false, err
		}
		if f.Direction != store.Inbound {
			return f, nil, false, fmt.Errorf("%w: file %s was sent, not received",
				store.ErrInvalidInput, f.ID)
		}
		content, err := s.FileContent(ctx, in.FileID)
		return f, content, false, err
	}
	if in.Name == "" {
		return store.File{}, nil, false, fmt.Errorf("%w: a file to apply needs a name",
			store.ErrInvalidInput)
	}
	det := edi.DetectBytes(in.Content)
	var f store.File
	var dup bool
	err := s.InTx(ctx, func(tx *store.Tx) error {
		var err error
		f, dup, err = tx.StoreFile(ctx, store.NewFile{Direction: store.Inbound,
			Name: in.Name, Content: in.Content, Type: typeName(det), State: store.FileReceived,
			Connection: in.Connection, RemotePath: in.RemotePath, ReceivedAt: in.ReceivedAt})
		if err != nil {
			return err
		}
		_, err = tx.RecordReceipt(ctx, store.Receipt{FileID: f.ID, Name: in.Name,
			Connection: in.Connection, RemotePath: in.RemotePath, Duplicate: dup,
			ReceivedAt: in.ReceivedAt})
		return err
	})
	if err != nil {
		return f, nil, false, fmt.Errorf("store received file %s: %w", in.Name, err)
	}
	return f, in.Content, dup, nil
}

// applyParsed writes what a parsed file says, inside tx.
func applyParsed(ctx context.Context, tx *store.Tx, fileID string, pf *parsedFile,
	res *Result) error {

	f, err := tx.LockFile(ctx, fileID)
	if err != nil {
		return err
	}
	if f.State != store.FileReceived {
		// Applied by someone else since it was read.
		res.State, res.AlreadyApplied = f.State, true
		return nil
	}
	p := newPoster(ctx, tx, f)
	state := pf.state
	if state == store.FileApplied {
		if err := p.apply(pf); err != nil {
			return err
		}
		if err := p.replaceCut(pf); err != nil {
			return err
		}
	}
	if state == store.FileIncomplete {
		done, err := p.postedBefore(pf)
		if err != nil {
			return err
		}
		if done {
			state = store.FileReplaced
		}
	}
	if err := p.finish(res); err != nil {
		return err
	}
	findings := append(pf.findings[:len(pf.findings):len(pf.findings)], p.notes...)
	err = p.write("file state", func() error {
		return tx.SetFileState(ctx, f.ID, state, pf.typ, findingsJSON(findings))
	})
	if err != nil {
		return err
	}
	res.State, res.Findings = state, findings
	return nil
}

// retry runs fn again, up to twice, when it fails in a way that running it
// again can cure: two transactions that deadlocked, or could not be
// serialised.
func retry(ctx context.Context, fn func() error) error {
	var err error
	for range 3 {
		if err = fn(); err == nil || !store.Retryable(err) {
			return err
		}
		if ctx.Err() != nil {
			return errors.Join(err, ctx.Err())
		}
	}
	return err
}
