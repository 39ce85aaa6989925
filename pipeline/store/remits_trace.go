package store

import (
	"context"
	"fmt"
	"slices"
)

// PaymentClaimKey is what tells one CLP of a payment from another: CLP01,
// CLP07 and CLP04.
type PaymentClaimKey struct {
	PCN              string
	PayerClaimNumber string
	PaidCents        int64
}

// PriorPayment is an 835 payment recorded before, found by its trace.
type PriorPayment struct {
	RemittanceID string
	FileID       string
	FileName     string
	ST02         string
	AmountCents  int64 // BPR02
	Claims       []PaymentClaimKey
}

// LockPaymentTrace keeps other transactions from recording a payment with
// this trace and payer until this one ends, so that two copies of one
// payment applied at once cannot both find none before them. SQLite
// writes one transaction at a time and needs no lock.
func (t *Tx) LockPaymentTrace(ctx context.Context, trace, payer string) error {
	if t.s.dialect != Postgres {
		return nil
	}
	key := lockKey(t.s.schema + "/835/" + payer + "/" + trace)
	if _, err := t.exec(ctx, "SELECT pg_advisory_xact_lock(?)", key); err != nil {
		return fmt.Errorf("lock payment trace %s: %w", trace, err)
	}
	return nil
}

// PaymentsByTrace returns the 835 payments recorded with a check or EFT
// trace number (TRN02) from a payer, oldest first, each with its claims'
// keys in order. payer is TRN03, or the payer's ID when the set gives no
// TRN03.
func (t *Tx) PaymentsByTrace(ctx context.Context, trace, payer string) ([]PriorPayment,
	error) {

	var rows []struct {
		ID          string `db:"id"`
		FileID      string `db:"file_id"`
		FileName    string `db:"file_name"`
		ST02        string `db:"st02"`
		AmountCents int64  `db:"amount_cents"`
	}
	err := t.selectAll(ctx, &rows, "SELECT r.id, r.file_id, f.name AS file_name, r.st02, "+
		"r.amount_cents FROM remittances r JOIN files f ON f.id = r.file_id "+
		"WHERE r.trace_number = ? "+
		"AND COALESCE(NULLIF(r.trace_originator, ''), r.payer_id, '') = ? "+
		"ORDER BY r.received_at, r.id", trace, payer)
	if err != nil {
		return nil, fmt.Errorf("read payments with trace %s: %w", trace, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	out := make([]PriorPayment, 0, len(rows))
	ids := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, PriorPayment{RemittanceID: r.ID, FileID: r.FileID,
			FileName: r.FileName, ST02: r.ST02, AmountCents: r.AmountCents})
		ids = append(ids, r.ID)
	}
	var claims []paymentClaimRow
	err = inChunks(ctx, t, &claims, "SELECT remittance_id, seq, pcn, payer_claim_number, "+
		"paid_cents FROM remit_claims WHERE remittance_id IN (?)", ids)
	if err != nil {
		return nil, fmt.Errorf("read claims of payments with trace %s: %w", trace, err)
	}
	slices.SortFunc(claims, func(a, b paymentClaimRow) int { return a.Seq - b.Seq })
	for _, c := range claims {
		i := slices.Index(ids, c.RemittanceID)
		out[i].Claims = append(out[i].Claims, PaymentClaimKey{PCN: c.PCN,
			PayerClaimNumber: deref(c.PayerClaimNumber), PaidCents: c.PaidCents})
	}
	return out, nil
}

type paymentClaimRow struct {
	RemittanceID     string  `db:"remittance_id"`
	Seq              int     `db:"seq"`
	PCN              string  `db:"pcn"`
	PayerClaimNumber *string `db:"payer_claim_number"`
	PaidCents        int64   `db:"paid_cents"`
}
