package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// BatchState is where a batch stands.
type BatchState string

// The batch states.
const (
	BatchBuilt        BatchState = "built"        // file made, not yet uploaded
	BatchUploaded     BatchState = "uploaded"     // file handed to the clearinghouse
	BatchAcknowledged BatchState = "acknowledged" // TA1/999 accepted it
	BatchRejected     BatchState = "rejected"     // TA1/999 rejected it whole
	BatchAbandoned    BatchState = "abandoned"    // never uploaded; claims released
)

// MaxClaimsPerSet is the most claims (CLM) one transaction set may carry.
const MaxClaimsPerSet = 5000

// ErrBatchState is wrapped by errors about a batch whose state does not
// allow the step asked for.
var ErrBatchState = errors.New("batch state does not allow this")

// Batch is one outbound 837 file and its progress.
type Batch struct {
	ID             string     `json:"id"`
	Connection     string     `json:"connection"`
	State          BatchState `json:"state"`
	ClaimCount     int        `json:"claim_count"`
	TotalCents     int64      `json:"total_cents"`
	ISA13          int64      `json:"isa13"`
	GS06           int64      `json:"gs06"`
	ST02First      int64      `json:"st02_first"`
	ST02Last       int64      `json:"st02_last"`
	FileID         string     `json:"file_id,omitzero"`
	BuiltAt        time.Time  `json:"built_at,omitzero"`
	UploadedAt     time.Time  `json:"uploaded_at,omitzero"`     // zero until uploaded
	AcknowledgedAt time.Time  `json:"acknowledged_at,omitzero"` // zero until acknowledged
	Error          string     `json:"error,omitzero"`
}

// BatchClaim is a claim's place in a batch.
type BatchClaim struct {
	ClaimID    string    `json:"claim_id"`
	Version    int       `json:"version"`
	ST02       int64     `json:"st02"`
	Position   int       `json:"position"`             // order in the file, from 1
	ReleasedAt time.Time `json:"released_at,omitzero"` // zero while the membership is live
}

// BatchRequest asks CreateBatch for a batch.
type BatchRequest struct {
	Connection   string
	ClaimIDs     []string // in the order the file will carry them
	ClaimsPerSet int      // 0 means MaxClaimsPerSet
	// Build writes the file for the draft. It runs inside the transaction,
	// after the claims are locked and the control numbers reserved, so it
	// must only compute: no network, no waiting. An error from it undoes
	// everything.
	Build func(BatchDraft) (OutboundFile, error)
}

// BatchDraft is what Build writes a file from.
type BatchDraft struct {
	BatchID    string
	Connection string
	ISA13      int64
	GS06       int64
	Sets       []DraftSet
}

// DraftSet is one transaction set of a draft.
type DraftSet struct {
	ST02   int64
	Claims []DraftClaim
}

// DraftClaim is a claim with the version to send. The document holds all
// the writer needs; Claim repeats the current version's key fields.
type DraftClaim struct {
	Claim    Claim
	Version  int
	Document []byte // the version's JSON as received
}

// OutboundFile is what Build returns.
type OutboundFile struct {
	Name    string
	Content []byte
	Type    string // 837P or 837I
}

const batchColumns = "id, connection, state, claim_count, total_cents, isa13, gs06, " +
	"st02_first, st02_last, file_id, built_at, uploaded_at, acknowledged_at, error"

type batchRow struct {
	ID             string         `db:"id"`
	Connection     string         `db:"connection"`
	State          string         `db:"state"`
	ClaimCount     int            `db:"claim_count"`
	TotalCents     int64          `db:"total_cents"`
	ISA13          int64          `db:"isa13"`
	GS06           int64          `db:"gs06"`
	ST02First      int64          `db:"st02_first"`
	ST02Last       int64          `db:"st02_last"`
	FileID         string         `db:"file_id"`
	BuiltAt        dbTime         `db:"built_at"`
	UploadedAt     dbTime         `db:"uploaded_at"`
	AcknowledgedAt dbTime         `db:"acknowledged_at"`
	Error          sql.NullString `db:"error"`
}

func (r batchRow) batch() Batch {
	return Batch{
		ID: r.ID, Connection: r.Connection, State: BatchState(r.State),
		ClaimCount: r.ClaimCount, TotalCents: r.TotalCents, ISA13: r.ISA13, GS06: r.GS06,
		ST02First: r.ST02First, ST02Last: r.ST02Last, FileID: r.FileID,
		BuiltAt: r.BuiltAt.Time, UploadedAt: r.UploadedAt.Time,
		AcknowledgedAt: r.AcknowledgedAt.Time, Error: r.Error.String,
	}
}

// CreateBatch makes a batch in one transaction: it locks the claims, which
// must be ready and belong to the connection or to none, reserves an ISA13,
// a GS06 and one ST02 per transaction set, has req.Build write the file,
// stores the file, records the batch and its claims, and moves each claim
// to batched. Any failure leaves nothing behind: no batch, no file, no
// reserved numbers, no claim changed.
func (s *Store) CreateBatch(ctx context.Context, req BatchRequest) (Batch, error) {
	var b Batch
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		b, err = tx.CreateBatch(ctx, req)
		return err
	})
	return b, err
}

// CreateBatch is Store.CreateBatch inside a transaction.
func (t *Tx) CreateBatch(ctx context.Context, req BatchRequest) (Batch, error) {
	draft, locked, err := t.draftBatch(ctx, req)
	if err != nil {
		return Batch{}, err
	}
	out, err := req.Build(draft)
	if err != nil {
		return Batch{}, fmt.Errorf("build batch %s: %w", draft.BatchID, err)
	}
	return t.recordBatch(ctx, draft, locked, out)
}

// draftBatch locks the claims, checks them, reserves control numbers and
// reads the documents to send. It returns the draft and the locked rows.
func (t *Tx) draftBatch(ctx context.Context, req BatchRequest) (BatchDraft,
	map[string]claimRow, error) {

	perSet := req.ClaimsPerSet
	if perSet == 0 {
		perSet = MaxClaimsPerSet
	}
	sorted := slices.Clone(req.ClaimIDs)
	slices.Sort(sorted)
	bad := func(format string, args ...any) (BatchDraft, map[string]claimRow, error) {
		return BatchDraft{}, nil, fmt.Errorf("%w: "+format,
			append([]any{ErrInvalidInput}, args...)...)
	}
	switch {
	case req.Connection == "" || req.Build == nil:
		return bad("batch without connection or builder")
	case len(sorted) == 0:
		return bad("batch without claims")
	case perSet < 1 || perSet > MaxClaimsPerSet:
		return bad("%d claims per set", perSet)
	case len(slices.Compact(slices.Clone(sorted))) != len(sorted):
		return bad("a claim is named twice")
	}

	// Lock in ID order, so that two batches built at once cannot deadlock.
	locked := make(map[string]claimRow, len(sorted))
	for _, id := range sorted {
		r, err := t.lockClaim(ctx, id)
		if err != nil {
			return BatchDraft{}, nil, err
		}
		if r.Connection.Valid && r.Connection.String != req.Connection {
			return bad("claim %s belongs to another connection", id)
		}
		batched := lifecycle.Event{Kind: lifecycle.KindBatched, Version: r.Version,
			Status: lifecycle.Batched}
		if _, _, err := lifecycle.Next(r.claim().State(), batched); err != nil {
			return BatchDraft{}, nil, fmt.Errorf("claim %s: %w", id, err)
		}
		locked[id] = r
	}
	docs, err := t.documents(ctx, locked)
	if err != nil {
		return BatchDraft{}, nil, err
	}

	// Sequences too are locked in one order everywhere.
	sets := (len(sorted) + perSet - 1) / perSet
	ranges := map[SequenceKind]Range{}
	for _, kind := range []SequenceKind{ISA13, GS06, ST02} {
		n := map[SequenceKind]int{ISA13: 1, GS06: 1, ST02: sets}[kind]
		r, err := t.ReserveControlNumbers(ctx, req.Connection, kind, n)
		if err != nil {
			return BatchDraft{}, nil, err
		}
		ranges[kind] = r
	}
	draft := BatchDraft{BatchID: newID(), Connection: req.Connection,
		ISA13: ranges[ISA13].First, GS06: ranges[GS06].First}
	for i, id := range req.ClaimIDs {
		if i%perSet == 0 {
			st02 := ranges[ST02].First + int64(i/perSet)
			draft.Sets = append(draft.Sets, DraftSet{ST02: st02})
		}
		r := locked[id]
		set := &draft.Sets[len(draft.Sets)-1]
		set.Claims = append(set.Claims, DraftClaim{Claim: r.claim(), Version: r.Version,
			Document: docs[id]})
	}
	return draft, locked, nil
}

// documents reads the current version's document of each locked claim.
func (t *Tx) documents(ctx context.Context, locked map[string]claimRow) (map[string][]byte,
	error) {

	ids := slices.Sorted(maps.Keys(locked))
	docs := make(map[string][]byte, len(ids))
	for chunk := range slices.Chunk(ids, maxRowsPerInsert) {
		query, args, err := sqlx.In("SELECT claim_id, version, document FROM claim_versions "+
			"WHERE claim_id IN (?)", chunk)
		if err != nil {
			return nil, fmt.Errorf("read claim documents: %w", err)
		}
		var rows []struct {
			ClaimID  string `db:"claim_id"`
			Version  int    `db:"version"`
			Document string `db:"document"`
		}
		if err := t.selectAll(ctx, &rows, query, args...); err != nil {
			return nil, fmt.Errorf("read claim documents: %w", err)
		}
		for _, r := range rows {
			if r.Version == locked[r.ClaimID].Version {
				docs[r.ClaimID] = []byte(r.Document)
			}
		}
	}
	return docs, nil
}

// recordBatch stores the built file and the batch, and moves the claims to
// batched, a few statements for the whole batch rather than a few per
// claim.
func (t *Tx) recordBatch(ctx context.Context, d BatchDraft, locked map[string]claimRow,
	out OutboundFile) (Batch, error) {

	now := t.s.clock()
	file, dup, err := t.StoreFile(ctx, NewFile{
		Direction: Outbound, Name: out.Name, Content: out.Content, Type: out.Type,
		State: FileBuilt, Connection: d.Connection, ReceivedAt: now,
	})
	if err != nil {
		return Batch{}, err
	}
	if dup {
		return Batch{}, fmt.Errorf("batch %s: built file is identical to file %s",
			d.BatchID, file.ID)
	}

	b := Batch{
		ID: d.BatchID, Connection: d.Connection, State: BatchBuilt, ISA13: d.ISA13,
		GS06: d.GS06, ST02First: d.Sets[0].ST02, ST02Last: d.Sets[len(d.Sets)-1].ST02,
		FileID: file.ID, BuiltAt: now,
	}
	var members [][]any
	var changes []eventChange
	for _, set := range d.Sets {
		for _, dc := range set.Claims {
			b.ClaimCount++
			b.TotalCents += dc.Claim.TotalCents
			members = append(members, []any{b.ID, dc.Claim.ID, dc.Version, set.ST02,
				b.ClaimCount})
			r := locked[dc.Claim.ID]
			changes = append(changes, eventChange{
				claimID: r.ID, seq: r.LastEvent + 1, before: r.claim().State(),
				after: lifecycle.State{Version: r.Version, Status: lifecycle.Batched},
				e: NewEvent{Kind: lifecycle.KindBatched, Version: r.Version,
					Status: lifecycle.Batched, BatchID: b.ID,
					Detail: fmt.Sprintf("ISA13 %09d, ST02 %04d", b.ISA13, set.ST02)},
			})
		}
	}
	_, err = t.exec(ctx, "INSERT INTO batches ("+batchColumns+") "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)",
		b.ID, b.Connection, b.State, b.ClaimCount, b.TotalCents, b.ISA13, b.GS06,
		b.ST02First, b.ST02Last, b.FileID, at(now))
	if err != nil {
		return Batch{}, fmt.Errorf("insert batch %s: %w", b.ID, err)
	}
	// The live-membership index refuses a claim already in a live batch.
	err = t.insertRows(ctx, "batch_claims",
		[]string{"batch_id", "claim_id", "version", "st02", "position"}, members)
	if err != nil {
		return Batch{}, fmt.Errorf("add claims to batch %s: %w", b.ID, err)
	}
	if err := t.insertEvents(ctx, now, changes); err != nil {
		return Batch{}, err
	}
	if err := t.markBatched(ctx, b, slices.Sorted(maps.Keys(locked)), now); err != nil {
		return Batch{}, err
	}
	return b, nil
}

// markBatched moves locked, ready claims to batched, recording the event
// that insertEvents wrote, and gives those without a connection the batch's.
func (t *Tx) markBatched(ctx context.Context, b Batch, ids []string, now time.Time) error {
	var n int64
	for chunk := range slices.Chunk(ids, maxRowsPerInsert) {
		query, args, err := sqlx.In("UPDATE claims SET status = ?, "+
			"last_event = last_event + 1, updated_at = ?, "+
			"connection = COALESCE(connection, ?) WHERE status = ? AND id IN (?)",
			lifecycle.Batched, at(now), b.Connection, lifecycle.Ready, chunk)
		if err != nil {
			return fmt.Errorf("move claims of batch %s: %w", b.ID, err)
		}
		res, err := t.exec(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("move claims of batch %s: %w", b.ID, err)
		}
		moved, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("move claims of batch %s: %w", b.ID, err)
		}
		n += moved
	}
	if n != int64(len(ids)) {
		return fmt.Errorf("move claims of batch %s: %d of %d moved", b.ID, n, len(ids))
	}
	return nil
}

// MarkBatchUploaded records that a built batch's file reached the
// clearinghouse at remotePath, and moves its claims to submitted. Marking
// an uploaded batch again changes nothing.
func (s *Store) MarkBatchUploaded(ctx context.Context, batchID, remotePath string,
	when time.Time) (Batch, error) {

	var b Batch
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		b, err = tx.MarkBatchUploaded(ctx, batchID, remotePath, when)
		return err
	})
	return b, err
}

// MarkBatchUploaded is Store.MarkBatchUploaded inside a transaction.
func (t *Tx) MarkBatchUploaded(ctx context.Context, batchID, remotePath string,
	when time.Time) (Batch, error) {

	b, err := t.lockBatch(ctx, batchID)
	if err != nil || b.State == BatchUploaded {
		return b, err
	}
	if b.State != BatchBuilt {
		return Batch{}, fmt.Errorf("mark batch %s uploaded: %w: it is %s",
			batchID, ErrBatchState, b.State)
	}
	if when.IsZero() {
		when = t.s.clock()
	}
	b.State, b.UploadedAt = BatchUploaded, truncate(when)
	err = t.execOne(ctx, "UPDATE batches SET state = ?, uploaded_at = ? WHERE id = ?",
		b.State, at(b.UploadedAt), batchID)
	if err != nil {
		return Batch{}, fmt.Errorf("update batch %s: %w", batchID, err)
	}
	err = t.execOne(ctx, "UPDATE files SET state = ?, remote_path = ? WHERE id = ?",
		FileUploaded, nullString(remotePath), b.FileID)
	if err != nil {
		return Batch{}, fmt.Errorf("update file %s: %w", b.FileID, err)
	}
	// TODO: three round trips per claim; batch them as recordBatch does.
	err = t.eachLiveClaim(ctx, batchID, func(bc BatchClaim) error {
		_, err := t.AppendEvent(ctx, bc.ClaimID, NewEvent{
			Kind: lifecycle.KindSubmitted, Version: bc.Version, Status: lifecycle.Submitted,
			BatchID: batchID, FileID: b.FileID, At: when,
		})
		return err
	})
	return b, err
}

// AbandonBatch gives up a batch that was never uploaded: the batch is
// marked abandoned with the reason, and its claims are ready again and free
// to join another batch.
func (s *Store) AbandonBatch(ctx context.Context, batchID, reason string) (Batch, error) {
	var b Batch
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		b, err = tx.AbandonBatch(ctx, batchID, reason)
		return err
	})
	return b, err
}

// AbandonBatch is Store.AbandonBatch inside a transaction.
func (t *Tx) AbandonBatch(ctx context.Context, batchID, reason string) (Batch, error) {
	b, err := t.lockBatch(ctx, batchID)
	if err != nil {
		return Batch{}, err
	}
	if b.State != BatchBuilt {
		return Batch{}, fmt.Errorf("abandon batch %s: %w: it is %s",
			batchID, ErrBatchState, b.State)
	}
	b.State, b.Error = BatchAbandoned, reason
	err = t.execOne(ctx, "UPDATE batches SET state = ?, error = ? WHERE id = ?",
		b.State, reason, batchID)
	if err != nil {
		return Batch{}, fmt.Errorf("update batch %s: %w", batchID, err)
	}
	now := t.s.clock()
	err = t.eachLiveClaim(ctx, batchID, func(bc BatchClaim) error {
		_, err := t.AppendEvent(ctx, bc.ClaimID, NewEvent{
			Kind: lifecycle.KindUnbatched, Version: bc.Version, Status: lifecycle.Ready,
			BatchID: batchID, Detail: "batch abandoned before upload",
		})
		return err
	})
	if err != nil {
		return Batch{}, err
	}
	_, err = t.exec(ctx, "UPDATE batch_claims SET released_at = ? "+
		"WHERE batch_id = ? AND released_at IS NULL", at(now), batchID)
	if err != nil {
		return Batch{}, fmt.Errorf("release claims of batch %s: %w", batchID, err)
	}
	return b, nil
}

// GetBatch returns a batch and its claims in file order.
func (s *Store) GetBatch(ctx context.Context, id string) (Batch, []BatchClaim, error) {
	var r batchRow
	err := s.get(ctx, &r, "SELECT "+batchColumns+" FROM batches WHERE id = ?", id)
	if errors.Is(err, sql.ErrNoRows) {
		return Batch{}, nil, fmt.Errorf("batch %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Batch{}, nil, fmt.Errorf("read batch %s: %w", id, err)
	}
	claims, err := batchClaims(ctx, s.read, id, false)
	return r.batch(), claims, err
}

type batchClaimRow struct {
	ClaimID    string `db:"claim_id"`
	Version    int    `db:"version"`
	ST02       int64  `db:"st02"`
	Position   int    `db:"position"`
	ReleasedAt dbTime `db:"released_at"`
}

func batchClaims(ctx context.Context, q queryer, batchID string,
	liveOnly bool) ([]BatchClaim, error) {

	query := "SELECT claim_id, version, st02, position, released_at FROM batch_claims " +
		"WHERE batch_id = ?"
	if liveOnly {
		query += " AND released_at IS NULL"
	}
	var rows []batchClaimRow
	err := sqlxSelect(ctx, q, &rows, query+" ORDER BY position", batchID)
	if err != nil {
		return nil, fmt.Errorf("read claims of batch %s: %w", batchID, err)
	}
	claims := make([]BatchClaim, 0, len(rows))
	for _, r := range rows {
		claims = append(claims, BatchClaim{
			ClaimID: r.ClaimID, Version: r.Version, ST02: r.ST02, Position: r.Position,
			ReleasedAt: r.ReleasedAt.Time,
		})
	}
	return claims, nil
}

// eachLiveClaim calls fn for each claim whose membership in the batch is
// live, in claim ID order (the order locks are taken in).
func (t *Tx) eachLiveClaim(ctx context.Context, batchID string,
	fn func(BatchClaim) error) error {

	claims, err := batchClaims(ctx, t.tx, batchID, true)
	if err != nil {
		return err
	}
	slices.SortFunc(claims, func(a, b BatchClaim) int { return cmp.Compare(a.ClaimID, b.ClaimID) })
	for _, bc := range claims {
		if err := fn(bc); err != nil {
			return err
		}
	}
	return nil
}

// lockBatch reads a batch and locks its row until the transaction ends.
func (t *Tx) lockBatch(ctx context.Context, id string) (Batch, error) {
	var r batchRow
	err := t.get(ctx, &r, "UPDATE batches SET state = state WHERE id = ? "+
		"RETURNING "+batchColumns, id)
	if errors.Is(err, sql.ErrNoRows) {
		return Batch{}, fmt.Errorf("batch %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Batch{}, fmt.Errorf("lock batch %s: %w", id, err)
	}
	return r.batch(), nil
}
