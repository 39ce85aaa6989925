package x837

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/claimflow/claimflow/edi"
)

// MaxClaimsPerSet is the most claims (CLM) one transaction set holds.
const MaxClaimsPerSet = 5000

// MaxClaimsPerLevel is the most claims (loop 2300) the guides allow under
// one subscriber or patient HL; the builder opens a new HL after it.
const MaxClaimsPerLevel = 100

// ErrHeld means Builder.Add refused a claim because Check found errors in
// it; nothing of the claim was written.
var ErrHeld = errors.New("claim held by its checks")

// Envelope is what the caller chooses for an interchange: identifiers,
// and the control numbers the store reserved for it.
type Envelope struct {
	SenderQualifier   string // ISA05, e.g. "ZZ"
	SenderID          string // ISA06
	ReceiverQualifier string // ISA07
	ReceiverID        string // ISA08
	SenderCode        string // GS02; ISA06 when empty
	ReceiverCode      string // GS03; ISA08 when empty
	Usage             byte   // ISA15, 'T' or 'P'
	AckRequested      bool   // ISA14
	Interchange       int64  // ISA13
	Group             int64  // GS06
	FirstSet          int    // ST02 of the first transaction set; the next ones follow
	Time              time.Time

	// SubmitterID is 1000A NM109 for claims whose submitter gives no
	// submitterIdentification; ISA06 when empty.
	SubmitterID string
	// ReceiverIdentifier is 1000B NM109; ISA08 when empty.
	ReceiverIdentifier string

	// MaxClaimsPerSet splits transaction sets; MaxClaimsPerSet when 0.
	MaxClaimsPerSet int
}

// Summary tells what a Builder wrote.
type Summary struct {
	Claims   int    // claims written
	Sets     int    // transaction sets written
	FirstSet string // ST02 of the first set, "" when none
	LastSet  string // ST02 of the last set
}

// Builder writes claims of one kind into one interchange with one
// functional group, as they come. A new transaction set starts every
// MaxClaimsPerSet claims and whenever the submitter or receiver changes.
// Consecutive claims with the same billing provider share its HL 20;
// consecutive claims of that provider with the same subscriber (payer,
// member, plan and filing code) share its HL 22, and for dependents the
// same patient shares its HL 23. Sort the claims (see SortKey) to group
// them fully. Memory does not grow with the number of claims.
type Builder struct {
	w     *edi.Writer
	kind  Kind
	env   Envelope
	opts  Options
	today string
	max   int

	sum    Summary
	open   bool // an interchange and group are open
	inSet  bool
	setNo  int
	claims int // claims in the open set
	// levelClaims counts the claims under the open subscriber or patient HL.
	levelClaims int

	hl                      int
	billingHL, subscriberHL int
	// Grouping keys of the open loops, and a scratch key to compare.
	billingKey, subscriberKey []byte
	patientKey, headerKey     []byte
	scratch                   []byte
	ptrs                      []string
}

// NewBuilder returns a Builder writing kind claims to w. opts are the
// options of the checks Add runs; their Delimiters are also those of the
// interchange. suffix is written after each segment ("" or "\n").
func NewBuilder(w io.Writer, kind Kind, env Envelope, opts Options,
	suffix string) (*Builder, error) {
	if kind != Professional && kind != Institutional {
		return nil, fmt.Errorf("new builder: %w", ErrKind)
	}
	if opts.Delimiters == (edi.Delimiters{}) {
		opts.Delimiters = edi.DefaultDelimiters
	}
	opts.Kind = kind
	opts.Usage = env.Usage
	if env.FirstSet < 1 {
		return nil, fmt.Errorf("new builder: first ST02 %d must be at least 1", env.FirstSet)
	}
	max := env.MaxClaimsPerSet
	if max <= 0 || max > MaxClaimsPerSet {
		max = MaxClaimsPerSet
	}
	b := &Builder{w: edi.NewWriter(w, opts.Delimiters, suffix), kind: kind, env: env,
		opts: opts, today: opts.today(), max: max}
	return b, b.w.Err()
}

// Add checks the claim and writes it, unless Check finds an error, in
// which case nothing is written and Add returns the findings with an
// error wrapping ErrHeld. The findings of a written claim are returned
// too (warnings and transliterations). Add normalizes the claim in place
// (see Normalize). An error from the underlying writer is final.
func (b *Builder) Add(c *Claim) (Findings, error) {
	if err := b.w.Err(); err != nil {
		return nil, err
	}
	fs, dirty := check(c, b.opts, b.today)
	if fs.HasError() {
		return fs, fmt.Errorf("claim %d: %w", c.Index, ErrHeld)
	}
	c.Kind = b.kind
	normalize(c, dirty)

	b.begin()
	b.scratch = b.headerOf(b.scratch[:0], c)
	if b.inSet && (b.claims >= b.max || !bytes.Equal(b.scratch, b.headerKey)) {
		b.endSet()
	}
	if !b.inSet {
		b.headerKey = append(b.headerKey[:0], b.scratch...)
		b.beginSet(c)
	}
	b.hierarchy(c)
	if b.kind == Professional {
		b.claimP(c)
	} else {
		b.claimI(c)
	}
	b.claims++
	b.levelClaims++
	b.sum.Claims++
	return fs, b.w.Err()
}

// Close ends the open envelopes, flushes, and reports what was written.
// With no claim added it writes nothing.
func (b *Builder) Close() (Summary, error) {
	if b.open {
		if b.inSet {
			b.endSet()
		}
		b.w.EndGroup()
		b.w.EndInterchange()
	}
	return b.sum, b.w.Close()
}

func (b *Builder) begin() {
	if b.open {
		return
	}
	b.open = true
	e := b.env
	b.w.BeginInterchange(edi.Interchange{
		SenderQualifier: e.SenderQualifier, SenderID: e.SenderID,
		ReceiverQualifier: e.ReceiverQualifier, ReceiverID: e.ReceiverID,
		Time: e.Time, Control: e.Interchange, AckRequested: e.AckRequested, Usage: e.Usage,
	})
	b.w.BeginGroup(edi.Group{
		FunctionalID: "HC", SenderCode: or(e.SenderCode, e.SenderID),
		ReceiverCode: or(e.ReceiverCode, e.ReceiverID), Time: e.Time,
		Control: e.Group, Version: b.kind.Version(),
	})
}

func (b *Builder) setControl() string {
	return fmt.Sprintf("%04d", b.env.FirstSet+b.setNo)
}

func (b *Builder) beginSet(c *Claim) {
	ctl := b.setControl()
	b.w.BeginSet("837", ctl, b.kind.Version())
	if b.sum.Sets == 0 {
		b.sum.FirstSet = ctl
	}
	b.sum.LastSet = ctl
	b.sum.Sets++
	b.inSet, b.claims, b.hl = true, 0, 0
	b.billingKey, b.subscriberKey, b.patientKey = b.billingKey[:0], b.subscriberKey[:0],
		b.patientKey[:0]
	b.header(c, ctl)
}

func (b *Builder) endSet() {
	b.w.EndSet()
	b.inSet = false
	b.setNo++
}

// key appends values to dst as a grouping key; the separator, a zero
// byte, cannot occur in checked text.
func key(dst []byte, vals ...string) []byte {
	for _, v := range vals {
		dst = append(dst, v...)
		dst = append(dst, 0)
	}
	return dst
}

// changed reports whether the key in b.scratch differs from *open, and
// makes it the open key.
func (b *Builder) changed(open *[]byte) bool {
	if len(*open) > 0 && bytes.Equal(b.scratch, *open) {
		return false
	}
	*open = append((*open)[:0], b.scratch...)
	return true
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// decimal renders an integer for X12.
func decimal(n int) string { return strconv.Itoa(n) }
