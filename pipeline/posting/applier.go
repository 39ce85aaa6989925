package posting

import (
	"context"

	"github.com/claimflow/claimflow/pipeline"
	"github.com/claimflow/claimflow/pipeline/store"
)

// Applier is the pipeline's poll job's way into Apply.
type Applier struct {
	Store *store.Store
}

// Apply stores f and posts what it says, all or nothing.
func (a Applier) Apply(ctx context.Context, f pipeline.Inbound) (pipeline.Applied, error) {
	res, err := Apply(ctx, a.Store, Input{Name: f.Name, Content: f.Content,
		Connection: f.Connection, RemotePath: f.RemotePath, ReceivedAt: f.ReceivedAt})
	return pipeline.Applied{FileID: res.FileID, Type: res.Type, Duplicate: res.Duplicate,
		Claims: res.Claims, Unmatched: res.Unmatched, Findings: len(res.Findings),
		State: res.State, Repeated: res.Repeated}, err
}
