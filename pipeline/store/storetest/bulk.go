package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline/store"
	"github.com/jmoiron/sqlx"
)

// BulkFixture names some of what Bulk wrote.
type BulkFixture struct {
	Claims      int
	AClaim      string // a paid claim with a payment
	ARemittance string
	ABatch      string
	APCN        string
}

// bulkStatus spreads n claims over statuses the way a busy practice's
// database looks: most paid, some waiting, a few rejected, denied or stuck.
func bulkStatus(i int) (status string, stuck bool) {
	switch r := i % 100; {
	case r < 40:
		return "paid", false
	case r < 45:
		return "partially_paid", false
	case r < 55:
		return "denied", false
	case r < 60:
		return "rejected_payer", false
	case r < 63:
		return "rejected_clearinghouse", false
	case r < 78:
		return "acknowledged", r < 65
	case r < 88:
		return "accepted", false
	case r < 93:
		return "submitted", false
	case r < 98:
		return "ready", false
	}
	return "invalid", false
}

// rows collects the rows of one table and writes them many per statement.
type rows struct {
	table   string
	columns []string
	values  [][]any
}

func (r *rows) add(v ...any) { r.values = append(r.values, v) }

func (r *rows) flush(ctx context.Context, tx *sqlx.Tx) error {
	per := max(1, 30000/len(r.columns))
	one := "(" + strings.Repeat("?, ", len(r.columns)-1) + "?)"
	for start := 0; start < len(r.values); start += per {
		chunk := r.values[start:min(start+per, len(r.values))]
		var b strings.Builder
		b.WriteString("INSERT INTO " + r.table + " (" + strings.Join(r.columns, ", ") +
			") VALUES ")
		args := make([]any, 0, len(chunk)*len(r.columns))
		for i, v := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(one)
			args = append(args, v...)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(b.String()), args...); err != nil {
			return fmt.Errorf("insert into %s: %w", r.table, err)
		}
	}
	r.values = nil
	return nil
}

func cols(s string) []string { return strings.Split(s, ", ") }

// Bulk writes n invented claims into the migrated database at url, with
// their versions, lines, timelines, batches of 5,000, 277CA answers and
// payments in 835s of 500 claims, in one transaction of plain SQL. It is
// meant for measuring pages, not for checking figures.
func Bulk(tb testing.TB, url string, n int) BulkFixture {
	tb.Helper()
	ctx := context.Background()
	db := raw(tb, url)
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // committed below

	ts := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000Z") }
	base := AsOf.Add(-200 * 24 * time.Hour)
	claims := &rows{table: "claims", columns: cols("id, pcn, kind, payer_id, connection, " +
		"billing_npi, total_cents, status, stuck_since, version, last_event, " +
		"payer_claim_number, created_at, updated_at")}
	versions := &rows{table: "claim_versions", columns: cols("claim_id, version, " +
		"frequency_code, pcn, total_cents, document, received_at")}
	lines := &rows{table: "claim_lines", columns: cols("claim_id, version, line_number, " +
		"control_number, procedure_code, modifiers, charge_cents, units, service_date")}
	events := &rows{table: "claim_events", columns: cols("claim_id, seq, at, kind, version, " +
		"status, status_before, status_after, file_id, batch_id, detail")}
	files := &rows{table: "files", columns: cols("id, direction, name, size, sha256, " +
		"content, detected_type, state, connection, received_at, stored_at")}
	batches := &rows{table: "batches", columns: cols("id, connection, state, claim_count, " +
		"total_cents, isa13, gs06, st02_first, st02_last, file_id, built_at, uploaded_at")}
	members := &rows{table: "batch_claims", columns: cols("batch_id, claim_id, version, " +
		"st02, position")}
	acks := &rows{table: "claim_acks", columns: cols("id, file_id, seq, claim_id, version, " +
		"pcn, verdict, statuses, payer_claim_number, received_at")}
	remits := &rows{table: "remittances", columns: cols("id, file_id, st02, handling, " +
		"amount_cents, credit_debit, method, payment_date, trace_number, payer_id, " +
		"payer_name, imbalance_cents, received_at")}
	rcs := &rows{table: "remit_claims", columns: cols("id, remittance_id, seq, claim_id, " +
		"version, pcn, status_code, charge_cents, paid_cents, patient_cents, " +
		"payer_claim_number")}
	adjs := &rows{table: "remit_adjustments", columns: cols("id, remit_claim_id, group_code, " +
		"reason_code, amount_cents")}

	var fx BulkFixture
	file := func(dir, name, typ string, at time.Time) string {
		id := newID()
		content := []byte("ISA*" + name + "~")
		files.add(id, dir, name, len(content), fmt.Sprintf("%064x", len(files.values)+1),
			content, typ, "applied", "mainclear", ts(at), ts(at))
		return id
	}
	const perBatch, perRemit = 5000, 500
	var batchID, batchFile, caFile, remitID string
	var batchN, batchCents int64
	var remitN int
	var remitCents int64
	reasons := []string{"50", "16", "29", "197", "18", "27", "96", "109"}
	for i := range n {
		id := newID()
		pcn := fmt.Sprintf("B%07d", i)
		payer := fmt.Sprintf("P%02d", i%10)
		cents := int64(5000 + (i*7919)%95000)
		status, stuck := bulkStatus(i)
		day := base.Add(time.Duration(i%180) * 24 * time.Hour)
		sent := status != "ready" && status != "invalid"
		if i%perBatch == 0 {
			if batchID != "" {
				batches.add(batchID, "mainclear", "uploaded", batchN, batchCents, i/perBatch,
					i/perBatch, i/perBatch, i/perBatch, batchFile, ts(day), ts(day))
			}
			batchID, batchN, batchCents = newID(), 0, 0
			batchFile = file("out", fmt.Sprintf("mainclear_%09d.837", i/perBatch+1), "837P",
				day)
			caFile = file("in", fmt.Sprintf("ca_%06d.277", i/perBatch+1), "277CA", day)
			if fx.ABatch == "" {
				fx.ABatch = batchID
			}
		}

		stuckSince := any(nil)
		if stuck {
			stuckSince = ts(day.Add(40 * 24 * time.Hour))
		}
		seq := 0
		ev := func(kind, st, before, after string, fileID, batch any) {
			seq++
			events.add(id, seq, ts(day.Add(time.Duration(seq)*time.Hour)), kind, 1,
				nullable(st), nullable(before), after, fileID, batch, "")
		}
		ev("received", "received", "", "received", nil, nil)
		checked := "ready"
		if status == "invalid" {
			checked = "invalid"
		}
		ev("checked", checked, "received", checked, nil, nil)
		payerNo := any(nil)
		if sent {
			batchN++
			batchCents += cents
			members.add(batchID, id, 1, i/perBatch+1, batchN)
			ev("batched", "batched", "ready", "batched", nil, batchID)
			ev("submitted", "submitted", "batched", "submitted", batchFile, batchID)
			if status != "submitted" {
				after := "accepted"
				if status == "rejected_clearinghouse" {
					after = "rejected_clearinghouse"
				}
				ev("set_ack", after, "submitted", after, nil, nil)
			}
			if after := map[string]bool{"submitted": true, "accepted": true,
				"rejected_clearinghouse": true}; !after[status] {
				verdict, stc, st := "accepted", `["A2:20:PR"]`, "acknowledged"
				if status == "rejected_payer" {
					verdict, stc, st = "rejected", `["A7:562:IL"]`, "rejected_payer"
				}
				payerNo = fmt.Sprintf("X%08d", i)
				acks.add(newID(), caFile, i, id, 1, pcn, verdict, stc, payerNo, ts(day))
				ev("claim_ack", st, "accepted", st, caFile, nil)
			}
			if status == "paid" || status == "partially_paid" || status == "denied" {
				if remitN%perRemit == 0 {
					if remitID != "" {
						remits.add(remitID, newID(), "0001", "I", remitCents, "C", "ACH",
							day.Format("2006-01-02"), fmt.Sprintf("EFT%06d", len(remits.values)),
							payer, "PAYER "+payer, 0, ts(day))
					}
					remitID, remitCents = newID(), 0
					if fx.ARemittance == "" {
						fx.ARemittance = remitID
					}
				}
				remitN++
				paid, patient, code := cents*8/10, cents/10, "1"
				if status == "partially_paid" {
					paid = cents / 2
				}
				if status == "denied" {
					paid, patient, code = 0, 0, "4"
				}
				remitCents += paid
				rc := newID()
				rcs.add(rc, remitID, remitN, id, 1, pcn, code, cents, paid, patient, payerNo)
				group, reason := "CO", "45"
				if status == "denied" {
					reason = reasons[i%len(reasons)]
				}
				adjs.add(newID(), rc, group, reason, cents-paid-patient)
				ev("remittance", status, "acknowledged", status, nil, nil)
				if fx.AClaim == "" && status == "paid" {
					fx.AClaim, fx.APCN = id, pcn
				}
			}
			if stuck {
				ev("stuck", "", status, status, nil, nil)
			}
		}
		claims.add(id, pcn, "837P", payer, "mainclear", "1234567893", cents, status,
			stuckSince, 1, seq, payerNo, ts(day), ts(day.Add(time.Duration(seq)*time.Hour)))
		versions.add(id, 1, "1", pcn, cents, `{"claimInformation":{}}`, ts(day))
		lines.add(id, 1, 1, pcn+"-1", "99213", "", cents, "1", day.Format("2006-01-02"))
	}
	if batchID != "" {
		batches.add(batchID, "mainclear", "uploaded", batchN, batchCents, n/perBatch+1,
			n/perBatch+1, n/perBatch+1, n/perBatch+1, batchFile, ts(AsOf), ts(AsOf))
	}
	if remitID != "" {
		remits.add(remitID, newID(), "0001", "I", remitCents, "C", "ACH",
			AsOf.Format("2006-01-02"), fmt.Sprintf("EFT%06d", len(remits.values)), "P00",
			"PAYER P00", 0, ts(AsOf))
	}
	// Each remittance needs its file.
	for i, r := range remits.values {
		id := r[1].(string)
		content := []byte(fmt.Sprintf("ISA*era%06d~", i))
		files.add(id, "in", fmt.Sprintf("era%06d.835", i), len(content),
			fmt.Sprintf("e%063x", i+1), content, "835", "applied", "mainclear",
			r[12], r[12])
	}
	for _, r := range []*rows{files, claims, versions, lines, batches, members, events, acks,
		remits, rcs, adjs} {
		if err := r.flush(ctx, tx); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	s, err := store.Open(ctx, url)
	if err != nil {
		tb.Fatal(err)
	}
	defer s.Close()
	if err := s.RefreshMoney(ctx); err != nil {
		tb.Fatal(err)
	}
	// Planners choose by statistics; a database just filled has none yet.
	if _, err := db.ExecContext(ctx, "ANALYZE"); err != nil {
		tb.Fatal(err)
	}
	fx.Claims = n
	return fx
}
