package posting

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/claimflow/claimflow/edi/x837"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// ImportOptions tune Import.
type ImportOptions struct {
	// Today is the day the checks hold claim dates against; zero means
	// the current day in UTC.
	Today time.Time
	// Kind forces the kind of every claim; x837.UnknownKind tells each
	// claim's kind from its content.
	Kind x837.Kind
	// PerTx is how many claims are stored per transaction; 0 means 500.
	PerTx int
	// OnClaim, when set, is called for each claim read, in file order,
	// once it is stored or refused.
	OnClaim func(ClaimResult)
}

// ClaimResult is what became of one claim of an imported file.
type ClaimResult struct {
	Index    int              // 0-based position in the file
	Line     int              // in JSON Lines, the 1-based line it begins on
	ClaimID  string           // "" when the claim was refused
	PCN      string           // its patient control number, when it has one
	Status   lifecycle.Status // ready or invalid; "" when refused
	Findings x837.Findings
	// Err says why the claim was refused: it could not be decoded, it has
	// no patient control number or kind (ErrNoPCN, ErrUnknownKind), or a
	// live claim holds its number (*store.DuplicatePCNError).
	Err error
}

// ImportSummary counts what Import did.
type ImportSummary struct {
	Read       int // claims read from the file
	Ready      int // stored and ready to send
	Invalid    int // stored, held back by their findings
	Duplicates int // refused: a live claim holds the number
	Refused    int // refused for another reason (see ClaimResult.Err)
}

// Stored is the number of claims stored, ready or invalid.
func (s ImportSummary) Stored() int { return s.Ready + s.Invalid }

// defaultPerTx keeps a transaction of claims to a size whose rollback
// loses little and whose commit is cheap next to its writes.
const defaultPerTx = 500

// Import reads a file of JSON claims (JSON Lines or one array), checks
// each and stores it: claims without error findings become ready, the
// others invalid with their findings. A claim that cannot be decoded, has
// no patient control number, or whose number a live claim holds, is
// refused and reported, and the rest go on. The file is read as a stream;
// claims are stored opts.PerTx at a time. The error is non-nil only when
// the file cannot be read on or the database fails; the claims stored
// before it stay stored.
func Import(ctx context.Context, s *store.Store, r io.Reader,
	opts ImportOptions) (ImportSummary, error) {

	var sum ImportSummary
	perTx := opts.PerTx
	if perTx <= 0 {
		perTx = defaultPerTx
	}
	dec := x837.NewDecoder(r, opts.Kind)
	var pending []ClaimResult
	var inputs []store.ClaimInput
	flush := func() error {
		if err := storeClaims(ctx, s, pending, inputs, &sum, opts.OnClaim); err != nil {
			return err
		}
		pending, inputs = pending[:0], inputs[:0]
		return nil
	}
	for {
		if err := ctx.Err(); err != nil {
			return sum, err
		}
		c, err := dec.Next()
		if err == io.EOF {
			break
		}
		var de *x837.DecodeError
		if err != nil && !errors.As(err, &de) {
			if ferr := flush(); ferr != nil {
				return sum, ferr
			}
			return sum, fmt.Errorf("read claims: %w", err)
		}
		sum.Read++
		res := ClaimResult{Index: sum.Read - 1, Err: err}
		if de != nil {
			res.Index, res.Line = de.Index, de.Line
		}
		var in store.ClaimInput
		if err == nil {
			res.Index, res.Line = c.Index, c.Line
			if c.ClaimInformation != nil {
				res.PCN = c.ClaimInformation.PatientControlNumber
			}
			in, res.Findings, res.Err = claimInput(c, opts.Today)
		}
		if res.Err != nil {
			sum.Refused++
			report(opts.OnClaim, res)
			continue
		}
		pending, inputs = append(pending, res), append(inputs, in)
		if len(inputs) == perTx {
			if err := flush(); err != nil {
				return sum, err
			}
		}
	}
	return sum, flush()
}

// storeClaims stores one transaction's worth of claims and reports each.
func storeClaims(ctx context.Context, s *store.Store, pending []ClaimResult,
	inputs []store.ClaimInput, sum *ImportSummary, onClaim func(ClaimResult)) error {

	if len(inputs) == 0 {
		return nil
	}
	var out []store.Inserted
	err := s.InTx(ctx, func(tx *store.Tx) error {
		var err error
		out, err = tx.InsertClaims(ctx, inputs)
		return err
	})
	if err != nil {
		return fmt.Errorf("store %d claims: %w", len(inputs), err)
	}
	for i, res := range pending {
		res.ClaimID, res.Status, res.Err = out[i].Claim.ID, out[i].Claim.Status, out[i].Err
		var dup *store.DuplicatePCNError
		switch {
		case errors.As(res.Err, &dup):
			sum.Duplicates++
		case res.Err != nil:
			sum.Refused++
		case res.Status == lifecycle.Ready:
			sum.Ready++
		default:
			sum.Invalid++
		}
		report(onClaim, res)
	}
	return nil
}

func report(fn func(ClaimResult), res ClaimResult) {
	if fn != nil {
		fn(res)
	}
}
