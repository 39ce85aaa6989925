package main

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/claimflow/claimflow/pipeline"
	"github.com/claimflow/claimflow/pipeline/config"
)

func TestRunJobReportsWhatWasSentBesideTheError(t *testing.T) {
	conns := []*pipeline.Connection{
		{Config: config.Connection{Name: "mainclear"}},
		{Config: config.Connection{Name: "backup"}},
	}
	run := func(_ context.Context, c *pipeline.Connection) (any, error) {
		if c.Config.Name == "mainclear" {
			return pipeline.SubmitResult{Batches: 1, Claims: 3, Unbuilt: 1},
				errors.New("build a batch of 2 claims: database is locked")
		}
		return pipeline.SubmitResult{Batches: 1, Claims: 1}, nil
	}
	var out, errOut bytes.Buffer
	err := runJob(t.Context(), &out, &errOut, "submit", "", conns, run)
	var ex *exitError
	if !errors.As(err, &ex) || ex.code != 2 {
		t.Fatalf("error %v, want exit status 2", err)
	}
	wantOut := "submit mainclear: 1 batches sent with 3 claims; 1 batches not built " +
		"(see the log; their claims wait for the next run)\n" +
		"submit backup: 1 batches sent with 1 claims\n"
	if out.String() != wantOut {
		t.Errorf("out:\n%s\nwant:\n%s", out.String(), wantOut)
	}
	wantErr := "submit mainclear failed: build a batch of 2 claims: database is locked\n"
	if errOut.String() != wantErr {
		t.Errorf("errors:\n%s\nwant:\n%s", errOut.String(), wantErr)
	}

	err = runJob(t.Context(), &out, &errOut, "submit", "nope", conns, run)
	if err == nil || err.Error() !=
		`no connection named "nope"; the configuration has mainclear, backup` {
		t.Errorf("unknown connection: %v", err)
	}
}
