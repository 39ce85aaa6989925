package posting

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// ErrAttached means the answer was attached to a claim before.
var ErrAttached = errors.New("the answer is already attached to a claim")

// ErrNotSent means the claim an answer is to be attached to was never sent,
// so nothing it says can concern it.
var ErrNotSent = errors.New("the claim was never sent")

// AttachUnmatched attaches an answer that matched no claim (or that posting
// held back) to the claim a person chose, and posts it exactly as if it
// had matched: the claim's events, its status and, for a remittance, its
// lines and balance. The answer is attached to the claim's newest version
// sent, unless what it carries (a payer's claim number, a reversal's
// original) names another. Everything is written in one transaction.
func AttachUnmatched(ctx context.Context, s *store.Store, responseID,
	claimID string) (Result, error) {

	var res Result
	err := retry(ctx, func() error {
		res = Result{}
		return s.InTx(ctx, func(tx *store.Tx) error {
			return attach(ctx, tx, responseID, claimID, &res)
		})
	})
	if err != nil {
		return Result{}, fmt.Errorf("attach answer %s to claim %s: %w", responseID, claimID,
			err)
	}
	return res, nil
}

func attach(ctx context.Context, tx *store.Tx, responseID, claimID string,
	res *Result) error {

	u, err := tx.LockUnmatched(ctx, responseID)
	if err != nil {
		return err
	}
	if !u.AttachedAt.IsZero() {
		return ErrAttached
	}
	f, err := tx.LockFile(ctx, u.FileID)
	if err != nil {
		return err
	}
	res.FileID, res.Name, res.SHA256, res.Type, res.State = f.ID, f.Name, f.SHA256, f.Type,
		f.State
	p := newPoster(ctx, tx, f)
	subs, err := tx.SubmissionsOfClaims(ctx, []string{claimID})
	if err != nil {
		return err
	}
	subs = sent(subs)
	if len(subs) == 0 {
		// A claim that does not exist is not found rather than unsent.
		if err := tx.LockClaims(ctx, []string{claimID}); err != nil {
			return err
		}
		return ErrNotSent
	}
	switch u.Kind {
	case "277CA":
		err = p.attach277(u.SourceID, subs)
	case "835":
		err = p.attach835(u.SourceID, subs)
	case "999", "TA1":
		err = p.attachAck(u.SourceID, subs)
	default:
		err = fmt.Errorf("answers of kind %s cannot be attached", u.Kind)
	}
	if err != nil {
		return err
	}
	if err := p.finish(res); err != nil {
		return err
	}
	return p.write("attachment", func() error { return tx.MarkAttached(ctx, u.ID, claimID) })
}

// attach277 posts a stored 277CA claim status on the claim's newest
// submission.
func (p *poster) attach277(ackID string, subs []store.Submission) error {
	a, err := p.tx.ClaimAck(p.ctx, ackID)
	if err != nil {
		return err
	}
	sub := p.latest(subs)
	var list []storedStatus
	if err := json.Unmarshal(a.Statuses, &list); err != nil {
		return fmt.Errorf("read stored statuses: %w", err)
	}
	lines, err := p.tx.VersionLines(p.ctx, []string{sub.ClaimID})
	if err != nil {
		return err
	}
	numberLines(list, lines[store.VersionKey{ClaimID: sub.ClaimID, Version: sub.Version}])
	status, detail := claimAckVerdict(list, a.PayerClaimNumber)
	p.event(sub.ClaimID, sub.Version, lifecycle.KindClaimAck, status, sub.BatchID, detail,
		a.PayerClaimNumber)
	return p.write("claim acknowledgment", func() error {
		return p.tx.AssignClaimAck(p.ctx, a.ID, sub.ClaimID, sub.Version)
	})
}

// attachAck posts a stored TA1 or 999 verdict on the claim's newest
// submission alone.
func (p *poster) attachAck(ackID string, subs []store.Submission) error {
	a, err := p.tx.Acknowledgment(p.ctx, ackID)
	if err != nil {
		return err
	}
	sub := p.latest(subs)
	kind, status := lifecycle.KindSetAck, lifecycle.Accepted
	rejected := a.Status != "A" && a.Status != "E"
	if a.Kind == "TA1" {
		kind, status = lifecycle.KindInterchangeAck, ""
	}
	if rejected {
		status = lifecycle.RejectedClearinghouse
	}
	detail := fmt.Sprintf("%s %s attached by a person", a.Kind, a.Status)
	p.event(sub.ClaimID, sub.Version, kind, status, sub.BatchID, detail, "")
	return nil
}

// DismissUnmatched closes an answer that waits for a person without
// posting it: a person found it restates what was posted before. The
// answer and its rows are kept; it leaves the work list. An answer
// attached or dismissed before gives ErrAttached.
func DismissUnmatched(ctx context.Context, s *store.Store, responseID string) error {
	err := retry(ctx, func() error {
		return s.InTx(ctx, func(tx *store.Tx) error {
			u, err := tx.LockUnmatched(ctx, responseID)
			if err != nil {
				return err
			}
			if !u.AttachedAt.IsZero() {
				return ErrAttached
			}
			return tx.MarkAttached(ctx, responseID, "")
		})
	})
	if err != nil {
		return fmt.Errorf("dismiss answer %s: %w", responseID, err)
	}
	return nil
}
