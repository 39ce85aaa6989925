package pipeline

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// FollowUpResult counts the claims a follow-up run flagged, by the answer
// they wait for.
type FollowUpResult struct {
	No999 int
	No277 int
	No835 int
}

// followUpBatch bounds the claims flagged per status in one run; the next
// run takes the rest.
const followUpBatch = 1000

// FollowUp flags the connection's claims that have waited too long for an
// answer: no 999 after upload, no 277CA after the 999 accepted them, no 835
// after the payer acknowledged them. The thresholds are the connection's.
func (j *Jobs) FollowUp(ctx context.Context, c *Connection) (FollowUpResult, error) {
	var res FollowUpResult
	log := j.Log.With(slog.String(KeyJob, "follow_up"), slog.String(KeyConnection, c.Config.Name))
	lock, err := j.Store.TryLock(ctx, "follow_up/"+c.Config.Name)
	if err != nil {
		return res, err
	}
	defer lock.Release()

	now := j.now()
	f := c.Config.FollowUp
	for _, w := range []struct {
		status lifecycle.Status
		after  time.Duration
		count  *int
		what   string
	}{
		{lifecycle.Submitted, f.No999After.D(), &res.No999, "no 999"},
		{lifecycle.Accepted, f.No277After.D(), &res.No277, "no 277CA"},
		{lifecycle.Acknowledged, f.No835After.D(), &res.No835, "no 835"},
	} {
		ids, err := j.Store.QuietClaims(ctx, c.Config.Name, w.status, now.Add(-w.after),
			followUpBatch)
		if err != nil {
			return res, err
		}
		detail := w.what + " within " + durationWords(w.after) + " of being " + string(w.status)
		for _, id := range ids {
			if _, err := j.Store.AppendEvent(ctx, id, store.NewEvent{
				Kind: lifecycle.KindStuck, Detail: detail}); err != nil {
				return res, err
			}
		}
		*w.count = len(ids)
	}
	if n := res.No999 + res.No277 + res.No835; n > 0 {
		log.Warn("claims flagged stuck", slog.Int("no_999", res.No999),
			slog.Int("no_277", res.No277), slog.Int("no_835", res.No835))
	}
	return res, nil
}

// durationWords renders a threshold the way people say it: "4 hours",
// "3 days".
func durationWords(d time.Duration) string {
	switch {
	case d%(24*time.Hour) == 0:
		return plural(int(d/(24*time.Hour)), "day")
	case d%time.Hour == 0:
		return plural(int(d/time.Hour), "hour")
	case d%time.Minute == 0:
		return plural(int(d/time.Minute), "minute")
	}
	return d.String()
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}

// String says what the run did, for people.
func (r FollowUpResult) String() string {
	return fmt.Sprintf("claims flagged stuck: %d without a 999, %d without a 277CA, "+
		"%d without an 835", r.No999, r.No277, r.No835)
}
