package store

import (
	"context"
	"database/sql"
	"fmt"
)

// ForwardBalance is the open amount of one forward balance reference: the
// sum of the PLB FB amounts that named it. A negative FB (money advanced
// to bring a payment up to zero) opens it; a later positive FB with the
// same reference takes it back and closes it.
type ForwardBalance struct {
	Reference   string
	AmountCents int64 // 0 when closed
	Items       int
	FirstSeen   string // received time of the first item
	LastSeen    string
}

// ForwardBalances returns the forward balance ledger, by reference; open
// only leaves out references whose items add up to zero.
func (s *Store) ForwardBalances(ctx context.Context, open bool) ([]ForwardBalance, error) {
	query := "SELECT COALESCE(pa.reference, '') AS reference, " +
		"SUM(pa.amount_cents) AS amount, COUNT(*) AS items, MIN(r.received_at) AS first, " +
		"MAX(r.received_at) AS last FROM provider_adjustments pa " +
		"JOIN remittances r ON r.id = pa.remittance_id WHERE pa.reason_code = 'FB' " +
		"GROUP BY COALESCE(pa.reference, '')"
	if open {
		query += " HAVING SUM(pa.amount_cents) <> 0"
	}
	var rows []struct {
		Reference string `db:"reference"`
		Amount    int64  `db:"amount"`
		Items     int    `db:"items"`
		First     string `db:"first"`
		Last      string `db:"last"`
	}
	if err := s.selectAll(ctx, &rows, query+" ORDER BY reference"); err != nil {
		return nil, fmt.Errorf("read forward balances: %w", err)
	}
	out := make([]ForwardBalance, 0, len(rows))
	for _, r := range rows {
		out = append(out, ForwardBalance{Reference: r.Reference, AmountCents: r.Amount,
			Items: r.Items, FirstSeen: r.First, LastSeen: r.Last})
	}
	return out, nil
}

// ProviderAdjustmentsOf returns the PLB items booked against a claim (its
// recoupments), oldest first.
func (s *Store) ProviderAdjustmentsOf(ctx context.Context,
	claimID string) ([]ProviderAdjustment, error) {

	return s.providerAdjustments(ctx, "pa.claim_id = ?", claimID)
}

// RemittanceAdjustments returns the PLB items of one remittance, in order.
func (s *Store) RemittanceAdjustments(ctx context.Context,
	remittanceID string) ([]ProviderAdjustment, error) {

	return s.providerAdjustments(ctx, "pa.remittance_id = ?", remittanceID)
}

func (s *Store) providerAdjustments(ctx context.Context, where string,
	arg any) ([]ProviderAdjustment, error) {

	var rows []struct {
		ID           string         `db:"id"`
		RemittanceID string         `db:"remittance_id"`
		Seq          int            `db:"seq"`
		ProviderID   string         `db:"provider_id"`
		FiscalDate   string         `db:"fiscal_date"`
		Reason       string         `db:"reason_code"`
		Reference    sql.NullString `db:"reference"`
		Amount       int64          `db:"amount_cents"`
		ClaimID      sql.NullString `db:"claim_id"`
		FileID       string         `db:"file_id"`
		ReceivedAt   dbTime         `db:"received_at"`
	}
	err := s.selectAll(ctx, &rows, "SELECT pa.id, pa.remittance_id, pa.seq, pa.provider_id, "+
		"pa.fiscal_date, pa.reason_code, pa.reference, pa.amount_cents, pa.claim_id, "+
		"r.file_id, r.received_at FROM provider_adjustments pa "+
		"JOIN remittances r ON r.id = pa.remittance_id WHERE "+where+
		" ORDER BY r.received_at, pa.remittance_id, pa.seq", arg)
	if err != nil {
		return nil, fmt.Errorf("read provider adjustments: %w", err)
	}
	out := make([]ProviderAdjustment, 0, len(rows))
	for _, r := range rows {
		out = append(out, ProviderAdjustment{ID: r.ID, RemittanceID: r.RemittanceID,
			Seq: r.Seq, ProviderID: r.ProviderID, FiscalDate: r.FiscalDate, Reason: r.Reason,
			Reference: r.Reference.String, AmountCents: r.Amount, ClaimID: r.ClaimID.String,
			FileID: r.FileID, ReceivedAt: r.ReceivedAt.Time})
	}
	return out, nil
}
