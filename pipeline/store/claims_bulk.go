package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// Inserted is what InsertClaims made of one input: the claim, or the error
// that refused it (a *DuplicatePCNError, or one wrapping ErrInvalidInput).
type Inserted struct {
	Claim Claim
	Err   error
}

// InsertClaims records many new claims at once, each as InsertClaim would,
// in a few statements per table rather than a few per claim. A claim that
// is refused (invalid input, or a patient control number held by a live
// claim, or by an earlier claim of the same call) is reported in its
// Inserted and the others go on. The returned error is the database's:
// the transaction must then be rolled back.
func (t *Tx) InsertClaims(ctx context.Context, ins []ClaimInput) ([]Inserted, error) {
	out := make([]Inserted, len(ins))
	now := t.s.clock()
	type pending struct {
		i     int
		c     Claim
		s1    lifecycle.State
		check NewEvent
	}
	var todo []pending
	var rows [][]any
	for i := range ins {
		in := &ins[i]
		if err := in.validate(); err != nil {
			out[i].Err = err
			continue
		}
		check := checkedEvent(in)
		check.Version = 1
		s1 := lifecycle.State{Version: 1, Status: lifecycle.Received}
		s2, _, err := lifecycle.Next(s1, check.lifecycle())
		if err != nil {
			out[i].Err = err
			continue
		}
		c := Claim{
			ID: newID(), PCN: in.PCN, Kind: in.Kind, PayerID: in.PayerID,
			Connection: in.Connection, BillingNPI: in.BillingNPI, TotalCents: in.TotalCents,
			Status: s2.Status, Version: 1, PayerClaimNumber: in.PayerClaimNumber,
			CreatedAt: now, UpdatedAt: now,
		}
		todo = append(todo, pending{i: i, c: c, s1: s1, check: check})
		rows = append(rows, []any{c.ID, c.PCN, c.Kind, c.PayerID, nullString(c.Connection),
			c.BillingNPI, c.TotalCents, c.Status, nil, c.Version, 2,
			nullString(c.PayerClaimNumber), at(now), at(now)})
	}

	// A number already held, or held by an earlier row of the statement,
	// inserts nothing; the rows that went in are read back.
	inserted, err := t.insertClaimRows(ctx, rows)
	if err != nil {
		return nil, err
	}
	var vr versionRows
	var changes []eventChange
	for _, p := range todo {
		in := &ins[p.i]
		if !inserted[p.c.ID] {
			out[p.i].Err = t.duplicateOf(ctx, in.PCN)
			continue
		}
		out[p.i].Claim = p.c
		vr.add(p.c.ID, 1, in, now)
		received := NewEvent{Kind: lifecycle.KindReceived, Version: 1,
			Status: lifecycle.Received, At: in.ReceivedAt}
		changes = append(changes,
			eventChange{claimID: p.c.ID, seq: 1, after: p.s1, e: received},
			eventChange{claimID: p.c.ID, seq: 2, before: p.s1,
				after: lifecycle.State{Version: 1, Status: p.c.Status}, e: p.check})
	}
	if err := vr.insert(ctx, t, fmt.Sprintf("%d claims", len(changes)/2)); err != nil {
		return nil, err
	}
	if err := t.insertEvents(ctx, now, changes); err != nil {
		return nil, err
	}
	return out, nil
}

// insertClaimRows inserts claims rows, skipping those whose number a live
// claim holds, and returns the IDs that went in.
func (t *Tx) insertClaimRows(ctx context.Context, rows [][]any) (map[string]bool, error) {
	done := make(map[string]bool, len(rows))
	one := "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	for chunk := range slices.Chunk(rows, maxRowsPerInsert) {
		query := "INSERT INTO claims (" + claimColumns + ") VALUES " + one +
			repeatSQL(", "+one, len(chunk)-1) +
			" ON CONFLICT (pcn) WHERE status <> 'void' DO NOTHING RETURNING id"
		var args []any
		for _, r := range chunk {
			args = append(args, r...)
		}
		var ids []string
		if err := t.selectAll(ctx, &ids, query, args...); err != nil {
			return nil, fmt.Errorf("insert claims: %w", err)
		}
		for _, id := range ids {
			done[id] = true
		}
	}
	return done, nil
}

// duplicateOf is the refusal of a claim whose number another live claim
// holds.
func (t *Tx) duplicateOf(ctx context.Context, pcn string) error {
	if err := t.checkPCNFree(ctx, pcn, ""); err != nil {
		return err
	}
	return &DuplicatePCNError{}
}

// repeatSQL repeats s n times.
func repeatSQL(s string, n int) string {
	if n <= 0 {
		return ""
	}
	b := make([]byte, 0, len(s)*n)
	for range n {
		b = append(b, s...)
	}
	return string(b)
}

// inChunks runs query once per chunk of ids, appending what each run
// selects to dest. Each "IN (?)" of the query takes the chunk; args go to
// the placeholders before them.
func inChunks[T any](ctx context.Context, t *Tx, dest *[]T, query string, ids []string,
	args ...any) error {

	lists := strings.Count(query, "IN (?)")
	for chunk := range slices.Chunk(ids, maxRowsPerInsert) {
		all := slices.Clone(args)
		for range lists {
			all = append(all, chunk)
		}
		q, a, err := sqlx.In(query, all...)
		if err != nil {
			return err
		}
		var part []T
		if err := t.selectAll(ctx, &part, q, a...); err != nil {
			return err
		}
		*dest = append(*dest, part...)
	}
	return nil
}
