package main

import (
	"context"

	"github.com/claimflow/claimflow/pipeline"
	"github.com/claimflow/claimflow/pipeline/posting"
	"github.com/claimflow/claimflow/pipeline/store"
)

// applier stores and applies received files through the posting package.
type applier struct{ st *store.Store }

func newApplier(st *store.Store) pipeline.Applier { return applier{st} }

// Apply stores f and posts what it says, all or nothing.
func (a applier) Apply(ctx context.Context, f pipeline.Inbound) (pipeline.Applied, error) {
	res, err := posting.Apply(ctx, a.st, posting.Input{Name: f.Name, Content: f.Content,
		Connection: f.Connection, RemotePath: f.RemotePath, ReceivedAt: f.ReceivedAt})
	return pipeline.Applied{FileID: res.FileID, Type: res.Type, Duplicate: res.Duplicate,
		Claims: res.Claims, Unmatched: res.Unmatched, Findings: len(res.Findings)}, err
}
