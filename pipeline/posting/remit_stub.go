package posting

import (
	"github.com/claimflow/claimflow/edi"
	"github.com/claimflow/claimflow/pipeline/store"
)

type remitSet struct{}

func read835(name string, content []byte) ([]remitSet, edi.Findings, error) {
	return nil, nil, nil
}

func (p *poster) apply835(sets []remitSet) error { return nil }

func (p *poster) attach835(id string, subs []store.Submission) error { return nil }
