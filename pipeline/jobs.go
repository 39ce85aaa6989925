package pipeline

import (
	"context"
	"log/slog"
	"time"

	"github.com/claimflow/claimflow/pipeline/store"
)

// Applier stores a received file and applies what it says to the claims,
// all or nothing; applying the same content twice changes nothing.
type Applier interface {
	Apply(ctx context.Context, f Inbound) (Applied, error)
}

// Inbound is a file received from a clearinghouse.
type Inbound struct {
	Name       string
	Connection string
	RemotePath string
	Content    []byte
	ReceivedAt time.Time
}

// Applied is what applying a file did, for logs.
type Applied struct {
	FileID    string
	Type      string // detected type
	Duplicate bool   // the same content was stored before
	Claims    int    // claims the file changed or recorded events on
	Unmatched int    // answers that matched no claim
	Findings  int
	State     string // what the file's state became: applied, incomplete...
	Repeated  int    // 835 payments received before, not posted again
}

// Metrics receives what the jobs do. The web package exports them to
// Prometheus; NopMetrics discards them.
type Metrics interface {
	JobRun(job, connection string, d time.Duration, err error)
	FileIn(connection, kind string)
	FileOut(connection string)
	PollSucceeded(connection string, at time.Time)
}

// NopMetrics is a Metrics that does nothing.
type NopMetrics struct{}

// JobRun does nothing.
func (NopMetrics) JobRun(string, string, time.Duration, error) {}

// FileIn does nothing.
func (NopMetrics) FileIn(string, string) {}

// FileOut does nothing.
func (NopMetrics) FileOut(string) {}

// PollSucceeded does nothing.
func (NopMetrics) PollSucceeded(string, time.Time) {}

// Jobs runs the work of every connection against one store.
type Jobs struct {
	Store   *store.Store
	Applier Applier
	Log     *slog.Logger
	Metrics Metrics
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

func (j *Jobs) now() time.Time {
	if j.Now != nil {
		return j.Now().UTC()
	}
	return time.Now().UTC()
}
