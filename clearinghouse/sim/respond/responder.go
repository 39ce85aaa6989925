package respond

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"

	"github.com/claimflow/claimflow/clearinghouse/sim"
)

// Log attribute keys.
const (
	keyUpload       = "upload"
	keyFile         = "file"
	keyRejectedICs  = "interchanges_rejected"
	keySets         = "sets"
	keySetsRejected = "sets_rejected"
	keyClaims       = "claims"
	keyClaimsRej    = "claims_rejected"
	keyRemits       = "remittances"
)

// Responder answers uploads as a clearinghouse and its payers do, by the
// rules of its Scenario. It implements sim.Responder, keeps no state
// between uploads, and is safe for concurrent use.
type Responder struct {
	sc    Scenario
	rules *rules
	log   *slog.Logger
}

// New validates sc and returns a Responder for it. A nil log discards.
func New(sc Scenario, log *slog.Logger) (*Responder, error) {
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Responder{sc: sc, rules: newRules(&sc), log: log}, nil
}

// Respond answers one upload: a TA1 when asked for or when an interchange
// is rejected, a 999 for the groups of accepted interchanges, a 277CA for
// their accepted sets and an 835 per payer for the accepted claims. A file
// that is not X12 gets no answer. The error is ctx's, or a writer's when
// a value could not be written, which the tests rule out.
func (rs *Responder) Respond(ctx context.Context, up sim.Upload) ([]sim.Response, error) {
	log := rs.log.With(slog.Uint64(keyUpload, up.Seq), slog.String(keyFile, up.Name))
	b, err := readBatch(ctx, &rs.sc, up.Name, up.Data)
	if err != nil {
		return nil, err
	}
	if len(b.ics) == 0 {
		log.Info("upload is not X12; no answer")
		return nil, nil
	}

	sum := sha256.Sum256(up.Data)
	delims, suffix := replyDelimiters(b)
	rp := &reply{sc: &rs.sc, d: newDraws(rs.sc.Seed, hex.EncodeToString(sum[:]), up.Arrived),
		arrived: up.Arrived.UTC(), delims: delims, suffix: suffix}
	var out []sim.Response
	add := func(data []byte, name string, delay Duration) {
		if data != nil {
			out = append(out, sim.Response{Name: name, Data: data, Delay: delay.D()})
		}
	}

	ta1, err := rp.writeTA1(b)
	if err != nil {
		return nil, err
	}
	add(ta1, rs.sc.ackName(up.Name, "ta1"), rs.sc.Delays.TA1)

	ack, accepted, err := rp.write999(b)
	if err != nil {
		return nil, err
	}
	add(ack, rs.sc.ackName(up.Name, "999"), rs.sc.Delays.Ack)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	claimAck, verdicts, err := rp.write277(accepted, rs.rules)
	if err != nil {
		return nil, err
	}
	add(claimAck, rs.sc.ackName(up.Name, "277"), rs.sc.Delays.ClaimAck)
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	remits, err := rp.writeRemits(up.Name, verdicts, rs.rules)
	if err != nil {
		return nil, err
	}
	out = append(out, remits...)

	rs.logSummary(log, b, accepted, verdicts, len(remits))
	return out, nil
}

// logSummary logs what the answers say, in counts.
func (rs *Responder) logSummary(log *slog.Logger, b *batch, accepted []*set,
	verdicts []*verdict, remits int) {
	rejectedICs := 0
	for _, ic := range b.ics {
		if ic.note != "" {
			rejectedICs++
		}
	}
	rejected := 0
	for _, v := range verdicts {
		if v.rejected() {
			rejected++
		}
	}
	log.Info("upload answered", slog.Int(keyRejectedICs, rejectedICs),
		slog.Int(keySets, len(b.sets)), slog.Int(keySetsRejected, len(b.sets)-len(accepted)),
		slog.Int(keyClaims, len(verdicts)), slog.Int(keyClaimsRej, rejected),
		slog.Int(keyRemits, remits))
}
