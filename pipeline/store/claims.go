package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
)

// ClaimKind is the transaction a claim is sent as.
type ClaimKind string

// The claim kinds.
const (
	Professional  ClaimKind = "837P"
	Institutional ClaimKind = "837I"
)

// Severity grades a finding: an error holds the claim back, a warning
// does not.
type Severity string

// The severities.
const (
	SeverityError   Severity = "error"
	SeverityWarning Severity = "warning"
)

// ErrInvalidInput is wrapped by errors about input the store refuses to
// record, such as a claim without a document or with duplicate lines.
var ErrInvalidInput = errors.New("invalid input")

// ClaimInput is one version of a claim as received, with what the checks
// found in it.
type ClaimInput struct {
	PCN              string // CLM01, the patient control number
	Kind             ClaimKind
	PayerID          string
	Connection       string // clearinghouse connection; "" when not chosen yet
	BillingNPI       string
	TotalCents       int64  // CLM02
	FrequencyCode    string // CLM05-3; "" means 1, original
	PayerClaimNumber string // REF*F8, for replacements and voids
	Responsibility   string // SBR01: P primary, S secondary, T tertiary...
	Document         []byte // the claim JSON exactly as received
	Lines            []Line
	Findings         []Finding
	ReceivedAt       time.Time // zero means now
}

// Line is a service line (loop 2400) of one version.
type Line struct {
	Number         int      `json:"number"`         // LX01, from 1
	ControlNumber  string   `json:"control_number"` // REF*6R
	ProcedureCode  string   `json:"procedure_code"` // SV101-2 or SV202-2
	RevenueCode    string   `json:"revenue_code"`   // SV201, 837I
	Modifiers      []string `json:"modifiers,omitzero"`
	ChargeCents    int64    `json:"charge_cents"`
	Units          string   `json:"units"`                     // decimal as written
	ServiceDate    string   `json:"service_date"`              // YYYY-MM-DD
	ServiceDateEnd string   `json:"service_date_end,omitzero"` // last day of a range, or ""
}

// Finding is what a front-end check said about a version.
type Finding struct {
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Path     string   `json:"path"` // JSON path into the document
	Message  string   `json:"message"`
}

// Claim is a claim as the store tracks it, with the fields of its current
// version.
type Claim struct {
	ID               string           `json:"id"`
	PCN              string           `json:"pcn"`
	Kind             ClaimKind        `json:"kind"`
	PayerID          string           `json:"payer_id"`
	Connection       string           `json:"connection"`
	BillingNPI       string           `json:"billing_npi"`
	TotalCents       int64            `json:"total_cents"`
	Status           lifecycle.Status `json:"status"`
	StuckSince       time.Time        `json:"stuck_since,omitzero"` // zero when not stuck
	Version          int              `json:"version"`
	PayerClaimNumber string           `json:"payer_claim_number,omitzero"`
	CreatedAt        time.Time        `json:"created_at,omitzero"`
	UpdatedAt        time.Time        `json:"updated_at,omitzero"`
}

// Stuck reports whether the claim waits for an answer past its time.
func (c Claim) Stuck() bool { return !c.StuckSince.IsZero() }

// State is the claim's lifecycle state.
func (c Claim) State() lifecycle.State {
	return lifecycle.State{Version: c.Version, Status: c.Status, Stuck: c.Stuck()}
}

// Version is one version of a claim: one submission cycle.
type Version struct {
	ClaimID          string    `json:"claim_id"`
	Number           int       `json:"number"`
	FrequencyCode    string    `json:"frequency_code"`
	PCN              string    `json:"pcn"`
	PayerID          string    `json:"payer_id"`
	Responsibility   string    `json:"responsibility"` // SBR01
	PayerClaimNumber string    `json:"payer_claim_number,omitzero"`
	TotalCents       int64     `json:"total_cents"`
	Document         []byte    `json:"-"`
	ReceivedAt       time.Time `json:"received_at,omitzero"`
	Lines            []Line    `json:"lines"`
	Findings         []Finding `json:"findings"`
}

// ClaimDetail is a claim with its current version and its whole timeline,
// oldest event first.
type ClaimDetail struct {
	Claim    Claim
	Current  Version
	Timeline []Event
}

const claimColumns = "id, pcn, kind, payer_id, connection, billing_npi, total_cents, " +
	"status, stuck_since, version, last_event, payer_claim_number, created_at, updated_at"

type claimRow struct {
	ID               string         `db:"id"`
	PCN              string         `db:"pcn"`
	Kind             string         `db:"kind"`
	PayerID          string         `db:"payer_id"`
	Connection       sql.NullString `db:"connection"`
	BillingNPI       string         `db:"billing_npi"`
	TotalCents       int64          `db:"total_cents"`
	Status           string         `db:"status"`
	StuckSince       dbTime         `db:"stuck_since"`
	Version          int            `db:"version"`
	LastEvent        int            `db:"last_event"`
	PayerClaimNumber sql.NullString `db:"payer_claim_number"`
	CreatedAt        dbTime         `db:"created_at"`
	UpdatedAt        dbTime         `db:"updated_at"`
}

func (r claimRow) claim() Claim {
	return Claim{
		ID:               r.ID,
		PCN:              r.PCN,
		Kind:             ClaimKind(r.Kind),
		PayerID:          r.PayerID,
		Connection:       r.Connection.String,
		BillingNPI:       r.BillingNPI,
		TotalCents:       r.TotalCents,
		Status:           lifecycle.Status(r.Status),
		StuckSince:       r.StuckSince.Time,
		Version:          r.Version,
		PayerClaimNumber: r.PayerClaimNumber.String,
		CreatedAt:        r.CreatedAt.Time,
		UpdatedAt:        r.UpdatedAt.Time,
	}
}

func (in *ClaimInput) validate() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrInvalidInput}, args...)...)
	}
	switch {
	case in.PCN == "":
		return bad("no patient control number")
	case in.Kind != Professional && in.Kind != Institutional:
		return bad("claim kind %q is neither 837P nor 837I", in.Kind)
	case in.PayerID == "" && in.checked() == lifecycle.Ready:
		return bad("no payer ID")
	case in.BillingNPI == "" && in.checked() == lifecycle.Ready:
		return bad("no billing provider NPI")
	case !json.Valid(in.Document):
		return bad("the claim document is not JSON")
	}
	seen := map[int]bool{}
	for _, l := range in.Lines {
		switch {
		case l.Number < 1 || seen[l.Number]:
			return bad("line number %d is not positive or not unique", l.Number)
		case l.ProcedureCode == "" && l.RevenueCode == "":
			return bad("line %d has neither procedure nor revenue code", l.Number)
		case l.Units == "":
			return bad("line %d has no units", l.Number)
		}
		for _, m := range l.Modifiers {
			if m == "" || strings.Contains(m, ":") {
				return bad("line %d has an empty modifier or one with ':'", l.Number)
			}
		}
		seen[l.Number] = true
	}
	for i, f := range in.Findings {
		if f.Severity != SeverityError && f.Severity != SeverityWarning {
			return bad("finding %d has severity %q", i+1, f.Severity)
		}
	}
	return nil
}

// checked is the status the checks give a version.
func (in *ClaimInput) checked() lifecycle.Status {
	for _, f := range in.Findings {
		if f.Severity == SeverityError {
			return lifecycle.Invalid
		}
	}
	return lifecycle.Ready
}

// InsertClaim records a new claim with its first version, lines and
// findings. The claim ends ready, or invalid when a finding is an error;
// an invalid claim may lack its payer ID and billing NPI. A patient control
// number held by another live claim is refused with a *DuplicatePCNError.
func (s *Store) InsertClaim(ctx context.Context, in ClaimInput) (Claim, error) {
	var c Claim
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		c, err = tx.InsertClaim(ctx, in)
		return err
	})
	return c, err
}

// InsertClaim is Store.InsertClaim inside a transaction.
func (t *Tx) InsertClaim(ctx context.Context, in ClaimInput) (Claim, error) {
	if err := in.validate(); err != nil {
		return Claim{}, err
	}

	// The claim's first two events are known now: it was received, and
	// checked. Writing their outcome at once saves round trips.
	now := t.s.clock()
	received := NewEvent{Kind: lifecycle.KindReceived, Version: 1,
		Status: lifecycle.Received, At: in.ReceivedAt}
	checked := checkedEvent(&in)
	checked.Version = 1
	s1, _, err := lifecycle.Next(lifecycle.State{}, received.lifecycle())
	if err != nil {
		return Claim{}, err
	}
	s2, _, err := lifecycle.Next(s1, checked.lifecycle())
	if err != nil {
		return Claim{}, err
	}

	// The conflict clause names the live-PCN index, so a duplicate inserts
	// nothing rather than aborting the transaction.
	c := Claim{
		ID: newID(), PCN: in.PCN, Kind: in.Kind, PayerID: in.PayerID,
		Connection: in.Connection, BillingNPI: in.BillingNPI, TotalCents: in.TotalCents,
		Status: s2.Status, Version: s2.Version, PayerClaimNumber: in.PayerClaimNumber,
		CreatedAt: now, UpdatedAt: now,
	}
	res, err := t.exec(ctx, "INSERT INTO claims ("+claimColumns+") "+
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 2, ?, ?, ?) "+
		"ON CONFLICT (pcn) WHERE status <> 'void' DO NOTHING",
		c.ID, c.PCN, c.Kind, c.PayerID, nullString(c.Connection), c.BillingNPI,
		c.TotalCents, c.Status, c.Version, nullString(c.PayerClaimNumber), at(now), at(now))
	if err != nil {
		return Claim{}, fmt.Errorf("insert claim: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return Claim{}, fmt.Errorf("insert claim: %w", err)
	}
	if n == 0 {
		if err := t.checkPCNFree(ctx, in.PCN, ""); err != nil {
			return Claim{}, err
		}
		return Claim{}, errors.New("insert claim: the patient control number " +
			"conflicted, then was freed: try again")
	}

	if err := t.insertVersion(ctx, c.ID, 1, &in, now); err != nil {
		return Claim{}, err
	}
	err = t.insertEvents(ctx, now, []eventChange{
		{claimID: c.ID, seq: 1, before: lifecycle.State{}, after: s1, e: received},
		{claimID: c.ID, seq: 2, before: s1, after: s2, e: checked},
	})
	if err != nil {
		return Claim{}, err
	}
	return c, nil
}

// checkedEvent is the event that records the checks' verdict.
func checkedEvent(in *ClaimInput) NewEvent {
	n := 0
	for _, f := range in.Findings {
		if f.Severity == SeverityError {
			n++
		}
	}
	return NewEvent{
		Kind:   lifecycle.KindChecked,
		Status: in.checked(),
		Detail: fmt.Sprintf("findings: %d, errors: %d", len(in.Findings), n),
		At:     in.ReceivedAt,
	}
}

// AddVersion records a correction: a new version of the claim, which starts
// a new submission cycle. It is refused unless the lifecycle lets the
// current version be replaced (see lifecycle.CanRevise). The claim's live
// batch membership, if any, ends.
func (s *Store) AddVersion(ctx context.Context, claimID string, in ClaimInput) (Claim, error) {
	var c Claim
	err := s.InTx(ctx, func(tx *Tx) error {
		var err error
		c, err = tx.AddVersion(ctx, claimID, in)
		return err
	})
	return c, err
}

// AddVersion is Store.AddVersion inside a transaction.
func (t *Tx) AddVersion(ctx context.Context, claimID string, in ClaimInput) (Claim, error) {
	if err := in.validate(); err != nil {
		return Claim{}, err
	}
	cur, err := t.lockClaim(ctx, claimID)
	if err != nil {
		return Claim{}, err
	}
	version := cur.Version + 1
	received := NewEvent{Kind: lifecycle.KindReceived, Version: version,
		Status: lifecycle.Received, At: in.ReceivedAt}
	if _, _, err := lifecycle.Next(cur.claim().State(), received.lifecycle()); err != nil {
		return Claim{}, fmt.Errorf("claim %s: %w", claimID, err)
	}
	if cur.Kind != string(in.Kind) {
		return Claim{}, fmt.Errorf("%w: claim %s is %s; a version cannot change it to %s",
			ErrInvalidInput, claimID, cur.Kind, in.Kind)
	}
	if in.PCN != cur.PCN {
		if err := t.checkPCNFree(ctx, in.PCN, claimID); err != nil {
			return Claim{}, err
		}
	}

	now := t.s.clock()
	_, err = t.exec(ctx, "UPDATE batch_claims SET released_at = ? "+
		"WHERE claim_id = ? AND released_at IS NULL", at(now), claimID)
	if err != nil {
		return Claim{}, fmt.Errorf("release batch of claim %s: %w", claimID, err)
	}
	if err := t.insertVersion(ctx, claimID, version, &in, now); err != nil {
		return Claim{}, err
	}
	if _, err := t.appendEvent(ctx, claimID, received); err != nil {
		return Claim{}, err
	}
	err = t.execOne(ctx, "UPDATE claims SET pcn = ?, payer_id = ?, "+
		"connection = COALESCE(?, connection), billing_npi = ?, total_cents = ?, "+
		"payer_claim_number = COALESCE(?, payer_claim_number) WHERE id = ?",
		in.PCN, in.PayerID, nullString(in.Connection), in.BillingNPI, in.TotalCents,
		nullString(in.PayerClaimNumber), claimID)
	if isUniqueViolation(err) {
		// Taken by a transaction that committed after checkPCNFree looked;
		// this one is aborted now and cannot ask by whom.
		return Claim{}, &DuplicatePCNError{}
	}
	if err != nil {
		return Claim{}, fmt.Errorf("update claim %s: %w", claimID, err)
	}
	if _, err := t.AppendEvent(ctx, claimID, checkedEvent(&in)); err != nil {
		return Claim{}, err
	}
	return t.claim(ctx, claimID)
}

// checkPCNFree returns a *DuplicatePCNError when a live claim other than
// self holds pcn.
func (t *Tx) checkPCNFree(ctx context.Context, pcn, self string) error {
	var ids []string
	err := t.selectAll(ctx, &ids, "SELECT id FROM claims "+
		"WHERE pcn = ? AND status <> ? AND id <> ?", pcn, lifecycle.Void, self)
	if err != nil {
		return fmt.Errorf("look up patient control number: %w", err)
	}
	if len(ids) > 0 {
		return &DuplicatePCNError{ExistingClaimID: ids[0]}
	}
	return nil
}

func (t *Tx) insertVersion(ctx context.Context, claimID string, version int, in *ClaimInput,
	now time.Time) error {

	var rows versionRows
	rows.add(claimID, version, in, now)
	return rows.insert(ctx, t, "claim "+claimID)
}

// versionRows are the rows of one or more claim versions, gathered so that
// each table takes one statement per few hundred rows.
type versionRows struct {
	versions, lines, findings [][]any
}

var (
	versionColumns = []string{"claim_id", "version", "frequency_code", "pcn", "pcn_key",
		"payer_id", "responsibility", "payer_claim_number", "total_cents", "document",
		"received_at"}
	lineColumns = []string{"claim_id", "version", "line_number", "control_number",
		"procedure_code", "revenue_code", "modifiers", "charge_cents", "units",
		"service_date", "service_date_end"}
	findingColumns = []string{"claim_id", "version", "seq", "severity", "code", "path",
		"message"}
)

func (r *versionRows) add(claimID string, version int, in *ClaimInput, now time.Time) {
	freq := in.FrequencyCode
	if freq == "" {
		freq = "1"
	}
	received := in.ReceivedAt
	if received.IsZero() {
		received = now
	}
	r.versions = append(r.versions, []any{claimID, version, freq, in.PCN, PCNKey(in.PCN),
		in.PayerID, in.Responsibility, nullString(in.PayerClaimNumber), in.TotalCents,
		string(in.Document), at(received)})
	for _, l := range in.Lines {
		r.lines = append(r.lines, []any{claimID, version, l.Number,
			nullString(l.ControlNumber), nullString(l.ProcedureCode),
			nullString(l.RevenueCode), strings.Join(l.Modifiers, ":"), l.ChargeCents,
			l.Units, nullString(l.ServiceDate), nullString(l.ServiceDateEnd)})
	}
	for i, f := range in.Findings {
		r.findings = append(r.findings, []any{claimID, version, i + 1, f.Severity, f.Code,
			f.Path, f.Message})
	}
}

// insert writes the gathered rows; what names the claims in errors.
func (r *versionRows) insert(ctx context.Context, t *Tx, what string) error {
	if err := t.insertRows(ctx, "claim_versions", versionColumns, r.versions); err != nil {
		return fmt.Errorf("insert versions of %s: %w", what, err)
	}
	if err := t.insertRows(ctx, "claim_lines", lineColumns, r.lines); err != nil {
		return fmt.Errorf("insert lines of %s: %w", what, err)
	}
	if err := t.insertRows(ctx, "claim_findings", findingColumns, r.findings); err != nil {
		return fmt.Errorf("insert findings of %s: %w", what, err)
	}
	return nil
}

// lockClaim reads a claim and locks its row until the transaction ends
// (a no-op UPDATE: PostgreSQL locks the row, SQLite already holds the
// write lock; SELECT ... FOR UPDATE exists only in PostgreSQL).
func (t *Tx) lockClaim(ctx context.Context, id string) (claimRow, error) {
	var r claimRow
	err := t.get(ctx, &r, "UPDATE claims SET last_event = last_event WHERE id = ? "+
		"RETURNING "+claimColumns, id)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("claim %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("lock claim %s: %w", id, err)
	}
	return r, nil
}

func (t *Tx) claim(ctx context.Context, id string) (Claim, error) {
	var r claimRow
	err := t.get(ctx, &r, "SELECT "+claimColumns+" FROM claims WHERE id = ?", id)
	if errors.Is(err, sql.ErrNoRows) {
		return Claim{}, fmt.Errorf("claim %s: %w", id, ErrNotFound)
	}
	if err != nil {
		return Claim{}, fmt.Errorf("read claim %s: %w", id, err)
	}
	return r.claim(), nil
}

// clock returns the current time as the database will hold it.
func (s *Store) clock() time.Time { return truncate(s.now()) }
