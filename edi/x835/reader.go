package x835

import (
	"io"
	"strings"

	"github.com/claimflow/claimflow/edi"
)

// Item is what Reader.Next returns: a *Payment when a transaction set
// starts, then a *Claim for each of its claims, then a *Summary when it
// ends.
type Item interface{ item() }

// Remittance is one 835 transaction set read whole: its header, its claims
// in order and its summary.
type Remittance struct {
	Payment *Payment
	Claims  []*Claim
	Summary *Summary
}

// itemMaxFindings bounds the findings one item keeps; a claim of garbage
// should not grow without limit.
const itemMaxFindings = 1000

// loop is where in the 835 the reader is.
type loop uint8

const (
	loopNone    loop = iota // outside an 835 transaction set
	loopHeader              // table 1, outside the payer and payee loops
	loopPayer               // loop 1000A
	loopPayee               // loop 1000B
	loopSkip                // an N1 loop out of place, skipped
	loopLX                  // loop 2000 before its first CLP
	loopClaim               // loop 2100
	loopLine                // loop 2110
	loopOrphan              // an SVC with no claim, skipped with its segments
	loopSummary             // table 3
)

var loopNames = [...]string{
	loopNone: "no transaction set", loopHeader: "the header (table 1)",
	loopPayer: "loop 1000A", loopPayee: "loop 1000B", loopSkip: "a skipped N1 loop",
	loopLX: "loop 2000 before its first CLP", loopClaim: "loop 2100", loopLine: "loop 2110",
	loopOrphan: "a skipped service line", loopSummary: "the summary (table 3)",
}

// kind names a segment ID the reader routes, so that it is looked up once
// per segment and routed by number.
type kind uint8

// The kinds, in the order of segmentKinds; kOther is any other ID.
const (
	kOther kind = iota
	kISA
	kGS
	kST
	kSE
	kGE
	kIEA
	kTA1
	kBPR
	kTRN
	kCUR
	kREF
	kDTM
	kN1
	kN3
	kN4
	kPER
	kRDM
	kLX
	kTS3
	kTS2
	kCLP
	kCAS
	kNM1
	kMIA
	kMOA
	kAMT
	kQTY
	kSVC
	kLQ
	kPLB
)

const segmentKinds = "ISA GS ST SE GE IEA TA1 BPR TRN CUR REF DTM N1 N3 N4 PER RDM " +
	"LX TS3 TS2 CLP CAS NM1 MIA MOA AMT QTY SVC LQ PLB"

// kindTable finds the kind of an ID in one probe: with kindMul, the packed
// IDs of segmentKinds fall in different slots, which init checks.
var kindTable [64]struct {
	key uint32
	k   kind
}

const kindMul = 0xca2fad07

func kindSlot(key uint32) uint32 { return key * kindMul >> (32 - 6) }

func init() {
	for n, id := range strings.Fields(segmentKinds) {
		key, _ := packCode([]byte(id))
		e := &kindTable[kindSlot(key)]
		if e.key != 0 {
			panic("x835: segment IDs " + id + " and another share a slot of kindTable")
		}
		e.key, e.k = key, kind(n+1)
	}
}

// kindOf returns the kind of segment ID id, kOther for one not routed.
func kindOf(id string) kind {
	var key uint32
	switch len(id) {
	case 2:
		key = 2<<16 | uint32(id[0])<<8 | uint32(id[1])
	case 3:
		key = 3<<24 | uint32(id[0])<<16 | uint32(id[1])<<8 | uint32(id[2])
	default:
		return kOther
	}
	if e := &kindTable[kindSlot(key)]; e.key == key {
		return e.k
	}
	return kOther
}

// Reader reads 835 transaction sets from an X12 stream, one item at a
// time: the payment header, each claim with its service lines, and the
// summary. It holds one claim at a time, so memory does not grow with the
// file. Problems are findings, on the item they concern and on the reader;
// reading stops only where the X12 syntax itself cannot be read.
//
// A file may hold several interchanges, groups and sets; sets that are not
// 835s are skipped with a finding.
type Reader struct {
	er     *edi.Reader
	name   string
	ediMax int // findings the edi reader keeps
	seen   int // edi findings already taken

	all                findingList
	cur                *findingList // the list of the item being built
	payF, claimF, sumF findingList
	cache              strCache
	dates              dateCache

	// sp is where claims are built; with reuse, the two spaces take turns.
	sp     *space
	spaces [2]space
	reuse  bool
	turn   int

	queue   []Item
	head    int
	closing *Summary // queued, awaiting the findings of its trailer
	done    bool
	fatal   error

	env       Envelope
	pay       *Payment // the open 835 set's header; nil outside one
	payOut    bool     // pay has been queued
	hdr       *HeaderNumber
	hdrClaims int
	claim     *Claim
	sum       *Summary
	tot       Totals
	loop      loop
	resume    loop
	sepWarned bool
	lxWarned  bool
	kind      kind // of the segment being routed

	// The last segment's place, kept without its strings: inside an open
	// set they are the set's own.
	lastOffset              int64
	lastOrdinal, lastSetPos int
}

// NewReader returns a Reader over src.
func NewReader(src io.Reader) *Reader {
	r := &Reader{er: edi.NewReader(src), ediMax: edi.DefaultMaxFindings}
	r.sp = &r.spaces[0]
	r.all.max = edi.DefaultMaxFindings
	r.payF.max, r.claimF.max, r.sumF.max = itemMaxFindings, itemMaxFindings, itemMaxFindings
	return r
}

// SetName sets the file name that findings carry.
func (r *Reader) SetName(name string) {
	r.name = name
	r.er.SetName(name)
}

// SetMaxFindings sets how many findings the reader keeps in Findings;
// further ones are counted and summarised in one last finding. n <= 0
// keeps them all.
func (r *Reader) SetMaxFindings(n int) {
	r.all.max, r.ediMax = n, n
	r.er.SetMaxFindings(n)
}

// SetReuse makes the reader reuse the memory of its claims: a Claim that
// Next returns, and everything it holds, is then valid only until the
// next call to Next, the way an edi.Segment is.
// Reading allocates next to nothing per claim. A caller that applies each
// claim before asking for the next one loses nothing; one that keeps
// claims must leave reuse off, as it is by default.
func (r *Reader) SetReuse(on bool) { r.reuse = on }

// Findings returns every finding so far, envelope and syntax findings of
// the X12 reader included, in the order they were found.
func (r *Reader) Findings() edi.Findings { return r.all.result() }

// Next returns the next item: a *Payment, a *Claim or a *Summary. At the
// end of the input it returns io.EOF. Any other error means the input
// cannot be read further; the items read before it have been returned.
func (r *Reader) Next() (Item, error) {
	for {
		if r.head < len(r.queue) {
			it := r.queue[r.head]
			r.queue[r.head] = nil
			r.head++
			if r.head == len(r.queue) {
				r.queue, r.head = r.queue[:0], 0
			}
			return it, nil
		}
		if r.done {
			if r.fatal != nil {
				return nil, r.fatal
			}
			return nil, io.EOF
		}
		s, err := r.er.Next()
		if err != nil {
			r.endSet(nil)
			r.pullEDI(true)
			r.settle()
			r.done = true
			if err != io.EOF {
				r.fatal = err
			}
			continue
		}
		r.lastOffset, r.lastOrdinal, r.lastSetPos = s.Pos.Offset, s.Pos.Ordinal, s.Pos.SetPosition
		r.segment(s)
		// Most segments add no finding and close no set: the checks for
		// both are made here, without a call.
		if (r.ediMax <= 0 || r.seen < r.ediMax) && len(r.er.Findings()) != r.seen {
			r.pullEDI(false)
		}
		if r.closing != nil {
			r.settle()
		}
	}
}

// ReadAll reads every transaction set of src. It is meant for small files;
// use a Reader to stream large ones.
func ReadAll(src io.Reader) ([]*Remittance, edi.Findings, error) {
	r := NewReader(src)
	var out []*Remittance
	for {
		it, err := r.Next()
		if err == io.EOF {
			return out, r.Findings(), nil
		}
		if err != nil {
			return out, r.Findings(), err
		}
		switch v := it.(type) {
		case *Payment:
			out = append(out, &Remittance{Payment: v})
		case *Claim:
			rem := out[len(out)-1]
			rem.Claims = append(rem.Claims, v)
		case *Summary:
			out[len(out)-1].Summary = v
		}
	}
}

// pullEDI takes the findings the X12 reader added and files them with the
// item being built. Once the X12 reader is full it only counts, and its
// list is read once more at the end.
func (r *Reader) pullEDI(final bool) {
	if !final && r.ediMax > 0 && r.seen >= r.ediMax {
		return
	}
	fs := r.er.Findings()
	n := len(fs)
	if n == r.seen {
		return
	}
	if !final && r.ediMax > 0 && n > r.ediMax {
		n = r.ediMax
	}
	for _, f := range fs[r.seen:n] {
		r.record(f)
	}
	r.seen = n
}

// lastPos returns the position of the last segment read, inside the open
// set.
func (r *Reader) lastPos() edi.Position {
	p := r.pay.Pos
	p.Offset, p.Ordinal, p.SetPosition = r.lastOffset, r.lastOrdinal, r.lastSetPos
	return p
}

// settle gives a queued summary the findings of its trailer.
func (r *Reader) settle() {
	if r.closing != nil {
		r.closing.Findings = r.sumF.take()
		r.closing = nil
		r.cur = nil
	}
}

// segment routes one segment.
func (r *Reader) segment(s *edi.Segment) {
	r.kind = kindOf(s.ID)
	switch r.kind {
	case kISA:
		r.endSet(s)
		r.parseISA(s)
	case kGS:
		r.endSet(s)
		r.parseGS(s)
	case kST:
		r.endSet(s)
		r.beginSet(s)
	case kSE, kGE, kIEA:
		r.endSet(s)
	case kTA1:
	default:
		if r.loop != loopNone {
			r.body(s)
		}
	}
}

// beginSet starts a transaction set.
func (r *Reader) beginSet(s *edi.Segment) {
	r.env.SetControl, r.env.Implementation = r.str(s, 2), r.str(s, 3)
	if string(s.Bytes(1)) != "835" {
		r.cur = nil
		r.finding(edi.Warning, s, 1, 0, edi.ErrEnvelope,
			"the transaction set is not an 835; it is skipped")
		return
	}
	r.pay = &Payment{Pos: s.Pos, Envelope: r.env}
	r.sum = &Summary{Payment: r.pay}
	r.payOut, r.hdr, r.hdrClaims, r.claim, r.tot = false, nil, 0, nil, Totals{}
	r.sepWarned, r.lxWarned = false, false
	r.loop = loopHeader
	r.cur = &r.payF
	r.checkEnvelope(s)
}

// endSet ends the open 835 set, if any, at s (nil at the end of input):
// the last claim and the summary are queued.
func (r *Reader) endSet(s *edi.Segment) {
	if r.pay == nil {
		return
	}
	r.closeClaim()
	r.emitPayment(s)
	sum := r.sum
	sum.Pos = r.lastPos()
	if s != nil {
		sum.Pos = s.Pos
	}
	r.cur = &r.sumF
	for _, f := range r.claimF.take() { // findings of an LX loop with no claim
		r.sumF.add(f)
	}
	r.checkEmptyLX()
	sum.Totals = r.tot
	r.checkSet(sum)
	r.queue = append(r.queue, sum)
	r.closing = sum
	r.pay, r.sum, r.hdr, r.loop = nil, nil, nil, loopNone
}

// emitPayment queues the header once it is complete, at s (nil at the end
// of input).
func (r *Reader) emitPayment(s *edi.Segment) {
	if r.payOut {
		return
	}
	r.cur = &r.payF
	at := s
	if at == nil {
		at = &edi.Segment{Pos: r.lastPos()}
	}
	r.checkHeader(at)
	r.pay.Findings = r.payF.take()
	r.queue = append(r.queue, r.pay)
	r.payOut = true
	r.cur = &r.claimF
}

// closeClaim checks and queues the claim being built.
func (r *Reader) closeClaim() {
	c := r.claim
	if c == nil {
		return
	}
	r.cur = &r.claimF
	for i := range c.Lines {
		r.checkLine(&c.Lines[i])
	}
	if c.Patient == nil {
		r.finding(edi.Warning, &edi.Segment{ID: "CLP", Pos: c.Pos}, 0, 0, edi.ErrStructure,
			"the claim has no patient name (NM1*QC)")
	}
	r.checkClaim(c)
	t := &r.tot
	t.Claims++
	t.Lines += len(c.Lines)
	t.Charge += c.Charge
	t.Paid += c.Paid
	t.PatientResp += c.PatientResp
	t.Interest += c.Interest()
	c.Findings = r.claimF.take()
	r.queue = append(r.queue, c)
	r.claim = nil
}

// checkEmptyLX reports a loop 2000 that ended without a claim.
func (r *Reader) checkEmptyLX() {
	if r.hdr != nil && r.hdrClaims == 0 {
		r.finding(edi.Warning, &edi.Segment{ID: "LX", Pos: r.hdr.Pos}, 0, 0, edi.ErrStructure,
			"the header number loop (LX) has no claim")
		r.hdrClaims = -1
	}
}

// body routes a segment inside an 835 set.
func (r *Reader) body(s *edi.Segment) {
	switch r.kind {
	case kLX:
		r.startLX(s)
		return
	case kCLP:
		r.startClaim(s)
		return
	case kSVC:
		r.startLine(s)
		return
	case kPLB:
		r.startPLB(s)
		return
	case kN1:
		r.startN1(s)
		return
	case kTS3, kTS2:
		r.providerSummary(s)
		return
	case kBPR, kTRN, kCUR:
		if r.loop == loopHeader {
			r.header(s)
			return
		}
		r.outOfPlace(s)
		if !r.payOut {
			r.header(s) // still the header: kept
		}
		return
	}
	switch r.loop {
	case loopHeader:
		if r.kind == kREF || r.kind == kDTM {
			r.header(s)
			return
		}
	case loopPayer:
		switch r.kind {
		case kN3, kN4, kREF, kPER:
			r.payer(s)
			return
		case kDTM:
			r.outOfPlace(s)
			r.header(s)
			return
		}
	case loopPayee:
		switch r.kind {
		case kN3, kN4, kREF, kRDM:
			r.payee(s)
			return
		case kDTM:
			r.outOfPlace(s)
			r.header(s)
			return
		}
	case loopSkip:
		switch r.kind {
		case kN3, kN4, kREF, kPER, kRDM:
			return
		}
		r.loop = r.resume
		r.body(s)
		return
	case loopClaim:
		switch r.kind {
		case kCAS, kNM1, kMIA, kMOA, kREF, kDTM, kPER, kAMT, kQTY:
			r.claimSegment(s)
			return
		}
	case loopLine:
		switch r.kind {
		case kDTM, kCAS, kREF, kAMT, kQTY, kLQ:
			r.lineSegment(s)
			return
		case kNM1, kMIA, kMOA, kPER:
			r.finding(edi.Warning, s, 0, 0, edi.ErrStructure,
				"%s belongs before the claim's service lines; it is kept with the claim", s.ID)
			r.claimSegment(s)
			return
		}
	case loopOrphan:
		switch r.kind {
		case kDTM, kCAS, kREF, kAMT, kQTY, kLQ:
			return
		}
		r.loop = r.resume
		r.body(s)
		return
	}
	r.outOfPlace(s)
}

// outOfPlace reports a segment that has no place where it is.
func (r *Reader) outOfPlace(s *edi.Segment) {
	if r.kind < kBPR {
		r.finding(edi.Warning, s, 0, 0, edi.ErrStructure,
			"the 835 has no %s segment; it is ignored", s.ID)
		return
	}
	r.finding(edi.Warning, s, 0, 0, edi.ErrStructure,
		"%s is out of place in %s", s.ID, loopNames[r.loop])
}

// startN1 starts the payer or payee loop, or skips an N1 loop that has no
// place where it is.
func (r *Reader) startN1(s *edi.Segment) {
	if !r.payOut {
		q := string(s.Bytes(1))
		switch {
		case q == "PR" && r.pay.Payer.Pos.Ordinal == 0, q == "PE" && r.pay.Payee.Pos.Ordinal == 0:
			r.parseN1(s)
			return
		case q == "PR" || q == "PE":
			r.repeated(s)
		default:
			r.finding(edi.Warning, s, 1, 0, edi.ErrData,
				"N101 is neither PR (payer) nor PE (payee); the N1 loop is skipped")
		}
		r.resume, r.loop = loopHeader, loopSkip
		return
	}
	r.finding(edi.Warning, s, 0, 0, edi.ErrStructure,
		"N1 is out of place in %s; it and its loop are skipped", loopNames[r.loop])
	if r.loop != loopSkip {
		r.resume = r.loop
	}
	r.loop = loopSkip
}

// startLX starts loop 2000.
func (r *Reader) startLX(s *edi.Segment) {
	r.closeClaim()
	r.emitPayment(s)
	r.cur = &r.claimF
	r.checkEmptyLX()
	if r.loop == loopSummary {
		r.outOfPlace(s)
	}
	r.hdr = &HeaderNumber{Number: r.str(s, 1), Pos: s.Pos}
	r.required(s, 1, edi.Warning, "assigned number")
	r.hdrClaims = 0
	r.loop = loopLX
}

// providerSummary handles TS3 and TS2, which belong right after an LX.
func (r *Reader) providerSummary(s *edi.Segment) {
	if r.loop != loopLX {
		r.outOfPlace(s)
		return
	}
	h := r.hdr
	switch {
	case r.kind == kTS3 && h.Summary == nil:
		h.Summary = r.parseTS3(s)
	case r.kind == kTS2 && h.Supplemental == nil:
		h.Supplemental = r.parseTS2(s)
	default:
		r.repeated(s)
	}
}

// startClaim starts loop 2100.
func (r *Reader) startClaim(s *edi.Segment) {
	r.closeClaim()
	r.emitPayment(s)
	r.cur = &r.claimF
	if r.loop == loopSummary {
		r.outOfPlace(s)
	}
	if r.reuse {
		// The claim built in the other space was returned by the last
		// call to Next at the latest; this space's claim, before it.
		r.turn ^= 1
		r.sp = &r.spaces[r.turn]
		r.sp.reset()
	}
	c := r.parseCLP(s)
	c.Header, c.Payment = r.hdr, r.pay
	if r.hdr == nil && !r.lxWarned {
		r.lxWarned = true
		r.finding(edi.Warning, s, 0, 0, edi.ErrStructure,
			"the claim is not inside a header number loop (LX)")
	}
	r.claim = c
	r.hdrClaims++
	r.loop = loopClaim
}

// startLine starts loop 2110.
func (r *Reader) startLine(s *edi.Segment) {
	if r.claim == nil {
		r.finding(edi.Warning, s, 0, 0, edi.ErrStructure,
			"SVC is out of place in %s; it and its line are skipped", loopNames[r.loop])
		if r.loop != loopOrphan && r.loop != loopSkip {
			r.resume = r.loop
		}
		r.loop = loopOrphan
		return
	}
	l := r.sp.lineA.push(&r.claim.Lines)
	if r.sp.reused {
		*l = ServiceLine{}
	}
	r.parseSVC(s, l)
	r.loop = loopLine
}

// startPLB reads a PLB of table 3.
func (r *Reader) startPLB(s *edi.Segment) {
	r.closeClaim()
	r.emitPayment(s)
	r.cur = &r.claimF
	r.checkEmptyLX()
	for _, f := range r.claimF.take() {
		r.sumF.add(f)
	}
	r.cur = &r.sumF
	r.loop = loopSummary
	n := len(r.sum.Adjustments)
	r.sum.Adjustments = r.parsePLB(s, r.sum.Adjustments)
	for _, pa := range r.sum.Adjustments[n:] {
		r.tot.ProviderAdjustments += pa.Amount
		if pa.Reason == "L6" {
			r.tot.InterestPLB += pa.Amount
		}
	}
}
