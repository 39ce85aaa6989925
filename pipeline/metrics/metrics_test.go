package metrics

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/claimflow/claimflow/pipeline"
	"github.com/claimflow/claimflow/pipeline/lifecycle"
	"github.com/claimflow/claimflow/pipeline/store"
)

// The daemon's jobs report to a *Metrics.
var _ pipeline.Metrics = (*Metrics)(nil)

type fakeCounts struct{ err error }

func (f fakeCounts) ClaimCountsByStatus(context.Context) (map[lifecycle.Status]int, error) {
	return map[lifecycle.Status]int{lifecycle.Paid: 7, lifecycle.Denied: 2}, f.err
}

func (f fakeCounts) BatchCountsByState(context.Context) (map[store.BatchState]int, error) {
	return map[store.BatchState]int{store.BatchUploaded: 3}, nil
}

func scrape(t *testing.T, m *Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	return string(body)
}

func TestMetrics(t *testing.T) {
	m := New(fakeCounts{}, 0)
	m.JobRun("poll", "mainclear", 1500*time.Millisecond, nil)
	m.JobRun("poll", "mainclear", time.Second, errors.New("refused"))
	m.FileIn("mainclear", "835")
	m.FileIn("mainclear", "")
	m.FileOut("mainclear")
	m.PollSucceeded("mainclear", time.Unix(1700000000, 0))

	out := scrape(t, m)
	for _, want := range []string{
		`claimflow_claims{status="paid"} 7`,
		`claimflow_claims{status="denied"} 2`,
		`claimflow_claims{status="void"} 0`,
		`claimflow_batches{state="uploaded"} 3`,
		`claimflow_store_up 1`,
		`claimflow_job_runs_total{connection="mainclear",job="poll",result="ok"} 1`,
		`claimflow_job_runs_total{connection="mainclear",job="poll",result="error"} 1`,
		`claimflow_job_duration_seconds_sum{connection="mainclear",job="poll"} 2.5`,
		`claimflow_job_duration_seconds_count{connection="mainclear",job="poll"} 2`,
		`claimflow_files_in_total{connection="mainclear",kind="835"} 1`,
		`claimflow_files_in_total{connection="mainclear",kind="unknown"} 1`,
		`claimflow_files_out_total{connection="mainclear"} 1`,
		`claimflow_last_successful_poll_timestamp_seconds{connection="mainclear"} 1.7e+09`,
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("scrape lacks %q", want)
		}
	}
}

func TestStoreDown(t *testing.T) {
	out := scrape(t, New(fakeCounts{err: errors.New("gone")}, 0))
	if !strings.Contains(out, "claimflow_store_up 0\n") ||
		strings.Contains(out, "claimflow_claims{") {
		t.Errorf("scrape with the store down:\n%s", out)
	}
}

func TestNilMetrics(t *testing.T) {
	var m *Metrics
	m.JobRun("submit", "", time.Second, nil)
	m.FileIn("x", "999")
	m.FileOut("x")
	m.PollSucceeded("x", time.Now())
}
